"""`deadline`: from a start column to an end column within a limit (per category if needed)."""

from __future__ import annotations

from typing import Literal, Mapping

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from checker.conditions import Condition
from checker.durations import Duration, format_duration
from checker.kinds.base import UNIT_SECONDS, Clock, Context, Frozen, RuleBase, TimeUnit, empty_partial, first_filled, in_unit, record_scope, status_from


class OutsideWorking(Frozen):
    """The limit on the calendar clock for records whose start falls outside working time (CMP-02)."""

    limit: Duration


class DeadlineRule(RuleBase):
    """The end must happen no later than the deadline. Every rule says which clock it runs on:

    clock: calendar, deadline_at: elapsed     — start + limit; "3d" = 72 hours
    clock: calendar, deadline_at: end_of_day  — the end of the calendar day of start + N days ("0d": that day)
    clock: working,  deadline_at: elapsed     — start + limit of working time ("8h" = 8 working hours;
                                                "3d" = 3 working days = 3 × the site's daily working hours)
    clock: working,  deadline_at: end_of_day  — the end of the N-th working day after the first working
                                                day on or after the start's day ("0d": that day's end)
    """

    kind: Literal["deadline"]
    clock: Clock
    outside_working: OutsideWorking | None = None  # CMP-02: "else M calendar hours" when started outside working time
    start: str
    start_override: str | None = None  # where filled, the clock starts here instead (REP-05 agreed start)
    end: list[str] = Field(min_length=1)  # the earliest filled of these columns ends the clock
    limit: Duration | None = None
    limit_by: str | None = None  # a category column choosing the limit
    limits: dict[str, Duration] = Field(default_factory=dict)
    due_column: str | None = None  # where filled, this time replaces start + limit (owner's deadline)
    deadline_at: Literal["elapsed", "end_of_day"] = "elapsed"
    exempt_when: Condition | None = None
    staff_column: list[str] = Field(min_length=1)
    unit: TimeUnit = "min"

    @model_validator(mode="after")
    def _has_limit(self) -> DeadlineRule:
        if self.limit is None and not self.limits:
            raise ValueError("a deadline needs 'limit', or 'limit_by' with 'limits'")
        if bool(self.limits) != bool(self.limit_by):
            raise ValueError("'limits' and 'limit_by' go together")
        if self.deadline_at == "end_of_day" and any(v.total_seconds() % 86400 for v in self._all_limits()):
            raise ValueError("deadline_at: end_of_day needs limits in whole days (0d, 1d, 3d)")
        if self.outside_working is not None and self.clock != "working":
            raise ValueError("'outside_working' goes with clock: working")
        return self

    def _all_limits(self) -> list[pd.Timedelta]:
        return [*([self.limit] if self.limit is not None else []), *self.limits.values()]

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        cols = {self.start, *self.end, *self.staff_column}
        cols |= {c for c in (self.start_override, self.limit_by, self.due_column) if c}
        if self.clock == "working":
            cols.add("site_id")  # working time is the site's
        if self.exempt_when:
            cols |= self.exempt_when.columns()
        used[self.dataset] |= cols
        return used

    def requirement(self) -> str:
        limits = ", ".join(f"{k}: {format_duration(v)}" for k, v in self.limits.items())
        return f"{'/'.join(self.end)} ≤ {self.start} + {limits or format_duration(self.limit)}"


def row_limits(rule: DeadlineRule, frame: pd.DataFrame) -> pd.Series:
    """The limit of each record (NaT where its category has none)."""
    default = rule.limit if rule.limit is not None else pd.NaT
    if not rule.limit_by:
        return pd.Series(default, index=frame.index, dtype="timedelta64[us]")
    seconds = {k: v.total_seconds() for k, v in rule.limits.items()}
    mapped = frame[rule.limit_by].astype("object").map(seconds).astype("float64")
    limits = pd.to_timedelta(mapped, unit="s").astype("timedelta64[us]")
    return limits.fillna(default) if rule.limit is not None else limits


def _calendar_due(start: pd.Series, limits: pd.Series, at: str) -> pd.Series:
    if at == "end_of_day":
        return start.dt.normalize() + limits + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    return start + limits


def _working_due(rule: DeadlineRule, start: pd.Series, limits: pd.Series, ctx: Context, sites: pd.Series | None) -> pd.Series:
    if rule.deadline_at == "end_of_day":
        return ctx.calendars.end_of_working_day(sites, start, limits.dt.days.astype("float64"))
    return ctx.calendars.add(sites, start, limits.dt.total_seconds())


def deadlines(rule: DeadlineRule, frame: pd.DataFrame, ctx: Context) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(clock start, deadline, whether the record runs on working time) of each record."""
    start = frame[rule.start]
    if rule.start_override:
        start = frame[rule.start_override].fillna(start)
    limits = row_limits(rule, frame)
    sites = frame["site_id"] if "site_id" in frame else None
    working = pd.Series(rule.clock == "working", index=frame.index)
    if rule.clock == "working":
        due = _working_due(rule, start, limits, ctx, sites)
        if rule.outside_working is not None:
            working = ctx.calendars.in_working_time(sites, start)
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
        worked = ctx.calendars.elapsed(None if sites is None else sites[rows], start[rows], stop[rows]) / UNIT_SECONDS[unit]
        span[rows] = worked
    return span


def evaluate(rule: DeadlineRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    frame = record_scope(rule, data[rule.dataset], rule.start, ctx)
    if frame.empty:
        return empty_partial()
    start, due, working = deadlines(rule, frame, ctx)
    sites = frame["site_id"] if "site_id" in frame else None
    end = frame[rule.end].min(axis=1) if len(rule.end) > 1 else frame[rule.end[0]]
    end = end.where(end <= ctx.as_of)
    exempt = rule.exempt_when.mask(frame) if rule.exempt_when else pd.Series(False, index=frame.index)
    done, no_limit = end.notna(), due.isna()
    late = done & (end > due)
    overdue = ~done & (ctx.as_of > due)
    cases = [(no_limit, "no_limit"), (exempt, "exempt"), (done & ~late, "in_time"), (late, "late"), (overdue, "overdue_open")]
    note = status_from(cases, frame.index, "open_in_time")
    status = note.map({"no_limit": "not_evaluated", "exempt": "exempt", "in_time": "pass", "late": "fail",
                       "overdue_open": "fail", "open_in_time": "pending"})
    key = frame[ctx.key_of(rule.dataset)].astype("string")
    evidence = key if not rule.evidence_columns else key.str.cat(frame[rule.evidence_columns].astype("string"), sep=";", na_rep="").str.rstrip(";")
    return pd.DataFrame({
        "subject_type": "record", "subject_id": key, "staff_id": first_filled(frame, rule.staff_column),
        "site_id": frame["site_id"] if "site_id" in frame else pd.NA, "record_id": key,
        "period_start": start, "period_end": due, "status": status,
        "measured": _span(start, end, working, ctx, sites, rule.unit), "threshold": _span(start, due, working, ctx, sites, rule.unit),
        "unit": working.map({True: f"working_{rule.unit}", False: rule.unit}), "note": note, "evidence": evidence,
    })
