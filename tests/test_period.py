"""Periods and windows: parsing, windows ending inside the period, vectorised window assignment."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import UsageError
from checker.period import Period, assign_window


def test_month_week_and_range():
    assert (Period.parse("2026-10").start, Period.parse("2026-10").end) == (pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01"))
    week = Period.parse("2026-W23")
    assert (week.start, week.end) == (pd.Timestamp("2026-06-01"), pd.Timestamp("2026-06-08"))
    span = Period.parse(None, "2026-10-05", "2026-10-06")
    assert (span.start, span.end) == (pd.Timestamp("2026-10-05"), pd.Timestamp("2026-10-07"))


@pytest.mark.parametrize("args", [("2026-13",), ("2026-W54",), ("Oct",), (None, "2026-10-05", None), (None, "2026-10-06", "2026-10-05"), ("2026-10", "2026-10-01", "2026-10-02")])
def test_bad_periods_are_usage_errors(args):
    with pytest.raises(UsageError):
        Period.parse(*args)


@pytest.mark.parametrize("window, first, count", [("day", "2026-10-01", 31), ("week", "2026-09-28", 4), ("month", "2026-10-01", 1),
                                                  ("quarter", "2026-10-01", 0), ("half_year", "2026-07-01", 0)])
def test_windows_ending_inside_october(window, first, count):
    windows = Period.parse("2026-10").windows(window)
    assert len(windows) == count
    if count:
        assert windows["window_start"].iloc[0] == pd.Timestamp(first)


def test_quarter_and_half_year_end_inside_december():
    assert Period.parse("2026-12").windows("quarter")["window_start"].tolist() == [pd.Timestamp("2026-10-01")]
    assert Period.parse("2026-12").windows("half_year")["window_start"].tolist() == [pd.Timestamp("2026-07-01")]


stamps = st.datetimes(min_value=pd.Timestamp("2004-01-01").to_pydatetime(), max_value=pd.Timestamp("2026-12-31").to_pydatetime())


@given(st.lists(stamps, min_size=1, max_size=50), st.sampled_from(["day", "week", "month", "quarter", "half_year"]))
def test_each_timestamp_lies_in_the_window_it_is_assigned(values, window):
    series = pd.Series(pd.to_datetime(values)).astype("datetime64[us]")
    starts = assign_window(series, window)
    period = Period("p", starts.min(), series.max() + pd.Timedelta(days=200))
    table = period.windows(window).set_index("window_start")
    for value, start in zip(series, starts):
        assert start <= value
        if start in table.index:
            assert value < table.loc[start, "window_end"]
    assert assign_window(series, window).equals(starts)  # running twice gives the same windows
