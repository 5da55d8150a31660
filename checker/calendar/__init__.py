"""Working-time calendars per site: working days and vectorised working-time arithmetic."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from checker.calendar.clock import DAY, Clock
from checker.calendar.config import CalendarConfig, DayRules
from checker.calendar.days import check_covered, covered_years, day_reason, working_days

_MARGIN_DAYS = 40  # beyond the arithmetic's own need: a holiday week and a weekend on either side


class Calendars:
    """The calendar of every site; rows are grouped by the rules of their site."""

    def __init__(self, config: CalendarConfig | None = None):
        self.config = config or CalendarConfig()

    def rules(self, site: str | None) -> DayRules:
        return self.config.rules_for(site)

    def _groups(self, sites: pd.Series | None, index: pd.Index) -> Iterator[tuple[DayRules, np.ndarray]]:
        """(rules, row positions) per distinct calendar among the rows' sites."""
        if sites is None or not self.config.sites:
            yield self.config.default, np.arange(len(index))
            return
        own = sites.where(sites.isin(list(self.config.sites)))
        codes, names = pd.factorize(own, use_na_sentinel=True)
        for code in np.unique(codes):
            yield self.rules(None if code < 0 else names[code]), np.flatnonzero(codes == code)

    def clock(self, rules: DayRules, first: pd.Timestamp, last: pd.Timestamp) -> Clock:
        days = pd.date_range(first.normalize(), last.normalize(), freq="D")
        return Clock(rules.windows(), first, working_days(self.config, rules, days))

    @staticmethod
    def _working_seconds(rules: DayRules) -> int:
        return sum(end - start for start, end in rules.windows())

    def day_seconds(self, sites: pd.Series | None, index: pd.Index) -> pd.Series:
        """The working seconds of a full working day at each row's site."""
        result = np.zeros(len(index), dtype="float64")
        for rules, rows in self._groups(sites, index):
            result[rows] = self._working_seconds(rules)
        return pd.Series(result, index=index)

    def is_working_day(self, sites: pd.Series | None, days: pd.Series) -> np.ndarray:
        """Vectorised: is each day a working day at its site?"""
        stamps = pd.DatetimeIndex(days)
        result = np.zeros(len(stamps), dtype=bool)
        if len(stamps):
            check_covered(self.config, stamps.min(), stamps.max())
        for rules, rows in self._groups(sites, stamps):
            result[rows] = working_days(self.config, rules, stamps[rows])
        return result

    def uncovered(self, stamps: pd.Series) -> pd.Series:
        """True where a timestamp lies in a year no holiday source covers."""
        years = stamps.dt.year
        return years.notna() & ~years.isin(sorted(covered_years(self.config)))

    def _apply(self, sites: pd.Series | None, start: pd.Series, horizon_days: int,
               compute: Callable[[Clock, np.ndarray, np.ndarray], np.ndarray], other: pd.Series | None = None,
               strict: bool = True) -> np.ndarray:
        """Run compute(clock, start, other) per site calendar over rows with a start; NaT/NaN elsewhere.

        strict: raise when the days used lie in an uncovered year; otherwise the caller masks
        such rows (uncovered days then count by weekday only, and the result must not be used).
        """
        values = start.to_numpy(dtype="datetime64[s]")
        second = other.to_numpy() if other is not None else None
        out: np.ndarray | None = None
        for rules, rows in self._groups(sites, start.index):
            rows = rows[~np.isnat(values[rows])]
            if second is not None:
                rows = rows[~pd.isna(second[rows])]
            if not len(rows):
                continue
            first, last = pd.Timestamp(values[rows].min()), pd.Timestamp(values[rows].max())
            if second is not None and np.issubdtype(second.dtype, np.datetime64):
                first, last = min(first, pd.Timestamp(second[rows].min())), max(last, pd.Timestamp(second[rows].max()))
            result = compute(self.clock(rules, first, last + pd.Timedelta(days=horizon_days)), values[rows],
                             None if second is None else second[rows])  # type: ignore[arg-type]
            if out is None:
                out = np.full(len(values), np.datetime64("NaT") if result.dtype.kind == "M" else np.nan, dtype=result.dtype)
            out[rows] = result
            reached = pd.Timestamp(result.max()) if result.dtype.kind == "M" else last
            if strict:
                check_covered(self.config, first, max(last, reached))
        return out if out is not None else np.full(len(values), np.nan)

    def elapsed(self, sites: pd.Series | None, start: pd.Series, end: pd.Series, strict: bool = True) -> pd.Series:
        """Working seconds between start and end (negative if end is earlier)."""
        seconds = self._apply(sites, start, 1, lambda c, s, e: (c.worked(e.astype("datetime64[s]")) - c.worked(s)).astype("float64"), end, strict)
        return pd.Series(seconds, index=start.index, dtype="float64")

    def add(self, sites: pd.Series | None, start: pd.Series, seconds: pd.Series, strict: bool = True) -> pd.Series:
        """start + N working seconds (per row)."""
        day_length = min(self._working_seconds(r) for r, _ in self._groups(sites, start.index)) or DAY
        most = float(np.nanmax(seconds.to_numpy(dtype="float64"))) if len(seconds) else 0.0
        horizon = int(most / day_length * 7 / 5) + _MARGIN_DAYS
        result = self._apply(sites, start, horizon, lambda c, s, n: c.add(s, n.astype("int64")), seconds, strict)
        return pd.Series(result, index=start.index).astype("datetime64[us]")

    def end_of_working_day(self, sites: pd.Series | None, start: pd.Series, n: pd.Series, strict: bool = True) -> pd.Series:
        """The end of the n-th working day after the first working day on or after start's day."""
        horizon = int(float(np.nanmax(n.to_numpy(dtype="float64"))) * 7 / 5) + _MARGIN_DAYS if len(n) else _MARGIN_DAYS
        result = self._apply(sites, start, horizon, lambda c, s, k: c.end_of_working_day(s, k.astype("int64")), n, strict)
        return pd.Series(result, index=start.index).astype("datetime64[us]")

    def in_working_time(self, sites: pd.Series | None, stamps: pd.Series, strict: bool = True) -> pd.Series:
        """True where the moment falls inside working hours of a working day."""
        result = self._apply(sites, stamps, 1, lambda c, s, _: c.in_working_time(s), None, strict)
        return pd.Series(np.asarray(result, dtype="float64") == 1.0, index=stamps.index)

    def show(self, site: str | None, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
        """Each day of [first, last] at a site: working or not, its hours and why."""
        check_covered(self.config, first, last)
        rules = self.rules(site)
        days = pd.date_range(first, last, freq="D")
        working = working_days(self.config, rules, days)
        hours = ", ".join(rules.working_hours)
        return pd.DataFrame({
            "date": days.strftime("%Y-%m-%d"), "weekday": days.strftime("%a"), "working": working,
            "hours": np.where(working, hours, ""), "working_hours": np.where(working, Clock(rules.windows(), first, working).day_length / 3600, 0.0),
            "reason": [day_reason(self.config, rules, day) for day in days],
        })
