"""The default as-of: the end of the period, or the newest record of the export (by the contracts' extent)."""

import pandas as pd
import pytest

from checker.api import default_as_of
from checker.period import Period
from tests.conftest import CONTRACTS, typed

OCTOBER = Period.parse("2026-10")


def orders(reported: str, agreed: str | None = None):
    return typed("work_orders", [{"order_id": "W1", "site_id": "S1", "category": "minor", "facility": "other",
                                  "reported_at": reported, "received_by": "K1", "agreed_start_at": agreed}])


def test_planned_times_after_the_data_do_not_move_the_as_of():
    """The data ends on 10-14; one agreed visit time of 10-28 must not make the run judge up to 10-28."""
    chosen = default_as_of(OCTOBER, {"work_orders": orders("2026-10-14 17:30:00", "2026-10-28 09:00:00")}, CONTRACTS)
    assert chosen.moment == pd.Timestamp("2026-10-14 17:30:00")
    assert (chosen.basis, chosen.dataset, chosen.column) == ("export_end", "work_orders", "reported_at")


def test_the_newest_record_over_every_dataset_wins():
    visits = typed("visits", [{"visit_id": "V1", "staff_id": "K1", "unit_id": "U1", "visited_at": "2026-10-15 08:00:00",
                               "channel": "door", "purpose": "routine", "outcome": "reached"}])
    chosen = default_as_of(OCTOBER, {"work_orders": orders("2026-10-14 17:30:00"), "visits": visits}, CONTRACTS)
    assert (chosen.moment, chosen.dataset, chosen.column) == (pd.Timestamp("2026-10-15 08:00:00"), "visits", "visited_at")


@pytest.mark.parametrize("newest, moment, basis", [
    ("2026-10-01 00:00:00", "2026-10-01 00:00:00", "export_end"),   # exactly at the start: judged as of then
    ("2026-10-31 23:59:59", "2026-10-31 23:59:59", "export_end"),   # one second before the end
    ("2026-11-01 00:00:00", "2026-11-01 00:00:00", "period_end"),   # reaches the end
    ("2026-12-05 00:00:00", "2026-11-01 00:00:00", "period_end"),   # beyond it
    ("2026-09-30 23:59:59", "2026-11-01 00:00:00", "period_end"),   # nothing inside the period
])
def test_boundaries(newest, moment, basis):
    chosen = default_as_of(OCTOBER, {"work_orders": orders(newest)}, CONTRACTS)
    assert (chosen.moment, chosen.basis) == (pd.Timestamp(moment), basis)


def test_an_export_without_records_is_judged_at_the_period_end():
    staff = typed("staff", [{"staff_id": "K1", "name": "张三", "role": "service_staff", "site_id": "S1", "active_to": "2027-06-30"}])
    chosen = default_as_of(OCTOBER, {"staff": staff, "work_orders": orders("2026-10-01 00:00:00").iloc[0:0]}, CONTRACTS)
    assert (chosen.moment, chosen.basis, chosen.column) == (OCTOBER.end, "period_end", None)


def test_every_extent_column_is_a_time_at_which_a_record_came_into_being():
    planned = {"agreed_start_at", "owner_deadline", "active_to", "active_from", "takeover_date", "status_since"}
    for contract in CONTRACTS.values():
        assert not planned & set(contract.extent), contract.dataset
    assert CONTRACTS["work_orders"].extent == ["reported_at"]
