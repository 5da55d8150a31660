"""Vectorised working-time arithmetic for one site's rules, over a range of days.

W(t), the working seconds from the first day up to t, is a cumulative sum per day plus the
part of t's own day: W(t) = cum[day] + Σ_k clip(t − a_k, 0, b_k − a_k) on working days, where
[a_k, b_k) are the day's working windows. Elapsed working time is W(end) − W(start); "start + N
working seconds" is the earliest t with W(t) = W(start) + N, found with one searchsorted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAY = 86400


class Clock:
    """Working time at one site between `first` and `last` (inclusive days)."""

    def __init__(self, windows: list[tuple[int, int]], first: pd.Timestamp, working: np.ndarray):
        self.first = np.datetime64(first.normalize().date(), "D")
        self.working = working.astype(bool)
        self.starts = np.array([a for a, _ in windows], dtype="int64")
        self.ends = np.array([b for _, b in windows], dtype="int64")
        self.day_length = int((self.ends - self.starts).sum())
        per_day = np.where(self.working, self.day_length, 0).astype("int64")
        self.cum = np.concatenate([[0], np.cumsum(per_day)])  # cum[i]: working seconds before day i
        self.days = len(working)

    def _split(self, stamps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Day index and second of the day of each timestamp (datetime64[s])."""
        day = stamps.astype("datetime64[D]")
        index = (day - self.first).astype("int64")
        if len(index) and (index.min() < 0 or index.max() >= self.days):
            raise IndexError("timestamp outside the clock's days")
        return index, (stamps - day.astype("datetime64[s]")).astype("int64")

    def _within_day(self, seconds: np.ndarray) -> np.ndarray:
        """Working seconds of a working day before each second of the day."""
        return np.clip(seconds[:, None] - self.starts, 0, self.ends - self.starts).sum(axis=1)

    def worked(self, stamps: np.ndarray) -> np.ndarray:
        """W(t) for each timestamp."""
        index, seconds = self._split(stamps)
        return self.cum[index] + np.where(self.working[index], self._within_day(seconds), 0)

    def in_working_time(self, stamps: np.ndarray) -> np.ndarray:
        """True where the moment lies inside a working window of a working day."""
        index, seconds = self._split(stamps)
        inside = ((seconds[:, None] >= self.starts) & (seconds[:, None] < self.ends)).any(axis=1)
        return self.working[index] & inside

    def moment(self, target: np.ndarray) -> np.ndarray:
        """The earliest timestamp t with W(t) = target (working seconds since the first day)."""
        index = np.searchsorted(self.cum[1:], target, side="left")
        if len(index) and index.max() >= self.days:
            raise IndexError("working time runs past the clock's days")
        left = target - self.cum[index]
        lengths = self.ends - self.starts
        before = np.concatenate([[0], np.cumsum(lengths)[:-1]])  # working seconds before window k
        window = (left[:, None] > before).sum(axis=1) - 1  # the window in which the time is reached
        window = np.clip(window, 0, len(lengths) - 1)
        seconds = np.where(left == 0, 0, self.starts[window] + (left - before[window]))  # 0 only when target is 0
        return (self.first + index.astype("timedelta64[D]")).astype("datetime64[s]") + seconds.astype("timedelta64[s]")

    def add(self, start: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """start + N working seconds; never earlier than start itself."""
        return np.maximum(self.moment(self.worked(start) + seconds), start)

    def end_of_working_day(self, start: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The end of the n-th working day after the first working day on or after start's day (n = 0: that day)."""
        index, _ = self._split(start)
        counted = np.cumsum(self.working)  # working days up to and including day i
        before = counted[index] - self.working[index]  # working days strictly before start's day
        day = np.searchsorted(counted, before + n + 1, side="left")
        if len(day) and day.max() >= self.days:
            raise IndexError("working days run past the clock's days")
        return (self.first + day.astype("timedelta64[D]")).astype("datetime64[s]") + np.timedelta64(int(self.ends.max()), "s")
