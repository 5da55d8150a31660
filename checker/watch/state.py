"""The state file of `svccheck watch`: watermark, lines read per source, open records and the alerts they had.

The rosters and the open days' events of the daily counts are saved too (as JSON records, typed again by
the contracts on load), so that a day judged after a restart counts what came before it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from checker.errors import UsageError
from checker.watch.events import typed
from checker.watch.monitor import Monitor
from checker.watch.replay import records

FORMAT = "svccheck-watch-state/2"


def save(monitor: Monitor, lines: dict[str, int], path: Path) -> None:
    """Written beside the target and renamed into place: a crash leaves the previous state whole."""
    kept = {monitor.rule_ids[i]: [[_plain(v) for v in row] for row in table.rows()] for i, table in enumerate(monitor.open)}
    days = {monitor.rule_ids[len(monitor.watched) + k]: {"open": {str(d): n for d, n in monitor.days.open[k].items()},
                                                          "told": {str(d): sorted(s) for d, s in monitor.days.told[k].items()}}
            for k in range(len(monitor.days.rules))}
    held = {name: records(h.frame(), monitor.ctx.contracts[name]) for name, h in monitor.days.held.items() if len(h.frame())}
    body = {"format": FORMAT, "watermark": monitor.watermark, "next_day": monitor.next_day, "lines": lines, "open": kept,
            "days": days, "held": held}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def _plain(value: object) -> object:
    """numpy scalars as JSON values."""
    return value.item() if hasattr(value, "item") else value


def load(monitor: Monitor, path: Path) -> dict[str, int]:
    """Restore a saved state into a fresh monitor; the lines already read per source are returned."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not a state file of svccheck watch ({exc})") from exc
    if isinstance(body, dict) and str(body.get("format", "")).startswith("svccheck-watch-state/") and body["format"] != FORMAT:
        raise UsageError(f"{path}: written by another version of svccheck watch ({body['format']}, this one reads {FORMAT}); "
                         "it is left untouched: start with a new --out")
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise UsageError(f"{path}: not a state file of svccheck watch (no format {FORMAT!r}); it is left untouched")
    ids = {rule_id: i for i, rule_id in enumerate(monitor.rule_ids)}
    monitor.watermark, monitor.next_day = int(body["watermark"]), body.get("next_day")
    for rule_id, rows in body["open"].items():
        if rule_id in ids and ids[rule_id] < len(monitor.watched) and rows:  # a rule no longer watched: its records are dropped
            monitor.open[ids[rule_id]].restore(rows)
    for rule_id, saved in body.get("days", {}).items():
        if rule_id in ids and ids[rule_id] >= len(monitor.watched):
            k = ids[rule_id] - len(monitor.watched)
            monitor.days.open[k] = {int(d): int(n) for d, n in saved["open"].items()}
            monitor.days.told[k] = {int(d): set(s) for d, s in saved["told"].items()}
    for name, rows in body.get("held", {}).items():
        if name in monitor.days.held:
            monitor.days.held[name].add(_typed_frame(rows, monitor.ctx.contracts[name]))
    return {str(k): int(v) for k, v in body.get("lines", {}).items()}


def _typed_frame(rows: list[dict], contract) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    for spec in contract.columns:
        frame[spec.name] = typed(frame[spec.name] if spec.name in frame else pd.Series(None, index=frame.index), spec.type, spec.values)[0]
    return frame[[c.name for c in contract.columns]]
