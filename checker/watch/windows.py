"""Daily rules live (PAT-01 `count`, PAT-02 `first_of_day`): each day a window with timers, judged by the batch's own code.

The timers of all days that come due in a chunk are judged together: one batch evaluation per rule and timer kind,
over the chunk's days, with each day's events cut at the moment its timer fired (what was known then).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from checker.evaluate import _partitions, prepare
from checker.kinds import count, first_of_day
from checker.kinds.base import Context
from checker.kinds.count import CountRule
from checker.kinds.first_of_day import FirstOfDayRule
from checker.period import Period
from checker.rulepack import LoadedRule
from checker.vocabulary import STAFF
from checker.watch.events import typed

DAY = 86400
# (seconds after midnight it fires, "risk" or "breach", the limit it guards (seconds after midnight), the notes it tells or
# None for every failure)
Timer = tuple[int, str, int, frozenset[str] | None]


def daily_plan(rules: list[LoadedRule], contracts: dict) -> tuple[list[LoadedRule], dict[str, str]]:
    """The day-window count and first-of-day rules whose subjects are reference data (a roster without event times)."""
    daily, skipped = [], {}
    for loaded in rules:
        rule = loaded.rule
        if not (isinstance(rule, CountRule) and rule.window == "day") and not isinstance(rule, FirstOfDayRule):
            continue
        if rule.lookups or rule.day_types or contracts[rule.subjects.dataset].extent:
            skipped[rule.id] = "its subjects are records with their own times (not a roster), or it joins other datasets"
        else:
            daily.append(loaded)
    return daily, skipped


def timers(rule: CountRule | FirstOfDayRule, share: float) -> list[Timer]:
    """A day's timers in firing order: at-risk at `share` of the way to the (first) limit, a breach just after each limit."""
    if isinstance(rule, FirstOfDayRule):
        limits = [int(rule.start_by.total_seconds()), *([int(rule.end_by.total_seconds())] if rule.end_by is not None else [])]
        started = frozenset({"first_missing", "first_late_start"})  # what is known once the start limit has passed
        ends = [(limit + 1, "breach", limit, None) for limit in limits[1:]]
        return [(int(np.ceil(share * limits[0])), "risk", limits[0], frozenset({"first_missing"})),
                (limits[0] + 1, "breach", limits[0], started if ends else None), *ends]
    return [(int(np.ceil(share * DAY)), "risk", DAY - 1, frozenset({"count_low"})), (DAY, "breach", DAY - 1, None)]


@dataclass
class Held:
    """Rows of one dataset kept from the chunks they came in: all of a roster, the open days' events of a daily rule."""

    parts: list[pd.DataFrame] = field(default_factory=list)
    _frame: pd.DataFrame | None = None

    def add(self, frame: pd.DataFrame) -> None:
        self.parts.append(frame)
        self._frame = None

    def frame(self, key: str | None = None) -> pd.DataFrame:
        """The rows, the latest upsert of each record only."""
        if self._frame is None:
            whole = pd.concat(self.parts, ignore_index=True) if self.parts else pd.DataFrame()
            self._frame = whole.drop_duplicates(key, keep="last") if key and len(whole) else whole
            self.parts = [self._frame]
        return self._frame


