"""One generated export of every dataset and one run over its whole range, shared by the sample tests."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main

START, DAYS = "2026-05-25", 45  # covers June whole: its month, its ISO weeks, the quarter and half-year ending 06-30



def sample_and_run(base, sites: int, days: int, seed: int, start: str) -> tuple[dict, pd.DataFrame]:
    """Generate an export into base/export and run it over its whole range, judged long after: (manifest, findings)."""
    last = (pd.Timestamp(start) + pd.Timedelta(days=days - 1)).strftime("%Y-%m-%d")
    runner = CliRunner()
    made = runner.invoke(main, ["sample", "--sites", str(sites), "--days", str(days), "--seed", str(seed), "--start", start,
                                "--out", str(base / "export")])
    assert made.exit_code == 0, made.output
    ran = runner.invoke(main, ["run", "--data", str(base / "export"), "--from", start, "--to", last, "--as-of", "2027-01-01",
                               "--out", str(base / "out"), "--quiet"])
    assert ran.exit_code == 0, ran.output
    manifest = json.loads((base / "export" / "manifest.json").read_text(encoding="utf-8"))
    return manifest, pd.read_parquet(base / "out" / "findings.parquet")


@pytest.fixture(scope="session")
def full_sample(tmp_path_factory):
    """(export folder, manifest, findings of a run over the whole range judged long after)."""
    base = tmp_path_factory.mktemp("full-sample")
    manifest, findings = sample_and_run(base, 2, DAYS, 5, START)
    return base / "export", manifest, findings
