"""Open records of one watched rule in columnar form (numpy arrays by slot), their timers fired per chunk against the watermarks."""

from __future__ import annotations

import numpy as np

from checker.watch.clocks import NO_TIME

TIMES = ("start", "risk", "due", "armed")
FLAGS = ("risk_sent", "breach_sent", "alive")
TEXTS = ("staff", "site")
# An alert found in a chunk: its position in the chunk's stream, "at_risk" or "breach", the record, its values
Found = tuple[int, str, str, dict]


def first_at(marks: np.ndarray, moments: np.ndarray) -> np.ndarray:
    """Per moment, the first position of the chunk whose watermark has reached it (len(marks) when none has)."""
    return np.searchsorted(marks, moments, side="left")


class OpenRecords:
    """A rule's open records: a risk timer, then a breach timer one second after the deadline, each sent once."""

    def __init__(self) -> None:
        self.slot: dict[str, int] = {}  # record key -> its slot in the arrays (open records only)
        self.keys = np.empty(0, dtype=object)
        self.cols: dict[str, np.ndarray] = {c: np.empty(0, dtype="int64") for c in TIMES}
        self.cols |= {c: np.empty(0, dtype=bool) for c in FLAGS} | {c: np.empty(0, dtype=object) for c in TEXTS}

    def __len__(self) -> int:
        return len(self.slot)

    def rows(self) -> list[tuple]:
        """(key, start, risk, due, staff, site, risk_sent, breach_sent) of every open record."""
        alive = np.flatnonzero(self.cols["alive"])
        c = self.cols
        return [(self.keys[s], int(c["start"][s]), int(c["risk"][s]), int(c["due"][s]), c["staff"][s], c["site"][s],
                 bool(c["risk_sent"][s]), bool(c["breach_sent"][s])) for s in alive]

    def restore(self, rows: list[list]) -> None:
        """Open records from rows() of a saved state."""
        slots = self._new([r[0] for r in rows])
        for n, name in enumerate(("start", "risk", "due", "staff", "site", "risk_sent", "breach_sent")):
            self.cols[name][slots] = [r[n + 1] for r in rows]
        self.cols["alive"][slots], self.cols["armed"][slots] = True, 0

    def _new(self, keys: list[str]) -> np.ndarray:
        """Slots for new records (the arrays grow)."""
        first = len(self.keys)
        self.keys = np.concatenate([self.keys, np.array(keys, dtype=object)])
        for name, values in self.cols.items():
            self.cols[name] = np.concatenate([values, np.zeros(len(keys), dtype=values.dtype)])
        self.slot.update(zip(keys, range(first, first + len(keys)), strict=True))
        return np.arange(first, first + len(keys))

    def _compact(self) -> None:
        """Closed slots dropped once they outnumber the open ones: memory follows the open records."""
        if len(self.keys) - len(self.slot) <= max(len(self.slot), 4096):
            return
        alive = np.flatnonzero(self.cols["alive"])
        self.keys = self.keys[alive]
        self.cols = {name: values[alive] for name, values in self.cols.items()}
        self.slot = dict(zip(self.keys.tolist(), range(len(alive)), strict=True))

    def fire(self, slots: np.ndarray, upto: np.ndarray, marks: np.ndarray, found: list[Found]) -> None:
        """Fire the timers of these open records that come due at or before positions `upto` (its own per record)."""
        if not len(slots):
            return
        c = self.cols
        risk, due, armed = c["risk"][slots], c["due"][slots], c["armed"][slots]
        risk_sent, breach_sent = c["risk_sent"][slots], c["breach_sent"][slots]
        at_risk = np.maximum(armed, first_at(marks, risk))
        risk_now = ~risk_sent & (at_risk <= upto)
        armed = np.where(risk_now, at_risk, armed)
        risk_sent = risk_sent | risk_now
        at_breach = np.maximum(armed, first_at(marks, due + 1))  # strictly after the deadline
        breach_now = risk_sent & ~breach_sent & (at_breach <= upto)
        told = risk_now & (marks[np.minimum(at_risk, len(marks) - 1)] <= due)  # past the deadline already: only the breach is news
        for n in np.flatnonzero(told):
            found.append((int(at_risk[n]), "at_risk", self.keys[slots[n]], self.values(int(slots[n]))))
        for n in np.flatnonzero(breach_now):
            found.append((int(at_breach[n]), "breach", self.keys[slots[n]], self.values(int(slots[n]))))
        c["risk_sent"][slots], c["breach_sent"][slots], c["armed"][slots] = risk_sent, breach_sent | breach_now, armed

    def values(self, slot: int) -> dict:
        return {name: self.cols[name][slot] for name in ("start", "risk", "due", "staff", "site")}

    def chunk(self, up: dict[str, np.ndarray], marks: np.ndarray, found: list[Found]) -> None:
        """A chunk's upserts of the rule's dataset in stream order (arrays key, pos, moment, watched, start, risk, due,
        stop, staff, site), then every timer due by the chunk's end."""
        self._compact()
        slots = np.fromiter((self.slot.get(k, -1) for k in up["key"]), dtype="int64", count=len(up["key"]))
        new = sorted(set(up["key"][(slots < 0) & up["watched"]].tolist()))
        if new:
            lookup = dict(zip(new, self._new(new), strict=True))
            slots = np.where(slots < 0, np.fromiter((lookup.get(k, -1) for k in up["key"]), dtype="int64", count=len(slots)), slots)
        rows = np.flatnonzero(slots >= 0)
        order = rows[np.argsort(slots[rows], kind="stable")]
        sorted_slots = slots[order]
        starts = np.r_[True, sorted_slots[1:] != sorted_slots[:-1]] if len(order) else np.zeros(0, dtype=bool)
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0)) if len(order) else order
        rank = np.arange(len(order)) - group_start
        for r in range(int(rank.max()) + 1 if len(rank) else 0):
            level = np.sort(order[rank == r])
            self._apply(level, slots[level], up, marks, found)
        self.close(marks, found)

    def close(self, marks: np.ndarray, found: list[Found]) -> None:
        """The end of a chunk: every open record's timers due by then fire."""
        alive = np.flatnonzero(self.cols["alive"])
        self.fire(alive, np.full(len(alive), len(marks) - 1), marks, found)
        self.cols["armed"][:] = 0  # the next chunk's positions start again at 0

    def _apply(self, rows: np.ndarray, slots: np.ndarray, up: dict[str, np.ndarray], marks: np.ndarray, found: list[Found]) -> None:
        """One upsert per record: close it (breach if done late) or open / re-time it."""
        c = self.cols
        known = c["alive"][slots]
        self.fire(slots[known], up["pos"][rows][known], marks, found)
        watched, stop, moment, due = up["watched"][rows], up["stop"][rows], up["moment"][rows], up["due"][rows]
        closing = ~watched | ((stop != NO_TIME) & (stop <= moment))
        # a closed record is forgotten: one not open here is judged only by the upsert that closes it (stop = event time)
        late = watched & closing & (stop > due) & np.where(known, ~c["breach_sent"][slots], stop == moment)
        for n in np.flatnonzero(late):
            row = rows[n]
            values = {name: up[name][row] for name in ("start", "risk", "due", "staff", "site")}
            found.append((int(up["pos"][row]), "breach", up["key"][row], values | {"stopped": int(stop[n])}))
        c["risk_sent"][slots] &= known  # a record not open before starts with no alert sent
        c["breach_sent"][slots] &= known
        c["alive"][slots] = ~closing
        for name in ("start", "risk", "due", "staff", "site"):
            c[name][slots] = up[name][rows]
        c["armed"][slots] = up["pos"][rows]
        for key in up["key"][rows][closing]:
            self.slot.pop(key, None)
        self.slot.update(zip(up["key"][rows][~closing].tolist(), slots[~closing].tolist(), strict=True))
