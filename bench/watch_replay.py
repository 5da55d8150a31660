"""Replay a generated export through svccheck watch: events per second and peak memory (issue 13)."""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from checker.api import load_definitions
from checker.gate import gate_export
from checker.sample.export import generate, write
from checker.watch import session as ws
from checker.watch.replay import reference_lines, replay_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--chunk", type=int, default=100_000, help="lines read and applied at a time")
    args = parser.parse_args()
    contracts, pack = load_definitions()
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), generate(args.sites, args.days, 1, "2026-06-01", 0.08, pack), contracts, 1, 0.0, "utf-8", "csv", "en")
        gated = gate_export(Path(folder), contracts, {}, None, pack.calendar.timezone).accepted
    alerts: list[dict] = []
    session = ws.open_session(None, None, alerts.append, 0.75)
    as_of = pd.Timestamp("2026-06-01") + pd.Timedelta(days=args.days)
    lines = [*reference_lines(gated, contracts, session.monitor.days.reference),  # rosters of the daily counts (PAT-01)
             *replay_lines(gated, contracts, session.monitor.time_columns(), as_of)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    ws.feed(session, "bench", lines, size=args.chunk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load = os.getloadavg()
    print(f"{len(lines)} events in {seconds:.2f} s wall, {cpu:.2f} s CPU: {len(lines) / seconds:,.0f} events/s wall, "
          f"{len(lines) / cpu:,.0f} per CPU second; {len(alerts)} alerts; "
          f"{session.monitor.open_records()} open records at the end; peak RSS {peak / 1024:.0f} MiB (before the replay {before / 1024:.0f} MiB); load average {load[0]:.1f}")


if __name__ == "__main__":
    main()
