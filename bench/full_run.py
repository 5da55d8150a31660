"""Benchmark: a full run (load, gate, evaluate, score; reports excluded) over a generated export.

Prints rows per second per stage and the peak memory (max RSS) of the process.
    python bench/full_run.py [--sites 450] [--days 184] [--keep DIR] [--engine local|dask] [--workers N] [--groups G]

A year by site groups: --days 365 --start 2026-01-01 (README, "Performance").

CPU seconds are this process's and its worker processes' (the pool is closed before they are read); the peak
memory is this process's and, separately, the largest worker's.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from checker.api import run
from checker.contracts import default_contracts_dir, load_contracts
from checker.engines import EngineChoice
from checker.period import Period
from checker.sample.export import generate, write


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=450)
    parser.add_argument("--days", type=int, default=184)
    parser.add_argument("--start", default="2026-06-01")  # 184 days end 2026-12-01: every due date in a covered year
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--keep", type=Path, help="write the export here (and reuse it if present)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--workers", type=int, help="worker processes (default: SVCCHECK_WORKERS, else the cores)")
    parser.add_argument("--groups", type=int, help="site groups (default: one per worker, more past 1.5 M rows a group)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="svccheck-bench-"))
    if not (folder / "manifest.json").exists():
        tick = time.perf_counter()
        data = generate(args.sites, args.days, 1, args.start, 0.08)
        write(folder, data, load_contracts(default_contracts_dir()), 1, 0.001, "utf-8-sig", args.format, "zh")
        print(f"generated {sum(len(f) for f in data.values()):,} rows in {time.perf_counter() - tick:.1f} s -> {folder}")
        del data
    start = time.strptime(args.start, "%Y-%m-%d")
    last = (Period.parse(None, args.start, args.start).start + __import__("pandas").Timedelta(days=args.days - 1)).date()
    tick, cpu, load = time.perf_counter(), cpu_seconds(), os.getloadavg()[0]
    result = run(folder, Period.parse(None, time.strftime("%Y-%m-%d", start), str(last)), engine=EngineChoice(args.engine, args.workers, groups=args.groups))
    total, cpu = time.perf_counter() - tick, cpu_seconds() - cpu
    rows = sum(q.rows_read for q in result.gate.quality.values())
    print(f"input rows: {rows:,} in {len(result.gate.quality)} datasets; findings: {len(result.findings):,}")
    for stage, seconds in result.timings.items():
        print(f"  {stage:<14} {seconds:7.1f} s   {rows / seconds:12,.0f} input rows/s")
    other = total - sum(result.timings.values())
    print(f"  {'other':<14} {other:7.1f} s   (rule pack, hashing, as-of)")
    print(f"  {'end to end':<14} {total:7.1f} s   {rows / total:12,.0f} input rows/s")
    print(f"  {'CPU':<14} {cpu:7.1f} s   (this process and its workers); load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"engine {args.engine}, workers {args.workers or 'default'}; peak memory (max RSS): {peak_mib():,.0f} MiB, "
          f"largest worker {peak_mib(resource.RUSAGE_CHILDREN):,.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
