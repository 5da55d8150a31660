"""A provisional calendar for a year chinese-calendar does not cover yet, from the `holidays` package's statutory dates.

The State Council publishes each year's holidays and make-up working days (调休) in November or December;
until the pack's `rules/calendar.yaml` carries that notice under `years:` (or chinese-calendar is updated),
the next year is judged with the statutory holidays computed by `holidays` (lunar dates included) and every
report of a period touching it says the calendar is provisional.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pandas as pd

from checker.calendar.config import CalendarConfig, YearNotice
from checker.calendar.days import PACKAGE_YEARS

SOURCE = f"provisional: statutory dates of the holidays package {holidays.__version__}, not yet the State Council notice"


def notice(year: int) -> YearNotice:
    """The statutory holidays (and any make-up working days the package knows) of one year, marked provisional."""
    china = holidays.China(years=year)
    days = sorted(day for day in china if day.year == year)
    workdays = sorted(day for day in getattr(china, "weekend_workdays", ()) if day.year == year)
    return YearNotice(holidays=days, working_days=workdays, source=SOURCE, provisional=True)


def complete(config: CalendarConfig, today: dt.date | None = None) -> CalendarConfig:
    """The calendar with a provisional notice for every year after chinese-calendar's last, up to next year, that the pack lacks."""
    last = (today or dt.date.today()).year + 1
    missing = [y for y in range(PACKAGE_YEARS.stop, last + 1) if y not in config.years]
    if not missing:
        return config
    return config.model_copy(update={"years": {**config.years, **{y: notice(y) for y in missing}}})


def provisional_years(config: CalendarConfig, first: dt.date, last: dt.date) -> list[int]:
    """The years between first and last (inclusive) judged on a provisional calendar."""
    return [y for y in range(first.year, last.year + 1) if y in config.years and config.years[y].provisional]


def calendar_status(config: CalendarConfig, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """summary.json's `calendar`: the provisional years a period [start, end) touches — and, for a period ending in
    December, the next year, into which its working-time deadlines run — and where their dates come from."""
    last = end - pd.Timedelta(seconds=1)
    reach = last + pd.DateOffset(months=1)
    years = provisional_years(config, start.date(), reach.date())
    return {"provisional_years": years, "source": SOURCE if years else None}
