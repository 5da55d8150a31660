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
from checker.watch.windows import DAY, Days

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

    def __init__(self, watched: list[Watched], ctx: Context, sink: Sink, problem: Problem, share: float = 0.75,
                 daily: list | None = None):
        self.watched, self.ctx, self.sink, self.problem, self.share = watched, ctx, sink, problem, share
        self.days = Days(daily or [], ctx)  # daily count rules: rule index len(watched) + k
        self.next_day: int | None = None  # the first day not yet opened (days since the epoch)
        run = next(_INSTANCES)
        self.rule_ids = [r.id for r in [*(w.rule for w in watched), *(d.rule for d in self.days.rules)]]
        self.names = [f"svccheck-{run}-{rule_id}" for rule_id in self.rule_ids]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.by_dataset: dict[str, list[int]] = {}
        for i, w in enumerate(watched):
            self.by_dataset.setdefault(w.rule.dataset, []).append(i)
        self.open: list[dict[str, Open]] = [{} for _ in self.names]
        self.wheel: list[dict[int, dict[str, dict]]] = [{} for _ in self.names]  # slot -> record -> timer not yet in the engine
        self.held: list[dict[str, dict]] = [{} for _ in self.names]  # timers the engine holds (due later in their slot)
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
        for d in self.days.rules:
            cols = out.setdefault(d.rule.dataset, list(self.ctx.contracts[d.rule.dataset].extent))
            cols += [c for c in [d.rule.time_column] if c not in cols]  # type: ignore[attr-defined]
        return out

    def open_records(self) -> int:
        return sum(len(o) for o in self.open)

    def apply(self, chunk: Chunk) -> None:
        """Every event of the chunk, in order; bad lines are reported and skipped."""
        clocks = {name: self._clocks(name, frame) for name, frame in chunk.frames.items() if name in self.by_dataset}
        times = {name: chunk.times[name].tolist() for name in chunk.frames}
        keys = {name: frame[self.ctx.key_of(name)].tolist() for name, frame in chunk.frames.items()}
        bad = sorted(chunk.bad)
        self._keep_for_days(chunk, times)
        for event in chunk.order:
            while bad and bad[0] < event[1]:  # problems are told in line order
                self.problem(bad[0], chunk.bad[bad.pop(0)])
            if event[0] == "tick":
                self._at(event[1], event[2])
                continue
            _, line, name, row = event
            moment = times[name][row]
            if moment == NO_TIME or not self._at(line, moment):  # NO_TIME: a roster row (reference data)
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
            self._open_days()
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
        if i >= len(self.watched):
            self._day_fired(i, record, state, kind, watermark)
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

    def _keep_for_days(self, chunk: Chunk, times: dict[str, list[int]]) -> None:
        """Hand the daily counts the chunk's rosters and events (not the bad or late ones) before its events are applied."""
        if not self.days.rules:
            return
        order = chunk.order
        moments = [e[2] if e[0] == "tick" else times[e[2]][e[3]] for e in order]
        late = _older(moments, self.watermark)
        rows: dict[str, list[int]] = {}
        for event, old in zip(order, late.tolist(), strict=True):
            if event[0] == "upsert" and not old:
                rows.setdefault(event[2], []).append(event[3])
        for name, kept in rows.items():
            self.days.keep(name, chunk.frames[name], kept)

    def _open_days(self) -> None:
        """Open every day up to the watermark's for each daily rule: a window with its at-risk and end timers."""
        if not self.days.rules:
            return
        today = self.watermark // DAY
        self.next_day = today if self.next_day is None else self.next_day
        for day in range(self.next_day, today + 1):
            label = str(np.datetime64(day, "D"))
            for i in range(len(self.watched), len(self.names)):
                window = Open(day * DAY, day * DAY + int(np.ceil(self.share * DAY)), (day + 1) * DAY - 1, None, None)
                self.open[i][label] = window
                self._arm(i, label, window)
        self.next_day = today + 1

    def _day_fired(self, i: int, day: str, window: Open, kind: str, watermark: int) -> None:
        """A daily window's timer: at-risk for the subjects still short, or the day's failures once it is over."""
        loaded = self.days.rules[i - len(self.watched)]
        if kind == "risk":
            window.risk_sent = True
            if watermark <= window.due:
                found = self.days.judge(loaded, window.start, watermark)
                for row in found[found["status"] == "pending"].itertuples() if len(found) else []:
                    self.sink(self._day_alert(i, row, window, "at_risk"))
            self._arm(i, day, window)
            return
        found = self.days.judge(loaded, window.start, window.due + 1)
        for row in found[found["status"] == "fail"].itertuples() if len(found) else []:
            self.sink(self._day_alert(i, row, window, "breach"))
        del self.open[i][day]
        oldest = min((w.start for w in self.open[i].values()), default=window.due + 1)
        self.days.forget_before(oldest)

    def _day_alert(self, i: int, row, window: Open, kind: str) -> Alert:
        state = Open(window.start, window.risk, window.due, None if pd.isna(row.staff_id) else str(row.staff_id),
                     None if pd.isna(row.site_id) else str(row.site_id))
        alert = self.alert(i, str(row.subject_id), state, kind)
        return {**alert, "window": format_time(window.start)[:10], "measured": float(row.measured), "required": float(row.threshold)}  # type: ignore[index]

    def alert(self, i: int, key: str, state: Open, kind: str, stopped: int | None = None) -> Alert:
        rule = self.watched[i].rule if i < len(self.watched) else self.days.rules[i - len(self.watched)].rule
        return {
            "alert": kind, "at": format_time(self.watermark), "rule": rule.id, "title": rule.title.zh, "title_en": rule.title.en,
            "dataset": rule.dataset, "record": key, "person": state.staff, "site": state.site,
            "started": format_time(state.start), "deadline": format_time(state.due),
            "time_left_min": round((state.due - self.watermark) / 60, 1), "stopped": format_time(stopped) if stopped else None,
            "clause": "; ".join(f"{s.document} {s.clause}" for s in rule.source), "quote": " … ".join(s.quote for s in rule.source),
        }


def _older(times: list[int], watermark: int) -> np.ndarray:
    """Which of these event times (in stream order) lie before the running watermark; NO_TIME rows never do."""
    values = np.array(times, dtype="int64")
    running = np.maximum.accumulate(np.maximum(values, watermark)) if len(values) else values
    before = np.concatenate([[watermark], running[:-1]]) if len(values) else values
    return (values != NO_TIME) & (values < before)


def format_time(value: int) -> str | None:
    """Epoch seconds as site-local wall-clock text."""
    if value == NO_TIME:
        return None
    return str(np.datetime64(int(value), "s")).replace("T", " ")
