"""Benchmark: the run store's disk per run and a person's history query, at the issue's size.

A 3,000-site company's nightly run has about 600,000 non-pass findings. This records --runs synthetic runs of that
shape (findings, pass tallies, scorecards and staff×rule rows built with numpy, not by the checker) into a store and
prints the disk each run adds, the time to record one, and the time of `history staff` for one person.
    python bench/store_size.py [--runs 3] [--findings 600000] [--sites 3000] [--store URL]
A year of nightly runs is 365 of them: the disk figure extrapolates linearly (each run adds the same rows).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from checker.period import Period
from checker.store import open_store, resolve_url
from checker.store.history import subject_history
from checker.store.record import record_run

RULES = [f"R{n:02d}" for n in range(83)]
STAFF_PER_SITE, RULES_PER_PERSON, PASS_PER_FAIL = 8, 30, 4
PERSON = "S0042-K3"


def synthetic_run(day: int, findings: int, sites: int, rng: np.random.Generator, light: bool = False) -> SimpleNamespace:
    """One run's result of the issue's size: `findings` non-pass findings, four passes for each."""
    staff = np.array([f"S{s:04d}-K{k}" for s in range(sites) for k in range(STAFF_PER_SITE)])
    rows = findings * (1 + PASS_PER_FAIL)
    who = rng.integers(0, len(staff), rows)
    rule = rng.integers(0, len(RULES), rows)
    status = np.where(np.arange(rows) < findings, np.where(rng.random(rows) < 0.9, "fail", "pending"), "pass")
    start = pd.Timestamp("2026-06-01") + pd.to_timedelta(rng.integers(0, 30, rows), unit="D")
    record = pd.Series(np.arange(rows)).map("GD{:08d}".format)
    frame = pd.DataFrame({
        "rule_id": np.array(RULES)[rule], "severity": np.array(["critical", "major", "minor"])[rule % 3], "subject_type": "record",
        "subject_id": record, "staff_id": staff[who], "site_id": pd.Series(staff[who]).str[:5], "record_id": record,
        "period_start": start, "period_end": start + pd.Timedelta(days=2), "status": status, "measured": rng.random(rows) * 72,
        "threshold": 48.0, "unit": "h", "note": np.where(status == "pass", "in_time", "late"), "evidence": "work_orders:" + record,
    })
    frame["finding_key"] = frame["rule_id"] + "|record:" + record
    month = pd.Timestamp("2025-01-01") + pd.DateOffset(months=day % 12)
    period = Period(f"{month:%Y-%m}", month, month + pd.DateOffset(months=1))
    counts = {c: rng.integers(0, 20, len(staff)) for c in ("checks", "passed", "failed", "pending", "exempt", "not_evaluated", "waived")}
    people = pd.DataFrame({"staff_id": staff, "name": "name", "role": "service_staff", "team": pd.Series(staff).str[:5] + "-T",
                           "site_id": pd.Series(staff).str[:5], "score": rng.random(len(staff)) * 100, **counts})
    pairs = pd.DataFrame({"staff_id": np.repeat(staff, RULES_PER_PERSON), "rule_id": np.array(RULES)[rng.integers(0, 83, len(staff) * RULES_PER_PERSON)]})
    pairs = pairs.drop_duplicates().assign(checks=10, passed=8, failed=2, pending=0, exempt=0, not_evaluated=0, waived=0,
                                           compliance_rate=0.8, points_lost=1.5)
    site_ids = pd.Series([f"S{s:04d}" for s in range(sites)])
    cards = {"staff": people, "team": pd.DataFrame({"team": site_ids + "-T", "score": 80.0}),
             "site": pd.DataFrame({"site_id": site_ids, "site_name": "site", "score": 80.0}), "staff_rules": pairs}
    pack = SimpleNamespace(name="bench", version="1", content_hash="bench")
    if light:  # a run with its scorecards only: the history query's tables at a year's size
        frame, cards["staff_rules"] = frame.iloc[:0], pairs.iloc[:0]
    return SimpleNamespace(run_id=f"{period.label}@{day:03d}-bench", period=period, as_of=month + pd.Timedelta(hours=day),
                           pack=pack, export_hash=f"e{day}", findings=frame, scorecards=cards)


def size(url: str, store) -> int:
    if url.startswith("sqlite"):
        raw = store.engine.raw_connection()  # outside a transaction: SQLite checkpoints the WAL into the file
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    with store.transaction() as conn:
        return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--findings", type=int, default=600_000)
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--score-runs", type=int, default=362, help="runs recorded with their scorecards only, before the query")
    parser.add_argument("--store", help="a store URL (default: a new SQLite file in a temporary folder)")
    args = parser.parse_args()
    url = resolve_url(args.store or str(Path(tempfile.mkdtemp(prefix="svccheck-bench-")) / "svccheck.db"))
    assert url is not None
    store, rng = open_store(url), np.random.default_rng(7)
    summary = {"rules": {r: {"pass": 0, "fail": 0, "compliance": None} for r in RULES}}
    previous, added, took = size(url, store), [], []
    for day in range(args.runs):
        result = synthetic_run(day, args.findings, args.sites, rng)
        tick = time.perf_counter()
        record_run(store, result, summary, Path("/nonexistent/findings.parquet"))
        took.append(time.perf_counter() - tick)
        now = size(url, store)
        added.append(now - previous)
        previous = now
    for day in range(args.runs, args.runs + args.score_runs):
        record_run(store, synthetic_run(day, 1000, args.sites, rng, light=True), summary, Path("/nonexistent/findings.parquet"))
    tick = time.perf_counter()
    history = subject_history(store, "staff", PERSON)
    query = time.perf_counter() - tick
    per_run = float(np.mean(added))
    print(f"store: {store.dialect}; {args.runs} runs of {args.findings:,} non-pass findings ({args.sites:,} sites, {args.sites * STAFF_PER_SITE:,} staff)")
    print(f"disk per run: {per_run / 2**20:,.1f} MiB (each: {', '.join(f'{a / 2**20:,.1f}' for a in added)}); "
          f"a year of nightly runs (365, linear): {per_run * 365 / 2**30:,.1f} GiB")
    print(f"recording one run: {np.mean(took):,.1f} s (each: {', '.join(f'{t:.1f}' for t in took)})")
    print(f"history staff {PERSON} over {args.runs + args.score_runs} recorded runs: {query * 1000:,.0f} ms ({len(history)} periods)")


if __name__ == "__main__":
    main()
