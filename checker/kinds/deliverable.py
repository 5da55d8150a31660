"""`deliverable`: one row per roster subject per period (month, ISO week, day), submitted by a due time set from the period."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field, field_validator, model_validator

from checker.i18n import code
from checker.kinds.base import (
    UNIT_SECONDS,
    Context,
    Frozen,
    Outcome,
    Outcomes,
    Roster,
    RuleBase,
    TimeUnit,
    effective_mask,
    empty_partial,
    join_keys,
    outcome_status,
    status_from,
)
from checker.kinds.count import roster_frame, subject_windows
from checker.period import Period, assign_window
from checker.wording import Words

Cycle = Literal["day", "week", "month"]

OUTCOMES: Outcomes = {
    "delivered_on_time": Outcome("pass", "{r}:已按期提交", "{r}: delivered on time"),
    "delivered_late": Outcome("fail", "{r}:逾期 {m}{u} 才提交", "{r}: delivered {m} {u} after the due time"),
    "not_delivered": Outcome("fail", "{r}:期限已过,仍未提交", "{r}: not delivered, and the due time has passed"),
    "not_yet_due": Outcome("pending", "{r}:尚未提交,未到期限", "{r}: not delivered yet; the due time has not come"),
    "calendar_uncovered": Outcome(
        "not_evaluated", "{r}:期限顺延到尚无节假日安排的年份,未评估(请在 rules/calendar.yaml 的 years 中补充国务院通知)",
        "{r}: the due day moves into a year no holiday source covers; not evaluated (add the year's notice to rules/calendar.yaml)"),
}
_MAX_ROLL_DAYS = 31  # the longest run of non-working days a due day may be moved over (National Day is 8)
_FORMATS = {"month": ("%Y-%m", ""), "week": ("%G-W%V-%u", "-1"), "day": ("%Y-%m-%d", "")}


class Due(Frozen):
    """When the deliverable of a period is due, counted from the period.

    offset: cycles after the period (−1 the month before, 1 the week after); day: the day of that
    month (1–31, a short month's last day at most) or ISO weekday of that week (1 Monday … 7 Sunday),
    `last` or empty for the cycle's last day; time: the moment on that day (inclusive);
    working_day: a due day that is not a working day at the subject's site moves to the next one (顺延).
    """

    offset: int = Field(default=0, ge=-24, le=24)
    day: int | Literal["last"] | None = None
    time: str = "23:59:59"
    working_day: bool = False

    @field_validator("time")
    @classmethod
    def _clock_time(cls, text: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?", text):
            raise ValueError(f"time {text!r} is not HH:MM or HH:MM:SS")
        return text

    def time_of_day(self) -> pd.Timedelta:
        return pd.Timedelta(self.time if self.time.count(":") == 2 else f"{self.time}:00")

    def describe(self, cycle: Cycle, w: Words) -> str:
        """E.g. 上月 24 日 23:59:59 / day 24 of the previous month, 23:59:59; 次日 23:59:59 / the day after, 23:59:59."""
        rolled = w.pick("(如非工作日则顺延至下一个工作日)", ", moved to the next working day if that is not one") if self.working_day else ""
        unit = code(cycle, "zh")
        if cycle == "day":
            when = w.pick({0: "当天", 1: "次日"}.get(self.offset, f"{self.offset:+d} 天"),
                          {0: "the same day", 1: "the day after"}.get(self.offset, f"{self.offset:+d} days"))
        else:
            which_zh = {0: "本", -1: "上", 1: "下"}.get(self.offset, f"{self.offset:+d} 个")
            which = {0: "the same", -1: "the previous", 1: "the next"}.get(self.offset, f"{self.offset:+d}")
            last = self.day in (None, "last")
            day_zh = "最后一天" if last else (f"周{'一二三四五六日'[int(self.day) - 1]}" if cycle == "week" else f"{self.day} 日")  # type: ignore[arg-type]
            day_en = "the last day" if last else (f"weekday {self.day}" if cycle == "week" else f"day {self.day}")
            when = w.pick(f"{which_zh}{unit}{day_zh}", f"{day_en} of {which} {code(cycle, 'en')}")
        return w.pick(f"{when} {self.time}{rolled}", f"{when}, {self.time}{rolled}")


class DeliverableRule(RuleBase):
    """Per roster subject and period, the earliest row of `dataset` naming that period must be submitted by the due time."""

    kind: Literal["deliverable"]
    cycle: Cycle
    period_column: str  # `YYYY-MM` / `YYYY-Www` / `YYYY-MM-DD` text, or a date inside the period (log_date)
    time_column: str  # when it was submitted or done
    subjects: Roster
    match: dict[str, str] = Field(min_length=1)  # row column -> roster column
    role: list[str] = Field(default_factory=list)  # staff subjects: only these roles are judged
    due: Due
    staff_column: str | None = None  # who delivered it (the accountable person when subjects are not staff)
    unit: TimeUnit = "h"

    @model_validator(mode="after")
    def _due_day_fits(self) -> DeliverableRule:
        day = self.due.day
        if isinstance(day, int) and not (1 <= day <= {"week": 7, "month": 31, "day": 0}[self.cycle]):
            raise ValueError(f"due day {day} does not fit a {self.cycle} ({'1–7' if self.cycle == 'week' else '1–31 or last'})")
        return self

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, self.period_column, *self.match, *([self.staff_column] if self.staff_column else [])}
        used.setdefault(self.subjects.dataset, set()).update(self.subjects.columns(), self.match.values())
        return used

    def time_columns(self) -> list[str]:
        return [self.time_column]

    def needs_calendar(self) -> bool:
        return self.due.working_day

    def requires(self, w: Words) -> str:
        return w.pick(f"{w.each(self.subjects.type)}{w.per(self.cycle)}提交一份,{w.col(self.time_column)}不晚于{self.due.describe(self.cycle, w)}",
                      f"one from {w.each(self.subjects.type)} {w.per(self.cycle)}, {w.col(self.time_column)} by {self.due.describe(self.cycle, w)}")


def period_starts(values: pd.Series, cycle: Cycle) -> pd.Series:
    """The start of the period each value names: a date or time inside it, or its label; NaT where unreadable."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return assign_window(values, cycle)
    fmt, suffix = _FORMATS[cycle]
    text = values.astype("string").str.strip().str.upper() + suffix
    return pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[us]")


def due_moments(due: Due, cycle: Cycle, starts: pd.Series) -> pd.Series:
    """The base due moment of each period (before any move to a working day)."""
    days = starts.to_numpy().astype("datetime64[D]")
    if cycle == "month":
        month = days.astype("datetime64[M]") + due.offset
        last = (month + 1).astype("datetime64[D]") - 1
        day = last if due.day in (None, "last") else np.minimum(month.astype("datetime64[D]") + (int(due.day) - 1), last)  # type: ignore[arg-type]
    elif cycle == "week":
        day = days + 7 * due.offset + (6 if due.day in (None, "last") else int(due.day) - 1)  # type: ignore[arg-type]
    else:
        day = days + due.offset
    return pd.Series(pd.to_datetime(day).astype("datetime64[us]"), index=starts.index) + due.time_of_day()


def roll_to_working_day(due: pd.Series, sites: pd.Series, ctx: Context) -> tuple[pd.Series, pd.Series]:
    """Each due moment moved day by day to its site's next working day (vectorised per step); and where that ran uncovered."""
    day, time_of_day = due.dt.normalize(), due - due.dt.normalize()
    stuck = ctx.calendars.uncovered(day)
    for _ in range(_MAX_ROLL_DAYS):
        rows = (~stuck).to_numpy()
        off = np.zeros(len(day), dtype=bool)
        if rows.any():
            off[rows] = ~ctx.calendars.is_working_day(sites[rows], day[rows])
        if not off.any():
            break
        day = day.where(~off, day + pd.Timedelta(days=1))
        stuck |= ctx.calendars.uncovered(day)
    return day + time_of_day, stuck


def candidate_periods(rule: DeliverableRule, ctx: Context) -> pd.DataFrame:
    """Every period whose due time could fall inside the run's period (judged: those whose due time does)."""
    cycle_days = {"day": 1, "week": 7, "month": 31}[rule.cycle]
    margin = pd.Timedelta(days=(abs(rule.due.offset) + 2) * cycle_days + (_MAX_ROLL_DAYS if rule.due.working_day else 0))
    return Period("candidates", ctx.period.start - margin, ctx.period.end + margin).windows(rule.cycle)


def delivered(rule: DeliverableRule, data: Mapping[str, pd.DataFrame], subjects: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Per subject key and period start: the earliest submission by as-of, who made it, and every row's key."""
    rows = data[rule.dataset]
    rows = rows[~(rows[rule.time_column] > ctx.as_of)]  # a row made after as-of is not seen yet (one never submitted is)
    rows = rows.assign(window_start=period_starts(rows[rule.period_column], rule.cycle),
                       submitted=rows[rule.time_column].where(rows[rule.time_column] <= ctx.as_of))
    roster_cols = list(dict.fromkeys([rule.subjects.key, *rule.match.values()]))
    joined = rows.merge(subjects[roster_cols], left_on=list(rule.match), right_on=list(rule.match.values()), suffixes=("_row", ""))
    joined = joined[joined["window_start"].notna()]
    by = [rule.subjects.key, "window_start"]
    first = joined.sort_values("submitted", kind="stable").drop_duplicates(by)
    first = first[by + ["submitted"]].assign(submitter=first[rule.staff_column] if rule.staff_column else pd.NA)
    return first.merge(join_keys(joined, by, ctx.key_of(rule.dataset)), on=by, how="left")


def evaluate(rule: DeliverableRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    subjects = roster_frame(rule.subjects, data)
    grid = subject_windows(subjects, candidate_periods(rule, ctx), ctx.staff, rule.role).reset_index(drop=True)
    if grid.empty:
        return empty_partial()
    base = due_moments(rule.due, rule.cycle, grid["window_start"])
    due, uncovered = roll_to_working_day(base, grid["site_id"], ctx) if rule.due.working_day else (base, base.isna())
    judged = (ctx.period.contains(due) | (uncovered & ctx.period.contains(base))) & effective_mask(rule, base)
    grid, due, uncovered = grid[judged], due[judged], uncovered[judged]
    if grid.empty:
        return empty_partial()
    grid = grid.assign(due=due, uncovered=uncovered).merge(delivered(rule, data, subjects, ctx), on=[rule.subjects.key, "window_start"], how="left")
    return _judge(rule, grid, ctx)


def _judge(rule: DeliverableRule, grid: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    submitted, due = grid["submitted"], grid["due"]
    late = submitted.notna() & (submitted > due)
    cases = [(grid["uncovered"], "calendar_uncovered"), (submitted.notna() & ~late, "delivered_on_time"), (late, "delivered_late"),
             (ctx.as_of > due, "not_delivered")]
    note = status_from(cases, grid.index, "not_yet_due")
    staff = grid["staff_id"] if rule.subjects.staff_column else grid["submitter"]
    return pd.DataFrame({
        "subject_type": rule.subjects.type, "subject_id": grid[rule.subjects.key], "staff_id": staff,
        "site_id": grid["site_id"], "record_id": pd.NA, "period_start": grid["window_start"], "period_end": due,
        "status": outcome_status(note, OUTCOMES), "measured": ((submitted - due).dt.total_seconds() / UNIT_SECONDS[rule.unit]).round(2),
        "threshold": 0.0, "unit": rule.unit, "note": note, "evidence": grid["evidence"].fillna(""),
    })
