"""The derived-facts step (checker/facts.py): validation against the contracts, the derivations, and the run's hook."""

import shutil

import pandas as pd
import pytest

from checker import api
from checker.api import default_rules_dir, load_definitions
from checker.errors import DefinitionError
from checker.facts import Derive, apply_facts, load_facts
from checker.period import Period
from tests.conftest import CONTRACTS, typed

RECLASSIFY = """id: X-01
kind: reclassify
title: {zh: 测试, en: test}
catalog_ids: [CMP-10]
source: {document: JD, clause: "1", quote: 测试}
description: test
dataset: complaints
start: received_at
closed: resolved_at
after_months: 1
set: {severity: major}
original: {severity: severity_derived_from}
since: reclassified_at
"""


def pack_with_fact(tmp_path, text):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "facts" / "CMP-10.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("edit", "message"), [
    (("set: {severity: major}", "set: {severity: majro}"), "'severity' has no value 'majro' (did you mean 'major'?)"),
    (("since: reclassified_at", "since: reclasified_at"), "has no column 'reclasified_at' (did you mean 'reclassified_at'?)"),
    (("since: reclassified_at", "since: severity"), "'severity' must be a date or timestamp column"),
    (("original: {severity: severity_derived_from}", "original: {severity: handler_id}"), "'handler_id' must have the type and values of 'severity'"),
    (("after_months: 1", "after_months: 0"), "after_months"),
    (("dataset: complaints", "dataset: complaint"), "unknown dataset 'complaint' (did you mean 'complaints'?)"),
])
def test_a_bad_fact_is_refused_with_its_file(tmp_path, edit, message):
    folder = pack_with_fact(tmp_path, RECLASSIFY.replace(*edit))
    with pytest.raises(DefinitionError) as caught:
        load_definitions(folder)
    problems = caught.value.problems
    assert any(message in p.message for p in problems), [p.message for p in problems]
    assert all(p.file.endswith("CMP-10.yaml") for p in problems)
    edited_line = next(i for i, line in enumerate(RECLASSIFY.replace(*edit).splitlines(), 1) if edit[1] in line)
    assert any(p.line == edited_line for p in problems), [(p.line, p.message) for p in problems]


def test_a_derivation_names_exactly_one_operation():
    with pytest.raises(ValueError, match="exactly one of"):
        Derive.model_validate({"id": "d", "kind": "derive", "description": "x", "dataset": "arrears",
                               "columns": {"billing_start": {"month_start": "billing_month", "month_of": "billing_month"}}})
    wrong = Derive.model_validate({"id": "d", "kind": "derive", "description": "x", "dataset": "arrears",
                                   "columns": {"billing_start": {"month_of": "arrears_since"}}})
    assert wrong.problems(CONTRACTS["arrears"]) == ["column 'billing_start' is timestamp; this derivation makes str"]


def test_the_shipped_facts_load_and_the_rule_loader_leaves_them_alone():
    contracts, pack = load_definitions()
    facts = load_facts(pack.folder, contracts)
    assert [f.id for f in facts] == ["CMP-10-major", "arrears-dates", "reminder-dates"]
    assert not any(r.doc.file.startswith(str(pack.folder / "facts")) for r in pack.rules)


def test_fee_derivations():
    ledger = typed("arrears", [
        {"unit_id": "U1", "site_id": "S1", "billing_month": "2026-02", "amount_outstanding": "100.5", "arrears_since": "2025-08-31"},
        {"unit_id": "U1", "site_id": "S1", "billing_month": "2026-03", "amount_outstanding": "200", "arrears_since": "2026-03-31",
         "reported_to_committee_at": "2026-04-01 10:00"},
        {"unit_id": "U2", "site_id": "S1", "billing_month": "2026-03", "amount_outstanding": "50", "arrears_id": "LEDGER-7"}])
    reminders = typed("fee_reminders", [{"reminder_id": "R1", "unit_id": "U1", "site_id": "S1", "staff_id": "K1", "billing_month": "2026-03",
                                         "reminded_at": "2025-11-30 10:00", "channel": "phone"}])
    _, pack = load_definitions()
    derived = apply_facts(load_facts(pack.folder, CONTRACTS), {"arrears": ledger, "fee_reminders": reminders}, pd.Timestamp("2026-10-01"))
    rows = derived["arrears"]
    assert rows["arrears_id"].tolist() == ["U1|2026-02", "U1|2026-03", "LEDGER-7"]          # an exported key is kept
    assert rows["billing_start"].tolist() == [pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-01")]
    assert rows["latest_billing_month"].tolist() == ["2026-03", "2026-03", "2026-03"]
    assert rows["unit_outstanding"].tolist() == [300.5, 300.5, 50.0]
    assert rows["half_year_at"].iloc[0] == pd.Timestamp("2026-02-28")                        # 08-31 + 6 months
    assert rows["unit_reported_at"].iloc[0] == pd.Timestamp("2026-04-01 10:00")
    one = derived["fee_reminders"].iloc[0]
    assert (one["reminded_month"], one["letter_due_at"]) == ("2025-11", pd.Timestamp("2026-02-28 10:00"))


def test_a_fact_whose_dataset_is_missing_is_skipped():
    _, pack = load_definitions()
    assert apply_facts(load_facts(pack.folder, CONTRACTS), {}, pd.Timestamp("2026-10-01")) == {}


def test_a_run_applies_the_facts_before_the_rules(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "sites.csv").write_text("site_id,site_name\nS1,翠湖\n", encoding="utf-8")
    (export / "staff.csv").write_text("staff_id,name,role,site_id\nR1,甲,receptionist,S1\n", encoding="utf-8")
    (export / "complaints.csv").write_text(
        "complaint_id,site_id,received_at,received_by,severity,valid\n"
        "C1,S1,2026-09-20 10:00,R1,important,是\n"                 # open a month on 10-20: major from then
        "C2,S1,2026-10-02 10:00,R1,minor,是\n", encoding="utf-8")   # the month runs out after as-of
    result = api.run(export, Period.parse("2026-10"), pd.Timestamp("2026-11-01"), keep_data=True)
    complaints = result.gate.accepted["complaints"].set_index("complaint_id")
    assert complaints.loc["C1", ["severity", "severity_derived_from"]].tolist() == ["major", "important"]
    found = result.findings
    assert found.loc[found["rule_id"] == "CMP-10", ["record_id", "status"]].astype(str).values.tolist() == [["C1", "fail"]]
    solve = found[found["rule_id"] == "CMP-03-solve"]
    assert solve[["record_id", "status"]].astype(str).values.tolist() == [["C1", "fail"]]   # due 10-30 10:00, still open
