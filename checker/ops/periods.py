"""Relative periods for unattended runs (`--period last-month` …), counted from today in the pack's time zone."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from checker.errors import UsageError
from checker.period import Period

RELATIVE = ("yesterday", "last-week", "last-month", "this-month", "month-to-date")
TODAY_VARIABLE = "SVCCHECK_TODAY"  # YYYY-MM-DD: the injectable clock of tests and of a re-run of a missed night


def today(timezone: str) -> dt.date:
    """Today's date in the pack's time zone (or $SVCCHECK_TODAY)."""
    given = os.environ.get(TODAY_VARIABLE)
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"{TODAY_VARIABLE}={given!r} is not a date (YYYY-MM-DD)") from None
    return dt.datetime.now(ZoneInfo(timezone)).date()


def relative_period(text: str | None, timezone: str, now: dt.date | None = None, has_range: bool = False) -> Period | None:
    """The period a relative name means today, or None when text is not one of RELATIVE.

    yesterday: that day; last-week: the previous ISO week (Monday–Sunday); last-month: the previous
    calendar month; this-month: the current calendar month; month-to-date: from the first of
    yesterday's month to yesterday (on the 1st, the whole previous month) — what a night run has complete.
    """
    if text is None or text.strip().lower() not in RELATIVE:
        return None
    if has_range:
        raise UsageError("give either --period or --from/--to, not both")
    day = now or today(timezone)
    name = text.strip().lower()
    if name == "yesterday":
        return _days(day - dt.timedelta(days=1), day - dt.timedelta(days=1))
    if name == "last-week":
        year, week, _ = (day - dt.timedelta(days=7)).isocalendar()
        return Period.parse(f"{year}-W{week:02d}")
    if name == "this-month":
        return Period.parse(f"{day:%Y-%m}")
    if name == "last-month":
        return Period.parse(f"{day.replace(day=1) - dt.timedelta(days=1):%Y-%m}")
    last = day - dt.timedelta(days=1)
    return _days(last.replace(day=1), last)


def _days(first: dt.date, last: dt.date) -> Period:
    return Period.parse(None, first.isoformat(), last.isoformat())
