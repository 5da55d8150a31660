"""report.html and report.xlsx: readable, complete, and the same numbers as the CSV outputs."""

import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    runner = CliRunner()
    assert runner.invoke(main, ["sample", "--sites", "1", "--days", "35", "--start", "2026-09-28", "--out", str(base / "x")]).exit_code == 0
    result = runner.invoke(main, ["run", "--data", str(base / "x"), "--period", "2026-10", "--out", str(base / "run"), "--quiet"])
    assert result.exit_code == 0, result.output
    return base / "run"


def test_workbook_sheets_and_numbers_match_the_csv_outputs(run_dir):
    book = openpyxl.load_workbook(run_dir / "report.xlsx", read_only=True)
    assert book.sheetnames == ["概览", "规则", "项目", "员工评分", "员工×规则", "不合格明细", "数据质量", "隔离数据"]
    staff = pd.read_excel(run_dir / "report.xlsx", sheet_name="员工评分")
    expected = pd.read_csv(run_dir / "scorecards" / "staff.csv")
    pd.testing.assert_frame_equal(staff.reset_index(drop=True), expected, check_dtype=False)
    failures = pd.read_excel(run_dir / "report.xlsx", sheet_name="不合格明细")
    findings = pd.read_csv(run_dir / "findings.csv")
    assert len(failures) == (findings["status"] == "fail").sum()
    rules = pd.read_excel(run_dir / "report.xlsx", sheet_name="规则").set_index("rule_id")
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    for rule_id, info in summary["rules"].items():
        assert rules.loc[rule_id, "fail"] == info["fail"]


def test_html_is_self_contained_and_complete(run_dir):
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "http://" not in html and "https://" not in html
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    for text in ("客户服务标准合规检查报告", "数据质量", "各规则合规情况", "评分方法", "员工评分", "不合格明细", summary["run_id"]):
        assert text in html
    for rule_id in summary["rules"]:
        assert f"<td>{rule_id}</td>" in html


def test_english_report(tmp_path, run_dir):
    data = run_dir.parent / "x"
    result = CliRunner().invoke(main, ["run", "--data", str(data), "--period", "2026-10", "--out", str(tmp_path / "en"), "--lang", "en", "--quiet"])
    assert result.exit_code == 0
    html = (tmp_path / "en" / "report.html").read_text(encoding="utf-8")
    assert "Customer-service compliance report" in html and "How the score is computed" in html
    assert openpyxl.load_workbook(tmp_path / "en" / "report.xlsx", read_only=True).sheetnames[0] == "Summary"
    messages = pd.read_csv(tmp_path / "en" / "findings.csv")["message"]
    assert messages.str.contains("limit|times|share|pass|requirement|escalat", regex=True).all()
