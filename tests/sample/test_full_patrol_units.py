"""The sample's patrol and unit standards (PAT-02…05, VIS-03, REN-01, DUT-04, DUT-05*): a run finds exactly the breaches the manifest counts."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.sample.conftest import sample_and_run

RULES = ["PAT-02", "PAT-03", "PAT-04", "PAT-04-new", "VIS-03", "REN-01", "DUT-04", "DUT-05", "DUT-05-pages", "DUT-05-signed"]
APRIL = ("2026-03-25", 45)  # holds April whole: PAT-05 judges only a quarter's first month


def _count(findings: pd.DataFrame, rule: str, status: str) -> int:
    return int(((findings["rule_id"] == rule) & (findings["status"] == status)).sum())


@pytest.fixture(scope="module")
def april_sample(tmp_path_factory):
    """(manifest, findings) of a small sample over a range that holds April."""
    start, days = APRIL
    return sample_and_run(tmp_path_factory.mktemp("april-sample"), 2, days, 7, start)


@pytest.mark.parametrize("rule", RULES)
def test_the_run_finds_exactly_the_seeded_breaches(full_sample, rule):
    _, manifest, findings = full_sample
    expected = manifest["violations"][rule]["violations"]
    assert _count(findings, rule, "fail") == expected
    assert expected > 0


@pytest.mark.parametrize("rule", RULES)
def test_passes_exist_too(full_sample, rule):
    _, _, findings = full_sample
    assert _count(findings, rule, "pass") > 0


def test_breaches_per_month_match(full_sample):
    _, manifest, findings = full_sample
    for rule in RULES:
        failed = findings[(findings["rule_id"] == rule) & (findings["status"] == "fail")]
        assert sum(manifest["violations"][rule]["by_month"].values()) == len(failed), rule


def test_the_quarter_s_first_month_is_cleaned(april_sample):
    manifest, findings = april_sample
    expected = manifest["violations"]["PAT-05"]["violations"]
    assert _count(findings, "PAT-05", "fail") == expected
    assert expected > 0
    assert _count(findings, "PAT-05", "pass") > 0


@pytest.mark.parametrize("rule", RULES)
def test_other_ranges_agree_too(april_sample, rule):
    manifest, findings = april_sample
    assert _count(findings, rule, "fail") == manifest["violations"][rule]["violations"]
