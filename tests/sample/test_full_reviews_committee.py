"""The reviews/committee group of the sample: a whole-range run finds exactly the breaches the manifest counts, rule by rule."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.api import default_rules_dir
from checker.cli import main

# the run over the turn of 2026 needs 2027's days: a stand-in notice (New Year only) in a copy of the pack
YEAR_2027 = "years:\n  2027:\n    source: test stand-in for the 2027 notice\n    holidays: [2027-01-01]\n"

RULES = ["DUT-01", "DUT-02", "DUT-03-front-desk", "DUT-03-duty-office", "CMP-12-daily", "CMP-12-weekly", "QA-01", "QA-02", "QA-03",
         "COM-01", "COM-02", "COM-03", "COM-05-minutes", "COM-06"]


@pytest.mark.parametrize("rule", RULES)
def test_the_run_finds_exactly_the_seeded_breaches(full_sample, rule):
    _, manifest, findings = full_sample
    mine = findings[findings["rule_id"] == rule]
    fails = int((mine["status"] == "fail").sum())
    assert fails == manifest["violations"][rule]["violations"] > 0, rule
    assert not (mine["status"] == "not_evaluated").any(), mine.loc[mine["status"] == "not_evaluated", "note"].unique()


@pytest.mark.parametrize("rule", RULES)
def test_passes_exist_too(full_sample, rule):
    findings = full_sample[2]
    assert ((findings["rule_id"] == rule) & (findings["status"] == "pass")).sum() > 0, rule


def test_no_yearly_meeting_window_is_judged_in_june(full_sample):
    _, manifest, findings = full_sample
    assert manifest["violations"]["COM-05"]["violations"] == 0
    assert not ((findings["rule_id"] == "COM-05") & (findings["status"] == "fail")).any()


def test_the_yearly_meeting_count_over_a_year_end(tmp_path):
    """COM-05 is judged only in a run holding Dec 31: a small export over the turn of the year."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    calendar = (rules / "calendar.yaml").read_text(encoding="utf-8")
    assert "\nyears: {}\n" in calendar
    (rules / "calendar.yaml").write_text(calendar.replace("\nyears: {}\n", "\n" + YEAR_2027), encoding="utf-8")
    runner = CliRunner()
    made = runner.invoke(main, ["sample", "--sites", "6", "--days", "20", "--seed", "7", "--start", "2026-12-15", "--rules", str(rules),
                                "--out", str(tmp_path / "export")])
    assert made.exit_code == 0, made.output
    ran = runner.invoke(main, ["run", "--data", str(tmp_path / "export"), "--from", "2026-12-15", "--to", "2027-01-03", "--as-of", "2027-06-01",
                               "--rules", str(rules), "--out", str(tmp_path / "out"), "--quiet"])
    assert ran.exit_code == 0, ran.output
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    mine = findings[findings["rule_id"] == "COM-05"]
    assert int((mine["status"] == "fail").sum()) == manifest["violations"]["COM-05"]["violations"] > 0
    assert (mine["status"] == "pass").sum() > 0
