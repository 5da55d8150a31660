"""`deadline`: from a start column to an end column within a limit (per category if needed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from checker.conditions import Condition
from checker.durations import Duration, Limit, WorkingDays, names_calendar_days
from checker.kinds.base import (
    EXEMPT,
    UNIT_SECONDS,
    Clock,
    Context,
    Frozen,
    Outcome,
    Outcomes,
    RuleBase,
    TimeUnit,
    empty_partial,
    first_filled,
    in_unit,
    outcome_status,
    record_scope,
    status_from,
)
from checker.wording import Words

OUTCOMES: Outcomes = {
    "in_time": Outcome("pass", "{r}:用时 {m}{u},限时 {t}{u},合格", "{r}: took {m} {u}, limit {t} {u}: pass"),
    "late": Outcome("fail", "{r}:用时 {m}{u},超过限时 {t}{u}", "{r}: took {m} {u}, over the limit of {t} {u}"),
    "overdue_open": Outcome("fail", "{r}:已超过限时 {t}{u} 仍未完成", "{r}: not done and the limit of {t} {u} has passed"),
    "open_in_time": Outcome("pending", "{r}:尚未完成,未到期限(限时 {t}{u})", "{r}: not done yet, still within the limit of {t} {u}"),
    "no_limit": Outcome("not_evaluated", "{r}:该类别没有规定期限,未评估", "{r}: no limit is set for this category; not evaluated"),
    "exempt": EXEMPT,
    "calendar_uncovered": Outcome(
        "not_evaluated", "{r}:期限落在尚无节假日安排的年份,未评估(请在 rules/calendar.yaml 的 years 中补充国务院通知)",
        "{r}: the deadline falls in a year no holiday source covers; not evaluated (add the year's notice to rules/calendar.yaml)"),
}


class OutsideWorking(Frozen):
    """The limit on the calendar clock for records whose start falls outside working time (CMP-02)."""

    limit: Duration


class DeadlineRule(RuleBase):
    """The end must happen no later than the deadline. Every rule says which clock it runs on:

    clock: calendar, deadline_at: elapsed     — start + limit; "3d" = 72 hours
    clock: calendar, deadline_at: end_of_day  — the end of the calendar day of start + N days ("0d": that day)
    clock: working,  deadline_at: elapsed     — start + limit of working time: "8h" = 8 working hours,
                                                "3wd" = 3 working days = 3 × the site's daily working hours
                                                ("3d" is refused here: it would not say which is meant)
    clock: working,  deadline_at: end_of_day  — the end of the N-th working day after the first working
                                                day on or after the start's day ("0d": that day's end)
    """

    kind: Literal["deadline"]
    clock: Clock
    outside_working: OutsideWorking | None = None  # CMP-02: "else M calendar hours" when started outside working time
    start: str
    start_override: str | None = None  # where filled, the clock starts here instead (REP-05 agreed start)
    end: list[str] = Field(min_length=1)  # the earliest filled of these columns ends the clock
    limit: Limit | None = None
    limit_by: str | None = None  # a category column choosing the limit
    limits: dict[str, Limit] = Field(default_factory=dict)
    due_column: str | None = None  # where filled, this time replaces start + limit (owner's deadline)
    deadline_at: Literal["elapsed", "end_of_day"] = "elapsed"
    exempt_when: Condition | None = None
    staff_column: list[str] = Field(min_length=1)
    evidence_columns: list[str] = Field(default_factory=list)  # added to each record's key in `evidence`
    unit: TimeUnit = "min"

    @model_validator(mode="before")
    @classmethod
    def _days_say_which(cls, data: object) -> object:
        """On the working clock, a limit in days must say whether it means working days or their end."""
        if isinstance(data, dict) and data.get("clock") == "working" and data.get("deadline_at", "elapsed") == "elapsed":
            written = [data.get("limit"), *(data.get("limits") or {}).values()]
            if any(names_calendar_days(v) for v in written):
                raise ValueError("on the working clock write working hours (8h), working days (3wd), "
                                 "or deadline_at: end_of_day for the end of the N-th working day; '3d' would not say which")
        return data

    @model_validator(mode="after")
    def _has_limit(self) -> DeadlineRule:
        if self.limit is None and not self.limits:
            raise ValueError("a deadline needs 'limit', or 'limit_by' with 'limits'")
        if bool(self.limits) != bool(self.limit_by):
            raise ValueError("'limits' and 'limit_by' go together")
        limits = [*([self.limit] if self.limit is not None else []), *self.limits.values()]
        working_days = [v for v in limits if isinstance(v, WorkingDays)]
        if working_days and (self.clock != "working" or self.deadline_at != "elapsed"):
            raise ValueError("working days (3wd) go with clock: working and deadline_at: elapsed")
        if self.deadline_at == "end_of_day" and any(v.total_seconds() % 86400 for v in limits):  # type: ignore[union-attr]
            raise ValueError("deadline_at: end_of_day needs limits in whole days (0d, 1d, 3d)")
        if self.outside_working is not None and self.clock != "working":
            raise ValueError("'outside_working' goes with clock: working")
        return self

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        cols = {self.start, *self.end, *self.staff_column, *self.evidence_columns}
        cols |= {c for c in (self.start_override, self.limit_by, self.due_column) if c}
        if self.clock == "working":
            cols.add("site_id")  # working time is the site's
        if self.exempt_when:
            cols |= self.exempt_when.columns()
        used[self.dataset] |= cols
        return used

    def time_columns(self) -> list[str]:
        return [self.start, *self.end, *(c for c in (self.start_override, self.due_column) if c)]

    def needs_calendar(self) -> bool:
        return self.clock == "working"

    def requires(self, w: Words) -> str:
        working = self.clock == "working"
        if self.limits:
            limit = w.pick("按" + w.col(self.limit_by or "") + "而定(", "depending on " + w.col(self.limit_by or "") + " (")
            limit += ("; " if not w.zh else ";").join(f"{w.value(self.limit_by or '', k)}: {w.duration(v, working)}" for k, v in self.limits.items())
            limit += w.pick(")", ")")
        else:
            limit = w.duration(self.limit, working or self.deadline_at == "end_of_day" and self.clock == "working")  # type: ignore[arg-type]
        end = w.pick("或", " or ").join(w.col(c) for c in self.end)
        start = w.col(self.start)
        same_day = isinstance(self.limit, pd.Timedelta) and not self.limits and not self.limit.total_seconds()
        if self.deadline_at == "end_of_day" and same_day:
            text = w.pick(f"{end}不晚于{start}当天结束", f"{end} by the end of the day of {start}")
        elif self.deadline_at == "end_of_day":
            text = w.pick(f"{end}不晚于{start}后第 {limit}结束", f"{end} by the end of the day {limit} after {start}")
        else:
            text = w.pick(f"{end}不晚于{start}后 {limit}", f"{end} no later than {limit} after {start}")
        if self.due_column:
            text += w.pick(f";填写了{w.col(self.due_column)}时以其为准", f"; where {w.col(self.due_column)} is filled in, by that time")
        return text


def row_limits(rule: DeadlineRule, frame: pd.DataFrame) -> pd.Series:
    """The limit of each record in seconds; NaN where there is none, or where it is in working days (row_working_days)."""
    def seconds(v: pd.Timedelta | WorkingDays | None) -> float:
        return np.nan if v is None or isinstance(v, WorkingDays) else v.total_seconds()

    return _per_row(rule, frame, seconds)


def row_working_days(rule: DeadlineRule, frame: pd.DataFrame) -> pd.Series:
    """The working-day count of each record whose limit is in working days (NaN elsewhere)."""
    return _per_row(rule, frame, lambda v: float(v) if isinstance(v, WorkingDays) else np.nan)


def _per_row(rule: DeadlineRule, frame: pd.DataFrame, value) -> pd.Series:
    default = value(rule.limit)
    if not rule.limit_by:
        return pd.Series(default, index=frame.index, dtype="float64")
    mapped = frame[rule.limit_by].astype("object").map({k: value(v) for k, v in rule.limits.items()}).astype("float64")
    return mapped.fillna(default) if rule.limit is not None else mapped


def _calendar_due(start: pd.Series, seconds: pd.Series, at: str) -> pd.Series:
    limits = pd.to_timedelta(seconds, unit="s")
    if at == "end_of_day":
        return start.dt.normalize() + limits + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    return start + limits


def _working_due(rule: DeadlineRule, frame: pd.DataFrame, start: pd.Series, seconds: pd.Series, ctx: Context, sites: pd.Series | None) -> pd.Series:
    if rule.deadline_at == "end_of_day":
        return ctx.calendars.end_of_working_day(sites, start, seconds / 86400, strict=False)
    days = row_working_days(rule, frame)
    if days.notna().any():
        seconds = seconds.fillna(days * ctx.calendars.day_seconds(sites, frame.index))
    return ctx.calendars.add(sites, start, seconds, strict=False)


def deadlines(rule: DeadlineRule, frame: pd.DataFrame, ctx: Context) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(clock start, deadline, whether the record runs on working time) of each record."""
    start = frame[rule.start]
    if rule.start_override:
        start = frame[rule.start_override].fillna(start)
    limits = row_limits(rule, frame)
    sites = frame["site_id"] if "site_id" in frame else None
    working = pd.Series(rule.clock == "working", index=frame.index)
    if rule.clock == "working":
        due = _working_due(rule, frame, start, limits, ctx, sites)
        if rule.outside_working is not None:
            working = ctx.calendars.in_working_time(sites, start, strict=False)
            due = due.where(working, start + rule.outside_working.limit)
    else:
        due = _calendar_due(start, limits, rule.deadline_at)
    if rule.due_column:
        due = frame[rule.due_column].fillna(due)
    return start, due, working


