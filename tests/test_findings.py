"""Finding keys: the stable identity of a finding, independent of wording, values and the run."""

import shutil

import pandas as pd
import pytest

from checker.api import default_rules_dir
from checker.evaluate import evaluate_pack
from checker.findings import COLUMNS, finding_keys
from checker.rulepack import load_rule_pack
from tests.conftest import CONTRACTS, context, typed


@pytest.mark.parametrize("row, key", [
    ({"subject_type": "record", "subject_id": "W00012", "period_start": "2026-10-03 09:15:00"}, "REP-01|record:W00012"),
    ({"subject_type": "staff", "subject_id": "K101", "period_start": "2026-10-05 00:00:00"}, "REP-01|staff:K101|2026-10-05"),
    ({"subject_type": "area", "subject_id": "A|1", "period_start": "2026-10-31 00:00:00"}, "REP-01|area:A|1|2026-10-31"),
    ({"subject_type": "site", "subject_id": None, "period_start": "2026-10-01 00:00:00"}, "REP-01|*|2026-10-01"),
])
def test_keys_by_hand(row, key):
    frame = pd.DataFrame([row]).assign(period_start=lambda f: pd.to_datetime(f["period_start"]))
    assert finding_keys("REP-01", frame).tolist() == [key]


def patrol_findings(pack):
    areas = typed("areas", [{"area_id": "A1", "site_id": "S1", "assigned_staff_id": "K1"}])
    patrols = typed("patrols", [{"patrol_id": "P1", "staff_id": "K1", "area_id": "A1", "started_at": "2026-10-12 09:00:00"}])
    handovers = typed("handovers", [{"handover_id": "H1", "site_id": "S1", "desk": "front_desk", "shift_start": "2026-10-10 08:00:00",
                                     "outgoing_staff_id": "A", "incoming_staff_id": "B", "incoming_arrived_at": "2026-10-10 07:52:00",
                                     "outgoing_signed": "是", "incoming_signed": "是"}])
    pack.rules = [r for r in pack.rules if r.rule.id in ("PAT-01", "HND-02")]
    return evaluate_pack(pack, {"areas": areas, "patrols": patrols, "handovers": handovers}, context())


def test_keys_survive_rewording_and_new_thresholds(tmp_path):
    """A rule pack whose titles and thresholds change keeps every finding's key (appeals keep pointing at it)."""
    before = patrol_findings(load_rule_pack(default_rules_dir(), CONTRACTS))
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    path = folder / "patrol" / "PAT-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("min_patrols: 2", "min_patrols: 3").replace("title: {zh: \"", "title: {zh: \"新 "), encoding="utf-8")
    after = patrol_findings(load_rule_pack(folder, CONTRACTS))
    assert before["finding_key"].tolist() == after["finding_key"].tolist()
    assert before["finding_key"].is_unique
    assert "HND-02|record:H1" in set(before["finding_key"])
    assert "PAT-01|area:A1|2026-10-12" in set(before["finding_key"])
    assert list(before.columns) == COLUMNS and COLUMNS[-2:] == ["note", "finding_key"]


def test_note_is_the_outcome_code_behind_the_status():
    found = patrol_findings(load_rule_pack(default_rules_dir(), CONTRACTS)).set_index("finding_key")
    assert found.loc["PAT-01|area:A1|2026-10-12", ["status", "note"]].tolist() == ["fail", "count_low"]
    assert found.loc["HND-02|record:H1", ["status", "note"]].tolist() == ["fail", "record_short"]  # 8 minutes early at the front desk, which asks 15
