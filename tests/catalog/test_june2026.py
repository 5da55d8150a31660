"""The hand-built June 2026 export: every breach placed on purpose fails, nothing else of the full tier fails,
and the boundary cases placed beside them pass.

Each group module in `june/` gives ROWS (dataset -> rows of canonical columns), BREACHES and PASSES: entries
(catalog id, identity, window day or None). An entry matches a finding of a rule that names the catalog id
when the identity is the finding's record, its subject or one of its evidence keys, and — when a day is
given — the finding's window (period_start) starts that day.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.api import load_definitions
from checker.cli import main
from tests.catalog import june
from tests.catalog.june.base import BASE
from tests.conftest import CONTRACTS

# The full-tier standards judged before this export existed keep their own tests (VIS-02 would need half a year).
EARLIER = {"VIS-02", "VIS-04", "CMP-06", "CMP-08", "HND-04"}
AS_OF = "2026-07-15 00:00:00"
# Standards judged only in some months: each is checked, on the same export, in a run over such a month instead.
OTHER_PERIODS = {
    "PAT-05": "2026-04",  # the first month of each quarter
    "CMP-10": "2026-07",  # judged in the period in which a complaint's month runs out: June's complaints in July
}
Entry = tuple[str, str, str | None]


def groups() -> list:
    return [importlib.import_module(f"{june.__name__}.{m.name}") for m in pkgutil.iter_modules(june.__path__) if m.name != "base"]


def assemble() -> tuple[dict[str, list[dict]], list[Entry], list[Entry]]:
    rows: dict[str, list[dict]] = {name: list(r) for name, r in BASE.items()}
    breaches: list[Entry] = []
    passes: list[Entry] = []
    for group in groups():
        for name, more in group.ROWS.items():
            rows.setdefault(name, []).extend(more)
        breaches += group.BREACHES
        passes += group.PASSES
    return rows, breaches, passes


def write_export(folder: Path, rows: dict[str, list[dict]]) -> None:
    """One file per dataset; every other one with Chinese headers and in GB18030, as Chinese systems export."""
    folder.mkdir()
    for i, (name, records) in enumerate(sorted(rows.items())):
        contract = CONTRACTS[name]
        frame = pd.DataFrame(records).reindex(columns=contract.names())
        assert not frame[contract.key].duplicated().any() if contract.key in frame else True, f"{name}: duplicate keys"
        if i % 2:
            frame = frame.rename(columns={c.name: c.zh for c in contract.columns if c.zh})
            frame.to_csv(folder / f"{name}.csv", index=False, encoding="gb18030")
        else:
            frame.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")


def run(base: Path, period: str) -> tuple[pd.DataFrame, str]:
    out = base / f"out-{period}"
    result = CliRunner().invoke(main, ["run", "--data", str(base / "export"), "--period", period, "--as-of", AS_OF, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return pd.read_parquet(out / "findings.parquet"), (out / "data_quality.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def june_run(tmp_path_factory):
    """June's findings of the standards judged in June, plus those of OTHER_PERIODS from a run over their month."""
    rows, breaches, passes = assemble()
    base = tmp_path_factory.mktemp("june")
    write_export(base / "export", rows)
    findings, quality = run(base, "2026-06")
    findings = findings[~of_standards(findings, set(OTHER_PERIODS))]
    for period in sorted(set(OTHER_PERIODS.values())):
        other, _ = run(base, period)
        findings = pd.concat([findings, other[of_standards(other, {c for c, p in OTHER_PERIODS.items() if p == period})]])
    return findings.reset_index(drop=True), breaches, passes, quality


def of_standards(findings: pd.DataFrame, ids: set[str]) -> pd.Series:
    return findings["catalog_ids"].astype(str).str.split(";").map(lambda c: bool(ids & set(c))).astype(bool)


def full_tier_ids() -> set[str]:
    _, pack = load_definitions()
    return {s.id for s in pack.catalog.standards if s.tier == "full"} - EARLIER


def judged(findings: pd.DataFrame) -> pd.DataFrame:
    return findings[of_standards(findings, full_tier_ids())]


def matches(entry: Entry, findings: pd.DataFrame) -> pd.Series:
    catalog_id, ident, day = entry
    evidence = findings["evidence"].fillna("").astype(str).str.split(";")
    hit = findings["catalog_ids"].astype(str).str.split(";").map(lambda c: catalog_id in c)
    hit &= (findings["record_id"].astype(str) == ident) | (findings["subject_id"].astype(str) == ident) | evidence.map(lambda e: ident in e)
    if day is not None:
        hit &= findings["period_start"].dt.strftime("%Y-%m-%d") == day
    return hit


def test_every_row_is_accepted(june_run):
    import json

    quality = json.loads(june_run[3])
    assert quality["totals"]["rows_quarantined"] == 0, {n: d["rows_quarantined"] for n, d in quality["datasets"].items()}
    assert quality["missing_datasets"] == [] or set(quality["missing_datasets"]) <= {"patrols", "visits", "handovers"}


def test_every_full_tier_standard_is_judged(june_run):
    found = judged(june_run[0])
    named = {c for ids in found["catalog_ids"].astype(str) for c in ids.split(";")}
    assert full_tier_ids() - named == set()
    # COM-05 (a yearly count) says why it judges nothing in June: its window ends on 31 December (checker/windows.py)
    waits = found["note"].astype(str) == "window_not_in_period"
    assert set(found.loc[waits, "rule_id"].astype(str)) <= {"COM-05"}
    unjudged = (found["status"] == "not_evaluated") & ~waits
    assert unjudged.sum() == 0, found.loc[unjudged, ["rule_id", "message"]]


def test_every_placed_breach_fails_and_nothing_else(june_run):
    found, breaches, _, _ = june_run
    fails = judged(found)
    fails = fails[fails["status"] == "fail"]
    unmatched = [e for e in breaches if not matches(e, fails).any()]
    covered = pd.Series(False, index=fails.index)
    for entry in breaches:
        covered |= matches(entry, fails)
    unexpected = fails.loc[~covered, ["rule_id", "subject_id", "record_id", "period_start", "message"]]
    assert unmatched == [], f"placed breaches that did not fail: {unmatched}"
    assert unexpected.empty, f"failures nobody placed:\n{unexpected.to_string()}"


def test_every_boundary_case_passes(june_run):
    found, _, passes, _ = june_run
    mine = judged(found)
    wrong = [e for e in passes if not (matches(e, mine) & (mine["status"] == "pass")).any()]
    assert wrong == [], f"boundary cases that did not pass: {wrong}"
