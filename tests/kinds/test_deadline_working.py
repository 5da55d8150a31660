"""deadline on the working clock: CMP-02's two branches and end-of-working-day deadlines, at the boundaries."""

import pytest

from checker.kinds import deadline
from tests.conftest import context, make_rule, typed

FIRST_RESPONSE = dict(kind="deadline", clock="working", dataset="complaints", start="received_at", end="first_response_at",
                      limit="8h", outside_working={"limit": "24h"}, staff_column="received_by", unit="h")


def complaint(received, responded):
    return typed("complaints", [{"complaint_id": "C1", "site_id": "S1", "received_at": received, "received_by": "Q1",
                                 "severity": "minor", "first_response_at": responded}])


@pytest.mark.parametrize("received, responded, status, unit, measured, threshold", [
    # received Monday 09:00 in working time: 3 h + 4 h on Monday, 1 h on Tuesday -> Tuesday 09:30
    ("2026-10-12 09:00:00", "2026-10-13 09:30:00", "pass", "working_h", 8.0, 8.0),
    ("2026-10-12 09:00:00", "2026-10-13 09:30:01", "fail", "working_h", 8 + 1 / 3600, 8.0),
    # the lunch break does not count
    ("2026-10-12 11:00:00", "2026-10-12 14:00:00", "pass", "working_h", 1.5, 8.0),
    # received on Saturday: 24 calendar hours
    ("2026-10-17 10:00:00", "2026-10-18 10:00:00", "pass", "h", 24.0, 24.0),
    ("2026-10-17 10:00:00", "2026-10-18 10:00:01", "fail", "h", 24 + 1 / 3600, 24.0),
    # received at 17:30 exactly: outside working time (windows are [08:30, 12:00) and [13:30, 17:30))
    ("2026-10-12 17:30:00", "2026-10-13 17:30:00", "pass", "h", 24.0, 24.0),
    # received on National Day: outside working time
    ("2026-10-01 09:00:00", "2026-10-02 09:00:01", "fail", "h", 24 + 1 / 3600, 24.0),
    # received on the make-up Saturday 10-10 at 16:00: working time; 1.5 h + 6.5 h on Monday 10-12 -> 16:30
    ("2026-10-10 16:00:00", "2026-10-12 16:30:00", "pass", "working_h", 8.0, 8.0),
])
def test_cmp_02_both_clocks(received, responded, status, unit, measured, threshold):
    found = deadline.evaluate(make_rule(**FIRST_RESPONSE), {"complaints": complaint(received, responded)}, context())
    row = found.iloc[0]
    assert (row["status"], row["unit"], row["threshold"]) == (status, unit, threshold)
    assert row["measured"] == pytest.approx(measured, abs=1e-6)


def test_pending_on_the_working_clock():
    found = deadline.evaluate(make_rule(**FIRST_RESPONSE), {"complaints": complaint("2026-10-12 09:00:00", None)},
                              context(as_of="2026-10-13 09:30:00"))
    assert found["status"].tolist() == ["pending"]
    found = deadline.evaluate(make_rule(**FIRST_RESPONSE), {"complaints": complaint("2026-10-12 09:00:00", None)},
                              context(as_of="2026-10-13 09:30:01"))
    assert found["status"].tolist() == ["fail"]


@pytest.mark.parametrize("responded, status", [("2026-10-13 17:30:00", "pass"), ("2026-10-13 17:30:01", "fail")])
def test_end_of_the_nth_working_day(responded, status):
    rule = make_rule(**{**FIRST_RESPONSE, "outside_working": None, "limit": "3d", "deadline_at": "end_of_day"})
    found = deadline.evaluate(rule, {"complaints": complaint("2026-10-09 10:00:00", responded)}, context())
    assert found["status"].tolist() == [status]  # 3 working days after Friday 10-09: Sat 10-10 (make-up), Mon 10-12, Tue 10-13


def test_working_days_elapsed_means_days_of_working_time():
    rule = make_rule(**{**FIRST_RESPONSE, "outside_working": None, "limit": "1wd"})
    found = deadline.evaluate(rule, {"complaints": complaint("2026-10-12 10:00:00", "2026-10-13 10:00:00")}, context())
    assert found[["status", "threshold"]].values.tolist() == [["pass", 7.5]]  # 1 working day = 7.5 working hours


@pytest.mark.parametrize("fields, message", [
    ({"clock": None}, "clock"),
    ({"clock": "calendar"}, "'outside_working' goes with clock: working"),
    ({"deadline_at": "end_of_day", "limit": "36h", "outside_working": None}, "whole days"),
    ({"limit": "3d"}, "would not say which"),
    ({"clock": "calendar", "limit": "3wd", "outside_working": None}, "working days \\(3wd\\) go with clock: working"),
])
def test_clock_settings_are_validated(fields, message):
    spec = {**FIRST_RESPONSE, **fields}
    spec = {k: v for k, v in spec.items() if v is not None}
    with pytest.raises(Exception, match=message):
        make_rule(**spec)


def test_a_deadline_in_an_uncovered_year_is_not_evaluated_not_guessed():
    frame = typed("complaints", [{"complaint_id": c, "site_id": "S1", "received_at": t, "received_by": "Q1", "severity": "minor",
                                  "first_response_at": r} for c, t, r in (("late-dec", "2026-12-31 16:00:00", None),
                                                                          ("mid-dec", "2026-12-14 09:00:00", "2026-12-14 10:00:00"))])
    found = deadline.evaluate(make_rule(**FIRST_RESPONSE), {"complaints": frame}, context("2026-12", "2027-01-10"))
    assert dict(zip(found["record_id"], found["status"])) == {"late-dec": "not_evaluated", "mid-dec": "pass"}
    assert found.set_index("record_id").loc["late-dec", "note"] == "calendar_uncovered"
