"""first_of_day: the first event per subject per working day, start and end limits, open days, absent days."""

import pandas as pd
import pytest

from checker.kinds import first_of_day
from tests.conftest import context, make_rule, typed

RULE = dict(kind="first_of_day", dataset="patrols", start="started_at", end="ended_at", start_by="08:40", end_by="09:30",
            subjects={"dataset": "staff", "key": "staff_id", "type": "staff", "staff_column": "staff_id"},
            match={"staff_id": "staff_id"})
STAFF = typed("staff", [{"staff_id": "K1", "name": "甲", "role": "service_staff", "site_id": "S1"}])


def patrols(*rows):
    return typed("patrols", [{"patrol_id": f"P{i}", "staff_id": "K1", "area_id": "A1", "started_at": s, "ended_at": e}
                             for i, (s, e) in enumerate(rows)])


def run(rows, as_of="2026-11-01 00:00:00", **fields):
    rule = make_rule(**{**RULE, **fields})
    return first_of_day.evaluate(rule, {"patrols": patrols(*rows), "staff": STAFF}, context("2026-10", as_of, staff=STAFF))


def on(found, date):
    row = found[found["period_start"] == pd.Timestamp(date)]
    return row[["status", "note", "measured"]].values.tolist()


@pytest.mark.parametrize("start, end, expected", [
    ("2026-10-12 08:40:00", "2026-10-12 09:30:00", ["pass", "first_in_time", 0.0]),          # exactly at both limits
    ("2026-10-12 08:30:00", "2026-10-12 09:20:00", ["pass", "first_in_time", -10.0]),
    ("2026-10-12 08:40:01", "2026-10-12 09:00:00", ["fail", "first_late_start", 1 / 60]),    # one second late
    ("2026-10-12 08:35:00", "2026-10-12 09:31:00", ["fail", "first_late_end", 1.0]),
    ("2026-10-12 08:35:00", None, ["fail", "first_no_end", -5.0]),
])
def test_first_patrol_limits(start, end, expected):
    found = on(run([(start, end)]), "2026-10-12")
    assert found[0][:2] == expected[:2] and found[0][2] == pytest.approx(expected[2])


def test_only_the_first_of_the_day_is_judged():
    found = run([("2026-10-12 10:00:00", "2026-10-12 11:00:00"), ("2026-10-12 08:00:00", "2026-10-12 08:50:00")])
    assert on(found, "2026-10-12") == [["pass", "first_in_time", -40.0]]
    assert found.set_index("period_start").loc[pd.Timestamp("2026-10-12"), "evidence"] == "P1"


def test_working_days_follow_the_calendar_and_absent_days_fail_or_are_skipped():
    found = run([])
    days = set(found["period_start"].dt.strftime("%Y-%m-%d"))
    assert len(found) == 18 and (found["note"] == "first_missing").all()    # the 18 working days of October 2026
    assert "2026-10-01" not in days and "2026-10-10" in days               # National Day off; make-up Saturday on
    assert run([], when_absent="skip").empty


def test_open_day_is_pending_until_the_limits_pass():
    assert on(run([], as_of="2026-10-12 08:40:00"), "2026-10-12")[0][:2] == ["pending", "first_not_yet"]
    assert on(run([], as_of="2026-10-12 08:40:01"), "2026-10-12")[0][:2] == ["fail", "first_missing"]
    started = [("2026-10-12 08:30:00", "2026-10-12 09:10:00")]
    assert on(run(started, as_of="2026-10-12 09:00:00"), "2026-10-12")[0][:2] == ["pending", "first_open"]  # end after as-of: not yet
    assert on(run(started, as_of="2026-10-12 09:30:01"), "2026-10-12")[0][:2] == ["pass", "first_in_time"]


def test_someone_elses_patrol_does_not_count_and_end_before_start_limit_is_refused():
    other = typed("patrols", [{"patrol_id": "P1", "staff_id": "K9", "area_id": "A1", "started_at": "2026-10-12 08:00:00"}])
    found = first_of_day.evaluate(make_rule(**RULE), {"patrols": other, "staff": STAFF}, context("2026-10", staff=STAFF))
    assert on(found, "2026-10-12")[0][:2] == ["fail", "first_missing"]
    with pytest.raises(ValueError, match="end_by"):
        make_rule(**{**RULE, "end_by": "08:00"})
    with pytest.raises(ValueError, match="HH:MM"):
        make_rule(**{**RULE, "start_by": "8.40"})
