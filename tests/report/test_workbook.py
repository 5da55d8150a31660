"""report.xlsx read back with openpyxl: an Excel Table per sheet, print setup on every sheet, headers and codes in the
report's language, names and rule titles beside their IDs, text from exports kept as text."""

import json
import re

import openpyxl
import pandas as pd
import pytest

from checker import i18n
from checker.report import RunArtifacts, xlsx
from checker.report.labels import labels

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def books(demo_run, tmp_path_factory):
    """The run's own workbook (zh), and the same run's workbook in English."""
    en = tmp_path_factory.mktemp("workbook") / "report.xlsx"
    xlsx.write(en, RunArtifacts.load(demo_run), "en")
    return {"zh": openpyxl.load_workbook(demo_run / "report.xlsx"), "en": openpyxl.load_workbook(en)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_is_one_table_with_print_setup(books, lang):
    for ws in books[lang].worksheets:
        assert len(ws.tables) == 1 and ws.auto_filter.ref is None, ws.title  # an Excel Table, not a bare filter
        table = next(iter(ws.tables.values()))
        assert table.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{max(ws.max_row, 2)}", ws.title
        assert table.headerRowCount in (None, 1) and table.tableStyleInfo.name == "TableStyleLight9"
        assert [c.value for c in ws[1]] == [c.name for c in table.tableColumns]
        setup = ws.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(setup.fitToHeight) == 0 and int(setup.fitToWidth or 1) == 1
        assert ws.print_title_rows == "$1:$1", ws.title  # the header row repeats on every printed page
        assert "&A" in ws.oddHeader.left.text and "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_columns_are_fitted(books):
    staff = books["zh"]["员工评分"]
    widths = {letter: dim.width for letter, dim in staff.column_dimensions.items()}
    assert widths and all(w > 2 for w in widths.values()) and len(set(widths.values())) > 1  # fitted, not one default width


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headers_and_codes_are_words(books, lang):
    for ws in books[lang].worksheets:
        for text in (str(c.value) for c in ws[1]):
            assert "_" not in text, (ws.title, text)
            assert bool(CJK.search(text)) == (lang == "zh"), (ws.title, text)
    L = labels(lang)
    failures = books[lang][xlsx.SHEETS["failures"][0 if lang == "zh" else 1]]
    columns = [c.value for c in failures[1]]
    rows = list(failures.iter_rows(min_row=2, values_only=True))
    assert {r[columns.index(L["status"])] for r in rows} == {i18n.code("fail", lang)} == {"不合格" if lang == "zh" else "fail"}
    severities = {"zh": {"严重", "重要", "一般"}, "en": {"critical", "major", "minor"}}[lang]
    assert {r[columns.index(L["severity"])] for r in rows} <= severities
    assert not {r[columns.index(L["kind"])] for r in rows} & {"first_of_day", "half_year"}
    staff = books[lang][xlsx.SHEETS["staff"][0 if lang == "zh" else 1]]
    roles = {r[[c.value for c in staff[1]].index(L["role"])] for r in staff.iter_rows(min_row=2, values_only=True)}
    assert roles and not roles & {"call_agent", "service_staff", "team_lead"}


def test_staff_by_rule_has_names_and_rule_titles(books, demo_run):
    ws = books["zh"]["员工×规则"]
    columns = [c.value for c in ws[1]]
    assert columns[1:5] == ["工号", "姓名", "规则编号", "规则名称"]
    staff = pd.read_csv(demo_run / "scorecards" / "staff.csv", dtype=str).set_index("staff_id")["name"]
    titles = {rid: r["title"]["zh"] for rid, r in json.loads((demo_run / "summary.json").read_text(encoding="utf-8"))["rules"].items()}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows and all(r[2] == staff[r[1]] and r[4] == titles[r[3]] for r in rows)


def test_text_from_exports_stays_text(demo_run, tmp_path):
    assert xlsx.TEXT_STAYS_TEXT == {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    artifacts = RunArtifacts.load(demo_run)
    artifacts.scorecards["staff"].loc[0, "name"] = '=HYPERLINK("http://x","y")'
    xlsx.write(tmp_path / "t.xlsx", artifacts, "zh")
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx")["员工评分"]["C2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
