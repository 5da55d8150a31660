"""The live monitor: open records per rule, a timer wheel of minute slots, the engine firing what is due, in event time."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.kinds.base import Context
from checker.watch.clocks import NO_TIME, Watched, record_clocks, seconds
from checker.watch.engine import RulesEngine, timer_fact
from checker.watch.events import Chunk

SLOT = 60  # seconds per slot of the timer wheel: the engine is handed a slot's timers when the watermark reaches it
Alert = dict
Sink = Callable[[Alert], None]
Problem = Callable[[int, str], None]  # (line, why the event was skipped)
_INSTANCES = itertools.count(1)  # ruleset names are global in durable-rules: each monitor has its own


@dataclass
class Open:
    """A watched record whose clock runs: its times (epoch seconds) and which alerts went out."""

    start: int
    risk: int
    due: int
    staff: str | None
    site: str | None
    risk_sent: bool = False
    breach_sent: bool = False

    def next_timer(self) -> tuple[str, int] | None:
        if not self.risk_sent:
            return "risk", self.risk
        return None if self.breach_sent else ("breach", self.due + 1)  # a breach is strictly after the deadline


class Monitor:
    """Applies chunks of events in stream order; `watermark` is the newest event time seen (epoch seconds)."""

    def __init__(self, watched: list[Watched], ctx: Context, sink: Sink, problem: Problem, share: float = 0.75):
        self.watched, self.ctx, self.sink, self.problem, self.share = watched, ctx, sink, problem, share
        run = next(_INSTANCES)
        self.names = [f"svccheck-{run}-{w.rule.id}" for w in watched]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.by_dataset: dict[str, list[int]] = {}
        for i, w in enumerate(watched):
            self.by_dataset.setdefault(w.rule.dataset, []).append(i)
        self.open: list[dict[str, Open]] = [{} for _ in watched]
        self.wheel: list[dict[int, dict[str, dict]]] = [{} for _ in watched]  # slot -> record -> timer not yet in the engine
        self.held: list[dict[str, dict]] = [{} for _ in watched]  # timers the engine holds (due later in their slot)
        self.slots: list[tuple[int, int]] = []  # heap of (slot, rule index)
        self.holding: set[int] = set()  # rules whose engine holds timers
        self.watermark = NO_TIME
        self.events = 0
        self.engine = RulesEngine(self.names, self._fired)

    def time_columns(self) -> dict[str, list[str]]:
        """Per dataset, the columns whose newest filled time is an upsert's event time: when it came into being or was done."""
        out: dict[str, list[str]] = {}
        for w in self.watched:
            cols = out.setdefault(w.rule.dataset, list(self.ctx.contracts[w.rule.dataset].extent))
            cols += [c for c in w.stop_columns() if c not in cols]
        return out

    def open_records(self) -> int:
        return sum(len(o) for o in self.open)

    def apply(self, chunk: Chunk) -> None:
        """Every event of the chunk, in order; bad lines are reported and skipped."""
        clocks = {name: self._clocks(name, frame) for name, frame in chunk.frames.items() if name in self.by_dataset}
        times = {name: chunk.times[name].tolist() for name in chunk.frames}
        keys = {name: frame[self.ctx.key_of(name)].tolist() for name, frame in chunk.frames.items()}
        bad = sorted(chunk.bad)
        for event in chunk.order:
            while bad and bad[0] < event[1]:  # problems are told in line order
                self.problem(bad[0], chunk.bad[bad.pop(0)])
            if event[0] == "tick":
                self._at(event[1], event[2])
                continue
            _, line, name, row = event
            moment = times[name][row]
            if not self._at(line, moment):
                continue
            key = keys[name][row]
            for i, table in clocks.get(name, []):
                if table["watched"][row] or key in self.open[i]:
                    self._record(i, key, table, row, moment)
        for line in bad:
            self.problem(line, chunk.bad[line])

    def _clocks(self, name: str, frame: pd.DataFrame) -> list[tuple[int, dict]]:
        tables = []
        for i in self.by_dataset[name]:
            clock = record_clocks(self.watched[i], frame.reset_index(drop=True), self.ctx, self.share)
            table = {c: seconds(clock[c]).tolist() for c in ("start", "risk", "due", "stop")}
            table["watched"] = clock["watched"].fillna(False).to_numpy(dtype=bool).tolist()
            table["staff"] = clock["staff_id"].astype("object").where(clock["staff_id"].notna(), None).tolist()
            table["site"] = clock["site_id"].astype("object").where(clock["site_id"].notna(), None).tolist()
            tables.append((i, table))
        return tables

    def _at(self, line: int, moment: int) -> bool:
        """Move event time to `moment`; an event older than the watermark is skipped."""
        if moment < self.watermark:
            self.problem(line, f"older than the watermark {format_time(self.watermark)}: skipped")
            return False
        self.events += 1
        if moment > self.watermark:
            self.watermark = moment
            self._advance()
        return True

    def _advance(self) -> None:
        """Hand each ruleset the timers of the slots the watermark has reached; repeat while firing schedules more."""
        now = self.watermark // SLOT
        if not self.holding and not (self.slots and self.slots[0][0] <= now):
            return
        while True:
            due: dict[int, list[dict]] = {i: [] for i in self.holding}
            while self.slots and self.slots[0][0] <= now:
                slot, i = heapq.heappop(self.slots)
                for record, timer in self.wheel[i].pop(slot, {}).items():
                    self.held[i][record] = timer
                    self.holding.add(i)
                    due.setdefault(i, []).append(timer)
            for i, timers in due.items():
                self.engine.advance(self.names[i], self.watermark, timers)
                if not self.held[i]:
                    self.holding.discard(i)
            if not (self.slots and self.slots[0][0] <= now):
                return

    def _fired(self, name: str, record: str, kind: str, watermark: int) -> None:
        """The engine found a timer due: send its alert, schedule the record's next one."""
        i = self.index[name]
        self.held[i].pop(record, None)
        state = self.open[i].get(record)
        if state is None:
            return
        if kind == "risk":
            state.risk_sent = True
            if watermark <= state.due:  # past the deadline already: only the breach is news
                self.sink(self.alert(i, record, state, "at_risk"))
        else:
            state.breach_sent = True
            self.sink(self.alert(i, record, state, "breach"))
        self._arm(i, record, state)

    def _record(self, i: int, key: str, table: dict, row: int, moment: int) -> None:
        """One upsert seen by one rule: open or re-time its clock, or close it."""
        state = self.open[i].get(key)
        stop = table["stop"][row]
        if not table["watched"][row] or (stop != NO_TIME and stop <= moment):
            if state is not None:
                self._disarm(i, key, state)
                del self.open[i][key]
            due = table["due"][row]
            late = table["watched"][row] and stop > due
            # a closed record is forgotten: one not open here is judged only by the upsert that closes it (stop = event time)
            if late and (not state.breach_sent if state is not None else stop == moment):
                late = Open(table["start"][row], table["risk"][row], due, table["staff"][row], table["site"][row])
                self.sink(self.alert(i, key, late, "breach", stopped=stop))  # first seen already done, and late
            return
        fresh = Open(table["start"][row], table["risk"][row], table["due"][row], table["staff"][row], table["site"][row])
        if state is not None:
            if (state.risk, state.due) == (fresh.risk, fresh.due):
                state.staff, state.site = fresh.staff, fresh.site
                return
            self._disarm(i, key, state)
            fresh.risk_sent, fresh.breach_sent = state.risk_sent, state.breach_sent
        self.open[i][key] = fresh
        at = self._arm(i, key, fresh)
        if at != NO_TIME and at <= self.watermark:
            self._advance()

    def _arm(self, i: int, key: str, state: Open) -> int:
        """Put the record's next timer on the wheel (never straight into the engine: this may run inside an action)."""
        nxt = state.next_timer()
        if nxt is None:
            return NO_TIME
        kind, at = nxt
        slot = at // SLOT
        bucket = self.wheel[i].get(slot)
        if bucket is None:
            bucket = self.wheel[i][slot] = {}
            heapq.heappush(self.slots, (slot, i))
        bucket[key] = timer_fact(key, kind, at)
        return at

    def _disarm(self, i: int, key: str, state: Open) -> None:
        timer = self.held[i].pop(key, None)
        if timer is not None:
            self.engine.drop(self.names[i], timer)
            return
        nxt = state.next_timer()
        if nxt is not None:
            self.wheel[i].get(nxt[1] // SLOT, {}).pop(key, None)

    def alert(self, i: int, key: str, state: Open, kind: str, stopped: int | None = None) -> Alert:
        rule = self.watched[i].rule
        return {
            "alert": kind, "at": format_time(self.watermark), "rule": rule.id, "title": rule.title.zh, "title_en": rule.title.en,
            "dataset": rule.dataset, "record": key, "person": state.staff, "site": state.site,
            "started": format_time(state.start), "deadline": format_time(state.due),
            "time_left_min": round((state.due - self.watermark) / 60, 1), "stopped": format_time(stopped) if stopped else None,
            "clause": "; ".join(f"{s.document} {s.clause}" for s in rule.source), "quote": " … ".join(s.quote for s in rule.source),
        }


def format_time(value: int) -> str | None:
    """Epoch seconds as site-local wall-clock text."""
    if value == NO_TIME:
        return None
    return str(np.datetime64(int(value), "s")).replace("T", " ")
