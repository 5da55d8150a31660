"""The live monitor: per chunk, the running watermark, each rule's open records and timers in columnar form, alerts.

Event time is the running maximum of the chunk's event times (its `marks`, one per event in stream order). A
timer fires at the first event whose mark reaches it; that is found by `searchsorted` for all records at once
(checker/watch/records.py). The due timers are handed to the engine (checker/watch/engine.py), which fires them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from checker.kinds.base import Context
from checker.watch.clocks import NO_TIME, Watched, record_clocks, seconds
from checker.watch.engine import RulesEngine
from checker.watch.events import Chunk
from checker.watch.records import Found, OpenRecords, first_at
from checker.watch.windows import DAY, Days

Alert = dict
Sink = Callable[[Alert], None]
Problem = Callable[[int, str], None]  # (line, why the event was skipped)
Due = tuple[int, int, int, str, str, dict]  # (position, rule index, due at, kind, record, its values)


class Monitor:
    """Applies chunks of events in stream order; `watermark` is the newest event time seen (epoch seconds)."""

    def __init__(self, watched: list[Watched], ctx: Context, sink: Sink, problem: Problem, share: float = 0.75,
                 daily: list | None = None):
        self.watched, self.ctx, self.sink, self.problem, self.share = watched, ctx, sink, problem, share
        self.days = Days(daily or [], ctx, share)
        self.next_day: int | None = None  # the first day not yet opened (days since the epoch)
        self.rule_ids = [r.id for r in [*(w.rule for w in watched), *(d.rule for d in self.days.rules)]]
        self.by_dataset: dict[str, list[int]] = {}
        for i, w in enumerate(watched):
            self.by_dataset.setdefault(w.rule.dataset, []).append(i)
        self.open = [OpenRecords() for _ in watched]
        self.watermark = NO_TIME
        self.events = 0
        self.engine = RulesEngine()
        self._about = [_about(r) for r in [*(w.rule for w in watched), *(d.rule for d in self.days.rules)]]

    def time_columns(self) -> dict[str, list[str]]:
        """Per dataset, the columns whose newest filled time is an upsert's event time: when it came into being or was done."""
        out: dict[str, list[str]] = {}
        for w in self.watched:
            cols = out.setdefault(w.rule.dataset, list(self.ctx.contracts[w.rule.dataset].extent))
            cols += [c for c in w.stop_columns() if c not in cols]
        for d in self.days.rules:
            cols = out.setdefault(d.rule.dataset, list(self.ctx.contracts[d.rule.dataset].extent))
            cols += [c for c in d.rule.time_columns() if c not in cols]
        return out

    def read_columns(self) -> dict[str, set[str]]:
        """Per dataset of the watched rules, the columns they read (with their profiles' and staff columns); rosters whole."""
        out: dict[str, set[str]] = {}
        for loaded in [w.loaded for w in self.watched]:
            rule, contract = loaded.rule, self.ctx.contracts[loaded.rule.dataset]
            rules = [rule, *(loaded.variant(1 << bit) for bit in range(len(loaded.overrides)))]
            cols = out.setdefault(rule.dataset, {contract.key, *contract.extent, "site_id"})
            for variant in rules:
                cols |= variant.columns_used().get(rule.dataset, set()) | set(getattr(variant, "staff_column", None) or [])
            for override in loaded.overrides:
                cols |= override.when.columns()
        for name, columns in self.time_columns().items():
            out.setdefault(name, set()).update(columns)
        for name in {*self.days.reference, *self.days.events}:
            out.pop(name, None)  # the daily rules' datasets are judged by the batch's code: every column
        return out

    def open_records(self) -> int:
        return sum(len(o) for o in self.open) + sum(len(d) for d in self.days.open)

    def apply(self, chunk: Chunk) -> None:
        """Every event of the chunk, in order; bad and late lines are reported (in line order) and skipped."""
        order = chunk.order
        moments = np.array([e[2] if e[0] == "tick" else chunk.times[e[2]][e[3]] for e in order], dtype="int64")
        before = _before(moments, self.watermark)
        late = (moments != NO_TIME) & (moments < before)
        problems = dict(chunk.bad)
        for at in np.flatnonzero(late):
            problems[order[at][1]] = f"older than the watermark {format_time(int(before[at]))}: skipped"
        for line in sorted(problems):
            self.problem(line, problems[line])
        marks = np.maximum.accumulate(np.maximum(moments, self.watermark)) if len(moments) else moments
        self.events += int(np.count_nonzero(~late & (moments != NO_TIME)))
        found: list[Due] = []
        rows = _upsert_rows(order, late)
        for name, (positions, row_ids) in rows.items():
            self.days.keep(name, chunk.frames[name].iloc[row_ids].reset_index(drop=True))  # rosters too (no event time)
            timed = moments[positions] != NO_TIME
            for i in self.by_dataset.get(name, []):
                self._rule(i, chunk.frames[name], positions[timed], row_ids[timed], moments, marks, found)
        for i, records in enumerate(self.open):
            if self.watched[i].rule.dataset not in rows and len(marks):  # no upsert of its dataset: ticks and others move time
                told: list[Found] = []
                records.close(marks, told)
                self._found(i, told, marks, found)
        if len(marks):
            self._daily(marks, found)
            self.watermark = int(marks[-1])
        self._send(found, marks)

    def _rule(self, i: int, frame: pd.DataFrame, positions: np.ndarray, row_ids: np.ndarray, moments: np.ndarray,
              marks: np.ndarray, found: list[Due]) -> None:
        """One watched rule over the chunk's upserts of its dataset."""
        part = frame.iloc[row_ids].reset_index(drop=True)
        clock = record_clocks(self.watched[i], part, self.ctx, self.share)
        up = {c: seconds(clock[c]) for c in ("start", "risk", "due", "stop")}
        up["watched"] = clock["watched"].fillna(False).to_numpy(dtype=bool)
        up |= {name: clock[c].astype("object").where(clock[c].notna(), None).to_numpy() for name, c in (("staff", "staff_id"), ("site", "site_id"))}
        up["pos"], up["moment"] = positions, moments[positions]
        up["key"] = part[self.ctx.key_of(self.watched[i].rule.dataset)].to_numpy(dtype=object)
        records: list[Found] = []
        self.open[i].chunk(up, marks, records)
        self._found(i, records, marks, found)

    def _found(self, i: int, records: list[Found], marks: np.ndarray, found: list[Due]) -> None:
        for pos, kind, key, row in records:
            due_at = row["risk"] if kind == "at_risk" else row["due"] + 1
            found.append((pos, i, int(due_at) if "stopped" not in row else int(marks[pos]), kind, key, row))

    def _daily(self, marks: np.ndarray, found: list[Due]) -> None:
        """Open the days the watermark reached, fire their timers, judge each rule's fired days together."""
        if not self.days.rules or marks[-1] == NO_TIME:
            return
        today = int(marks[-1]) // DAY
        first = int(marks[marks != NO_TIME][0]) // DAY if self.next_day is None else self.next_day
        for k in range(len(self.days.rules)):
            for day in range(first, today + 1):
                self.days.open[k][day] = 0
        self.next_day = today + 1
        for k, rule_timers in enumerate(self.days.timers):
            fired: dict[int, dict[int, tuple[int, int]]] = {}  # timer index -> day -> (position, moment)
            for day, nxt in list(self.days.open[k].items()):
                armed = int(first_at(marks, np.array([day * DAY]))[0])
                while nxt < len(rule_timers):
                    pos = max(armed, int(first_at(marks, np.array([day * DAY + rule_timers[nxt][0]]))[0]))
                    if pos >= len(marks):
                        break
                    fired.setdefault(nxt, {})[day] = (pos, int(marks[pos]))
                    armed, nxt = pos, nxt + 1
                self.days.open[k][day] = nxt
            for t, days in sorted(fired.items()):
                self._judged(k, t, days, found)
            for day in [d for d, nxt in self.days.open[k].items() if nxt >= len(rule_timers)]:
                del self.days.open[k][day]
                self.days.told[k].pop(day, None)
        oldest = min((d for table in self.days.open for d in table), default=today)
        self.days.forget_before(oldest)

    def _judged(self, k: int, t: int, days: dict[int, tuple[int, int]], found: list[Due]) -> None:
        """The alerts of timer t of daily rule k on these days (day -> (position, moment)), from one batch judgement."""
        offset, kind, limit, notes = self.days.timers[k][t]
        if kind == "risk":
            days = {d: pm for d, pm in days.items() if pm[1] <= d * DAY + limit}  # past the limit already: only the breach is news
        if not days:
            return
        findings = self.days.judge(k, {d: m for d, (_, m) in days.items()})
        if not len(findings):
            return
        picked = findings[findings["note"].isin(notes) if notes else findings["status"] == "fail"]
        for row in picked.to_dict("records"):
            day, subject = int(row["day"]), str(row["subject_id"])
            told = self.days.told[k].setdefault(day, set())
            if kind == "breach" and subject in told:
                continue
            told.add(subject) if kind == "breach" else None
            pos, _ = days[day]
            values = {"start": day * DAY, "risk": day * DAY + self.days.timers[k][0][0], "due": day * DAY + limit,
                      "staff": None if pd.isna(row["staff_id"]) else str(row["staff_id"]),
                      "site": None if pd.isna(row["site_id"]) else str(row["site_id"]),
                      "window": format_time(day * DAY)[:10], "measured": float(row["measured"]), "required": float(row["threshold"])}  # type: ignore[index]
            found.append((pos, len(self.watched) + k, day * DAY + offset, "at_risk" if kind == "risk" else "breach", subject, values))

    def _send(self, found: list[Due], marks: np.ndarray) -> None:
        """Hand the due timers to the engine and send the alerts it fires, in stream order."""
        if not found:
            return
        found.sort(key=lambda d: (d[0], d[1], d[2]))
        fired = self.engine.fire([(at, int(marks[pos])) for pos, _, at, _, _, _ in found])
        for n, (pos, i, _, kind, key, row) in enumerate(found):
            if n in fired:
                self.sink(self.alert(i, key, row, kind, int(marks[pos])))

    def alert(self, i: int, key: str, row: dict, kind: str, at: int) -> Alert:
        stopped = row.get("stopped")
        alert = {
            "alert": kind, "at": format_time(at), **self._about[i], "record": key, "person": row["staff"], "site": row["site"],
            "started": format_time(row["start"]), "deadline": format_time(row["due"]),
            "time_left_min": round((int(row["due"]) - at) / 60, 1), "stopped": format_time(stopped) if stopped else None,
        }
        if "window" in row:
            alert |= {"window": row["window"], "measured": row["measured"], "required": row["required"]}
        return alert


