"""Run periods (a month, an ISO week, a date range) and the windows that end inside them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from checker.errors import UsageError
from checker.vocabulary import WINDOW_MONTHS, Window

YEARS = range(1970, 2200)  # what svccheck judges; pandas itself stops in 2262
_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "half_year": "6MS", "year": "YS"}


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of site-local wall-clock time."""

    label: str
    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def parse(cls, text: str | None, date_from: str | None = None, date_to: str | None = None) -> Period:
        """`2026-10`, `2026-W23`, or --from/--to dates (both inclusive)."""
        if text and (date_from or date_to):
            raise UsageError("give either --period or --from/--to, not both")
        if text:
            return _parse_label(text.strip())
        if date_from and date_to:
            start, last = parse_day(date_from, "--from"), parse_day(date_to, "--to")
            if last < start:
                raise UsageError(f"--to {date_to} is before --from {date_from}")
            return cls(f"{date_from}..{date_to}", start, last + pd.Timedelta(days=1))
        raise UsageError("a run needs --period (2026-10 or 2026-W23) or both --from and --to")

    def contains(self, stamps: pd.Series) -> pd.Series:
        """Which timestamps fall inside the period."""
        return (stamps >= self.start) & (stamps < self.end)

    def windows(self, window: Window) -> pd.DataFrame:
        """The windows of a size whose last moment lies inside the period: window_start, window_end (exclusive)."""
        first = _window_floor(self.start, window)
        starts = pd.date_range(first, self.end, freq=_FREQ[window])
        frame = pd.DataFrame({"window_start": starts})
        frame["window_end"] = [_advance(s, window) for s in starts]
        last_moment = frame["window_end"] - pd.Timedelta(seconds=1)
        keep = (last_moment >= self.start) & (last_moment < self.end)
        return frame[keep].reset_index(drop=True)


def parse_day(text: str, flag: str) -> pd.Timestamp:
    try:
        day = pd.Timestamp(text).normalize()
    except (ValueError, TypeError):
        raise UsageError(f"{flag} {text!r} is not a date (YYYY-MM-DD)") from None
    if day is pd.NaT or day.tzinfo is not None:
        raise UsageError(f"{flag} {text!r} is not a date (YYYY-MM-DD)")
    return _in_years(day, f"{flag} {text}")


def _in_years(stamp: pd.Timestamp, what: str) -> pd.Timestamp:
    if stamp.year not in YEARS:
        raise UsageError(f"{what}: svccheck judges the years {YEARS.start}–{YEARS.stop - 1}")
    return stamp


def parse_moment(text: str, flag: str, timezone: str) -> pd.Timestamp:
    """A wall-clock moment (`2026-10-31 18:00`); one with an offset is read as wall-clock time in timezone."""
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if stamp is pd.NaT:
        raise UsageError(f"{flag} {text!r} is not a timestamp (YYYY-MM-DD HH:MM)")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(timezone).tz_localize(None)
    return _in_years(stamp, f"{flag} {text}")


def _parse_label(text: str) -> Period:
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month and 1 <= int(month.group(2)) <= 12:
        start = _in_years(pd.Timestamp(year=max(int(month.group(1)), 1), month=int(month.group(2)), day=1), f"--period {text}")
        return Period(text, start, start + pd.offsets.MonthBegin(1))
    week = re.fullmatch(r"(\d{4})-W(\d{2})", text)
    if week:
        try:
            start = pd.Timestamp.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            raise UsageError(f"--period {text!r}: no such ISO week") from None
        _in_years(start, f"--period {text}")
        return Period(text, start, start + pd.Timedelta(days=7))
    raise UsageError(f"--period {text!r} is neither a month (2026-10) nor an ISO week (2026-W23)")


def _window_floor(stamp: pd.Timestamp, window: Window) -> pd.Timestamp:
    day = stamp.normalize()
    if window == "day":
        return day
    if window == "week":
        return day - pd.Timedelta(days=day.weekday())
    months = WINDOW_MONTHS[window]
    month = (day.month - 1) // months * months + 1
    return pd.Timestamp(year=day.year, month=month, day=1)


def _advance(start: pd.Timestamp, window: Window) -> pd.Timestamp:
    if window == "day":
        return start + pd.Timedelta(days=1)
    if window == "week":
        return start + pd.Timedelta(days=7)
    return start + pd.DateOffset(months=WINDOW_MONTHS[window])


def assign_window(stamps: pd.Series, window: Window) -> pd.Series:
    """The start of the window each timestamp falls in (vectorised)."""
    day = stamps.dt.normalize()
    if window == "day":
        return day
    if window == "week":
        return day - pd.to_timedelta(day.dt.weekday, unit="D")
    months = WINDOW_MONTHS[window]
    month_index = day.to_numpy().astype("datetime64[M]").astype("int64")
    floored = month_index - (month_index % 12) % months
    result = pd.Series(floored.astype("datetime64[M]").astype(day.dtype), index=stamps.index)
    return result.where(stamps.notna())
