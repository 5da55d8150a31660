"""One generated export of every dataset and one run over its whole range, shared by the sample tests."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main

START, DAYS = "2026-05-25", 45  # covers June whole: its month, its ISO weeks, the quarter and half-year ending 06-30
LAST = (pd.Timestamp(START) + pd.Timedelta(days=DAYS - 1)).strftime("%Y-%m-%d")


@pytest.fixture(scope="session")
def full_sample(tmp_path_factory):
    """(export folder, manifest, findings of a run over the whole range judged long after it)."""
    base = tmp_path_factory.mktemp("full-sample")
    runner = CliRunner()
    made = runner.invoke(main, ["sample", "--sites", "2", "--days", str(DAYS), "--seed", "5", "--start", START, "--out", str(base / "export")])
    assert made.exit_code == 0, made.output
    ran = runner.invoke(main, ["run", "--data", str(base / "export"), "--from", START, "--to", LAST, "--as-of", "2027-01-01",
                               "--out", str(base / "out"), "--quiet"])
    assert ran.exit_code == 0, ran.output
    manifest = json.loads((base / "export" / "manifest.json").read_text(encoding="utf-8"))
    return base / "export", manifest, pd.read_parquet(base / "out" / "findings.parquet")
