"""`--help` of every command and representative errors (click's own, usage, definitions, the data gate) in zh and en:
no English word in the Chinese and no Chinese in the English, apart from option and command names, typed values and data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.clilang import lang_in
from tests.conftest import CONTRACTS
from tests.report.test_languages import ALLOWED_IN_ZH, CJK, LATIN, PATH, QUOTED

ROOT = Path(__file__).resolve().parents[1]
# what a user types or reads as a name in every language: formats, products, environment variables, option values
TYPED = {"YAML", "JSON", "SQLite", "ISO", "URL", "webhook", "YYYY-MM-DD", "HH", "MM", "SVCCHECK_STORE", "SVCCHECK_LANG", "zh", "en",
         "any", "all", "yesterday", "last-week", "last-month", "this-month", "month-to-date", "finding_key", "Excel", "svccheck.db",
         "rules", "datasets", "init", "Dask", "dask", "local", "LocalCluster", "tcp", "host", "W23", "W05", "x", "UTF-8", "GB18030", "GBK", "CSV", "ID", "html", "xlsx", "csv", "parquet", "jsonl", "yaml"}
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*|[\[{][\w|.,-]+[\]}]|(?:默认|default):\s*[^\];]+|`[^`]*`|\$\w+|\b[\w-]+\.(?:csv|xlsx|html|json|jsonl|yaml|db)\b|\*\.\w+")
COLUMNS = {c.name for contract in CONTRACTS.values() for c in contract.columns} | set(CONTRACTS)


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command and group under group, itself included."""
    found = [path]
    for name, sub in sorted(group.commands.items()):
        found += commands(sub, (*path, name)) if isinstance(sub, click.Group) else [(*path, name)]
    return found


NAMES = {name for path in commands(main) for name in path}


def english_words(text: str) -> set[str]:
    """Latin words of a Chinese text that are neither option or command names, typed values, paths nor data."""
    text = re.sub(r"-\n\s+", "-", text)  # a word click wrapped at its hyphen (this-\nmonth)
    text = PATH.sub(" ", QUOTED.sub(" ", OPTION.sub(" ", text)))
    return {w for w in LATIN.findall(text)} - ALLOWED_IN_ZH - TYPED - NAMES - COLUMNS



@pytest.fixture(scope="module")
def helps() -> dict[str, dict[tuple[str, ...], str]]:
    """--help of every command in zh and en (SVCCHECK_LANG)."""
    runner = {lang: CliRunner(env={"SVCCHECK_LANG": lang}) for lang in ("zh", "en")}
    return {lang: {path: runner[lang].invoke(main, [*path, "--help"], prog_name="svccheck").output for path in commands(main)} for lang in runner}


def test_every_help_is_chinese_in_zh(helps):
    assert len(helps["zh"]) >= 25
    untranslated = {" ".join(path) or "svccheck": sorted(english_words(text)) for path, text in helps["zh"].items() if english_words(text)}
    assert not untranslated, untranslated
    assert "用法: svccheck run [选项]" in helps["zh"][("run",)] and "显示本帮助并退出。" in helps["zh"][("run",)]


def test_every_help_is_english_in_en(helps):
    chinese = {" ".join(path): CJK.findall(text) for path, text in helps["en"].items() if CJK.findall(text)}
    assert not chinese, chinese
    assert "Usage: svccheck run [OPTIONS]" in helps["en"][("run",)] and "Show this message and exit." in helps["en"][("run",)]


@pytest.mark.parametrize("args, zh, en", [
    (["run", "--lang", "zh", "--help"], "按期间检查一份导出", None),     # --lang wins over SVCCHECK_LANG, also for --help
    (["run", "--lang=en", "--help"], None, "Check an export for a period"),
])
def test_lang_option_decides_before_parsing(args, zh, en):
    out = CliRunner(env={"SVCCHECK_LANG": "en" if zh else "zh"}).invoke(main, args, prog_name="svccheck").output
    assert (zh or en) in out and not (CJK.search(out) if en else english_words(out))


def test_lang_in_reads_the_arguments():
    assert lang_in(["run", "--lang", "en"]) == "en" and lang_in(["--lang=zh"]) == "zh"
    assert lang_in(["run", "--out", "x"]) is None and lang_in(["--", "--lang", "en"]) is None and lang_in(["--lang"]) is None


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, Path]:
    """A refused export (work_orders without 受理人工号) and a rule pack with a misspelt field."""
    base = tmp_path_factory.mktemp("errors")
    export = base / "export"
    export.mkdir()
    orders = pd.read_csv(ROOT / "datasets/sample/work_orders.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=5)
    orders.drop(columns=[c for c in orders.columns if c in ("受理人工号", "received_by")]).to_csv(export / "work_orders.csv", index=False)
    pack = base / "pack"
    pack.mkdir()
    for name in ("pack.yaml", "calendar.yaml", "scoring.yaml", "catalog.yaml", "repairs/REP-01.yaml"):
        shutil.copy(ROOT / "rules" / name, pack)
    text = (pack / "REP-01.yaml").read_text(encoding="utf-8")
    (pack / "REP-01.yaml").write_text(text.replace("severity:", "severty:", 1), encoding="utf-8")
    good = base / "good"
    shutil.copytree(pack, good)
    (good / "REP-01.yaml").write_text(text, encoding="utf-8")
    return {"export": export, "pack": pack, "good": good, "out": base / "out"}


ERRORS = [
    (["run", "--bogus"], 2, "没有选项", "No such option"),
    (["rules", "explain"], 2, "缺少参数", "Missing argument"),
    (["run", "--lang", "xx", "--data", "d", "--out", "o"], 2, "的取值无效", "Invalid value for"),
    (["sample", "--sites", "0", "--out", "o"], 2, "不在范围", "is not in the range"),
    (["frobnicate"], 2, "没有命令", "No such command"),
    (["run", "--data", "{export}", "--period", "2026-13", "--out", "{out}"], 2, "既不是月份", "is neither a month"),
    (["run", "--data", "{export}", "--from", "2026-10-05", "--to", "2026-10-01", "--out", "{out}"], 2, "早于", "is before"),
    (["calendar", "show", "--site", "S999", "--from", "2026-10-01", "--to", "2026-10-02"], 2, "未知的项目", "unknown site"),
    (["rules", "validate", "--rules", "{pack}"], 2, "未知字段 'severty'(是否想写 'severity'?)", "unknown field 'severty'"),
    (["run", "--data", "{export}", "--rules", "{good}", "--period", "2026-10", "--out", "{out}", "--quiet"], 3, "缺少必填列",
     "required column missing"),
]


@pytest.mark.parametrize("args, status, zh, en", ERRORS, ids=[" ".join(e[0][:2]) for e in ERRORS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_errors_speak_the_language(broken, args, status, zh, en, lang):
    args = [a.format(**broken) for a in args]
    result = CliRunner(env={"SVCCHECK_LANG": lang}).invoke(main, args, prog_name="svccheck")
    assert result.exit_code == status, result.output
    text = result.output
    assert (zh if lang == "zh" else en) in text, text
    if lang == "zh":
        assert not english_words(text), (sorted(english_words(text)), text)
    else:
        assert not set(CJK.findall(PATH.sub(" ", QUOTED.sub(" ", text)))) - {"受理人工号", "修改"}, text
