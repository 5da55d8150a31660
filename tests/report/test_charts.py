"""Charts: labelled values, blank cells where nothing was judged, the same SVG for the same data."""

import numpy as np
import pandas as pd

from checker.report import charts


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
