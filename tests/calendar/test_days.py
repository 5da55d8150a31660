"""Working days: two holiday sources agree, per-site rules, new-year notices, coverage errors."""

import holidays
import pandas as pd
import pytest

from checker.calendar import Calendars
from checker.calendar.config import CalendarConfig
from checker.errors import CalendarCoverageError


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_chinese_calendar_and_holidays_packages_agree(year):
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31")
    other = holidays.China(years=year)
    ours = Calendars().is_working_day(None, pd.Series(days))
    assert ours.tolist() == [other.is_working_day(d.date()) for d in days]


def test_uncovered_year_is_an_error_that_says_so():
    with pytest.raises(CalendarCoverageError, match="no holiday source covers 2027"):
        Calendars().is_working_day(None, pd.Series(pd.to_datetime(["2027-01-04"])))


def test_a_deadline_running_into_an_uncovered_year_is_an_error():
    start = pd.Series(pd.to_datetime(["2026-12-31 17:00:00"]))
    with pytest.raises(CalendarCoverageError, match="2027"):
        Calendars().add(None, start, pd.Series([3600.0]))


def test_a_new_years_notice_in_the_config_covers_it():
    config = CalendarConfig.model_validate({"years": {2027: {"holidays": ["2027-01-01"], "working_days": ["2027-01-09"], "source": "通知"}}})
    days = pd.Series(pd.date_range("2027-01-01", "2027-01-10"))
    assert Calendars(config).is_working_day(None, days).tolist() == [False, False, False, True, True, True, True, True, True, False]
    assert Calendars(config).add(None, pd.Series(pd.to_datetime(["2026-12-31 17:00:00"])), pd.Series([3600.0])).iloc[0] == pd.Timestamp("2027-01-04 09:00:00")


def test_site_hours_and_local_days_off():
    config = CalendarConfig.model_validate({"default": {"days_off": ["2026-10-16"]},
                                            "sites": {"S2": {"working_hours": ["09:00-12:00", "13:00-18:00"], "days_off": ["2026-10-13"],
                                                             "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"]}}})
    cal = Calendars(config)
    sites = pd.Series(["S1", "S2", "S1", "S2", "S2"])
    days = pd.Series(pd.to_datetime(["2026-10-13", "2026-10-13", "2026-10-17", "2026-10-17", "2026-10-16"]))
    assert cal.is_working_day(sites, days).tolist() == [True, False, False, True, False]  # company day off applies to S2 too
    start = pd.Series(pd.to_datetime(["2026-10-12 08:30:00", "2026-10-12 08:30:00"]))
    end = pd.Series(pd.to_datetime(["2026-10-12 18:00:00", "2026-10-12 18:00:00"]))
    assert (cal.elapsed(pd.Series(["S1", "S2"]), start, end) / 3600).tolist() == [7.5, 8.0]


@pytest.mark.parametrize("hours", [["8:30-12:00"], ["08:30-08:00"], ["08:30-12:00", "11:00-14:00"], []])
def test_bad_working_hours_are_rejected(hours):
    with pytest.raises(ValueError):
        CalendarConfig.model_validate({"default": {"working_hours": hours}})
