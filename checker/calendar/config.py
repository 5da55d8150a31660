"""`rules/calendar.yaml`: working hours and weekdays per site, local days off, new-year notices."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator

from checker.vocabulary import DEFAULT_TIMEZONE, Frozen

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: list[str] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def parse_windows(spans: list[str]) -> list[tuple[int, int]]:
    """'08:30-12:00' -> (30600, 43200) seconds of the day; ordered and not overlapping."""
    windows = []
    for span in spans:
        match = _SPAN.match(span.replace(" ", ""))
        if not match:
            raise ValueError(f"working hours are written 'HH:MM-HH:MM', not {span!r}")
        h1, m1, h2, m2 = map(int, match.groups())
        start, end = h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60
        if end <= start or end > 86400:
            raise ValueError(f"working hours {span!r} end before they start")
        windows.append((start, end))
    windows.sort()
    for (_, end), (start, _) in zip(windows, windows[1:]):
        if start < end:
            raise ValueError(f"working hours {spans} overlap")
    return windows


class DayRules(Frozen):
    """When a site works: hours of the day, weekdays, and local exceptions."""

    working_hours: list[str] = Field(default_factory=lambda: ["08:30-12:00", "13:30-17:30"], min_length=1)
    weekdays: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])  # type: ignore[arg-type]
    days_off: list[dt.date] = Field(default_factory=list)  # local days off (also on weekdays)
    extra_working_days: list[dt.date] = Field(default_factory=list)  # local working days (also on weekends)

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, spans: list[str]) -> list[str]:
        parse_windows(spans)
        return spans

    def windows(self) -> list[tuple[int, int]]:
        return parse_windows(self.working_hours)


class SiteRules(Frozen):
    """A site's differences from the default; days off and extra days add to the default's."""

    working_hours: list[str] | None = None
    weekdays: list[Weekday] | None = None
    days_off: list[dt.date] = Field(default_factory=list)
    extra_working_days: list[dt.date] = Field(default_factory=list)

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, spans: list[str] | None) -> list[str] | None:
        if spans is not None:
            parse_windows(spans)
        return spans


class YearNotice(Frozen):
    """A year's statutory holidays and make-up working days, from the State Council notice."""

    holidays: list[dt.date]
    working_days: list[dt.date] = Field(default_factory=list)
    source: str = ""
    provisional: bool = False  # set only by checker/calendar/provisional.py: statutory dates, not yet the notice


class CalendarConfig(Frozen):
    """The working-time calendar: a default, per-site differences, and years the package lacks."""

    timezone: str = DEFAULT_TIMEZONE  # aware timestamps in an export are converted to this zone's wall-clock time

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (an IANA name such as Asia/Shanghai)") from None
        return name
    default: DayRules = Field(default_factory=DayRules)
    sites: dict[str, SiteRules] = Field(default_factory=dict)
    years: dict[int, YearNotice] = Field(default_factory=dict)

    def rules_for(self, site: str | None) -> DayRules:
        """The default with a site's differences applied."""
        own = self.sites.get(site) if site is not None else None
        if own is None:
            return self.default
        return DayRules(
            working_hours=own.working_hours or self.default.working_hours,
            weekdays=own.weekdays or self.default.weekdays,
            days_off=[*self.default.days_off, *own.days_off],
            extra_working_days=[*self.default.extra_working_days, *own.extra_working_days],
        )
