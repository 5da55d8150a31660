"""Benchmark: working-time arithmetic on millions of intervals (elapsed and start + N working hours).

    python bench/working_time.py [--rows 5000000]
Half the rows belong to a site with its own hours, so both calendar groups are exercised.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from checker.calendar import Calendars
from checker.calendar.config import CalendarConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    first = np.datetime64("2025-01-01T00:00:00")
    span = int((np.datetime64("2026-11-30T00:00:00") - first).astype("int64"))
    start = pd.Series(first + rng.integers(0, span, args.rows).astype("timedelta64[s]"))
    end = start + pd.to_timedelta(rng.integers(0, 20 * 86400, args.rows), unit="s")
    sites = pd.Series(np.where(rng.random(args.rows) < 0.5, "S1", "S2"))
    calendars = Calendars(CalendarConfig.model_validate({"sites": {"S2": {"working_hours": ["09:00-12:00", "13:00-18:00"]}}}))
    tick = time.perf_counter()
    calendars.elapsed(sites, start, end)
    elapsed = time.perf_counter() - tick
    tick = time.perf_counter()
    calendars.add(sites, start, pd.Series(np.full(args.rows, 8 * 3600.0)))
    added = time.perf_counter() - tick
    print(f"{args.rows:,} intervals, 2025-01 .. 2026-11, two site calendars")
    print(f"  elapsed working time   {elapsed:6.2f} s   {args.rows / elapsed:12,.0f} intervals/s")
    print(f"  start + 8 working h    {added:6.2f} s   {args.rows / added:12,.0f} intervals/s")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
