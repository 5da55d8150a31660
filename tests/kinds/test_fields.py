"""Fields exist only on the kinds that use them; a single value stands for a one-item list in any kind."""

import pytest
from pydantic import ValidationError

from tests.conftest import make_rule

DEADLINE = dict(kind="deadline", dataset="work_orders", clock="calendar", start="reported_at", end="dispatched_at",
                limit="5min", staff_column="received_by")
COUNT = dict(kind="count", dataset="patrols", time_column="started_at", window="day",
             subjects={"dataset": "areas", "key": "area_id", "type": "area"}, match={"area_id": "area_id"}, min=2)


@pytest.mark.parametrize("fields, extra", [(DEADLINE, {"role": ["service_staff"]}), (COUNT, {"evidence_columns": ["x"]})])
def test_a_field_of_another_kind_is_refused(fields, extra):
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        make_rule(**fields, **extra)


def test_fields_on_their_own_kinds():
    assert make_rule(**COUNT, role="service_staff").role == ["service_staff"]
    rule = make_rule(**DEADLINE, evidence_columns="unit_id")
    assert rule.evidence_columns == ["unit_id"] and rule.end == ["dispatched_at"] and rule.staff_column == ["received_by"]
    assert "unit_id" in rule.columns_used()["work_orders"]
