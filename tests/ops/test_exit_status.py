"""A data-gate refusal exits 3 every time: never the abort (134) that native threads at interpreter exit once caused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from checker.exitcodes import ExitCode

TRIES = 20
SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "sample"
RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def refused_export(tmp_path_factory) -> Path:
    """The cheapest refusal that still reads a file through pyarrow: work_orders without its required 受理人工号."""
    folder = tmp_path_factory.mktemp("refused")
    orders = pd.read_csv(SAMPLE / "work_orders.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=50)
    orders.drop(columns=[c for c in orders.columns if c in ("受理人工号", "received_by")]).to_csv(
        folder / "work_orders.csv", index=False, encoding="utf-8-sig")
    pack = folder.parent / "pack"  # one rule: loading 83 would be most of each try's time
    pack.mkdir()
    for name in ("pack.yaml", "calendar.yaml", "scoring.yaml", "catalog.yaml", "repairs/REP-01.yaml"):
        shutil.copy(RULES / name, pack)
    return folder


def _refuse(export: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "run", "--data", str(export), "--rules", str(export.parent / "pack"),
                           "--period", "2026-10", "--out", str(out), "--quiet"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_refusal_exits_3_every_time(refused_export, tmp_path):
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda i: _refuse(refused_export, tmp_path / f"out{i}"), range(TRIES)))
    codes = [d.returncode for d in done]
    assert codes == [ExitCode.DATA] * TRIES, [(d.returncode, d.stderr[-300:]) for d in done if d.returncode != ExitCode.DATA]
    for d in done:
        assert "required column missing: received_by (受理人工号)" in d.stderr and "terminate called" not in d.stderr
    assert not any(p.exists() for p in tmp_path.iterdir())  # nothing written on exit 3


def test_the_entry_point_keeps_every_exit_status(refused_export, tmp_path):
    usage = subprocess.run([sys.executable, "-m", "checker", "run", "--data", str(refused_export), "--period", "2026-13", "--out", str(tmp_path / "o")],
                           capture_output=True, text=True, encoding="utf-8")
    assert usage.returncode == ExitCode.USAGE and "--period '2026-13'" in usage.stderr
    version = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, encoding="utf-8")
    assert version.returncode == 0 and version.stdout.startswith("svccheck, version ")
