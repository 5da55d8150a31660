"""The sample's patrol and unit standards (PAT-02…05, VIS-03, REN-01, DUT-04, DUT-05*): a run finds exactly the breaches the manifest counts."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main

RULES = ["PAT-02", "PAT-03", "PAT-04", "PAT-04-new", "VIS-03", "REN-01", "DUT-04", "DUT-05", "DUT-05-pages", "DUT-05-signed"]
APRIL = ("2026-03-25", 45)  # holds April whole: PAT-05 judges only a quarter's first month


def _count(findings: pd.DataFrame, rule: str, status: str) -> int:
    return int(((findings["rule_id"] == rule) & (findings["status"] == status)).sum())


@pytest.fixture(scope="module")
def april_sample(tmp_path_factory):
    """(manifest, findings) of a small sample over a range that holds April."""
    base = tmp_path_factory.mktemp("april-sample")
    start, days = APRIL
    last = (pd.Timestamp(start) + pd.Timedelta(days=days - 1)).strftime("%Y-%m-%d")
    runner = CliRunner()
    made = runner.invoke(main, ["sample", "--sites", "2", "--days", str(days), "--seed", "7", "--start", start, "--out", str(base / "export")])
    assert made.exit_code == 0, made.output
    ran = runner.invoke(main, ["run", "--data", str(base / "export"), "--from", start, "--to", last, "--as-of", "2027-01-01",
                               "--out", str(base / "out"), "--quiet"])
    assert ran.exit_code == 0, ran.output
    manifest = json.loads((base / "export" / "manifest.json").read_text(encoding="utf-8"))
    return manifest, pd.read_parquet(base / "out" / "findings.parquet")


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
