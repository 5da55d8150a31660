"""The year after the current one is covered by the holiday sources, or judged on a provisional calendar that says so."""

from __future__ import annotations

import datetime as dt

import holidays
import pandas as pd
import pytest

from checker.api import load_definitions
from checker.calendar import Calendars, provisional
from checker.calendar.config import CalendarConfig
from checker.calendar.days import PACKAGE_YEARS, check_covered
from checker.errors import CalendarCoverageError


def test_next_year_is_covered_or_reported_provisional():
    _, pack = load_definitions()
    year = dt.date.today().year + 1
    if year in PACKAGE_YEARS or (year in pack.calendar.years and not pack.calendar.years[year].provisional):
        return  # chinese-calendar or the State Council notice in calendar.yaml covers it
    notice = pack.calendar.years[year]
    assert notice.provisional and notice.source.startswith("provisional")
    status = provisional.calendar_status(pack.calendar, pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-02-01"))
    assert status == {"provisional_years": [year], "source": provisional.SOURCE}
    check_covered(pack.calendar, pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-12-31"))  # no error: judged, flagged


def test_the_provisional_year_has_the_statutory_holidays_and_the_weekdays_otherwise():
    config = provisional.complete(CalendarConfig(), dt.date(2026, 12, 1))
    assert sorted(config.years) == list(range(PACKAGE_YEARS.stop, 2028))
    days = pd.date_range("2027-01-01", "2027-12-31")
    other = holidays.China(years=2027)
    expected = [d.date() not in other and d.weekday() < 5 for d in days]  # independent: the package's days and Mon–Fri
    assert Calendars(config).is_working_day(None, pd.Series(days)).tolist() == expected
    assert not Calendars(config).is_working_day(None, pd.Series(pd.to_datetime(["2027-10-01", "2027-01-01"]))).any()


def test_a_notice_entered_in_the_calendar_replaces_the_provisional_year():
    entered = CalendarConfig.model_validate({"years": {2027: {"holidays": ["2027-01-01"], "working_days": ["2027-01-09"], "source": "国务院办公厅通知"}}})
    config = provisional.complete(entered, dt.date(2026, 12, 1))
    assert not config.years[2027].provisional and config.years[2027].source == "国务院办公厅通知"
    assert provisional.calendar_status(config, pd.Timestamp("2026-12-01"), pd.Timestamp("2027-01-01"))["provisional_years"] == []


def test_a_year_beyond_next_is_still_refused_before_any_data():
    config = provisional.complete(CalendarConfig(), dt.date(2026, 12, 1))
    with pytest.raises(CalendarCoverageError, match="2028"):
        check_covered(config, pd.Timestamp("2028-01-01"), pd.Timestamp("2028-01-31"))
    # a December period reaches into the provisional January: flagged too
    assert provisional.calendar_status(config, pd.Timestamp("2026-12-01"), pd.Timestamp("2027-01-01"))["provisional_years"] == [2027]
    assert provisional.calendar_status(config, pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01"))["provisional_years"] == []


def test_an_uncovered_year_is_refused_before_the_export_is_read(tmp_path):
    from click.testing import CliRunner

    from checker.cli import main

    far = dt.date.today().year + 2
    done = CliRunner().invoke(main, ["run", "--data", str(tmp_path / "no-such-export"), "--period", f"{far}-01", "--out", str(tmp_path / "o")])
    assert done.exit_code == 2 and f"no holiday source covers {far}" in done.stderr and "no such folder" not in done.stderr


def test_a_provisional_year_is_a_warning_of_the_run():
    from checker.ops.alerts import run_warnings

    info = {"rules": {}, "calendar": {"provisional_years": [2027], "source": provisional.SOURCE}}
    [warning] = run_warnings(info)
    assert warning.startswith("the working-time calendar of 2027 is provisional") and "calendar.yaml" in warning
    assert run_warnings({"rules": {}, "calendar": {"provisional_years": [], "source": None}}) == []
