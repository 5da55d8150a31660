"""escalation: open past a threshold must be escalated by threshold + grace (or closed by then)."""

import pytest

from checker.kinds import escalation
from tests.conftest import context, make_rule, statuses, typed

SUPERVISOR = dict(kind="escalation", dataset="complaints", start="received_at", closed="resolved_at", after="2d", grace="4h",
                  escalation_column="escalated_supervisor_at", staff_column="received_by")


def complaint(resolved=None, escalated=None):
    return typed("complaints", [{"complaint_id": "C1", "site_id": "S1", "received_at": "2026-10-10 08:00:00", "received_by": "Q1",
                                 "severity": "minor", "resolved_at": resolved, "escalated_supervisor_at": escalated}])


@pytest.mark.parametrize("resolved, escalated, as_of, expected", [
    ("2026-10-12 08:00:00", None, "2026-11-01", None),                     # closed exactly at 2 days: no escalation needed
    ("2026-10-11 08:00:00", None, "2026-11-01", None),
    (None, "2026-10-12 12:00:00", "2026-11-01", "pass"),                    # escalated exactly at 2 d + 4 h
    (None, "2026-10-12 12:00:01", "2026-11-01", "fail"),                    # one second late
    (None, "2026-10-11 09:00:00", "2026-11-01", "pass"),                    # early escalation is fine
    ("2026-10-12 12:00:00", None, "2026-11-01", "pass"),                    # closed within the grace time
    ("2026-10-12 12:00:01", None, "2026-11-01", "fail"),
    (None, None, "2026-10-12 12:00:00", "pending"),                         # grace not over at as-of
    (None, None, "2026-10-12 12:00:01", "fail"),
    (None, None, "2026-10-11 08:00:00", "pending"),                         # not yet due
])
def test_escalation_boundaries(resolved, escalated, as_of, expected):
    found = escalation.evaluate(make_rule(**SUPERVISOR), {"complaints": complaint(resolved, escalated)}, context(as_of=as_of))
    assert statuses(found) == ({} if expected is None else {"C1": expected})


def test_threshold_is_reported_in_hours():
    found = escalation.evaluate(make_rule(**SUPERVISOR), {"complaints": complaint(None, "2026-10-12 10:00:00")}, context())
    assert found[["measured", "threshold"]].values.tolist() == [[50.0, 52.0]]
