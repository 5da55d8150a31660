"""Durations in rules: parsing, rendering back, round trips."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.durations import format_duration, parse_seconds


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("5min", 300), ("24h", 86400), ("3d", 259200), ("1w", 604800),
                                           ("-15min", -900), ("0d", 0), ("1.5h", 5400), (" 2 d ", 172800)])
def test_parse(text, seconds):
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("bad", ["5", "five minutes", "3 days", "", "h", True, 5])
def test_rejects(bad):
    with pytest.raises(ValueError):
        parse_seconds(bad)


@given(st.integers(min_value=-10**8, max_value=10**8))
def test_format_then_parse_is_identity(seconds):
    assert parse_seconds(format_duration(pd.Timedelta(seconds=seconds))) == seconds
