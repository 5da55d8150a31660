"""The time windows of a lookup: related rows during a record's moment, or within a span around it."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from checker.durations import Duration
from checker.vocabulary import Frozen


class During(Frozen):
    """Related rows whose interval from `start` to `end` contains this record's time `at` (an empty end: still open).

    `closed` says which ends belong to the interval: `neither` (default) is "open at that moment" —
    started before it and not ended by it (an incident, a reception item); `left` is [start, end),
    e.g. a leave covering a shift start.
    """

    at: str  # time column of this dataset
    start: str  # time column of the related dataset
    end: str | None = None  # time column of the related dataset; empty means not ended
    closed: Literal["neither", "left", "right", "both"] = "neither"


class Within(Frozen):
    """Related rows whose `time` lies in [at − before, at + after] (inclusive), e.g. a swap on the day before or after."""

    at: str  # time column of this dataset
    time: str  # time column of the related dataset
    before: Duration = pd.Timedelta(0)
    after: Duration = pd.Timedelta(0)
