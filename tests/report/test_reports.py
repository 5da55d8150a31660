"""report.html and report.xlsx: readable, complete, and the same numbers as the CSV outputs."""

import json
import re

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.report.labels import header, labels


@pytest.fixture(scope="module")
def run_dir(demo_run):
    return demo_run


def sheet(run_dir, name):
    return pd.read_excel(run_dir / "report.xlsx", sheet_name=name)


def test_workbook_sheets_follow_the_language(run_dir):
    book = openpyxl.load_workbook(run_dir / "report.xlsx", read_only=True)
    assert book.sheetnames == ["概览", "规则", "项目", "员工评分", "员工×规则", "不合格明细", "数据质量", "隔离数据", "标准覆盖"]
    assert list(sheet(run_dir, "员工评分").columns)[:4] == ["检查期间", "工号", "姓名", "岗位"]


def test_every_number_equals_the_csv_outputs(run_dir):
    for sheet_name, csv in (("员工评分", "staff"), ("项目", "site"), ("员工×规则", "staff_rules")):
        expected = pd.read_csv(run_dir / "scorecards" / f"{csv}.csv")
        got = sheet(run_dir, sheet_name)
        assert set(header(c, "zh") for c in expected.columns) <= set(got.columns)
        got = got[[header(c, "zh") for c in expected.columns]]
        got.columns = expected.columns
        if "role" in expected:  # roles are shown as words: 业务代表, not call_agent
            assert got["role"].tolist() == [labels("zh")[f"role_{r}"] if isinstance(r, str) else r for r in expected["role"]]
            got, expected = got.drop(columns="role"), expected.drop(columns="role")
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    findings = pd.read_csv(run_dir / "findings.csv")
    failures = sheet(run_dir, "不合格明细")
    assert len(failures) == (findings["status"] == "fail").sum()
    assert sorted(failures["记录编号"].dropna().astype(str)) == sorted(findings.loc[findings["status"] == "fail", "record_id"].dropna().astype(str))
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    rules = sheet(run_dir, "规则").set_index("规则编号")
    for rule_id, info in summary["rules"].items():
        assert rules.loc[rule_id, "不合格"] == info["fail"]
        assert rules.loc[rule_id, "合规率"] == pytest.approx(info["compliance"]) if info["compliance"] is not None else pd.isna(rules.loc[rule_id, "合规率"])
    quarantined = sheet(run_dir, "隔离数据")
    assert len(quarantined) == summary["data_quality"]["rows_quarantined"]


def test_workbook_formats(run_dir):
    book = openpyxl.load_workbook(run_dir / "report.xlsx")
    staff = book["员工评分"]
    assert staff.freeze_panes == "A2" and len(staff.tables) == 1
    score_col = [c.value for c in staff[1]].index("得分") + 1
    scored = next(r for r in range(2, staff.max_row + 1) if staff.cell(r, score_col).value is not None)  # staff judged on nothing have no score
    assert staff.cell(scored, score_col).number_format == "0.0"
    scales = [(str(area.sqref), rule.type) for area in staff.conditional_formatting for rule in area.rules]
    letter = openpyxl.utils.get_column_letter(score_col)
    assert any(ref.startswith(f"{letter}2:") and kind == "colorScale" for ref, kind in scales), scales
    rules = book["规则"]
    col = [c.value for c in rules[1]].index("合规率") + 1
    filled = [rules.cell(r, col) for r in range(2, rules.max_row + 1) if rules.cell(r, col).value is not None]
    assert filled and all(cell.number_format == "0.0%" for cell in filled)
    failures = book["不合格明细"]
    col = [c.value for c in failures[1]].index("开始") + 1
    assert failures.cell(2, col).number_format == "yyyy-mm-dd hh:mm:ss"


def test_html_is_self_contained_and_complete(run_dir):
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert not re.search(r'(src|href)\s*=\s*["\']https?:|url\(\s*["\']?https?:|@import|<link ', html), "no external resource"
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    for text in ("客户服务标准合规检查报告", "数据质量", "各规则合规率", "评分方法", "员工评分", "得分核算", summary["run_id"]):
        assert text in html
    for rule_id in summary["rules"]:
        assert f'id="rule-{rule_id}"' in html
    staff = pd.read_csv(run_dir / "scorecards" / "staff.csv")
    for staff_id in staff["staff_id"]:
        assert f'id="staff-{staff_id}"' in html
    assert html.count("<svg") == 4


def test_english_report(tmp_path, run_dir):
    data = run_dir.parent / "x"
    result = CliRunner().invoke(main, ["run", "--data", str(data), "--period", "2026-10", "--out", str(tmp_path / "en"), "--lang", "en", "--quiet"])
    assert result.exit_code == 0
    html = (tmp_path / "en" / "report.html").read_text(encoding="utf-8")
    assert "Customer-service compliance report" in html and "How the score is computed" in html and "客户服务标准合规检查报告" not in html
    assert openpyxl.load_workbook(tmp_path / "en" / "report.xlsx", read_only=True).sheetnames[0] == "Summary"
    messages = pd.read_csv(tmp_path / "en" / "findings.csv")["message"]
    chinese = messages.str.contains(r"[\u4e00-\u9fff]", regex=True)  # every sentence worded in English, none in Chinese
    assert messages.str.len().gt(0).all() and not chinese.any(), messages[chinese].head().tolist()


def test_a_chinese_run_rebuilt_in_english_reads_english(tmp_path, run_dir):
    """Messages are worded at output time: `report --from-run --lang en` of a zh run shows every message in English."""
    import shutil

    from checker.messages import word_findings
    from checker.report import RunArtifacts

    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    zh = pd.read_parquet(copy / "findings.parquet")
    assert CliRunner().invoke(main, ["report", "--from-run", str(copy), "--lang", "en"]).exit_code == 0
    html = (copy / "report.html").read_text(encoding="utf-8")
    summary = RunArtifacts.load(copy).summary
    en = word_findings(zh, summary["rules"], "en")
    failing = (zh["status"] == "fail").to_numpy()
    shown = [(z, e) for z, e in zip(zh.loc[failing, "message"], en[failing]) if e.replace("'", "&#39;") in html]
    assert len(shown) >= 10, "failing findings are shown with their English message"
    assert not [z for z, _ in shown if z in html], "and never with the Chinese one"
    assert not en.astype(str).str.contains(r"[\u4e00-\u9fff]", regex=True).any(), "English titles and templates hold no Chinese"
    workbook = openpyxl.load_workbook(copy / "report.xlsx", read_only=True)
    assert workbook.sheetnames[0] == "Summary"
