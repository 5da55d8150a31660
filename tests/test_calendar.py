"""Working days: weekdays, statutory holidays and make-up days; uncovered years are an error."""

import pandas as pd
import pytest

from checker.calendar import WorkCalendar
from checker.errors import UsageError

CAL = WorkCalendar()


def working(first, last):
    days = pd.date_range(first, last)
    return [d.strftime("%m-%d") for d, w in zip(days, CAL.is_working_day(days)) if w]


def test_2025_national_day_and_mid_autumn():
    # holiday 10-01..10-08; make-up days Sun 09-28 and Sat 10-11 (State Council notice for 2025)
    assert working("2025-09-27", "2025-10-12") == ["09-28", "09-29", "09-30", "10-09", "10-10", "10-11"]


def test_2026_spring_festival():
    # holiday 02-15..02-23; make-up days Sat 02-14 and Sat 02-28
    assert working("2026-02-13", "2026-03-01") == ["02-13", "02-14", "02-24", "02-25", "02-26", "02-27", "02-28"]


def test_uncovered_year_is_an_error_not_a_guess():
    with pytest.raises(UsageError, match="no source covers 2031"):
        CAL.is_working_day(pd.DatetimeIndex(["2031-01-02"]))
