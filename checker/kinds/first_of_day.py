"""`first_of_day`: each roster subject's first event of a day starts and ends by fixed times of day (PAT-02)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Literal

import pandas as pd
from pydantic import Field, PlainValidator, model_validator

from checker.kinds.base import (
    Context,
    Outcome,
    Outcomes,
    Roster,
    RuleBase,
    empty_partial,
    in_windows,
    judged_windows,
    outcome_status,
    status_from,
)
from checker.kinds.count import roster_frame, subject_windows
from checker.wording import Words

OUTCOMES: Outcomes = {
    "first_in_time": Outcome("pass", "{r}:当天第一次按时开始并结束(距时限 {m}{u}),合格",
                             "{r}: the first of the day started and ended in time ({m} {u} against the time limits): pass"),
    "first_late_start": Outcome("fail", "{r}:当天第一次开始时间超过时限 {m}{u}", "{r}: the first of the day started {m} {u} after the time limit"),
    "first_late_end": Outcome("fail", "{r}:当天第一次结束时间超过时限 {m}{u}", "{r}: the first of the day ended {m} {u} after the time limit"),
    "first_no_end": Outcome("fail", "{r}:当天第一次没有结束时间,已过结束时限", "{r}: the first of the day has no end time and the end limit has passed"),
    "first_open": Outcome("pending", "{r}:当天第一次尚未结束,未到结束时限", "{r}: the first of the day has not ended yet, the end limit has not passed"),
    "first_missing": Outcome("fail", "{r}:当天没有记录", "{r}: nothing recorded that day"),
    "first_not_yet": Outcome("pending", "{r}:当天尚无记录,未到开始时限", "{r}: nothing recorded yet, the start limit has not passed"),
}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _time_of_day(value: object) -> pd.Timedelta:
    """'08:40' as the time since midnight."""
    match = _CLOCK.match(str(value))
    if not match or isinstance(value, (bool, int, float)):
        raise ValueError(f"write a time of day as HH:MM (08:40), not {value!r}")
    return pd.Timedelta(hours=int(match.group(1)), minutes=int(match.group(2)))


TimeOfDay = Annotated[pd.Timedelta, PlainValidator(_time_of_day)]


class FirstOfDayRule(RuleBase):
    """Per roster subject and day (working days at the subject's site, or every day), the subject's first event
    (the earliest `start`) starts by `start_by` and, where `end_by` is given, ends by `end_by` (inclusive)."""

    kind: Literal["first_of_day"]
    start: str
    end: str | None = None
    start_by: TimeOfDay
    end_by: TimeOfDay | None = None
    days: Literal["all", "working"] = "working"
    subjects: Roster
    match: dict[str, str] = Field(min_length=1)  # event column -> roster column
    role: list[str] = Field(default_factory=list)  # only staff holding one of these roles are judged
    when_absent: Literal["fail", "skip"] = "fail"  # a day without any event: a failure, or no finding (another rule counts it)

    @model_validator(mode="after")
    def _end_pair(self) -> FirstOfDayRule:
        if (self.end is None) != (self.end_by is None):
            raise ValueError("'end' and 'end_by' go together")
        if self.end_by is not None and self.end_by < self.start_by:
            raise ValueError("'end_by' is before 'start_by'")
        return self

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {*self.time_columns(), *self.match}
        used.setdefault(self.subjects.dataset, set()).update(self.subjects.columns(), self.match.values())
        return used

    def time_columns(self) -> list[str]:
        return [self.start, *([self.end] if self.end else [])]

    def needs_calendar(self) -> bool:
        return self.days == "working"

    def requires(self, w: Words) -> str:
        day = w.pick("每个工作日" if self.days == "working" else "每天", "each working day" if self.days == "working" else "each day")
        end = w.pick(f",并于 {_hhmm(self.end_by)} 前结束", f", ending by {_hhmm(self.end_by)}") if self.end_by is not None else ""
        return w.pick(f"{w.each(self.subjects.type)}{day}第一次{w.col(self.start)}不晚于 {_hhmm(self.start_by)}{end}",
                      f"the first {w.col(self.start)} of {day} by {_hhmm(self.start_by)}{end}, for {w.each(self.subjects.type)}")


def _hhmm(delta: pd.Timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def first_events(rule: FirstOfDayRule, data: Mapping[str, pd.DataFrame], subjects: pd.DataFrame, windows: pd.DataFrame,
                 ctx: Context) -> pd.DataFrame:
    """Per subject and day, its earliest event: the subject key, window_start, `_start`, `_end` (ends after as-of are empty), `_event`."""
    events = in_windows(data[rule.dataset], rule.start, windows, "day", ctx)
    key = rule.subjects.key
    roster_keys = subjects[list(dict.fromkeys([key, *rule.match.values()]))].drop_duplicates()
    joined = events.merge(roster_keys, left_on=list(rule.match), right_on=list(rule.match.values()), suffixes=("_event", ""))
    event_key = ctx.key_of(rule.dataset)
    joined = joined.sort_values([key, "window_start", rule.start, event_key], kind="stable").drop_duplicates([key, "window_start"])
    end = joined[rule.end] if rule.end else pd.Series(pd.NaT, index=joined.index)
    return pd.DataFrame({key: joined[key], "window_start": joined["window_start"], "_start": joined[rule.start],
                         "_end": end.where(end <= ctx.as_of), "_event": joined[event_key]})


def evaluate(rule: FirstOfDayRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    windows = judged_windows(rule, "day", ctx)
    subjects = roster_frame(rule.subjects, data)
    grid = subject_windows(subjects, windows, ctx.staff, rule.role, rule.subjects)
    if rule.days == "working" and len(grid):  # each subject's own site calendar
        grid = grid[ctx.calendars.is_working_day(grid["site_id"], grid["window_start"])]
    if grid.empty:
        return empty_partial()
    grid = grid.merge(first_events(rule, data, subjects, windows, ctx), on=[rule.subjects.key, "window_start"], how="left")
    if rule.when_absent == "skip":
        grid = grid[grid["_start"].notna()]
    return _judge(rule, grid.reset_index(drop=True), ctx)


def _judge(rule: FirstOfDayRule, grid: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    start_limit = grid["window_start"] + rule.start_by
    end_limit = grid["window_start"] + (rule.end_by if rule.end_by is not None else rule.start_by)
    late_start = (grid["_start"] - start_limit).dt.total_seconds() / 60
    late_end = (grid["_end"] - end_limit).dt.total_seconds() / 60 if rule.end else pd.Series(float("nan"), index=grid.index)
    none, unended = grid["_start"].isna(), grid["_end"].isna() & pd.Series(rule.end is not None, index=grid.index)
    cases = [
        (none & (ctx.as_of <= start_limit), "first_not_yet"), (none, "first_missing"),
        (late_start > 0, "first_late_start"), (late_end > 0, "first_late_end"),
        (unended & (ctx.as_of <= end_limit), "first_open"), (unended, "first_no_end"),
    ]
    note = status_from(cases, grid.index, "first_in_time")
    measured = pd.concat([late_start, late_end], axis=1).max(axis=1)
    return pd.DataFrame({
        "subject_type": rule.subjects.type, "subject_id": grid[rule.subjects.key], "staff_id": grid["staff_id"],
        "site_id": grid["site_id"], "record_id": pd.NA, "period_start": grid["window_start"], "period_end": grid["window_end"],
        "status": outcome_status(note, OUTCOMES), "measured": measured.where(note != "first_late_start", late_start),
        "threshold": 0.0, "unit": "min", "note": note, "evidence": grid["_event"].astype("string").fillna(""),
    })