def _about(rule) -> dict:
    """What every alert of a rule says about the rule: id, titles, dataset, clause and quote."""
    return {"rule": rule.id, "title": rule.title.zh, "title_en": rule.title.en, "dataset": rule.dataset,
            "clause": "; ".join(f"{s.document} {s.clause}" for s in rule.source), "quote": " … ".join(s.quote for s in rule.source)}


def _upsert_rows(order: list[tuple], late: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per dataset, the stream positions and frame rows of its upserts that are applied (not late)."""
    out: dict[str, tuple[list[int], list[int]]] = {}
    for pos, event in enumerate(order):
        if event[0] == "upsert" and not late[pos]:
            positions, rows = out.setdefault(event[2], ([], []))
            positions.append(pos)
            rows.append(event[3])
    return {name: (np.array(p, dtype="int64"), np.array(r, dtype="int64")) for name, (p, r) in out.items()}


def _before(times: np.ndarray, watermark: int) -> np.ndarray:
    """The watermark each event of the chunk meets: the newest event time before it in the stream."""
    if not len(times):
        return times
    running = np.maximum.accumulate(np.maximum(times, watermark))
    return np.concatenate([[watermark], running[:-1]])


def format_time(value: int) -> str | None:
    """Epoch seconds as site-local wall-clock text."""
    if value == NO_TIME:
        return None
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(value)))
