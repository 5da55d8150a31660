"""Which days are working days at a site: weekdays, statutory holidays, make-up days, local exceptions."""

from __future__ import annotations

import chinese_calendar
import numpy as np
import pandas as pd

from checker.calendar.config import WEEKDAYS, CalendarConfig, DayRules
from checker.errors import CalendarCoverageError

_HOLIDAYS = pd.DatetimeIndex(sorted(chinese_calendar.holidays)).normalize()
_MAKEUP = pd.DatetimeIndex(sorted(chinese_calendar.workdays)).normalize()
PACKAGE_YEARS = range(min(d.year for d in chinese_calendar.holidays), max(d.year for d in chinese_calendar.holidays) + 1)


def covered_years(config: CalendarConfig) -> set[int]:
    return set(PACKAGE_YEARS) | set(config.years)


def check_covered(config: CalendarConfig, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """Raise when a day in [first, last] lies in a year no holiday source covers."""
    missing = sorted(set(range(first.year, last.year + 1)) - covered_years(config))
    if missing:
        raise CalendarCoverageError(
            f"no holiday source covers {', '.join(map(str, missing))} (chinese-calendar {chinese_calendar.__version__} covers "
            f"{PACKAGE_YEARS.start}–{PACKAGE_YEARS.stop - 1}); add the State Council notice to rules/calendar.yaml under "
            f"'years:' or update the package")


def working_days(config: CalendarConfig, rules: DayRules, days: pd.DatetimeIndex) -> np.ndarray:
    """Vectorised: True where the day is a working day under these rules.

    Local days off win over everything; then local extra working days; then the year's notice
    (rules/calendar.yaml) or the package's statutory holidays and make-up days; then the weekdays.
    Days of an uncovered year follow the weekdays only: callers check coverage of what they use.
    """
    days = pd.DatetimeIndex(days).normalize()
    weekday = np.isin(days.weekday, [WEEKDAYS.index(w) for w in rules.weekdays])
    holiday = days.isin(_HOLIDAYS)
    makeup = days.isin(_MAKEUP)
    for year, notice in config.years.items():
        in_year = days.year == year
        holiday = np.where(in_year, days.isin(pd.DatetimeIndex(notice.holidays)), holiday)
        makeup = np.where(in_year, days.isin(pd.DatetimeIndex(notice.working_days)), makeup)
    working = (weekday & ~holiday) | makeup
    working |= days.isin(pd.DatetimeIndex(rules.extra_working_days))
    return working & ~days.isin(pd.DatetimeIndex(rules.days_off))


def day_reason(config: CalendarConfig, rules: DayRules, day: pd.Timestamp) -> str:
    """Why a day is (not) a working day, for `svccheck calendar show`."""
    date = day.date()
    if date in rules.days_off:
        return "local day off"
    if date in rules.extra_working_days:
        return "local working day"
    notice = config.years.get(day.year)
    if notice is not None:
        if date in notice.holidays:
            return f"holiday ({notice.source or 'rules/calendar.yaml'})"
        if date in notice.working_days:
            return f"make-up working day ({notice.source or 'rules/calendar.yaml'})"
    elif day.year in PACKAGE_YEARS:
        _, name = chinese_calendar.get_holiday_detail(date)
        if name and day in _HOLIDAYS:
            return f"holiday: {name}"
        if name and day in _MAKEUP:
            return f"make-up working day (调休): {name}"
    return "weekday" if WEEKDAYS[day.weekday()] in rules.weekdays else "weekend"
