"""coverage: distinct items reached / population per subject per window, empty populations."""

import pytest

from checker.kinds import coverage
from tests.conftest import context, make_rule, typed

VISITS = dict(kind="coverage", dataset="visits", time_column="visited_at", window="week",
              subjects={"dataset": "staff", "key": "staff_id", "type": "staff", "staff_column": "staff_id", "where": {"role": "service_staff"}},
              population={"dataset": "units", "subject_column": "assigned_staff_id", "item_column": "unit_id"},
              item_column="unit_id", event_subject_column="staff_id", share=0.05)
STAFF = typed("staff", [{"staff_id": k, "name": k, "role": "service_staff", "site_id": "S1"} for k in ("K1", "K2", "K3")]
              + [{"staff_id": "Q1", "name": "Q1", "role": "receptionist", "site_id": "S1"}])
UNITS = typed("units", [{"unit_id": f"U{i}", "site_id": "S1", "assigned_staff_id": "K1" if i < 40 else "K2", "status": "occupied"} for i in range(60)])


def visits(*rows):
    return typed("visits", [{"visit_id": f"V{i}", "staff_id": s, "unit_id": u, "visited_at": t, "channel": "door", "purpose": "routine",
                             "outcome": "reached"} for i, (s, u, t) in enumerate(rows)])


def week(found, staff_id, start="2026-10-12"):
    row = found[(found["subject_id"] == staff_id) & (found["period_start"] == start)]
    return row["status"].tolist(), [round(x, 4) for x in row["measured"].tolist()]


@pytest.mark.parametrize("units_reached, expected, share", [
    ([], "fail", 0.0),
    (["U1"], "fail", 0.025),           # 1 of 40
    (["U1", "U2"], "pass", 0.05),      # 2 of 40: exactly 5 %
    (["U1", "U1", "U1"], "fail", 0.025),  # the same unit counts once
])
def test_share_boundaries(units_reached, expected, share):
    found = coverage.evaluate(make_rule(**VISITS), {"visits": visits(*[("K1", u, "2026-10-14 10:00:00") for u in units_reached]),
                                                     "staff": STAFF, "units": UNITS}, context(staff=STAFF))
    assert week(found, "K1") == ([expected], [share])


def test_population_of_twenty_needs_one_unit_and_empty_population_is_exempt():
    found = coverage.evaluate(make_rule(**VISITS), {"visits": visits(("K2", "U45", "2026-10-18 23:59:59")), "staff": STAFF, "units": UNITS}, context(staff=STAFF))
    assert week(found, "K2") == (["pass"], [0.05])  # 1 of 20, Sunday 23:59:59 is still that week
    assert week(found, "K3")[0] == ["exempt"]      # no assigned units
    assert "Q1" not in set(found["subject_id"])    # not a service staff member


def test_visits_by_someone_else_or_to_unassigned_units_do_not_count():
    events = visits(("K2", "U1", "2026-10-14 10:00:00"), ("K1", "U45", "2026-10-14 10:00:00"))
    found = coverage.evaluate(make_rule(**VISITS), {"visits": events, "staff": STAFF, "units": UNITS}, context(staff=STAFF))
    assert week(found, "K1") == (["fail"], [0.0])


def test_open_week_is_pending():
    found = coverage.evaluate(make_rule(**VISITS), {"visits": visits(), "staff": STAFF, "units": UNITS}, context(as_of="2026-10-14 12:00:00", staff=STAFF))
    assert week(found, "K1")[0] == ["pending"]
    assert week(found, "K1", "2026-10-05")[0] == ["fail"]
