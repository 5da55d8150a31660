"""Daily count rules live (PAT-01): each day a window whose timers fire in the engine, judged by the batch's own code."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from checker.evaluate import _partitions, prepare
from checker.kinds import count
from checker.kinds.base import Context
from checker.kinds.count import CountRule
from checker.period import Period
from checker.rulepack import LoadedRule
from checker.vocabulary import STAFF

DAY = 86400


def daily_plan(rules: list[LoadedRule], contracts: dict) -> tuple[list[LoadedRule], dict[str, str]]:
    """The day-window count rules whose subjects are reference data (a roster without event times)."""
    daily, skipped = [], {}
    for loaded in rules:
        rule = loaded.rule
        if not isinstance(rule, CountRule) or rule.window != "day":
            continue
        if rule.lookups or rule.day_types or contracts[rule.subjects.dataset].extent:
            skipped[rule.id] = "its subjects are records with their own times (not a roster), or it joins other datasets"
        else:
            daily.append(loaded)
    return daily, skipped


@dataclass
class Held:
    """Rows of one dataset kept from the chunks they came in: all of a roster, the open days' events of a count."""

    parts: list[pd.DataFrame] = field(default_factory=list)
    _frame: pd.DataFrame | None = None

    def add(self, frame: pd.DataFrame) -> None:
        self.parts.append(frame)
        self._frame = None

    def frame(self, key: str | None = None) -> pd.DataFrame:
        if self._frame is None:
            whole = pd.concat(self.parts, ignore_index=True) if self.parts else pd.DataFrame()
            self._frame = whole.drop_duplicates(key, keep="last") if key and len(whole) else whole
            self.parts = [self._frame]
        return self._frame


class Days:
    """The reference rosters and the open days' events of the daily count rules; judges one rule's day on demand."""

    def __init__(self, rules: list[LoadedRule], ctx: Context):
        self.rules, self.ctx = rules, ctx
        self.reference = {name for r in rules for name in (r.rule.subjects.dataset, STAFF)}  # type: ignore[attr-defined]
        self.events = {r.rule.dataset for r in rules}
        self.held: dict[str, Held] = {name: Held() for name in self.reference | self.events}

    def keep(self, name: str, frame: pd.DataFrame, rows: list[int]) -> None:
        if name in self.held and rows:
            self.held[name].add(frame.iloc[rows])

    def forget_before(self, day_start: int) -> None:
        """Events older than the oldest open day are no longer needed: memory stays one day's worth."""
        for name in self.events - self.reference:
            rule = next(r.rule for r in self.rules if r.rule.dataset == name)
            frame = self.held[name].frame()
            if len(frame):
                stamps = frame[rule.time_column].to_numpy(dtype="datetime64[s]").astype("int64")  # type: ignore[attr-defined]
                self.held[name] = Held([frame[stamps >= day_start]])

    def judge(self, loaded: LoadedRule, day_start: int, as_of: int) -> pd.DataFrame:
        """The batch's findings of the rule for one day as of a moment (fail once the day is over, pending before)."""
        rule: CountRule = loaded.rule  # type: ignore[assignment]
        start = pd.Timestamp(np.datetime64(day_start, "s"))
        data = {name: self.held[name].frame(self.ctx.key_of(name) if name in self.reference else None) for name in self.held}
        data = {name: frame for name, frame in data.items() if len(frame.columns)}
        if rule.subjects.dataset not in data or rule.dataset not in data:
            return pd.DataFrame()
        staff = data.get(STAFF)
        ctx = Context(self.ctx.run_id, Period(f"{start:%Y-%m-%d}", start, start + pd.Timedelta(days=1)),
                      pd.Timestamp(np.datetime64(as_of, "s")), self.ctx.contracts, self.ctx.calendars, staff)
        parts = [count.evaluate(rule if not key else loaded.variant(key), prepare(rule if not key else loaded.variant(key), frames,  # type: ignore[arg-type]
                                                                                    ctx.key_of, None, ctx.calendars), ctx)
                 for key, frames in _partitions(loaded, data)]  # the kind itself: finalize's wording and keys are not needed
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
