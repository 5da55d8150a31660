"""count: events per roster subject per window, zero-event subjects, working days, open windows."""

import pandas as pd
import pytest

from checker.kinds import count
from tests.conftest import context, make_rule, typed

PATROL = dict(kind="count", dataset="patrols", time_column="started_at", window="day", days="working",
              subjects={"dataset": "areas", "key": "area_id", "type": "area", "staff_column": "assigned_staff_id"},
              match={"area_id": "area_id", "staff_id": "assigned_staff_id"}, min=2)
AREAS = typed("areas", [{"area_id": "A1", "site_id": "S1", "assigned_staff_id": "K1"},
                        {"area_id": "A2", "site_id": "S1", "assigned_staff_id": "K2"}])


def patrols(*rows):
    return typed("patrols", [{"patrol_id": f"P{i}", "staff_id": s, "area_id": a, "started_at": t} for i, (s, a, t) in enumerate(rows)])


def run(rule_fields, events, as_of="2026-11-01", period="2026-10", staff=None):
    data = {"patrols": events, "areas": AREAS}
    return count.evaluate(make_rule(**rule_fields), data, context(period, as_of, staff=staff))


def day(findings, area, date):
    row = findings[(findings["subject_id"] == area) & (findings["period_start"] == pd.Timestamp(date))]
    return row["status"].tolist(), row["measured"].tolist()


def test_one_result_per_area_per_working_day_including_areas_nobody_patrolled():
    found = run(PATROL, patrols(("K1", "A1", "2026-10-12 08:50:00"), ("K1", "A1", "2026-10-12 15:00:00")))
    assert len(found) == 2 * 18  # two areas x the 18 working days of October 2026
    assert day(found, "A1", "2026-10-12") == (["pass"], [2.0])
    assert day(found, "A2", "2026-10-12") == (["fail"], [0.0])
    assert day(found, "A1", "2026-10-01") == ([], [])  # National Day: not a working day
    assert day(found, "A1", "2026-10-10") == (["fail"], [0.0])  # make-up Saturday: a working day


@pytest.mark.parametrize("times, expected", [
    (["2026-10-12 00:00:00", "2026-10-12 23:59:59"], "pass"),   # both ends of the day count
    (["2026-10-12 09:00:00"], "fail"),                          # one short
    (["2026-10-12 09:00:00", "2026-10-13 00:00:00"], "fail"),   # the second belongs to the next day
    (["2026-10-12 09:00:00"] * 3, "pass"),
])
def test_day_window_boundaries(times, expected):
    found = run(PATROL, patrols(*[("K1", "A1", t) for t in times]))
    assert day(found, "A1", "2026-10-12")[0] == [expected]


def test_a_patrol_by_someone_else_does_not_count():
    found = run(PATROL, patrols(("K1", "A1", "2026-10-12 09:00:00"), ("K9", "A1", "2026-10-12 15:00:00")))
    assert day(found, "A1", "2026-10-12") == (["fail"], [1.0])


def test_maximum_is_checked_too():
    found = run({**PATROL, "min": None, "max": 2}, patrols(*[("K1", "A1", "2026-10-12 09:00:00")] * 3))
    assert day(found, "A1", "2026-10-12") == (["fail"], [3.0])
    assert day(found, "A2", "2026-10-12") == (["pass"], [0.0])


def test_window_open_at_as_of_is_pending_until_enough_events():
    events = patrols(("K1", "A1", "2026-10-12 09:00:00"), ("K2", "A2", "2026-10-12 09:00:00"), ("K2", "A2", "2026-10-12 10:00:00"))
    found = run(PATROL, events, as_of="2026-10-12 12:00:00")
    assert day(found, "A1", "2026-10-12")[0] == ["pending"]
    assert day(found, "A2", "2026-10-12")[0] == ["pass"]
    assert found["period_start"].max() == pd.Timestamp("2026-10-12")  # windows after as-of are not judged


def test_staff_not_employed_in_the_window_is_not_judged():
    staff = typed("staff", [{"staff_id": "K1", "name": "甲", "role": "service_staff", "site_id": "S1", "active_to": "2026-10-09"},
                            {"staff_id": "K2", "name": "乙", "role": "service_staff", "site_id": "S1", "active_from": "2026-10-20"}])
    found = run(PATROL, patrols(), staff=staff)
    k1 = found[found["staff_id"] == "K1"]["period_start"]
    k2 = found[found["staff_id"] == "K2"]["period_start"]
    assert k1.max() == pd.Timestamp("2026-10-09") and len(k1) == 2   # Oct 8 and 9
    assert k2.min() == pd.Timestamp("2026-10-20") and len(k2) == 9   # Oct 20-23 and 26-30


def test_week_windows_end_inside_the_period():
    found = run({**PATROL, "window": "week", "days": "all", "min": 10}, patrols(("K1", "A1", "2026-09-29 09:00:00")))
    starts = sorted(found["period_start"].unique())
    assert [str(s.date()) for s in starts] == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19"]
    assert day(found, "A1", "2026-09-28") == (["fail"], [1.0])  # the week of Sep 28 ends Oct 4, inside October


def test_count_needs_a_bound():
    with pytest.raises(Exception, match="needs 'min', 'max'"):
        make_rule(**{**PATROL, "min": None})
