"""The sample's repairs follow-up, complaint tickets, move-ins and fees: a run finds exactly the breaches seeded."""

from __future__ import annotations

import pytest

RULES = ["VIS-07-repair", "VIS-07-complaint", "VIS-08", "REP-03", "REP-06-timely", "REP-06-qualified", "REP-06-rework", "CMP-07", "CMP-07-reason", "CMP-09",
         "MOV-01", "MOV-02", "FEE-01", "FEE-02", "FEE-03", "FEE-04-age", "FEE-04-amount"]


@pytest.mark.parametrize("rule", RULES)
def test_the_run_fails_exactly_the_seeded_breaches(full_sample, rule):
    _, manifest, findings = full_sample
    fails = int(((findings["rule_id"] == rule) & (findings["status"] == "fail")).sum())
    assert fails == manifest["violations"][rule]["violations"]
    assert fails > 0


@pytest.mark.parametrize("rule", [r for r in RULES if not r.startswith("REP-06")])
def test_passes_exist_too(full_sample, rule):
    _, _, findings = full_sample
    assert ((findings["rule_id"] == rule) & (findings["status"] == "pass")).sum() > 0
