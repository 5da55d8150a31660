"""Which days are working days: weekdays, Chinese statutory holidays and make-up days (调休)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import numpy as np
import pandas as pd

from checker.errors import UsageError


class WorkCalendar:
    """Working days from the `chinese-calendar` package; a year it does not cover is an error."""

    def __init__(self) -> None:
        holidays = pd.DatetimeIndex(sorted(chinese_calendar.holidays)).normalize()
        workdays = pd.DatetimeIndex(sorted(chinese_calendar.workdays)).normalize()
        self._holidays = holidays[holidays.weekday < 5]
        self._makeup = workdays[workdays.weekday >= 5]
        years = sorted({d.year for d in chinese_calendar.holidays})
        self.first_year, self.last_year = years[0], years[-1]

    def check_covered(self, days: pd.Series | pd.DatetimeIndex) -> None:
        """Raise when a date lies in a year no holiday source covers."""
        years = pd.DatetimeIndex(days).year
        outside = sorted({int(y) for y in years[(years < self.first_year) | (years > self.last_year)]})
        if outside:
            raise UsageError(
                f"the holiday calendar covers {self.first_year}–{self.last_year}; "
                f"no source covers {', '.join(map(str, outside))} (add a site override file)"
            )

    def is_working_day(self, days: pd.Series | pd.DatetimeIndex) -> np.ndarray:
        """Vectorised: True where the date is a working day."""
        index = pd.DatetimeIndex(days).normalize()
        self.check_covered(index)
        weekday = index.weekday < 5
        return (weekday & ~index.isin(self._holidays)) | index.isin(self._makeup)

    def day_name(self, day: dt.date) -> str | None:
        """The holiday or make-up day name of one date, for display."""
        return chinese_calendar.get_holiday_detail(day)[1]
