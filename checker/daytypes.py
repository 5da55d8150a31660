"""The kind of each record's day at its site (workday, weekend, holiday, makeup_workday, day_off), for rule conditions."""

from __future__ import annotations

import chinese_calendar
import numpy as np
import pandas as pd

from checker.calendar import Calendars
from checker.calendar.config import WEEKDAYS

DAY_TYPES = ["workday", "weekend", "holiday", "makeup_workday", "day_off"]
_STATUTORY = pd.DatetimeIndex(sorted(chinese_calendar.holidays)).normalize()


def statutory_holidays(calendars: Calendars, days: pd.DatetimeIndex) -> np.ndarray:
    """True where the day is a public holiday: the year's notice in rules/calendar.yaml, else the package."""
    holiday = np.asarray(days.isin(_STATUTORY))
    for year, notice in calendars.config.years.items():
        holiday = np.where(days.year == year, days.isin(pd.DatetimeIndex(notice.holidays)), holiday)
    return holiday


def regular_weekdays(calendars: Calendars, sites: pd.Series | None, days: pd.DatetimeIndex) -> np.ndarray:
    """True where the day is one of its site's usual working weekdays (a site × weekday table, indexed once)."""
    names = sites.astype("object").to_numpy() if sites is not None else np.full(len(days), None, dtype=object)
    codes, distinct = pd.factorize(names, use_na_sentinel=False)
    table = np.zeros((len(distinct), 7), dtype=bool)
    for position, site in enumerate(distinct):
        table[position, [WEEKDAYS.index(w) for w in calendars.rules(None if pd.isna(site) else site).weekdays]] = True
    return table[codes, np.asarray(days.weekday)] if len(days) else np.zeros(0, dtype=bool)


def day_types(calendars: Calendars, sites: pd.Series | None, stamps: pd.Series) -> pd.Series:
    """Per row, the kind of the day of stamps at its site; empty where the time is empty or its year is not covered.

    A public holiday is `holiday` whatever the site does on it; a working day outside the site's
    weekdays is a `makeup_workday` (调休 or a local working day); a weekday the site does not work
    is a `day_off`.
    """
    result = pd.Series(pd.NA, index=stamps.index, dtype="string")
    known = (stamps.notna() & ~calendars.uncovered(stamps)).to_numpy()
    if not known.any():
        return result
    days = pd.DatetimeIndex(stamps[known]).normalize()
    site_rows = sites[known] if sites is not None else None
    working = calendars.is_working_day(site_rows, pd.Series(days))
    regular = regular_weekdays(calendars, site_rows, days)
    kinds = np.select([statutory_holidays(calendars, days), working & ~regular, working, regular],
                      ["holiday", "makeup_workday", "workday", "day_off"], default="weekend")
    result[known] = kinds
    return result
