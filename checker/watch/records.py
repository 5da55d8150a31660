"""Open records of one watched rule in columnar form, and their timers fired per chunk against the chunk's watermarks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.watch.clocks import NO_TIME

STATE_COLUMNS = ["start", "risk", "due", "staff", "site", "risk_sent", "breach_sent", "armed"]
# An alert found in a chunk: its position in the chunk's stream, "at_risk" or "breach", the record, its state row
Found = tuple[int, str, str, dict]


def empty_open() -> pd.DataFrame:
    """No open record: the columns of the table, keyed by record."""
    frame = pd.DataFrame({c: pd.Series(dtype="int64") for c in ("start", "risk", "due", "armed")})
    frame["staff"], frame["site"] = pd.Series(dtype="object"), pd.Series(dtype="object")
    frame["risk_sent"], frame["breach_sent"] = pd.Series(dtype=bool), pd.Series(dtype=bool)
    frame.index = pd.Index([], dtype="object", name="key")
    return frame[STATE_COLUMNS]


def first_at(marks: np.ndarray, moments: np.ndarray) -> np.ndarray:
    """Per moment, the first position of the chunk whose watermark has reached it (len(marks) when none has)."""
    return np.searchsorted(marks, moments, side="left")


class OpenRecords:
    """A rule's open records: a risk timer, then a breach timer one second after the deadline, each sent once."""

    def __init__(self) -> None:
        self.table = empty_open()

    def __len__(self) -> int:
        return len(self.table)

    def fire(self, keys: pd.Index, upto: np.ndarray, marks: np.ndarray, found: list[Found]) -> None:
        """Fire the timers of these open records that come due at or before positions `upto` (its own per record)."""
        if not len(keys):
            return
        rows = self.table.loc[keys]
        risk, due, armed = rows["risk"].to_numpy(), rows["due"].to_numpy(), rows["armed"].to_numpy()
        risk_sent, breach_sent = rows["risk_sent"].to_numpy(), rows["breach_sent"].to_numpy()
        last = len(marks) - 1
        at_risk = np.maximum(armed, first_at(marks, risk))
        risk_now = ~risk_sent & (at_risk <= upto)
        armed = np.where(risk_now, at_risk, armed)
        risk_sent = risk_sent | risk_now
        at_breach = np.maximum(armed, first_at(marks, due + 1))  # strictly after the deadline
        breach_now = risk_sent & ~breach_sent & (at_breach <= upto)
        told = risk_now & (marks[np.minimum(at_risk, last)] <= due)  # past the deadline already: only the breach is news
        records = rows.reset_index().to_dict("records") if (told.any() or breach_now.any()) else []
        for row in np.flatnonzero(told):
            found.append((int(at_risk[row]), "at_risk", records[row]["key"], records[row]))
        for row in np.flatnonzero(breach_now):
            found.append((int(at_breach[row]), "breach", records[row]["key"], records[row]))
        self.table.loc[keys, "risk_sent"] = risk_sent
        self.table.loc[keys, "breach_sent"] = breach_sent | breach_now
        self.table.loc[keys, "armed"] = armed

    def apply(self, level: pd.DataFrame, marks: np.ndarray, found: list[Found]) -> None:
        """One upsert per record (index: key; columns pos, moment, watched, start, risk, due, stop, staff, site)."""
        keys = level.index
        known = keys.isin(self.table.index)
        self.fire(keys[known], level["pos"].to_numpy()[known], marks, found)
        watched, stop, moment = level["watched"].to_numpy(), level["stop"].to_numpy(), level["moment"].to_numpy()
        closing = ~watched | ((stop != NO_TIME) & (stop <= moment))
        sent = self.table["breach_sent"].reindex(keys).to_numpy(dtype=object)
        late = watched & closing & (stop > level["due"].to_numpy())
        # a closed record is forgotten: one not open here is judged only by the upsert that closes it (stop = event time)
        late &= np.where(known, sent != True, stop == moment)  # noqa: E712 - an object array of True/False/NaN
        for key, row in zip(keys[late], level[late].to_dict("records"), strict=True):
            found.append((int(row["pos"]), "breach", key, {**row, "stopped": row["stop"]}))
        self.table = self.table.drop(keys[closing & known])
        opening = level[~closing]
        fresh = opening[["start", "risk", "due", "staff", "site"]].assign(armed=opening["pos"])
        carried = self.table[["risk_sent", "breach_sent"]].reindex(opening.index)
        fresh["risk_sent"] = carried["risk_sent"].fillna(False).astype(bool)
        fresh["breach_sent"] = carried["breach_sent"].fillna(False).astype(bool)
        self.table = pd.concat([self.table.drop(opening.index[opening.index.isin(self.table.index)]), fresh[STATE_COLUMNS]])

    def chunk(self, upserts: pd.DataFrame, marks: np.ndarray, found: list[Found]) -> None:
        """All of a chunk's upserts of the rule's dataset (in stream order), then every timer due by the chunk's end."""
        relevant = upserts[upserts["watched"].to_numpy() | upserts.index.isin(self.table.index)]
        relevant = upserts[upserts.index.isin(relevant.index.unique())]
        rank = relevant.groupby(level=0, sort=False).cumcount().to_numpy()
        for r in range(int(rank.max()) + 1 if len(rank) else 0):
            self.apply(relevant[rank == r], marks, found)
        self.fire(self.table.index, np.full(len(self.table), len(marks) - 1), marks, found)
        self.table["armed"] = 0  # the next chunk's positions start again at 0
