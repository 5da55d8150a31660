"""rate: share of records meeting a condition per subject per window, grace for recent records."""

import pytest

from checker.kinds import rate
from tests.conftest import context, make_rule, typed

CALLBACKS = dict(kind="rate", dataset="work_orders", time_column="completed_at", window="month", subject_type="staff",
                 subject_column="received_by", condition={"callbacks": {"gt": 0}}, target=1.0, grace="3d")


def orders(*rows):
    frame = typed("work_orders", [{"order_id": f"W{i}", "site_id": "S1", "category": "minor", "facility": "other",
                                   "reported_at": "2026-10-01 08:00:00", "received_by": who, "completed_at": done}
                                  for i, (who, done, _) in enumerate(rows)])
    frame["callbacks"] = [n for _, _, n in rows]
    return frame


def result(found, who):
    row = found[found["subject_id"] == who]
    return row["status"].tolist(), [round(x, 4) for x in row["measured"].dropna().tolist()], row["evidence"].tolist()


@pytest.mark.parametrize("callbacks, expected, share, missed", [
    ([1, 1, 2, 1], "pass", 1.0, ""),
    ([1, 0, 1, 1], "fail", 0.75, "W1"),
    ([0, 0, 0, 0], "fail", 0.0, "W0;W1;W2;W3"),
])
def test_target_of_one_hundred_percent(callbacks, expected, share, missed):
    frame = orders(*[("K1", "2026-10-10 10:00:00", n) for n in callbacks])
    assert result(rate.evaluate(make_rule(**CALLBACKS), {"work_orders": frame}, context()), "K1") == ([expected], [share], [missed])


def test_records_still_within_grace_are_not_counted():
    frame = orders(("K1", "2026-10-10 10:00:00", 1), ("K1", "2026-10-28 00:00:00", 0), ("K1", "2026-10-27 23:59:59", 0))
    found = rate.evaluate(make_rule(**CALLBACKS), {"work_orders": frame}, context(as_of="2026-10-31 00:00:00"))
    # Oct 28 00:00 + 3 d = as-of exactly: still waiting; Oct 27 23:59:59 + 3 d is past: counted and missed
    assert result(found, "K1") == (["pending"], [0.5], ["W2"])  # month still open at as-of


def test_all_records_waiting_is_pending():
    frame = orders(("K2", "2026-10-30 10:00:00", 0))
    found = rate.evaluate(make_rule(**CALLBACKS), {"work_orders": frame}, context(as_of="2026-11-01 00:00:00"))
    assert result(found, "K2")[0] == ["pending"]


def test_lower_target_passes_at_exactly_the_target():
    frame = orders(*[("K1", "2026-10-10 10:00:00", n) for n in (1, 1, 1, 0)])
    found = rate.evaluate(make_rule(**{**CALLBACKS, "target": 0.75}), {"work_orders": frame}, context())
    assert result(found, "K1")[0] == ["pass"]
