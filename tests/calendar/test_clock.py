"""Working-time arithmetic: against a minute-by-minute reference, at window edges, and by hand."""

import datetime as dt
from functools import cache

import chinese_calendar
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.calendar import Calendars

CAL = Calendars()
WINDOWS = [(8 * 60 + 30, 12 * 60), (13 * 60 + 30, 17 * 60 + 30)]  # minutes of the day


@cache
def workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


def working_minute(moment: dt.datetime) -> bool:
    """The minute starting at moment is working time (reference: the package and the default hours)."""
    minute = moment.hour * 60 + moment.minute
    return workday(moment.date()) and any(a <= minute < b for a, b in WINDOWS)


def reference_elapsed(start: dt.datetime, end: dt.datetime) -> int:
    minutes, moment = 0, start
    while moment < end:
        minutes += working_minute(moment)
        moment += dt.timedelta(minutes=1)
    return minutes


def reference_add(start: dt.datetime, minutes: int) -> dt.datetime:
    moment = start
    while minutes > 0:
        if working_minute(moment):
            minutes -= 1
        moment += dt.timedelta(minutes=1)
    return moment


# 2025-09-20 .. 2026-03-10 spans Mid-Autumn/National Day 2025, New Year and Spring Festival 2026 with their make-up days
minutes = st.integers(min_value=0, max_value=(pd.Timestamp("2026-03-10") - pd.Timestamp("2025-09-20")) // pd.Timedelta(minutes=1))
moment = minutes.map(lambda m: dt.datetime(2025, 9, 20) + dt.timedelta(minutes=m))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(moment, st.integers(min_value=0, max_value=12 * 24 * 60)), min_size=1, max_size=5))
def test_elapsed_matches_minute_by_minute(pairs):
    starts = pd.Series([s for s, _ in pairs], dtype="datetime64[us]")
    ends = pd.Series([s + dt.timedelta(minutes=d) for s, d in pairs], dtype="datetime64[us]")
    got = CAL.elapsed(None, starts, ends) / 60
    assert got.tolist() == [reference_elapsed(s, s + dt.timedelta(minutes=d)) for s, d in pairs]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(moment, st.integers(min_value=0, max_value=5 * 450)), min_size=1, max_size=5))
def test_add_matches_minute_by_minute(pairs):
    starts = pd.Series([s for s, _ in pairs], dtype="datetime64[us]")
    got = CAL.add(None, starts, pd.Series([n * 60 for _, n in pairs]))
    assert [t.to_pydatetime() for t in got] == [reference_add(s, n) for s, n in pairs]
    again = CAL.add(None, starts, pd.Series([n * 60 for _, n in pairs]))
    assert again.equals(got)  # running twice gives the same deadlines


def stamps(*values):
    return pd.Series(pd.to_datetime(list(values)))


@pytest.mark.parametrize("start, end, hours", [
    ("2026-10-12 08:30:00", "2026-10-12 17:30:00", 7.5),   # a whole day
    ("2026-10-12 08:29:59", "2026-10-12 08:30:00", 0.0),   # just before opening
    ("2026-10-12 12:00:00", "2026-10-12 13:30:00", 0.0),   # lunch break
    ("2026-10-12 11:59:00", "2026-10-12 13:31:00", 2 / 60),
    ("2026-10-12 17:30:00", "2026-10-13 08:30:00", 0.0),   # night
    ("2026-10-16 17:00:00", "2026-10-19 09:00:00", 1.0),   # Friday evening to Monday morning
])
def test_elapsed_at_window_edges(start, end, hours):
    assert CAL.elapsed(None, stamps(start), stamps(end)).iloc[0] / 3600 == pytest.approx(hours)


@pytest.mark.parametrize("start, hours, deadline", [
    # 2025 National Day + Mid-Autumn: off 10-01..10-08, make-up Sun 09-28 and Sat 10-11
    ("2025-09-30 16:00:00", 8, "2025-10-09 16:30:00"),   # 1.5 h on 09-30, 3.5 + 3 h on 10-09
    ("2025-09-27 10:00:00", 8, "2025-09-29 09:00:00"),   # Saturday: starts on make-up Sunday 09-28 (7.5 h), 0.5 h on 09-29
    ("2025-10-10 17:00:00", 8, "2025-10-11 17:30:00"),   # 0.5 h Friday, 7.5 h on make-up Saturday 10-11
    # 2026 Spring Festival: off 02-15..02-23, make-up Sat 02-14 and Sat 02-28
    ("2026-02-13 16:00:00", 8, "2026-02-14 16:30:00"),
    ("2026-02-14 17:00:00", 8, "2026-02-24 17:30:00"),   # 0.5 h, then nothing until Tuesday 02-24 (7.5 h)
    ("2026-02-14 17:00:00", 0.5, "2026-02-14 17:30:00"),
    # window edges: a deadline reached exactly at 12:00 is 12:00, not 13:30
    ("2026-10-12 08:30:00", 3.5, "2026-10-12 12:00:00"),
    ("2026-10-12 12:10:00", 1, "2026-10-12 14:30:00"),
    ("2026-10-12 08:30:00", 0, "2026-10-12 08:30:00"),
])
def test_deadlines_checked_by_hand(start, hours, deadline):
    assert CAL.add(None, stamps(start), pd.Series([hours * 3600])).iloc[0] == pd.Timestamp(deadline)


@pytest.mark.parametrize("start, n, end", [
    ("2026-10-09 10:00:00", 0, "2026-10-09 17:30:00"),
    ("2026-10-09 10:00:00", 1, "2026-10-10 17:30:00"),   # make-up Saturday counts
    ("2026-10-09 10:00:00", 3, "2026-10-13 17:30:00"),   # Oct 10, 12, 13
    ("2026-10-01 10:00:00", 0, "2026-10-08 17:30:00"),   # received on a holiday: the first working day is Oct 8
    ("2026-02-13 09:00:00", 3, "2026-02-25 17:30:00"),   # Feb 14, 24, 25
])
def test_end_of_nth_working_day(start, n, end):
    assert CAL.end_of_working_day(None, stamps(start), pd.Series([n])).iloc[0] == pd.Timestamp(end)


def test_missing_values_stay_missing():
    start = stamps("2026-10-12 09:00:00", None)
    assert CAL.elapsed(None, start, stamps(None, "2026-10-12 10:00:00")).isna().all()
    assert CAL.add(None, start, pd.Series([3600, 3600])).isna().tolist() == [False, True]


def test_a_long_working_limit_crosses_holidays_correctly():
    # 30 working days of 7.5 h from Mon 2026-09-14 08:30. September: 09-14..18, Sun 09-20 (make-up), 09-21..24, 09-28..30
    # = 13 (09-25 is Mid-Autumn); October: 08, 09, Sat 10 (make-up) = 16, 12-16 = 21, 19-23 = 26, 26-29 = 30 -> 10-29 17:30
    start = stamps("2026-09-14 08:30:00")
    end = CAL.add(None, start, pd.Series([30 * 7.5 * 3600])).iloc[0]
    assert end == pd.Timestamp("2026-10-29 17:30:00")
    assert CAL.elapsed(None, start, pd.Series([end])).iloc[0] == 30 * 7.5 * 3600
