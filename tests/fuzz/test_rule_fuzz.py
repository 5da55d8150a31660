"""Seeded fuzzing of rule files: every mutant either loads or is a located DefinitionError, and every mutant that
loads evaluates without an error — `rules validate` catches what the run would trip on."""

import random
import re
import shutil
from pathlib import Path

import pytest

from checker.api import default_rules_dir, load_definitions
from checker.calendar import Calendars
from checker.errors import DefinitionError
from checker.evaluate import evaluate_pack
from checker.gate import gate_export
from checker.kinds.base import Context
from checker.period import Period
from tests.fuzz.guard import survives

SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "sample"
RULES = ["repairs/REP-01.yaml", "repairs/REP-04.yaml", "handover/HND-02.yaml", "handover/HND-01.yaml", "patrol/PAT-01.yaml",
         "visits/VIS-05.yaml", "visits/VIS-01.yaml", "visits/VIS-06.yaml", "complaints/CMP-11.yaml", "complaints/CMP-02.yaml",
         "complaints/CMP-05.yaml"]
NASTY = [".inf", "-1", "{x}", "2026-13-01", "&a", "*a", "~", "[]", "{}", "x" * 300, "maybe", '"=1+1"', "0", "1e309", "null",
         "'", "{", "- a", ": :", "5min", "3wd", "99999999d", "working", "end_of_day", "staff", "true", "-5min", "0d", "1.5",
         "site_id", "reported_at", "{column: site_id}", "[minor, medium]", "{in: [x]}", "{empty: maybe}", "$nope", "2026-02-30"]
MUTANTS_PER_RULE = 100  # 11 rules: 1,100 mutants
TOKEN = re.compile(r"[A-Za-z_$][\w$-]*|\d[\w.:-]*|[{}\[\],:]")


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    operation = rng.choice(["delete", "duplicate", "replace", "replace", "duplicate_key"])
    i = rng.randrange(len(lines))
    if operation == "delete":
        return "".join(lines[:i] + lines[i + 1:])
    if operation == "duplicate":
        return "".join(lines[:i + 1] + lines[i:])
    if operation == "duplicate_key":
        key = re.match(r"\s*([\w-]+):", lines[i])
        return text if key is None else "".join(lines[:i + 1] + [f"{key.group(0)} {rng.choice(NASTY)}\n"] + lines[i + 1:])
    spans = [m.span() for m in TOKEN.finditer(lines[i])]
    if not spans:
        return text
    start, end = rng.choice(spans)
    replacement = rng.choice(NASTY + TOKEN.findall(text))
    return "".join(lines[:i] + [lines[i][:start] + replacement + lines[i][end:]] + lines[i + 1:])


@pytest.fixture(scope="module")
def data():
    from checker.contracts import default_contracts_dir, load_contracts

    contracts = load_contracts(default_contracts_dir())
    return contracts, gate_export(SAMPLE, contracts, {}).accepted


def minimal_pack(folder: Path, rule: str) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / Path(rule).parent).mkdir(parents=True)
    for name in ("pack.yaml", "scoring.yaml", "calendar.yaml"):
        shutil.copy(default_rules_dir() / name, folder / name)
    if rule.startswith("handover/HND-02"):  # the desk profiles target HND-02 (the other profiles target rules not copied here)
        (folder / "profiles").mkdir()
        shutil.copy(default_rules_dir() / "profiles" / "desks.yaml", folder / "profiles" / "desks.yaml")
    return folder


def check_mutant(folder: Path, data) -> str:
    contracts, accepted = data
    try:
        _, pack = load_definitions(folder)
    except DefinitionError as exc:
        assert all(p.file for p in exc.problems)
        return "refused"
    ctx = Context("fuzz", Period.parse("2026-10"), Period.parse("2026-10").end, contracts, Calendars(pack.calendar), accepted.get("staff"))
    evaluate_pack(pack, accepted, ctx)
    return "loaded"


@pytest.mark.parametrize("rule", RULES)
def test_rule_mutants_load_or_are_refused_and_never_break_a_run(tmp_path, data, rule):
    rng = random.Random(f"svccheck-{rule}")
    original = (default_rules_dir() / rule).read_text(encoding="utf-8")
    folder = minimal_pack(tmp_path / "rules", rule)
    outcomes = {"refused": 0, "loaded": 0}
    for n in range(MUTANTS_PER_RULE):
        text = mutate(mutate(original, rng), rng) if n % 3 == 0 else mutate(original, rng)
        (folder / rule).write_text(text, encoding="utf-8")
        with survives(f"mutant {n} of {rule}:\n{text}\n", 10):
            outcomes[check_mutant(folder, data)] += 1
    assert outcomes["refused"] > 10 and outcomes["loaded"] > 5, outcomes
