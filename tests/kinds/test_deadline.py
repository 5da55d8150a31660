"""deadline: pass/fail/pending at the boundaries, per-category limits, agreed starts, owner deadlines."""

import pytest

from checker.kinds import deadline
from tests.conftest import context, make_rule, statuses, typed

DISPATCH = dict(kind="deadline", clock="calendar", dataset="work_orders", start="reported_at", end="dispatched_at", limit="5min", staff_column="received_by")


def order(order_id, reported, dispatched=None, **more):
    return {"order_id": order_id, "site_id": "S1", "category": more.pop("category", "minor"), "facility": "other",
            "reported_at": reported, "received_by": "K1", "dispatched_at": dispatched, **more}


@pytest.mark.parametrize("dispatched, as_of, expected, measured", [
    ("2026-10-10 10:05:00", "2026-11-01", "pass", 5.0),             # exactly at the limit
    ("2026-10-10 10:05:01", "2026-11-01", "fail", 5 + 1 / 60),      # one second over
    ("2026-10-10 10:00:00", "2026-11-01", "pass", 0.0),
    (None, "2026-10-10 10:05:00", "pending", None),                # not done, deadline exactly now
    (None, "2026-10-10 10:05:01", "fail", None),                   # not done, one second past
    ("2026-10-10 10:04:00", "2026-10-10 10:03:00", "pending", None),  # recorded after as-of: not known yet
])
def test_dispatch_boundaries(dispatched, as_of, expected, measured):
    frame = typed("work_orders", [order("W1", "2026-10-10 10:00:00", dispatched)])
    found = deadline.evaluate(make_rule(**DISPATCH), {"work_orders": frame}, context(as_of=as_of))
    assert found["status"].tolist() == [expected]
    assert found["threshold"].tolist() == [5.0]
    if measured is None:
        assert found["measured"].isna().all()
    else:
        assert found["measured"].iloc[0] == pytest.approx(measured)


def test_records_are_judged_when_their_start_falls_in_the_period():
    rows = [order("early", "2026-09-30 23:59:59", "2026-10-01 00:00:00"), order("first", "2026-10-01 00:00:00", "2026-10-01 00:01:00"),
            order("last", "2026-10-31 23:59:59", "2026-11-01 00:00:00"), order("next", "2026-11-01 00:00:00", "2026-11-01 00:01:00")]
    found = deadline.evaluate(make_rule(**DISPATCH), {"work_orders": typed("work_orders", rows)}, context())
    assert statuses(found) == {"first": "pass", "last": "pass"}


LIMITS = dict(kind="deadline", clock="calendar", dataset="work_orders", start="reported_at", start_override="agreed_start_at",
              end="completed_at", limit_by="category", limits={"minor": "24h", "medium": "3d"}, staff_column="received_by", unit="h")


@pytest.mark.parametrize("category, completed, agreed, expected", [
    ("medium", "2026-10-13 09:00:00", None, "pass"),                    # exactly 72 h
    ("medium", "2026-10-13 09:00:01", None, "fail"),
    ("minor", "2026-10-11 09:00:00", None, "pass"),                     # exactly 24 h
    ("minor", "2026-10-11 09:00:01", None, "fail"),
    ("minor", "2026-10-13 09:00:00", "2026-10-12 09:00:00", "pass"),    # agreed start: 24 h from it
    ("minor", "2026-10-13 09:00:01", "2026-10-12 09:00:00", "fail"),
    ("emergency", "2026-10-10 10:00:00", None, "not_evaluated"),         # no limit for this category
])
def test_limit_by_category_and_agreed_start(category, completed, agreed, expected):
    frame = typed("work_orders", [order("W1", "2026-10-10 09:00:00", category=category, completed_at=completed, agreed_start_at=agreed)])
    found = deadline.evaluate(make_rule(**LIMITS), {"work_orders": frame}, context())
    assert found["status"].tolist() == [expected]


def complaint(cid, received, **more):
    return {"complaint_id": cid, "site_id": "S1", "received_at": received, "received_by": "Q1", "severity": "minor", **more}


