"""A zh and an en rendering of the demo run (report.html, report.xlsx, the closing summary and the CLI's texts) show no
untranslated code: no English word in Chinese output and no Chinese in English output, apart from data (names, teams,
sites, IDs, SOP quotes, typed values, file names) and a short allow-list of product and library names."""

import html
import json
import re
import shutil

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.terminal import print_summary

LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-.]*[A-Za-z0-9]|[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]+")
# typed values quoted in reasons and messages, SOP quotes (an apostrophe inside a word, as in Owners', opens no quote)
QUOTED = re.compile(r"“[^”]*”|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])|「[^」]*」")
# Names of products, libraries, encodings and files that are the same in every language.
ALLOWED_IN_ZH = {"svccheck", "Great", "Expectations", "pandas", "UTF-8", "BOM", "GB18030", "GBK", "SOP", "CSV", "ID",
                 "report.html", "report.xlsx", "findings.csv", "scorecards", "quarantine", "csv", "A4"}
PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\(),;:、)]+)+")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _data_strings(run) -> list[str]:
    """Every text of the run that is data: IDs, names, teams, sites, evidence, file names, SOP sources, typed values."""
    findings = pd.read_parquet(run / "findings.parquet", columns=["rule_id", "catalog_ids", "subject_id", "staff_id", "site_id",
                                                                   "record_id", "evidence"])
    texts = [str(v) for column in findings for v in findings[column].dropna().unique()]
    rules = json.loads((run / "summary.json").read_text(encoding="utf-8"))["rules"]
    texts += list(rules)  # rules that judged nothing too
    for name in ("staff", "site", "team"):
        card = pd.read_csv(run / "scorecards" / f"{name}.csv", dtype=str)
        texts += [str(v) for column in ("staff_id", "name", "team", "site_id", "site_name") if column in card for v in card[column].dropna()]
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    texts += [summary["run_id"], summary["export"]["folder"], summary["export"]["content_hash"], summary["rule_pack"]["name"],
              summary["rule_pack"]["version"], summary["rule_pack"]["content_hash"], summary["period"]["label"]]
    texts += [f"{s['document']} {s['clause']} {s['quote']}" for r in summary["rules"].values() for s in r["source"]]
    quality = json.loads((run / "data_quality.json").read_text(encoding="utf-8"))
    texts += [d["file"] for d in quality["datasets"].values()] + [c for d in quality["datasets"].values() for c in d["unknown_columns"]]
    return texts


def _visible_html(path) -> str:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _workbook_text(path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    return "\n".join([*book.sheetnames, *cells])


def _cli_text(run, lang: str, capsys) -> str:
    """The closing summary of `svccheck run` and the texts of `rules list/explain/coverage` and `calendar show` in lang."""
    runner = CliRunner(env={"SVCCHECK_LANG": lang})
    outputs = [runner.invoke(main, args).output for args in (["rules", "list"], ["rules", "coverage"],
                                                            ["calendar", "show", "--from", "2026-09-28", "--to", "2026-10-09"])]
    explained = runner.invoke(main, ["rules", "explain", "HND-02"]).output
    outputs.append(explained[: explained.index("\n\n", explained.index("\n\n") + 2)])  # not the YAML definition, printed as written
    info = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    print_summary(info, run, False, lang)
    return "\n".join([*outputs, capsys.readouterr().out])


@pytest.fixture(scope="module")
def rendered(demo_run, tmp_path_factory):
    """{lang: {output: text}} for the zh run and its English rebuild (report --from-run --lang en on a copy)."""
    copy = tmp_path_factory.mktemp("en") / "run"
    shutil.copytree(demo_run, copy)
    assert CliRunner().invoke(main, ["report", "--from-run", str(copy), "--lang", "en"]).exit_code == 0
    return {"zh": {"html": _visible_html(demo_run / "report.html"), "xlsx": _workbook_text(demo_run / "report.xlsx"),
                   "run": (demo_run.parent / "run-output.txt").read_text(encoding="utf-8")},
            "en": {"html": _visible_html(copy / "report.html"), "xlsx": _workbook_text(copy / "report.xlsx")}}


@pytest.fixture(scope="module")
def data_words(demo_run):
    texts = _data_strings(demo_run)
    titles = [r["title"]["zh"] for r in json.loads((demo_run / "summary.json").read_text(encoding="utf-8"))["rules"].values()]
    return {"latin": {w for t in texts + titles for w in LATIN.findall(t)},  # a Chinese title may hold a letter (不少于N次)
            "cjk": {w for t in texts for w in CJK.findall(t)}}


def _strip_quotes(text: str) -> str:
    """Without quoted values and file paths (both data)."""
    return PATH.sub(" ", QUOTED.sub(" ", text))


@pytest.mark.parametrize("output", ["html", "xlsx", "run", "cli"])
def test_chinese_output_has_no_english_words(rendered, data_words, demo_run, capsys, output):
    text = _cli_text(demo_run, "zh", capsys) if output == "cli" else rendered["zh"][output]
    words = set(LATIN.findall(_strip_quotes(text))) - data_words["latin"] - ALLOWED_IN_ZH
    words = {w for w in words if not re.fullmatch(r"[\w\-]+\.(csv|xlsx|parquet|json|yaml|html)", w)}  # file names
    if output in ("run", "cli"):  # a narrow terminal cuts long rule IDs and paths short ("SHF-02-holiday-sw…")
        known = data_words["latin"] | ALLOWED_IN_ZH | {"findings.csv"}
        words = {w for w in words if not any(k.startswith(w) for k in known)}
    assert not words, sorted(words)[:40]


@pytest.mark.parametrize("output", ["html", "xlsx", "cli"])
def test_english_output_has_no_chinese_and_no_code(rendered, data_words, demo_run, capsys, output):
    text = _cli_text(demo_run, "en", capsys) if output == "cli" else rendered["en"][output]
    text = _strip_quotes(text)
    chinese = set(CJK.findall(text)) - data_words["cjk"]
    assert not chinese, sorted(chinese)[:40]
    snake = {w for w in SNAKE.findall(text) if w not in data_words["latin"] and not re.search(rf"{w}\.(csv|xlsx|parquet)", text)}
    assert not snake, sorted(snake)[:40]
