"""The shifts_people group of the full-tier sample: a whole-range run finds exactly the breaches the manifest counts."""

import pandas as pd
import pytest

RULES = ["HND-03", "HND-05", "ATT-01", "ATT-02", "ATT-03", "SHF-01", "SHF-01-consecutive", "SHF-02", "SHF-02-form",
         "SHF-02-holiday-swap", "SHF-02-holiday-leave", "COM-04"]


def _fails(findings: pd.DataFrame, rule: str) -> pd.DataFrame:
    return findings[(findings["rule_id"] == rule) & (findings["status"] == "fail")]


@pytest.mark.parametrize("rule", RULES)
def test_the_run_finds_exactly_the_seeded_breaches(full_sample, rule):
    _, manifest, findings = full_sample
    seeded = manifest["violations"][rule]["violations"]
    assert seeded > 0
    assert len(_fails(findings, rule)) == seeded


@pytest.mark.parametrize("rule", RULES)
def test_passes_exist_too(full_sample, rule):
    _, _, findings = full_sample
    assert ((findings["rule_id"] == rule) & (findings["status"] == "pass")).sum() > 0


def test_the_new_datasets_are_written(full_sample):
    export, _, _ = full_sample
    for name in ("incidents", "requests", "attendance", "leave", "shift_swaps"):
        assert any(export.glob(f"{name}.*")), name
