"""Every sample size a user may ask for generates and runs: one day, a week without a month start, a new year."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.mark.parametrize(("sites", "days", "start"), [(1, 1, "2026-03-30"), (1, 7, "2026-06-15"), (2, 2, "2026-01-01"), (1, 10, "2026-10-01")])
def test_a_small_sample_generates_and_runs(tmp_path, sites, days, start):
    runner = CliRunner()
    made = runner.invoke(main, ["sample", "--sites", str(sites), "--days", str(days), "--seed", "9", "--start", start, "--out", str(tmp_path / "e")])
    assert made.exit_code == 0, made.output
    last = (pd.Timestamp(start) + pd.Timedelta(days=days - 1)).strftime("%Y-%m-%d")
    ran = runner.invoke(main, ["run", "--data", str(tmp_path / "e"), "--from", start, "--to", last, "--as-of", "2027-01-01",
                               "--out", str(tmp_path / "o"), "--quiet"])
    assert ran.exit_code == 0, ran.output
    manifest = json.loads((tmp_path / "e" / "manifest.json").read_text(encoding="utf-8"))
    assert sum(manifest["quarantined_rows"].values()) == json.loads((tmp_path / "o" / "data_quality.json").read_text())["totals"]["rows_quarantined"]


def test_a_one_day_sample_at_a_month_end_seeds_only_what_the_run_can_judge(tmp_path):
    """On the 30th the drawn six-month ends (FEE-04-age) once fell before the day (a 28th-clamp): the manifest counted 3, the run found 0."""
    from tests.sample.conftest import sample_and_run

    manifest, findings = sample_and_run(tmp_path, 1, 1, 0, "2026-06-30")
    fails = findings[findings["status"] == "fail"]["rule_id"].replace({"VIS-06-leak": "VIS-06"}).value_counts()
    seeded = {rule: entry["violations"] for rule, entry in manifest["violations"].items()}
    assert {rule: int(fails.get(rule, 0)) for rule in seeded} == seeded
    assert seeded["FEE-04-age"] > 0
