"""gap: the longest stretch without an event per subject per window, anchors before the window, site windows."""

import pandas as pd
import pytest

from checker.kinds import gap
from checker.kinds.base import add_months
from tests.conftest import context, make_rule, typed

RULE = dict(kind="gap", dataset="unit_inspections", time_column="inspected_at", window="month", max_gap="14d",
            subjects={"dataset": "units", "key": "unit_id", "type": "unit", "staff_column": "assigned_staff_id",
                      "where": {"status": "vacant"}, "active_from": "status_since"},
            match={"unit_id": "unit_id"})
UNITS = typed("units", [{"unit_id": "U1", "site_id": "S1", "assigned_staff_id": "K1", "status": "vacant"},
                        {"unit_id": "U2", "site_id": "S2", "assigned_staff_id": "K1", "status": "vacant", "status_since": "2026-10-20"},
                        {"unit_id": "U3", "site_id": "S1", "assigned_staff_id": "K1", "status": "occupied"}])
SITES = typed("sites", [{"site_id": "S1", "site_name": "一", "takeover_date": "2026-01-15"},
                        {"site_id": "S2", "site_name": "二", "takeover_date": "2026-10-10", "new_site_months": "1"},
                        {"site_id": "S3", "site_name": "三"}])


def inspections(*rows):
    return typed("unit_inspections", [{"inspection_id": f"I{i}", "site_id": "S1", "unit_id": u, "inspected_at": t, "purpose": "vacant"}
                                      for i, (u, t) in enumerate(rows)])


def run(rows, as_of="2026-11-01 00:00:00", period="2026-10", **fields):
    data = {"unit_inspections": inspections(*rows), "units": UNITS, "sites": SITES}
    found = gap.evaluate(make_rule(**{**RULE, **fields}), data, context(period, as_of))
    return found.set_index("subject_id")


@pytest.mark.parametrize("times, expected, longest", [
    (["2026-10-01 00:00:00", "2026-10-15 00:00:00", "2026-10-29 00:00:00"], "pass", 14.0),   # exactly 14 days apart
    (["2026-10-01 00:00:00", "2026-10-15 00:00:01", "2026-10-29 00:00:00"], "fail", 14 + 1 / 86400),  # one second over
    (["2026-10-10 00:00:00", "2026-10-18 00:00:00"], "pass", 14.0),   # Oct 18 → the month's end: 14 days
    (["2026-10-10 00:00:00", "2026-10-17 23:59:59"], "fail", 14 + 1 / 86400),
])
def test_stretches_between_events_and_to_the_window_ends(times, expected, longest):
    found = run([("U1", t) for t in times])
    assert found.loc["U1", ["status", "measured"]].tolist() == [expected, pytest.approx(longest, abs=1e-6)]


def test_the_stretch_runs_from_the_last_event_before_the_window():
    found = run([("U1", "2026-09-20 10:00:00"), ("U1", "2026-10-05 10:00:01"), ("U1", "2026-10-19 10:00:00")])
    assert found.loc["U1", ["status", "evidence"]].tolist() == ["fail", "I1;I2"]          # Sep 20 → Oct 5: 15 days
    assert run([("U1", "2026-09-20 10:00:00"), ("U1", "2026-10-04 10:00:00"), ("U1", "2026-10-18 10:00:00")]).loc["U1", "status"] == "pass"


def test_no_event_known_before_the_window_starts_the_clock_at_the_window():
    found = run([("U1", "2026-10-14 00:00:00"), ("U1", "2026-10-27 00:00:00")])  # Oct 1 → 14: 13 days
    assert found.loc["U1", ["status", "measured"]].tolist() == ["pass", pytest.approx(13.0)]


def test_site_window_limits_the_obligation_and_sites_without_a_date_are_never_judged():
    rule = {"site_window": {"from": "takeover_date", "months_column": "new_site_months", "months": 12}}
    found = run([("U2", "2026-10-21 00:00:00")], **rule)
    # U2: site S2 new from Oct 10 for 1 month, unit vacant since Oct 20: Oct 20 → 21, 21 → Nov 1
    assert found.loc["U2", ["status", "measured"]].tolist() == ["pass", pytest.approx(11.0)]
    assert found.loc["U1", ["status", "measured"]].tolist() == ["fail", pytest.approx(31.0)]   # S1 new until 2027-01-15
    assert "U3" not in found.index  # occupied
    later = run([], period="2027-02", as_of="2027-03-01 00:00:00", **rule)
    assert later.empty  # S1 no longer new in February 2027, S2 since November 2026


def test_site_window_ends_inside_a_window():
    rule = {"site_window": {"from": "takeover_date", "months": 12}}
    found = run([("U1", "2027-01-05 00:00:00")], period="2027-01", as_of="2027-02-01 00:00:00", **rule)
    assert found.loc["U1", ["status", "measured"]].tolist() == ["pass", pytest.approx(10.0)]  # stretch ends Jan 15 (new until then)


def test_open_window_is_pending_until_the_stretch_runs_over():
    rows = [("U1", "2026-10-01 00:00:00")]
    assert run(rows, as_of="2026-10-15 00:00:00").loc["U1", "status"] == "pending"
    assert run(rows, as_of="2026-10-15 00:00:01").loc["U1", "status"] == "fail"   # already over 14 days: fails at once


def test_empty_dataset_gives_one_finding_per_subject_window():
    found = run([])
    assert sorted(found.index) == ["U1", "U2"] and found.loc["U2", "measured"] == pytest.approx(12.0)  # vacant since Oct 20


def test_add_months_clips_to_the_month_end():
    stamps = pd.Series(pd.to_datetime(["2025-08-31 10:30:00", "2024-02-29 00:00:00", None]))
    result = add_months(stamps, pd.Series([6, 12, 1], dtype="Int64"))
    assert result.tolist()[:2] == [pd.Timestamp("2026-02-28 10:30:00"), pd.Timestamp("2025-02-28")] and pd.isna(result.iloc[2])


def test_an_obligation_starting_after_as_of_is_not_judged_yet():
    rule = {"site_window": {"from": "takeover_date", "months_column": "new_site_months", "months": 12}}
    found = run([], as_of="2026-10-15 00:00:00", **rule)
    assert list(found.index) == ["U1"]  # U2: vacant since Oct 20, after as-of
