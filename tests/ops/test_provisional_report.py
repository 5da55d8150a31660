"""A run over December, whose deadlines run into a provisional January, says so in summary.json, the HTML, the workbook and on stderr."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.calendar.days import PACKAGE_YEARS
from checker.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(dt.date.today().year + 1 in PACKAGE_YEARS, reason="chinese-calendar already covers next year: nothing is provisional")
def test_a_december_run_is_marked_provisional_everywhere(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    for name in ("pack.yaml", "calendar.yaml", "scoring.yaml", "catalog.yaml", "repairs/REP-01.yaml"):
        shutil.copy(ROOT / "rules" / name, pack)
    year = dt.date.today().year
    done = CliRunner().invoke(main, ["run", "--data", str(ROOT / "datasets" / "sample"), "--rules", str(pack), "--period", f"{year}-12",
                                     "--out", str(tmp_path / "out"), "--quiet"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert f"warning: the working-time calendar of {year + 1} is provisional" in done.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["calendar"]["provisional_years"] == [year + 1] and summary["calendar"]["source"].startswith("provisional")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="calendar-provisional"' in html and "工作日历为暂定" in html
    sheet = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx", read_only=True).worksheets[0]
    assert any(row[0] and str(row[0]).startswith("工作日历为暂定") and row[1] == str(year + 1) for row in sheet.iter_rows(values_only=True))
