"""The words every stage shares: statuses, severities, units, subject types, the system datasets and their keys."""

from __future__ import annotations

from typing import Literal, get_args

import pandas as pd
from pydantic import BaseModel, ConfigDict

Status = Literal["pass", "fail", "pending", "exempt", "not_evaluated", "waived"]  # waived: a non-pass finding an approved waiver covers
STATUSES: tuple[str, ...] = get_args(Status)
JUDGED = ("pass", "fail")  # the statuses compliance is computed over

Severity = Literal["critical", "major", "minor"]
SEVERITIES: tuple[str, ...] = get_args(Severity)

SubjectType = Literal["staff", "team", "site", "unit", "area"]
FINDING_SUBJECTS = (*get_args(SubjectType), "record")

TimeUnit = Literal["s", "min", "h", "d"]
UNIT_SECONDS = {"s": 1, "min": 60, "h": 3600, "d": 86400}
MEASURE_UNITS = ("count", "share", *UNIT_SECONDS, *(f"working_{u}" for u in UNIT_SECONDS))

Window = Literal["day", "week", "month", "quarter", "half_year", "year"]
WINDOW_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}

DEFAULT_TIMEZONE = "Asia/Shanghai"  # export timestamps are site-local wall-clock times (datasets.md)

# The system datasets every rule may rely on, and their keys.
STAFF, SITES, UNITS = "staff", "sites", "units"
STAFF_ID, SITE_ID = "staff_id", "site_id"


class Frozen(BaseModel):
    """The base of every definition read from YAML (rules, calendars): immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def employed(active_from: pd.Series, active_to: pd.Series, start: pd.Series | pd.Timestamp,
             end: pd.Series | pd.Timestamp) -> pd.Series:
    """Whether each person's employment [active_from, active_to] (dates, either open) overlaps [start, end)."""
    return (active_from.isna() | (active_from < end)) & (active_to.isna() | (active_to >= start))
