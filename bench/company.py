"""Benchmark at company scale: `svccheck run` (core rules, full pack) against the core checks as DuckDB SQL.

Generates (or reuses, with --keep DIR) a month of an N-site company, then runs each in its own subprocess —
svccheck with the core rules, svccheck with the full pack, and bench/reference_sql.py — and prints the wall
time, CPU seconds and peak memory (max RSS of that process) of each, the ratios to the reference, and whether
svccheck and the reference agree on the failing records (or windows) of every core rule.

    python bench/company.py [--sites 3000] [--month 2026-10] [--keep DIR] [--core-datasets] [--skip-full]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CORE = ("patrol/PAT-01", "visits/VIS-01", "visits/VIS-05", "visits/VIS-06", "repairs/REP-01", "repairs/REP-02", "repairs/REP-04",
        "repairs/REP-05", "complaints/CMP-01", "complaints/CMP-02", "complaints/CMP-03", "complaints/CMP-04", "complaints/CMP-05",
        "complaints/CMP-11", "handover/HND-01", "handover/HND-02")
PACK_FILES = ("pack.yaml", "calendar.yaml", "scoring.yaml", "catalog.yaml", "profiles/desks.yaml")


@dataclass
class Measured:
    """One subprocess: wall seconds, CPU seconds (user + system) and peak resident memory."""

    label: str
    wall: float
    cpu: float
    peak_mib: float
    exit_status: int


def measure(label: str, command: list[str], log: Path) -> Measured:
    """Run a command in its own process; its own rusage (os.wait4), not the sum over all children."""
    tick = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "SVCCHECK_LANG": "en"})
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(label, time.perf_counter() - tick, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def core_pack(target: Path) -> Path:
    """A rule pack of the 16 core standards' rule files (PAT-01 … HND-02) with the shipped calendar and scoring."""
    for name in (*PACK_FILES, *(f"{c}.yaml" for c in CORE)):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "rules" / name, target / name)
    return target


def generate_export(folder: Path, sites: int, month: pd.Period, full_tier: bool) -> None:
    """A month of `sites` sites as English-header UTF-8 CSV without dirty rows (the reference has no data gate)."""
    from checker.contracts import default_contracts_dir, load_contracts
    from checker.sample.export import generate, write

    tick = time.perf_counter()
    data = generate(sites, month.days_in_month, 1, str(month.start_time.date()), 0.08, full_tier=full_tier)
    write(folder, data, load_contracts(default_contracts_dir()), 1, 0.0, "utf-8", "csv", "en")
    rows = sum(len(f) for f in data.values())
    size = sum(p.stat().st_size for p in folder.glob("*.csv"))
    print(f"generated {rows:,} rows, {size / 2**20:,.0f} MiB of CSV in {time.perf_counter() - tick:.0f} s -> {folder}", flush=True)


def reference_inputs(path: Path, month: pd.Period) -> None:
    """What the SQL needs besides the CSV files: each contract's columns and labels, and which days are working days."""
    from checker.api import load_definitions
    from checker.calendar import Calendars

    contracts, pack = load_definitions()[:2]
    days = pd.date_range(month.start_time - pd.Timedelta(days=7), month.end_time + pd.Timedelta(days=8), freq="D")
    working = Calendars(pack.calendar).is_working_day(None, pd.Series(days))
    specs = {name: [{"name": c.name, "zh": c.zh, "type": c.type, "values": c.values} for c in contract.columns]
             for name, contract in contracts.items()}
    path.write_text(json.dumps({"contracts": specs, "workdays": [[str(d.date()), bool(w)] for d, w in zip(days, working)]}),
                    encoding="utf-8")