def _span(start: pd.Series, stop: pd.Series, working: pd.Series, ctx: Context, sites: pd.Series | None, unit: str) -> pd.Series:
    """stop − start in unit: working time where the record runs on the working clock."""
    span = in_unit(stop - start, unit)  # type: ignore[arg-type]
    if working.any():
        rows = working.to_numpy()
        worked = ctx.calendars.elapsed(None if sites is None else sites[rows], start[rows], stop[rows], strict=False) / UNIT_SECONDS[unit]
        span[rows] = worked
    return span


def evaluate(rule: DeadlineRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    frame = record_scope(rule, data[rule.dataset], rule.start, ctx)
    if frame.empty:
        return empty_partial()
    start, due, working = deadlines(rule, frame, ctx)
    no_limit = row_limits(rule, frame).isna() & row_working_days(rule, frame).isna()
    # a working-clock deadline that needs a year no holiday source covers is not guessed
    uncovered = working & (ctx.calendars.uncovered(start) | ctx.calendars.uncovered(due)) if rule.clock == "working" else working & False
    sites = frame["site_id"] if "site_id" in frame else None
    end = frame[rule.end].min(axis=1) if len(rule.end) > 1 else frame[rule.end[0]]
    end = end.where(end <= ctx.as_of)
    exempt = rule.exempt_when.mask(frame) if rule.exempt_when else pd.Series(False, index=frame.index)
    done = end.notna()
    late = done & (end > due)
    overdue = ~done & (ctx.as_of > due)
    cases = [(no_limit, "no_limit"), (uncovered, "calendar_uncovered"), (exempt, "exempt"), (done & ~late, "in_time"), (late, "late"), (overdue, "overdue_open")]
    note = status_from(cases, frame.index, "open_in_time")
    status = outcome_status(note, OUTCOMES)
    key = frame[ctx.key_of(rule.dataset)].astype("string")
    evidence = key if not rule.evidence_columns else key.str.cat(frame[rule.evidence_columns].astype("string"), sep=";", na_rep="").str.rstrip(";")
    return pd.DataFrame({
        "subject_type": "record", "subject_id": key, "staff_id": first_filled(frame, rule.staff_column),
        "site_id": frame["site_id"] if "site_id" in frame else pd.NA, "record_id": key,
        "period_start": start, "period_end": due, "status": status,
        "measured": _span(start, end, working, ctx, sites, rule.unit), "threshold": _span(start, due, working, ctx, sites, rule.unit),
        "unit": working.map({True: f"working_{rule.unit}", False: rule.unit}), "note": note, "evidence": evidence,
    })
