"""Site and desk profiles: parameters of a rule overridden for the records a condition selects."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import Field

from checker.conditions import Condition
from checker.kinds.base import Frozen


class Override(Frozen):
    """For records matching `when`, evaluate `rule` with these params (and other fields) changed."""

    rule: str
    when: Condition
    params: dict[str, Any] = Field(default_factory=dict)
    set: dict[str, Any] = Field(default_factory=dict)
    note: str = ""


class ProfileFile(Frozen):
    """A profile file: a list of overrides (rules/profiles/*.yaml)."""

    profile: str
    description: str = ""
    overrides: list[Override]


def apply(raw: dict[str, Any], overrides: list[Override]) -> dict[str, Any]:
    """The raw rule document with overrides applied in order (params merge, other fields replace)."""
    result = dict(raw)
    for override in overrides:
        result["params"] = {**result.get("params", {}), **override.params}
        result.update(override.set)
    return result


def partition_keys(frame: pd.DataFrame, overrides: list[Override]) -> pd.Series | None:
    """Per row, which overrides apply, as a bit mask; None where the frame lacks their columns."""
    if not overrides or not all(o.when.columns() <= set(frame.columns) for o in overrides):
        return None
    key = pd.Series(0, index=frame.index, dtype="int64")
    for bit, override in enumerate(overrides):
        key |= override.when.mask(frame).astype("int64") * (1 << bit)
    return key


def selected(key: int, overrides: list[Override]) -> list[Override]:
    return [o for bit, o in enumerate(overrides) if key >> bit & 1]
