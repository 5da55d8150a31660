"""Text from exports stays text in every output: no live formulas in the workbook, neutralised CSV cells, escaped HTML."""

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.output import csv_safe

SAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "sample"
FORMULA_NAME = '=HYPERLINK("http://x","click")'
SCRIPT_NAME = "<script>alert(1)</script>"
CMD_ORDER = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    export = tmp_path_factory.mktemp("hostile") / "export"
    shutil.copytree(SAMPLE, export)
    staff = pd.read_csv(export / "staff.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    staff.loc[0, "姓名"], staff.loc[1, "姓名"] = FORMULA_NAME, SCRIPT_NAME
    staff.to_csv(export / "staff.csv", index=False, encoding="utf-8-sig")
    orders = pd.read_csv(export / "work_orders.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    orders.loc[0, "工单号"] = CMD_ORDER
    orders.to_csv(export / "work_orders.csv", index=False, encoding="utf-8-sig")
    out = export.parent / "out"
    result = CliRunner().invoke(main, ["run", "--data", str(export), "--period", "2026-10", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_no_cell_of_the_workbook_is_a_formula(hostile_run):
    book = openpyxl.load_workbook(hostile_run / "report.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {FORMULA_NAME, SCRIPT_NAME, CMD_ORDER} <= texts


def test_csv_cells_that_start_like_formulas_are_neutralised(hostile_run):
    staff = pd.read_csv(hostile_run / "scorecards" / "staff.csv", dtype=str)
    assert "'" + FORMULA_NAME in set(staff["name"])
    found = pd.read_csv(hostile_run / "findings.csv", dtype=str, keep_default_na=False)
    assert "'" + CMD_ORDER in set(found["record_id"]) and CMD_ORDER not in set(found["record_id"])
    assert not found["record_id"].str.match(r"^[=+\-@]").any()
    raw = pd.read_parquet(hostile_run / "findings.parquet")
    assert CMD_ORDER in set(raw["record_id"]), "machines read the parquet: it keeps the text as it was"


def test_html_shows_export_text_only_escaped(hostile_run):
    page = (hostile_run / "report.html").read_text(encoding="utf-8")
    assert SCRIPT_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("text, written", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=b", "a=b"), ("张三", "张三"), ("", ""),
])
def test_csv_safe_by_hand(text, written):
    frame = pd.DataFrame({"name": [text], "score": [-1.5]})
    safe = csv_safe(frame)
    assert safe["name"].tolist() == [written] and safe["score"].tolist() == [-1.5]


def test_negative_numbers_stay_numbers_in_findings_csv(tmp_path):
    from checker.output import write_csv

    write_csv(pd.DataFrame({"measured": [-1.5, 2.0], "message": ["-late", "ok"]}), tmp_path / "f.csv")
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").splitlines() == ['"measured","message"', "-1.5,\"'-late\"", '2,"ok"']


def test_chart_labels_are_text_not_mathtext():
    from checker.report import charts

    svg = charts.bars(["S$x^$1", r"$\frac{a}{b}$"], [0.5, 0.9], "t", "axis")
    assert "S$x^$1" in svg and r"$\frac{a}{b}$" in svg
