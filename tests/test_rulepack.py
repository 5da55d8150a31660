"""Rule-pack loading: every problem at once, located by file and line, with did-you-mean hints."""

import shutil
from pathlib import Path

import pytest

from checker.api import default_rules_dir, load_definitions
from checker.errors import DefinitionError
from checker.rulepack import load_rule_pack
from tests.conftest import CONTRACTS

GOOD = """\
id: REP-01
title: {zh: 派单, en: dispatch}
catalog_ids: [REP-01]
source: {document: JD, clause: "4.3.3", quote: 五分钟内}
description: dispatch within 5 minutes
kind: deadline
clock: calendar
dataset: work_orders
start: reported_at
end: dispatched_at
limit: 5min
staff_column: received_by
"""


def pack(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "rules" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "rules"


def problems(folder: Path) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_rule_pack(folder, CONTRACTS)
    return [str(p).replace(str(folder) + "/", "") for p in caught.value.problems]


def test_shipped_pack_is_valid_and_names_every_core_standard():
    _, loaded = load_definitions()
    named = {c for r in loaded.rules for c in r.rule.catalog_ids}
    core = {"PAT-01", "VIS-01", "VIS-05", "VIS-06", "REP-01", "REP-02", "REP-04", "REP-05", "CMP-01", "CMP-03",
            "CMP-04", "CMP-05", "CMP-11", "HND-01", "HND-02"}
    assert core <= named


def test_unknown_field_is_reported_at_its_line_with_a_hint(tmp_path):
    folder = pack(tmp_path, {"x.yaml": GOOD.replace("limit: 5min", "limit: 5min\nlimt: 3min")})
    assert problems(folder) == ["x.yaml:12: unknown field 'limt' (did you mean 'limit'?)"]


def test_every_problem_in_every_file_at_once(tmp_path):
    files = {
        "a.yaml": GOOD.replace("kind: deadline", "kind: deadlin"),
        "b.yaml": GOOD.replace("id: REP-01", "id: REP-02").replace("dataset: work_orders", "dataset: work_order"),
        "c.yaml": GOOD.replace("id: REP-01", "id: REP-03").replace("end: dispatched_at", "end: dispached_at"),
        "d.yaml": GOOD.replace("id: REP-01", "id: REP-04").replace("limit: 5min", "limit: five minutes"),
        "e.yaml": "id: [unclosed\n",
    }
    found = problems(pack(tmp_path, files))
    assert found[0].startswith("a.yaml:6: unknown kind 'deadlin' (did you mean 'deadline'?)")
    assert "b.yaml:8: unknown dataset 'work_order' (did you mean 'work_orders'?)" in found
    assert "c.yaml:10: dataset work_orders has no column 'dispached_at' (did you mean 'dispatched_at'?)" in found
    assert any(p.startswith("d.yaml:11: limit: ") and "not a duration" in p for p in found)
    assert any(p.startswith("e.yaml:") and "invalid YAML" in p for p in found)


def test_duplicate_ids_and_unknown_params(tmp_path):
    files = {"a.yaml": GOOD, "b.yaml": GOOD, "c.yaml": GOOD.replace("id: REP-01", "id: REP-09").replace("limit: 5min", "limit: $limt\nparams: {limit: 5min}")}
    found = problems(pack(tmp_path, files))
    assert any(p.startswith("b.yaml:1: rule id REP-01 is also defined in") for p in found)
    assert "c.yaml:11: unknown parameter '$limt' (did you mean 'limit'?)" in found


def test_where_columns_are_checked_against_the_contract(tmp_path):
    found = problems(pack(tmp_path, {"x.yaml": GOOD + "where: {catgory: minor}\n"}))
    assert found == ["x.yaml:13: dataset work_orders has no column 'catgory' (did you mean 'category'?)"]


def test_profile_problems_are_located(tmp_path):
    profile = """\
profile: sites
overrides:
  - rule: REP-1
    when: {site_id: S1}
    params: {x: 1}
  - rule: REP-01
    when: {desk: front_desk}
"""
    found = problems(pack(tmp_path, {"x.yaml": GOOD, "profiles/sites.yaml": profile}))
    assert found == ["profiles/sites.yaml:3: unknown rule 'REP-1' (did you mean 'REP-01'?)",
                     "profiles/sites.yaml:7: 'when' names ['desk'], which no dataset of rule REP-01 has"]


def test_parameters_and_profile_overrides_make_variants(tmp_path):
    rule = GOOD.replace("limit: 5min", "limit: $dispatch\nparams: {dispatch: 5min}")
    profile = "profile: sites\noverrides:\n  - rule: REP-01\n    when: {site_id: S2}\n    params: {dispatch: 10min}\n"
    loaded = load_rule_pack(pack(tmp_path, {"x.yaml": rule, "profiles/sites.yaml": profile}), CONTRACTS)
    entry = loaded.get("REP-01")
    assert entry.rule.limit.total_seconds() == 300
    assert entry.variant(1).limit.total_seconds() == 600


def test_scoring_policy_problems_are_reported(tmp_path):
    folder = pack(tmp_path, {"x.yaml": GOOD, "scoring.yaml": "status_values: {pass: 1}\nseverity_factor: {}\n"})
    found = problems(folder)
    assert any("unknown field 'severity_factor' (did you mean 'severity_factors'?)" in p for p in found)
    assert any("missing ['exempt', 'fail', 'not_evaluated', 'pending']" in p for p in found)


def test_a_copy_of_the_shipped_pack_with_a_typo_fails_validation(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    path = folder / "handover" / "HND-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("time_column: shift_start", "time_colum: shift_start"), encoding="utf-8")
    found = problems(folder)
    assert any(p.startswith("handover/HND-02.yaml:") and "unknown field 'time_colum' (did you mean 'time_column'?)" in p for p in found)


def test_calendar_problems_are_located(tmp_path):
    calendar = "default:\n  working_hours: [\"08:30-12:00\"]\n  weekday: [mon]\nsites:\n  S1:\n    working_hours: [\"9-12\"]\n"
    found = problems(pack(tmp_path, {"x.yaml": GOOD, "calendar.yaml": calendar}))
    assert "calendar.yaml:3: unknown field 'weekday' (did you mean 'weekdays'?)" in found
    assert any(p.startswith("calendar.yaml:6: sites.S1.working_hours") and "HH:MM-HH:MM" in p for p in found)
