"""count's optional fields: distinct values, chosen months of the year, subjects' own active bounds."""

import pandas as pd
import pytest

from checker.kinds import count
from tests.conftest import context, make_rule, typed

UNITS = typed("units", [{"unit_id": "U1", "site_id": "S1", "status": "vacant"}, {"unit_id": "U2", "site_id": "S1", "status": "vacant"}])
SITES = typed("sites", [{"site_id": "S1", "site_name": "一"}])


def inspections(*rows):
    return typed("unit_inspections", [{"inspection_id": f"I{i}", "site_id": "S1", "unit_id": u, "inspected_at": t, "purpose": "cleaning"}
                                      for i, (u, t) in enumerate(rows)])


def run(fields, events, data=None, period="2026-10", as_of="2026-11-01 00:00:00"):
    return count.evaluate(make_rule(kind="count", dataset="unit_inspections", time_column="inspected_at", **fields),
                          {"unit_inspections": events, **(data or {})}, context(period, as_of))


def test_distinct_counts_values_not_events():
    fields = dict(window="month", subjects={"dataset": "sites", "key": "site_id", "type": "site"}, match={"site_id": "site_id"}, min=2)
    events = inspections(("U1", "2026-10-02 10:00:00"), ("U1", "2026-10-03 10:00:00"))
    assert run(fields, events, {"sites": SITES})["status"].tolist() == ["pass"]
    found = run({**fields, "distinct": "unit_id"}, events, {"sites": SITES})
    assert found[["status", "measured"]].values.tolist() == [["fail", 1.0]]


def test_months_selects_windows_by_month_of_year():
    fields = dict(window="month", months=[1, 4, 7, 10], subjects={"dataset": "units", "key": "unit_id", "type": "unit"},
                  match={"unit_id": "unit_id"}, min=1)
    assert len(run(fields, inspections(), {"units": UNITS})) == 2
    assert run(fields, inspections(), {"units": UNITS}, "2026-11", "2026-12-01").empty
    with pytest.raises(ValueError, match="1 to 12"):
        make_rule(kind="count", dataset="unit_inspections", time_column="inspected_at", **{**fields, "months": [13]})


def test_active_bounds_limit_each_subjects_windows_and_overlapping_rows_count_once():
    renovations = typed("renovations", [
        {"renovation_id": r, "site_id": "S1", "unit_id": "U1", "staff_id": "K1", "applied_at": "2026-09-01 10:00:00", "permit_start": s, "permit_end": e}
        for r, s, e in (("R1", "2026-10-05", "2026-10-06"), ("R2", "2026-10-06", "2026-10-07"), ("R3", "2026-10-30", None))])
    fields = dict(window="day", subjects={"dataset": "renovations", "key": "unit_id", "type": "unit", "staff_column": "staff_id",
                                          "active_from": "permit_start", "active_to": "permit_end"}, match={"unit_id": "unit_id"}, min=1)
    found = run(fields, inspections(("U1", "2026-10-06 10:00:00")), {"renovations": renovations})
    days = dict(zip(found["period_start"].dt.strftime("%m-%d"), found["status"]))
    assert days == {"10-05": "fail", "10-06": "pass", "10-07": "fail", "10-30": "fail", "10-31": "fail"}  # R3: open end
    assert found[found["period_start"] == pd.Timestamp("2026-10-06")]["measured"].tolist() == [1.0]
