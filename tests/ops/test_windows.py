"""Which windows a period judges: every rule judges something or says why; VIS-05 per work order; the boundaries."""

from __future__ import annotations

import pandas as pd
import pytest

from checker import api
from checker.calendar import Calendars
from checker.evaluate import evaluate_pack
from checker.kinds.base import Context
from checker.period import Period
from checker.windows import say_why
from tests.catalog.test_june2026 import AS_OF, assemble, write_export

REASONS = {"window_not_in_period", "nothing_in_period", "missing_dataset"}


@pytest.fixture(scope="module")
def june(tmp_path_factory):
    """The hand-built June 2026 export, gated once; each test evaluates the pack over its own period."""
    rows, _, _ = assemble()
    folder = tmp_path_factory.mktemp("june-windows") / "export"
    write_export(folder, rows)
    contracts, pack = api.load_definitions()
    result = api.run(folder, Period.parse(None, "2026-06-01", "2026-06-28"), pd.Timestamp(AS_OF), definitions=(contracts, pack), keep_data=True)
    return result.gate.accepted, contracts, pack


def over(june, period: Period) -> pd.DataFrame:
    data, contracts, pack = june
    ctx = Context("test", period, pd.Timestamp(AS_OF), contracts, Calendars(pack.calendar), data.get("staff"))
    found = say_why([r.rule for r in pack.rules], evaluate_pack(pack, data, ctx), ctx)  # as api.run does
    return found.astype({"rule_id": str, "note": str, "status": str})


def days(first: str, last: str) -> Period:
    return Period.parse(None, first, last)


def completed_orders(june, period: Period) -> set[str]:
    """VIS-05's records, counted directly: completed unit orders with a receiver, completed inside the period."""
    orders = june[0]["work_orders"]
    inside = period.contains(orders["completed_at"]) & orders["unit_id"].notna() & orders["received_by"].notna()
    return set(orders.loc[inside, "order_id"].astype(str))


def test_a_four_week_audit_judges_every_rule_or_says_why(june):
    found = over(june, days("2026-06-01", "2026-06-28"))
    pack = june[2]
    assert set(found["rule_id"]) == {r.rule.id for r in pack.rules}  # nothing vanishes
    for rule_id, rows in found.groupby("rule_id"):
        if (rows["status"] == "not_evaluated").all() and rows["record_id"].isna().all():
            assert set(rows["note"]) <= REASONS, rule_id
    com = found[found["rule_id"] == "COM-01"]  # per site per month: June ends on the 30th, after the audit
    assert com[["status", "note"]].values.tolist() == [["not_evaluated", "window_not_in_period"]]
    assert (com["period_start"].iloc[0], com["period_end"].iloc[0]) == (pd.Timestamp("2026-06-01"), pd.Timestamp("2026-07-01"))
    vis = found[found["rule_id"] == "VIS-05"]
    assert set(vis["record_id"]) == completed_orders(june, days("2026-06-01", "2026-06-28")) != set()
    assert set(vis["status"]) <= {"pass", "fail", "pending"} and vis["measured"].between(0, 1).all()


def test_exactly_a_month_judges_the_monthly_windows(june):
    found = over(june, Period.parse("2026-06"))
    assert set(found.loc[found["note"] == "window_not_in_period", "rule_id"]) == {"COM-05"}  # the only yearly rule
    com = found[found["rule_id"] == "COM-01"]
    assert set(com["status"]) <= {"pass", "fail"} and len(com) == 2  # two sites, June
    assert set(found.loc[found["rule_id"] == "VIS-05", "record_id"]) == completed_orders(june, Period.parse("2026-06"))


def test_a_month_minus_a_day_says_why_monthly_rules_wait(june):
    period = days("2026-06-01", "2026-06-29")
    found = over(june, period)
    monthly = {"COM-01", "COM-06", "QA-01", "VIS-03", "PAT-04", "SHF-01", "REP-06-timely"}
    for rule_id in monthly:
        assert found.loc[found["rule_id"] == rule_id, "note"].tolist() == ["window_not_in_period"], rule_id
    assert set(found.loc[found["rule_id"] == "VIS-05", "record_id"]) == completed_orders(june, period)
    weekly = found[found["rule_id"] == "DUT-02"]  # ISO weeks ending by Sunday 06-28 are judged
    assert set(weekly["period_start"].dt.strftime("%m-%d")) == {"06-01", "06-08", "06-15", "06-22"}


def test_a_week(june):
    found = over(june, Period.parse("2026-W23"))
    weekly = found[found["rule_id"] == "DUT-02"]
    assert set(weekly["period_start"].dt.strftime("%m-%d")) == {"06-01"} and set(weekly["status"]) <= {"pass", "fail"}
    assert found.loc[found["rule_id"] == "COM-01", "note"].tolist() == ["window_not_in_period"]
    vis = found[found["rule_id"] == "VIS-05"]
    assert set(vis["record_id"]) == completed_orders(june, Period.parse("2026-W23"))
