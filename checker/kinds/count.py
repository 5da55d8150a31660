"""`count`: at least / at most N events per subject per window; subjects come from a roster."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
from pydantic import Field, model_validator

from checker.kinds.base import (
    Context,
    Outcome,
    Outcomes,
    Roster,
    RuleBase,
    active_in_window,
    active_staff,
    empty_partial,
    in_windows,
    join_keys,
    judged_windows,
    outcome_status,
    status_from,
)
from checker.vocabulary import Window
from checker.wording import Words

OUTCOMES: Outcomes = {
    "count_ok": Outcome("pass", "{r}:次数 {m},要求 {t},合格", "{r}: {m} times, required {t}: pass"),
    "count_low": Outcome("fail", "{r}:次数 {m},少于要求的 {t}", "{r}: {m} times, fewer than the required {t}"),
    "count_high": Outcome("fail", "{r}:次数 {m},超过上限 {t}", "{r}: {m} times, more than the maximum of {t}"),
    "count_open": Outcome("pending", "{r}:目前 {m} 次,周期未结束(要求 {t})", "{r}: {m} so far, window still open (required {t})"),
}


class CountRule(RuleBase):
    """Events of `dataset` counted per roster subject per window (PAT-01: 2 patrols per area per day)."""

    kind: Literal["count"]
    window: Window
    days: Literal["all", "working"] = "all"  # day windows: judge every day, or working days only
    time_column: str
    subjects: Roster
    match: dict[str, str] = Field(min_length=1)  # event column -> roster column
    role: list[str] = Field(default_factory=list)  # only staff holding one of these roles are judged
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    distinct: str | None = None  # count distinct values of this event column instead of events (VIS-03: units)
    months: list[int] | None = None  # judge only windows starting in these months of the year (PAT-05: 1, 4, 7, 10)

    @model_validator(mode="after")
    def _bounds(self) -> CountRule:
        if self.min is None and self.max is None:
            raise ValueError("a count needs 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError("'max' is smaller than 'min'")
        if self.days == "working" and self.window != "day":
            raise ValueError("'days: working' applies to day windows only")
        if self.months is not None and (not self.months or any(not 1 <= m <= 12 for m in self.months)):
            raise ValueError("'months' lists months of the year, 1 to 12")
        return self

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, *self.match, *([self.distinct] if self.distinct else [])}
        used.setdefault(self.subjects.dataset, set()).update(self.subjects.columns(), self.match.values())
        return used

    def needs_calendar(self) -> bool:
        return self.days == "working"

    def time_columns(self) -> list[str]:
        return [self.time_column]

    def requires(self, w: Words) -> str:
        bounds = [w.pick(f"至少 {self.min} 次", f"at least {self.min} time{'s' if self.min != 1 else ''}") if self.min is not None else "",
                  w.pick(f"至多 {self.max} 次", f"at most {self.max} time{'s' if self.max != 1 else ''}") if self.max is not None else ""]
        what = w.pick(f"(按不同的{w.col(self.distinct)}计)", f" (distinct {w.col(self.distinct)})") if self.distinct else ""
        months = w.pick(f"(仅 {'、'.join(map(str, self.months))} 月)", f" (months {', '.join(map(str, self.months))})") if self.months else ""
        return w.pick(f"{w.each(self.subjects.type)}{w.per(self.window)}{'、'.join(b for b in bounds if b)}{what}{months}",
                      f"{' and '.join(b for b in bounds if b)}{what} for {w.each(self.subjects.type)} {w.per(self.window)}{months}")


def roster_frame(roster: Roster, data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The roster rows that are subjects, with `staff_id` and `site_id` columns added."""
    frame = data[roster.dataset]
    if roster.where:
        frame = frame[roster.where.mask(frame)]
    frame = frame.copy()
    frame["staff_id"] = frame[roster.staff_column] if roster.staff_column else pd.NA
    if "site_id" not in frame:
        frame["site_id"] = pd.NA
    return frame


def subject_windows(subjects: pd.DataFrame, windows: pd.DataFrame, staff: pd.DataFrame | None, roles: list[str],
                    roster: Roster | None = None) -> pd.DataFrame:
    """Every subject × window in which the accountable person was employed (and the subject itself active, Roster.active_*)."""
    grid = subjects.merge(windows, how="cross")
    grid = grid[active_staff(grid, "staff_id", staff, roles)]
    if roster is not None and (roster.active_from or roster.active_to):
        grid = grid[active_in_window(grid, roster)].drop_duplicates([roster.key, "window_start"])  # overlapping rows of one subject
    return grid


def evaluate(rule: CountRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    windows = judged_windows(rule, rule.window, ctx)
    if rule.months:
        windows = windows[windows["window_start"].dt.month.isin(rule.months)].reset_index(drop=True)
    subjects = roster_frame(rule.subjects, data)
    key = rule.subjects.key
    grid = subject_windows(subjects, windows, ctx.staff, rule.role, rule.subjects)
    if rule.days == "working" and len(grid):  # each subject's own site calendar
        grid = grid[ctx.calendars.is_working_day(grid["site_id"], grid["window_start"])]
    if grid.empty or windows.empty:
        return empty_partial()
    events = in_windows(data[rule.dataset], rule.time_column, windows, rule.window, ctx)
    roster_cols = list(dict.fromkeys([key, *rule.match.values()]))
    roster_keys = subjects[roster_cols].drop_duplicates()  # a subject on several roster rows (renovations of one unit) counts its events once
    joined = events.merge(roster_keys, left_on=list(rule.match), right_on=list(rule.match.values()), suffixes=("_event", ""))
    by = [key, "window_start"]
    grouped = joined.groupby(by, observed=True)
    counts = (grouped[rule.distinct].nunique() if rule.distinct else grouped.size()).rename("measured")
    grid = grid.merge(counts, on=by, how="left").merge(join_keys(joined, by, ctx.key_of(rule.dataset)), on=by, how="left")
    grid["measured"] = grid["measured"].fillna(0)
    return _judge(rule, grid, ctx)


def _judge(rule: CountRule, grid: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    count, still_open = grid["measured"], grid["window_end"] > ctx.as_of
    low = count < rule.min if rule.min is not None else pd.Series(False, index=grid.index)
    high = count > rule.max if rule.max is not None else pd.Series(False, index=grid.index)
    note = status_from([(high, "count_high"), (low & still_open, "count_open"), (low, "count_low")], grid.index, "count_ok")
    status = outcome_status(note, OUTCOMES)
    return pd.DataFrame({
        "subject_type": rule.subjects.type, "subject_id": grid[rule.subjects.key], "staff_id": grid["staff_id"],
        "site_id": grid["site_id"], "record_id": pd.NA, "period_start": grid["window_start"],
        "period_end": grid["window_end"], "status": status, "measured": count,
        "threshold": rule.min if rule.min is not None else rule.max, "unit": "count", "note": note,
        "evidence": grid["evidence"].fillna(""),
    })