def svccheck_fails(findings: Path, rules: set[str]) -> dict[str, set[str]]:
    """Failing keys per core rule from a run's findings.parquet, keyed like the reference."""
    found = pd.read_parquet(findings, columns=["rule_id", "status", "subject_id", "record_id", "period_start"])
    found = found[(found["status"] == "fail") & found["rule_id"].isin(rules)]
    window = found["subject_id"].astype("string") + "|" + found["period_start"].dt.strftime("%Y-%m-%d")
    key = found["record_id"].astype("string").fillna(window)
    return {rule: set(key[found["rule_id"] == rule]) for rule in sorted(rules)}


def agreement(ours: dict[str, set[str]], reference: dict[str, set[str]]) -> list[dict]:
    """Per rule: failing in both, only in svccheck, only in the reference (with an example of each)."""
    rows = []
    for rule in sorted(reference):
        mine, theirs = ours.get(rule, set()), reference[rule]
        rows.append({"rule": rule, "both": len(mine & theirs), "only_svccheck": len(mine - theirs), "only_sql": len(theirs - mine),
                     "example": sorted(mine ^ theirs)[:2]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--keep", type=Path, help="write the export here (and reuse it if present)")
    parser.add_argument("--core-datasets", action="store_true", help="generate only the core datasets (the full tier's are skipped)")
    parser.add_argument("--skip-full", action="store_true", help="do not run the full pack")
    args = parser.parse_args()
    month = pd.Period(args.month, "M")
    work = Path(tempfile.mkdtemp(prefix="svccheck-company-"))
    folder = args.keep or work / "export"
    if not (folder / "manifest.json").exists():
        generate_export(folder, args.sites, month, not args.core_datasets)
    reference_inputs(work / "inputs.json", month)
    period = ["--from", str(month.start_time.date()), "--to", str(month.end_time.date())]
    as_of = (month.end_time + pd.Timedelta(microseconds=1)).strftime("%Y-%m-%d %H:%M")
    python = sys.executable
    runs = [measure("DuckDB reference", [python, str(ROOT / "bench" / "reference_sql.py"), str(folder), *period, "--as-of", as_of,
                                         "--inputs", str(work / "inputs.json"), "--out", str(work / "reference.parquet")], work / "sql.log"),
            measure("svccheck core", [python, "-m", "checker", "run", "--data", str(folder), *period, "--as-of", as_of, "--rules",
                                      str(core_pack(work / "core")), "--out", str(work / "core-out"), "--quiet", "--no-store"], work / "core.log")]
    if not args.skip_full:
        runs.append(measure("svccheck full pack", [python, "-m", "checker", "run", "--data", str(folder), *period, "--as-of", as_of,
                                                   "--out", str(work / "full-out"), "--quiet", "--no-store"], work / "full.log"))
    report(runs, work)


def report(runs: list[Measured], work: Path) -> None:
    """The figures, the ratios to the reference, and the agreement table."""
    reference = runs[0]
    print(f"{'':<20} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'exit':>5} {'× wall':>7} {'× peak':>7}")
    for m in runs:
        print(f"{m.label:<20} {m.wall:8.1f} {m.cpu:8.1f} {m.peak_mib:9,.0f} {m.exit_status:5d} "
              f"{m.wall / reference.wall:7.1f} {m.peak_mib / reference.peak_mib:7.1f}")
    print(f"(logs and outputs in {work}; 2 cores shared with other work: compare ratios, not absolute figures)")
    if reference.exit_status or runs[1].exit_status:
        print("a run failed: see its log", file=sys.stderr)
        sys.exit(1)
    table = pd.read_parquet(work / "reference.parquet")
    sql = {rule: set(group["key"]) for rule, group in table.groupby("rule_id")}
    from reference_sql import RULES

    sql = {rule: sql.get(rule, set()) for rule in RULES}
    rows = agreement(svccheck_fails(work / "core-out" / "findings.parquet", set(RULES)), sql)
    print(pd.DataFrame(rows).to_string(index=False))
    differing = [r["rule"] for r in rows if r["only_svccheck"] or r["only_sql"]]
    print("agreement on the failing records of every core rule" if not differing else f"DISAGREE: {', '.join(differing)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
