"""record: a predicate per record; signatures and early arrival at the minute boundary."""

import pytest

from checker.kinds import record
from tests.conftest import context, make_rule, statuses, typed

SIGNED = dict(kind="record", dataset="handovers", time_column="shift_start", require={"incoming_signed": True}, staff_column="incoming_staff_id")
EARLY = dict(kind="record", dataset="handovers", time_column="shift_start",
             require={"incoming_arrived_at": {"le": {"column": "shift_start", "before": "15min"}}},
             measure={"from": "incoming_arrived_at", "to": "shift_start", "unit": "min", "threshold": "15min"}, staff_column="incoming_staff_id")


def handover(hid, arrived=None, signed="是"):
    return {"handover_id": hid, "site_id": "S1", "desk": "front_desk", "shift_start": "2026-10-10 08:00:00",
            "outgoing_staff_id": "Q1", "incoming_staff_id": "Q2", "incoming_arrived_at": arrived,
            "outgoing_signed": "是", "incoming_signed": signed}


def test_signature_true_false():
    frame = typed("handovers", [handover("H1", signed="是"), handover("H2", signed="否"), handover("H3", signed="true")])
    assert statuses(record.evaluate(make_rule(**SIGNED), {"handovers": frame}, context())) == {"H1": "pass", "H2": "fail", "H3": "pass"}


def test_missing_signature_fails():
    frame = typed("handovers", [handover("H1", signed=None)])
    assert record.evaluate(make_rule(**SIGNED), {"handovers": frame}, context())["status"].tolist() == ["fail"]


@pytest.mark.parametrize("arrived, expected, minutes", [
    ("2026-10-10 07:45:00", "pass", 15.0),   # exactly 15 minutes early
    ("2026-10-10 07:45:01", "fail", 14 + 59 / 60),
    ("2026-10-10 07:30:00", "pass", 30.0),
    ("2026-10-10 08:03:00", "fail", -3.0),   # late
    (None, "fail", None),                    # no arrival recorded
])
def test_early_arrival_boundaries(arrived, expected, minutes):
    found = record.evaluate(make_rule(**EARLY), {"handovers": typed("handovers", [handover("H1", arrived)])}, context())
    assert found["status"].tolist() == [expected]
    assert found["threshold"].tolist() == [15.0]
    measured = found["measured"].iloc[0]
    assert (measured != measured) if minutes is None else measured == pytest.approx(minutes)


def test_exempt_when():
    rule = make_rule(**{**SIGNED, "exempt_when": {"desk": "front_desk"}})
    frame = typed("handovers", [handover("H1", signed="否")])
    assert record.evaluate(rule, {"handovers": frame}, context())["status"].tolist() == ["exempt"]
