"""Evaluating a pack: profile overrides per site and desk partition the data; missing datasets; lookups."""

import shutil

import pandas as pd
import pytest

from checker.api import default_rules_dir
from checker.evaluate import apply_lookup, evaluate_pack
from checker.kinds.base import Lookup
from checker.messages import rule_texts, word_findings
from checker.rulepack import load_rule_pack
from tests.conftest import CONTRACTS, context, typed


def site_pack(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "profiles" / "sites.yaml").write_text(
        "profile: sites\noverrides:\n  - rule: PAT-01\n    when: {site_id: S2}\n    params: {min_patrols: 3}\n    note: site S2 patrols three times\n",
        encoding="utf-8")
    return load_rule_pack(folder, CONTRACTS)


def test_a_site_profile_changes_the_parameter_for_that_site_only(tmp_path):
    pack = site_pack(tmp_path)
    areas = typed("areas", [{"area_id": "A1", "site_id": "S1", "assigned_staff_id": "K1"}, {"area_id": "A2", "site_id": "S2", "assigned_staff_id": "K2"}])
    patrols = typed("patrols", [{"patrol_id": f"P{i}", "staff_id": k, "area_id": a, "started_at": t} for i, (k, a, t) in enumerate(
        [("K1", "A1", "2026-10-12 09:00:00"), ("K1", "A1", "2026-10-12 15:00:00"),
         ("K2", "A2", "2026-10-12 09:00:00"), ("K2", "A2", "2026-10-12 15:00:00")])])
    pack.rules = [r for r in pack.rules if r.rule.id == "PAT-01"]
    found = evaluate_pack(pack, {"areas": areas, "patrols": patrols}, context())
    day = found[found["period_start"] == pd.Timestamp("2026-10-12")].set_index("subject_id")
    assert day.loc["A1", ["status", "threshold"]].tolist() == ["pass", 2.0]
    assert day.loc["A2", ["status", "threshold"]].tolist() == ["fail", 3.0]
    assert len(found) == 2 * 18


def test_desk_profiles_apply_per_record():
    pack = load_rule_pack(default_rules_dir(), CONTRACTS)
    pack.rules = [r for r in pack.rules if r.rule.id == "HND-02"]
    rows = [{"handover_id": f"H{i}", "site_id": "S1", "desk": desk, "shift_start": "2026-10-10 08:00:00", "outgoing_staff_id": "A",
             "incoming_staff_id": "B", "incoming_arrived_at": "2026-10-10 07:52:00", "outgoing_signed": "是", "incoming_signed": "是"}
            for i, desk in enumerate(["front_desk", "duty_office", "call_centre"])]
    found = evaluate_pack(pack, {"handovers": typed("handovers", rows)}, context())
    assert dict(zip(found["record_id"], zip(found["status"], found["threshold"]))) == {
        "H0": ("fail", 15.0), "H1": ("pass", 5.0), "H2": ("fail", 10.0)}  # 8 minutes early at each desk


def test_missing_dataset_gives_one_not_evaluated_finding_per_rule():
    pack = load_rule_pack(default_rules_dir(), CONTRACTS)
    found = evaluate_pack(pack, {}, context())
    assert len(found) == len(pack.rules)
    assert set(found["status"]) == {"not_evaluated"}
    assert found.set_index("rule_id").loc["HND-02", "note"] == "missing_dataset"
    texts = rule_texts((r.rule for r in pack.rules), {"HND-02": ["handovers"]})
    worded = found.assign(message=word_findings(found, texts, "en")).set_index("rule_id")
    assert worded.loc["HND-02", "message"] == ("Incoming shift arrives early enough: not evaluated — the export has no handovers "
                                               "(each dataset is one .csv, .xlsx or .parquet file)")


def test_lookup_earliest_count_and_keys():
    orders = typed("work_orders", [{"order_id": o, "site_id": "S1", "category": "minor", "facility": "other", "reported_at": "2026-10-10 09:00:00",
                                    "received_by": "Q1"} for o in ("W1", "W2")])
    visits = typed("visits", [{"visit_id": v, "staff_id": "K1", "unit_id": "U1", "visited_at": t, "channel": "phone", "purpose": p, "ref_id": "W1",
                               "outcome": "reached"} for v, t, p in (("V1", "2026-10-12 09:00:00", "repair_callback"), ("V2", "2026-10-11 09:00:00", "repair_callback"),
                                                                     ("V3", "2026-10-10 09:00:00", "routine"))])
    lookup = Lookup(dataset="visits", match={"ref_id": "order_id"}, where={"purpose": "repair_callback"},
                    earliest={"first": "visited_at"}, count="n", keys="ids")
    joined = apply_lookup(orders, lookup, {"visits": visits}, "visit_id").set_index("order_id")
    assert joined.loc["W1", ["first", "n", "ids"]].tolist() == [pd.Timestamp("2026-10-11 09:00:00"), 2, "V1;V2"]
    assert joined.loc["W2", "n"] == 0 and pd.isna(joined.loc["W2", "first"])


def test_a_lookup_on_an_empty_related_dataset_adds_empty_columns():
    orders = typed("work_orders", [{"order_id": "W1", "site_id": "S1", "category": "minor", "facility": "other",
                                    "reported_at": "2026-10-10 09:00:00", "received_by": "Q1", "completed_at": "2026-10-10 12:00:00"}])
    lookup = Lookup(dataset="visits", match={"ref_id": "order_id"}, earliest={"callback_at": "visited_at"}, count="callbacks", keys="callback_ids")
    joined = apply_lookup(orders, lookup, {"visits": typed("visits", [])}, "visit_id")
    assert joined["callback_at"].isna().all() and pd.api.types.is_datetime64_any_dtype(joined["callback_at"])
    assert joined["callbacks"].tolist() == [0] and joined["callback_ids"].isna().all()
    assert apply_lookup(orders.iloc[0:0], lookup, {"visits": typed("visits", [])}, "visit_id").empty


@pytest.mark.parametrize(("as_of", "status"), [
    ("2026-10-06 10:00:00", "fail"),   # the callback of 10-06 10:00:01 is not made yet, and the 3-day grace is over
    ("2026-10-06 10:00:01", "pass"),   # made exactly at as-of: known
    ("2026-10-03 09:00:00", "pending"),  # not made yet, still within the grace
])
def test_a_related_record_made_after_as_of_does_not_count(as_of, status):
    """VIS-05 counts callbacks; one recorded after as-of did not exist at as-of (the batch once counted it)."""
    from tests.conftest import evaluate_rule

    orders = typed("work_orders", [{"order_id": "W1", "site_id": "S1", "category": "minor", "facility": "other", "unit_id": "U1",
                                    "reported_at": "2026-10-01 08:00:00", "received_by": "Q1", "completed_at": "2026-10-01 09:00:00"}])
    visits = typed("visits", [{"visit_id": "V1", "staff_id": "Q1", "unit_id": "U1", "visited_at": "2026-10-06 10:00:01", "channel": "phone",
                               "purpose": "repair_callback", "ref_id": "W1", "outcome": "reached"}])
    found = evaluate_rule("VIS-05", {"work_orders": orders, "visits": visits}, as_of=as_of)
    assert found.loc[found["record_id"] == "W1", "status"].tolist() == [status]
