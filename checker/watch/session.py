"""A watch session: load the rules, restore the state, read the stream (a file, stdin or a followed folder), save."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checker.api import load_definitions
from checker.calendar import Calendars
from checker.errors import UsageError
from checker.facts import load_facts
from checker.kinds.base import Context
from checker.period import Period
from checker.watch import state
from checker.watch.clocks import watch_plan
from checker.watch.events import Reader, chunks
from checker.watch.monitor import Monitor, Sink, format_time  # noqa: F401 - format_time for the CLI
from checker.watch.windows import daily_plan

STATE = "state.json"
ALERTS = "alerts.jsonl"
LIVE = Period("live", pd.Timestamp("1970-01-01"), pd.Timestamp("2200-01-01"))  # the monitor judges no period


@dataclass
class Session:
    """The monitor of a rule pack with its state file (if any) and the lines read per source."""

    monitor: Monitor
    reader: Reader
    skipped: dict[str, str]
    state_file: Path | None = None
    lines: dict[str, int] = field(default_factory=dict)


def open_session(rules_dir: Path | None, contracts_dir: Path | None, sink: Sink, share: float,
                 state_file: Path | None = None) -> Session:
    """Rules compiled into the engine; a saved state restored without sending its alerts again."""
    if not 0 < share < 1:
        raise UsageError(f"--at-risk {share}: the at-risk share of the limit lies between 0 and 1 (default 0.75)")
    contracts, pack = load_definitions(rules_dir, contracts_dir)
    watched, skipped = watch_plan(pack, load_facts(pack.folder, contracts))
    daily, not_daily = daily_plan(pack.rules, contracts)
    ctx = Context("watch", LIVE, LIVE.end, contracts, Calendars(pack.calendar))
    monitor = Monitor(watched, ctx, sink, report_problem, share, daily)
    skipped |= not_daily
    session = Session(monitor, Reader(contracts, monitor.time_columns(), monitor.read_columns()), skipped, state_file)
    if state_file is not None and state_file.exists():
        session.lines = state.load(monitor, state_file)
    return session


def report_problem(line: int, why: str) -> None:
    print(f"svccheck watch: line {line}: {why}", file=sys.stderr)


def feed(session: Session, source: str, lines: Iterable[str], size: int = 4096) -> int:
    """Apply a source's lines after those already read (by the saved state); returns the lines read now."""
    done = session.lines.get(source, 0)
    count = 0
    for batch in chunks(_after(lines, done), size, first_line=done + 1):
        session.monitor.apply(session.reader.read(batch))
        count = batch[-1][0] - done
        session.lines[source] = batch[-1][0]
        save(session)
    return count


def _after(lines: Iterable[str], skip: int) -> Iterator[str]:
    for number, text in enumerate(lines, start=1):
        if number > skip:
            yield text


def save(session: Session) -> None:
    if session.state_file is not None:
        state.save(session.monitor, session.lines, session.state_file)


def follow(session: Session, folder: Path, poll: float, idle_exit: float | None) -> None:
    """Read every *.jsonl file of a folder as it grows; a replaced file is read past the lines already taken from it.

    Polling only decides when to look; event time still comes from the data and the ticks.
    """
    if not folder.is_dir():
        raise UsageError(f"--follow {folder}: not a folder")
    idle = 0.0
    while idle_exit is None or idle < idle_exit:
        grew = False
        for path in sorted(folder.glob("*.jsonl")):
            with path.open(encoding="utf-8", errors="replace") as handle:
                grew |= feed(session, path.name, handle) > 0
        idle = 0.0 if grew else idle + poll
        time.sleep(poll)
