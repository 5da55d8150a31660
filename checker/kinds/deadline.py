"""`deadline`: from a start column to an end column within a limit (per category if needed)."""

from __future__ import annotations

from typing import Literal, Mapping

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from checker.conditions import Condition
from checker.durations import Duration, format_duration
from checker.kinds.base import empty_partial, Context, RuleBase, TimeUnit, first_filled, in_unit, record_scope, status_from


class DeadlineRule(RuleBase):
    """The end must happen no later than start + limit.

    `deadline_at: elapsed` means start + limit to the second (24h, 3d = 72 h);
    `end_of_day` means the end of the calendar day start + limit (`0d`: the same day).
    """

    kind: Literal["deadline"]
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
        return self

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        cols = {self.start, *self.end, *self.staff_column}
        cols |= {c for c in (self.start_override, self.limit_by, self.due_column) if c}
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


def deadlines(rule: DeadlineRule, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(clock start, deadline) of each record."""
    start = frame[rule.start]
    if rule.start_override:
        start = frame[rule.start_override].fillna(start)
    limits = row_limits(rule, frame)
    if rule.deadline_at == "end_of_day":
        due = start.dt.normalize() + limits + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    else:
        due = start + limits
    if rule.due_column:
        due = frame[rule.due_column].fillna(due)
    return start, due


def evaluate(rule: DeadlineRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    frame = record_scope(rule, data[rule.dataset], rule.start, ctx)
    if frame.empty:
        return empty_partial()
    start, due = deadlines(rule, frame)
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
        "measured": in_unit(end - start, rule.unit), "threshold": in_unit(due - start, rule.unit),
        "unit": rule.unit, "note": note, "evidence": evidence,
    })
