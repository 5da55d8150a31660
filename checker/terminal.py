"""What a run shows on the terminal: a progress display while it works, a short summary when it is done."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from checker.i18n import code, percent, t
from checker.vocabulary import STATUSES

STAGES = ("gate", "evaluate", "write")


@contextmanager
def progress(enabled: bool, rules: int, datasets: int, lang: str = "zh") -> Iterator:
    """Yield a callback(stage, detail, rows) that advances one bar per stage (a no-op when disabled)."""
    if not enabled:
        yield lambda stage, detail, rows=0: None
        return
    console = Console(stderr=True)
    bars = Progress(SpinnerColumn(), TextColumn("{task.description:<10}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), console=console, transient=False)
    totals = {"gate": datasets, "evaluate": rules, "write": 1}
    tasks = {stage: bars.add_task(t(f"stage_{stage}", lang), total=totals[stage], detail="", start=False) for stage in STAGES}
    rows = {"count": 0}

    def advance(stage: str, detail: str, read: int = 0) -> None:
        task = tasks[stage]
        bars.start_task(task)
        if stage == "gate":
            rows["count"] += read
            detail = t("gate_progress", lang, detail=detail, read=read, total=rows["count"])
        bars.update(task, advance=1, detail=detail)

    with bars:
        yield advance


def print_summary(info: dict, out: Path, as_json: bool, lang: str = "zh") -> None:
    """The end of a run: machine-readable (--json, summary.json on stdout) or a short table in lang."""
    if as_json:
        sys.stdout.write(json.dumps({**info, "outputs": str(out.resolve())}, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    table = Table(title=t("summary_title", lang, run_id=info["run_id"], period=info["period"]["label"], as_of=info["as_of"].replace("T", " ")),
                  box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True)
    table.add_column(t("col_rule", lang), no_wrap=True)
    titled = console.width >= 110  # on a narrow terminal the counts and shares matter more than the titles
    if titled:
        table.add_column(t("col_title", lang), overflow="ellipsis", no_wrap=True, max_width=24)
    for column in STATUSES:  # counts and shares keep their width on a narrow terminal: the title gives way
        table.add_column(code(column, lang), justify="right", no_wrap=True, min_width=4)
    table.add_column(t("col_compliance", lang), justify="right", no_wrap=True, min_width=6)
    for rule_id, rule in sorted(info["rules"].items(), key=lambda kv: (kv[1]["compliance"] is not None, kv[1]["compliance"] or 0)):
        title = [rule["title"][lang]] if titled else []
        table.add_row(rule_id, *title, *(str(rule[s]) for s in STATUSES), percent(rule["compliance"]))
    console.print(table)
    counts = ", ".join(f"{code(k, lang)} {v}" for k, v in info["counts"].items())
    quality = info["data_quality"]
    console.print(t("overall_line", lang, overall=percent(info["compliance"]), counts=counts, read=quality["rows_read"],
                    quarantined=quality["rows_quarantined"]))
    console.print(t("outputs_line", lang, out=out.resolve()))