class Days:
    """The rosters and open days' events of the daily rules; judges many (day, moment) pairs of one rule at once."""

    def __init__(self, rules: list[LoadedRule], ctx: Context, share: float):
        self.rules, self.ctx = rules, ctx
        self.timers = [timers(r.rule, share) for r in rules]  # type: ignore[arg-type]
        self.reference = {name for r in rules for name in (r.rule.subjects.dataset, STAFF)}  # type: ignore[attr-defined]
        self.events = {r.rule.dataset for r in rules}
        self.held: dict[str, Held] = {name: Held() for name in self.reference | self.events}
        self.open: list[dict[int, int]] = [{} for _ in rules]  # per rule: open day (days since the epoch) -> next timer
        self.told: list[dict[int, set[str]]] = [{} for _ in rules]  # per rule and day: subjects already breached

    def keep(self, name: str, frame: pd.DataFrame) -> None:
        if name in self.held and len(frame):
            self.held[name].add(frame)

    def forget_before(self, day: int) -> None:
        """Events of days before the oldest open day are no longer needed: memory stays the open days' worth."""
        for name in self.events - self.reference:
            column = next(_time_column(r.rule) for r in self.rules if r.rule.dataset == name)  # type: ignore[arg-type]
            frame = self.held[name].frame(self.ctx.key_of(name))
            if len(frame):
                stamps = frame[column].to_numpy(dtype="datetime64[s]").astype("int64")
                self.held[name] = Held([frame[stamps >= day * DAY]])

    def judge(self, i: int, moments: dict[int, int]) -> pd.DataFrame:
        """The batch's findings of rule i for each day as known at its moment (day -> epoch seconds), all in one run."""
        loaded = self.rules[i]
        rule = loaded.rule
        data = {name: self.held[name].frame(self.ctx.key_of(name)) for name in self.held}
        data = {name: frame for name, frame in data.items() if len(frame.columns)}
        if rule.subjects.dataset not in data:  # type: ignore[attr-defined]
            return pd.DataFrame()
        if rule.dataset not in data:  # no event yet: every subject is short
            contract = self.ctx.contracts[rule.dataset]
            data[rule.dataset] = pd.DataFrame({c.name: typed(pd.Series([], dtype=object), c.type, c.values)[0] for c in contract.columns})
        data[rule.dataset] = _as_known(rule, data[rule.dataset], moments)  # type: ignore[arg-type]
        first, last = min(moments), max(moments)
        start = pd.Timestamp(np.datetime64(first * DAY, "s"))
        end = pd.Timestamp(np.datetime64((last + 1) * DAY, "s"))
        ctx = Context(self.ctx.run_id, Period("live", start, end), end, self.ctx.contracts, self.ctx.calendars, data.get(STAFF))
        parts = []
        for key, frames in _partitions(loaded, data):
            variant = loaded.variant(key) if key else rule
            if isinstance(variant, FirstOfDayRule):  # live: a day with no patrol by the limit is a breach, whatever when_absent says
                variant = variant.model_copy(update={"when_absent": "fail"})
            kind = first_of_day if isinstance(variant, FirstOfDayRule) else count
            parts.append(kind.evaluate(variant, prepare(variant, frames, ctx.key_of, None, ctx.calendars), ctx))  # type: ignore[arg-type]
        found = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        if not len(found):
            return found
        days = found["period_start"].to_numpy(dtype="datetime64[s]").astype("int64") // DAY
        return found[np.isin(days, list(moments))].assign(day=days[np.isin(days, list(moments))])


def _time_column(rule: CountRule | FirstOfDayRule) -> str:
    return rule.start if isinstance(rule, FirstOfDayRule) else rule.time_column  # type: ignore[return-value]


def _as_known(rule: CountRule | FirstOfDayRule, frame: pd.DataFrame, moments: dict[int, int]) -> pd.DataFrame:
    """The events of the judged days as they stood at each day's moment: later ones left out, later ends blank."""
    column = _time_column(rule)
    stamps = frame[column].to_numpy(dtype="datetime64[s]").astype("int64")
    valid = frame[column].notna().to_numpy()
    days = np.where(valid, stamps // DAY, -1)
    cut = pd.Series(moments).reindex(days).to_numpy(dtype="float64")
    keep = valid & ~np.isnan(cut) & (stamps <= np.nan_to_num(cut, nan=-1))
    known = frame[keep].copy()
    if isinstance(rule, FirstOfDayRule) and rule.end:
        ends = known[rule.end].to_numpy(dtype="datetime64[s]").astype("int64")
        later = known[rule.end].notna().to_numpy() & (ends > cut[keep])
        known.loc[later, rule.end] = pd.NaT
    return known
