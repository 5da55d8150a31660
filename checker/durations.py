"""Durations written in rules ("5min", "24h", "3d", "-15min") and their parsing."""

from __future__ import annotations

import re
from typing import Annotated

import pandas as pd
from pydantic import PlainSerializer, PlainValidator

_UNITS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PATTERN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(s|sec|min|m|h|d|w)\s*$")


def parse_seconds(text: object) -> int:
    """Parse a duration like '90s', '5min', '24h', '3d', '1w' into whole seconds."""
    if isinstance(text, bool):
        raise ValueError(f"not a duration: {text!r}")
    if isinstance(text, (int, float)):
        raise ValueError(f"a duration needs a unit, e.g. '{text}min' or '{text}h'")
    match = _PATTERN.match(str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (write e.g. 90s, 5min, 24h, 3d, 1w)")
    return round(float(match.group(1)) * _UNITS[match.group(2)])


def _validate(value: object) -> pd.Timedelta:
    if isinstance(value, pd.Timedelta):
        return value
    return pd.Timedelta(seconds=parse_seconds(value))


def format_duration(delta: pd.Timedelta) -> str:
    """Render a Timedelta back in the shortest rule notation."""
    seconds = int(delta.total_seconds())
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0 and seconds != 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


Duration = Annotated[pd.Timedelta, PlainValidator(_validate), PlainSerializer(format_duration)]


class WorkingDays(float):
    """A number of working days ('3wd'): on the working clock, that many times the site's daily working hours."""

    def __str__(self) -> str:
        return f"{float(self):g}wd"


_WORKING_DAYS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*wd\s*$")


def _validate_limit(value: object) -> pd.Timedelta | WorkingDays:
    if isinstance(value, (pd.Timedelta, WorkingDays)):
        return value
    match = _WORKING_DAYS.match(str(value))
    return WorkingDays(float(match.group(1))) if match else _validate(value)


def _format_limit(value: pd.Timedelta | WorkingDays) -> str:
    return str(value) if isinstance(value, WorkingDays) else format_duration(value)


def names_calendar_days(value: object) -> bool:
    """Whether a limit as written counts days or weeks ('3d', '1w'), not hours or working days."""
    return isinstance(value, str) and bool(re.match(r"^\s*-?\d+(?:\.\d+)?\s*[dw]\s*$", value))


Limit = Annotated[pd.Timedelta | WorkingDays, PlainValidator(_validate_limit), PlainSerializer(_format_limit)]
