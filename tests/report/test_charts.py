"""Charts: labelled values, blank cells where nothing was judged, the same SVG for the same data."""

import re

import numpy as np
import pandas as pd

from checker.report import charts, views


def test_heatmap_prints_values_and_leaves_unjudged_cells_blank():
    table = pd.DataFrame({"S1": [0.95, np.nan], "S2": [0.5, 1.0]}, index=["CMP-01", "CMP-03-solve"])
    svg = charts.heatmap(table, "各规则 × 项目合规率")
    assert "95%" in svg and "50%" in svg and "100%" in svg
    assert "nan" not in svg.lower().replace("nano", "")
    assert 'aria-label="各规则 × 项目合规率"' in svg


def test_charts_are_deterministic_and_keep_text_as_text():
    first = charts.bars(["PAT-01 巡检", "REP-01"], [0.925, 0.5], "各规则合规率", "%")
    assert first == charts.bars(["PAT-01 巡检", "REP-01"], [0.925, 0.5], "各规则合规率", "%")
    assert "巡检" in first and "92.5%" in first and "<metadata>" not in first


def test_histogram_counts_whole_people():
    svg = charts.histogram([71.0, 88.0, 93.5], "员工得分分布", "得分", "人数")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    people = texts[texts.index("得分") + 1: texts.index("人数")]  # the count axis' tick labels
    assert people == ["0", "1"], texts  # one person per bin at most: ticks 0 and 1, never 0.25 or 2.5
    assert texts[: texts.index("得分")] == ["70", "75", "80", "85", "90", "95", "100"]  # the bins' edges


def test_weekly_trend_starts_with_the_period():
    findings = pd.DataFrame({"status": ["pass", "fail", "pass", "pass"],
                             "period_start": pd.to_datetime(["2026-09-28", "2026-10-01", "2026-10-04", "2026-10-05"])})
    weeks = views.weekly(findings, pd.Timestamp("2026-10-01"))
    assert weeks["week"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-01", "2026-10-05"]  # not the week of 09-28
    assert weeks["pass"].tolist() == [2, 1] and weeks["fail"].tolist() == [1, 0]