@pytest.mark.parametrize("resolved, owner_deadline, expected, threshold_h", [
    ("2026-10-12 08:00:00", None, "pass", 48.0),
    ("2026-10-12 08:00:01", None, "fail", 48.0),
    ("2026-10-14 08:00:00", "2026-10-14 08:00:00", "pass", 96.0),   # the owner's later deadline replaces 2 days
    ("2026-10-14 08:00:01", "2026-10-14 08:00:00", "fail", 96.0),
    ("2026-10-11 08:00:01", "2026-10-11 08:00:00", "fail", 24.0),   # an earlier owner deadline binds too
])
def test_owner_deadline_replaces_the_limit(resolved, owner_deadline, expected, threshold_h):
    rule = make_rule(kind="deadline", clock="calendar", dataset="complaints", start="received_at", end="resolved_at", limit="2d",
                     due_column="owner_deadline", staff_column="received_by", unit="h")
    frame = typed("complaints", [complaint("C1", "2026-10-10 08:00:00", resolved_at=resolved, owner_deadline=owner_deadline)])
    found = deadline.evaluate(rule, {"complaints": frame}, context())
    assert found["status"].tolist() == [expected]
    assert found["threshold"].tolist() == [threshold_h]


@pytest.mark.parametrize("received, reported, expected", [
    ("2026-10-10 23:59:00", "2026-10-10 23:59:59", "pass"),   # last second of the same day
    ("2026-10-10 23:59:00", "2026-10-11 00:00:00", "fail"),   # first second of the next day
    ("2026-10-10 00:00:00", "2026-10-10 23:00:00", "pass"),
])
def test_end_of_day_deadline(received, reported, expected):
    rule = make_rule(kind="deadline", clock="calendar", dataset="complaints", start="received_at", end="reported_to_head_at", limit="0d",
                     deadline_at="end_of_day", staff_column="received_by")
    frame = typed("complaints", [complaint("C1", received, reported_to_head_at=reported)])
    assert deadline.evaluate(rule, {"complaints": frame}, context())["status"].tolist() == [expected]


def test_earliest_of_several_end_columns_stops_the_clock():
    rule = make_rule(kind="deadline", clock="calendar", dataset="complaints", start="received_at", end=["answered_at", "resolved_at"],
                     limit="24h", staff_column="received_by", unit="h")
    rows = [complaint("answered", "2026-10-10 08:00:00", answered_at="2026-10-11 08:00:00", resolved_at="2026-10-15 08:00:00"),
            complaint("resolved", "2026-10-10 08:00:00", resolved_at="2026-10-11 07:00:00"),
            complaint("late", "2026-10-10 08:00:00", answered_at="2026-10-11 08:00:01", resolved_at="2026-10-12 08:00:00")]
    found = deadline.evaluate(rule, {"complaints": typed("complaints", rows)}, context())
    assert statuses(found) == {"answered": "pass", "resolved": "pass", "late": "fail"}
    assert found.set_index("subject_id").loc["resolved", "measured"] == 23.0


def test_exemption_condition_wins_over_lateness():
    rule = make_rule(**{**DISPATCH, "exempt_when": {"attempts": {"ge": 3}}})
    frame = typed("work_orders", [order("W1", "2026-10-10 10:00:00"), order("W2", "2026-10-10 10:00:00"),
                                  order("W3", "2026-10-10 10:00:00", "2026-10-10 10:01:00")])
    frame["attempts"] = [3, 2, 5]
    found = deadline.evaluate(rule, {"work_orders": frame}, context())
    assert statuses(found) == {"W1": "exempt", "W2": "fail", "W3": "exempt"}


def test_accountable_person_is_the_first_filled_column():
    rule = make_rule(**{**DISPATCH, "staff_column": ["technician_id", "received_by"]})
    frame = typed("work_orders", [order("W1", "2026-10-10 10:00:00", technician_id="T9"), order("W2", "2026-10-10 10:00:00")])
    found = deadline.evaluate(rule, {"work_orders": frame}, context())
    assert dict(zip(found["subject_id"], found["staff_id"])) == {"W1": "T9", "W2": "K1"}


def test_a_deadline_needs_a_limit():
    with pytest.raises(Exception, match="needs 'limit'"):
        make_rule(kind="deadline", clock="calendar", dataset="work_orders", start="reported_at", end="dispatched_at", staff_column="received_by")
