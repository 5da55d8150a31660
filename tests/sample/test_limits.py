"""The sample generator breaks the thresholds of the rule pack it is given: edit a limit, and the seeded breaches
and the manifest follow — the checker, run with the same pack, finds exactly them."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.api import default_rules_dir, load_definitions
from checker.cli import main
from checker.sample.limits import Limits

EDITS = [("repairs/REP-01.yaml", "limit: 5min", "limit: 20min"), ("repairs/REP-04.yaml", "limits: {minor: 24h, medium: 3d}", "limits: {minor: 12h, medium: 2d}"),
         ("patrol/PAT-01.yaml", "params: {min_patrols: 2}", "params: {min_patrols: 3}"), ("complaints/CMP-01.yaml", "limit: 24h", "limit: 12h"),
         ("visits/VIS-06.yaml", "limit: 2d", "limit: 1d"), ("complaints/CMP-11.yaml", "after: 2d", "after: 3d"),
         ("profiles/desks.yaml", "params: {early_arrival: 5min}", "params: {early_arrival: 8min}"), ("complaints/CMP-03.yaml", "limit: 10d", "limit: 6d")]


@pytest.fixture(scope="module")
def edited_pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack") / "rules"
    shutil.copytree(default_rules_dir(), folder)
    for name, old, new in EDITS:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, name
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_limits_are_read_from_the_pack(edited_pack):
    shipped, edited = Limits.from_pack(load_definitions()[1]), Limits.from_pack(load_definitions(edited_pack)[1])
    assert (shipped.dispatch, shipped.repair, shipped.patrols_per_day, shipped.answer, shipped.callback) == (300, {"minor": 86400, "medium": 259200}, 2, 86400, 172800)
    assert (edited.dispatch, edited.repair, edited.patrols_per_day, edited.answer, edited.callback) == (1200, {"minor": 43200, "medium": 172800}, 3, 43200, 86400)
    assert edited.escalations["CMP-11-supervisor"] == 3 * 86400 and edited.major_solve == 6 * 86400
    assert shipped.visit_share == 0.05
    assert (shipped.early_arrival, edited.early_arrival["duty_office"]) == ({"": 15, "front_desk": 15, "duty_office": 5, "call_centre": 10}, 8)


def test_the_checker_finds_exactly_the_breaches_of_an_edited_pack(edited_pack, tmp_path):
    invoke = CliRunner().invoke
    export, out = tmp_path / "export", tmp_path / "out"
    made = invoke(main, ["sample", "--sites", "2", "--days", "40", "--seed", "5", "--start", "2026-09-25", "--rules", str(edited_pack), "--out", str(export)])
    assert made.exit_code == 0, made.output
    ran = invoke(main, ["run", "--data", str(export), "--from", "2026-09-25", "--to", "2026-11-03", "--as-of", "2027-01-01",
                        "--rules", str(edited_pack), "--out", str(out), "--quiet"])
    assert ran.exit_code == 0, ran.output
    found = pd.read_parquet(out / "findings.parquet")
    fails = found[found["status"] == "fail"].groupby("rule_id", observed=True).size()
    injected = json.loads((export / "manifest.json").read_text(encoding="utf-8"))["violations"]
    for rule_id in ("REP-01", "REP-04", "PAT-01", "CMP-01", "CMP-11-supervisor", "HND-02", "CMP-03-solve"):
        assert fails.get(rule_id, 0) == injected[rule_id]["violations"] > 0, rule_id
    assert fails.get("VIS-06", 0) + fails.get("VIS-06-leak", 0) == injected["VIS-06"]["violations"]
    patrols = found[found["rule_id"] == "PAT-01"]
    assert set(patrols["threshold"]) == {3.0}


def test_routine_visits_reach_the_rules_share_unless_breached():
    """With a share of 25 % of 20 units, an unbreached week reaches 5 distinct units; a breached one fewer."""
    import numpy as np

    from checker.sample.activity import routine_visits

    units = pd.DataFrame({"unit_id": [f"U{i}" for i in range(20)], "assigned_staff_id": "K1"})
    days = pd.date_range("2026-10-05", periods=28, freq="D")  # four whole ISO weeks
    visits = routine_visits(np.random.default_rng(3), units, days, 0.5, 0.25)
    weeks = pd.period_range("2026-10-05", periods=4, freq="W")
    per_week = visits.groupby(visits["visited_at"].dt.to_period("W"))["unit_id"].nunique().reindex(weeks, fill_value=0)
    assert set(per_week) <= {0, 1, 2, 5} and 5 in set(per_week) and (per_week < 5).any()
