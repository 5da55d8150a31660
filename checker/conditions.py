"""The condition language of rules: `where`, `require`, `exempt_when` and profile `when`.

A condition is a mapping of column -> test, all of which must hold; `any`, `all` and `not`
combine conditions. A test is a scalar (equality) or a mapping of operators:

    category: {in: [minor, medium]}
    valid: {ne: false}                      # an empty cell is "not equal" to false
    incoming_arrived_at: {le: {column: shift_start, before: 15min}}
    agreed_start_at: {empty: false}

Empty cells fail `eq`, `in` and the orderings, and pass `ne` and `not_in`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.durations import Duration
from checker.wording import Words

Scalar = bool | int | float | str
_COMBINATORS = {"any", "all", "not"}


class ColumnRef(BaseModel):
    """Another column of the same record, optionally shifted: {column: x, before: 15min}, or scaled: {column: n, times: 0.5}."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    column: str
    before: Duration | None = None
    after: Duration | None = None
    times: float | None = Field(default=None, allow_inf_nan=False)  # a number column multiplied (COM-02: half the committee)

    def resolve(self, frame: pd.DataFrame) -> pd.Series:
        values = frame[self.column]
        if self.times is not None:
            values = _scaled(values, self.times)
        if self.before is not None:
            values = values - self.before
        if self.after is not None:
            values = values + self.after
        return values


Operand = ColumnRef | Scalar


def _scaled(values: pd.Series, times: float) -> pd.Series:
    """A number column multiplied; any other column scales to empty cells, which never match."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values * times
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.where(pd.Series(False, index=values.index))
    return pd.Series(float("nan"), index=values.index)


class Test(BaseModel):
    """The operators applied to one column."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    eq: Operand | None = None
    ne: Operand | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    empty: bool | None = None
    gt: Operand | None = None
    ge: Operand | None = None
    lt: Operand | None = None
    le: Operand | None = None

    @model_validator(mode="before")
    @classmethod
    def _scalar_is_equality(cls, value: Any) -> Any:
        """`x: 5` means `x: {eq: 5}`; an unquoted YAML date (2026-10-01) is compared as its ISO text."""
        value = value if isinstance(value, dict) else {"eq": value}
        return {k: _iso(v) for k, v in value.items()}

    def referenced_columns(self) -> set[str]:
        ops = (self.eq, self.ne, self.gt, self.ge, self.lt, self.le)
        return {op.column for op in ops if isinstance(op, ColumnRef)}

    def describe(self, column: str, words: Words) -> str:
        """The test as words: 交班时间不晚于班次开始时间前 5 分钟 / handed over at no later than 5 minutes before shift start."""
        parts = []
        for name in ("eq", "ne", "gt", "ge", "lt", "le"):
            operand = getattr(self, name)
            if operand is None:
                continue
            other = _describe_operand(operand, column, words)
            if name == "eq":
                parts.append(words.pick(f"{words.col(column)}为{other}", f"{words.col(column)} is {other}"))
            elif name == "ne":
                parts.append(words.pick(f"{words.col(column)}不为{other}", f"{words.col(column)} is not {other}"))
            else:
                parts.append(words.order(column, name, other))
        if self.in_ is not None:
            parts.append(words.pick(f"{words.col(column)}为{words.values(column, self.in_)}",
                                    f"{words.col(column)} is {words.values(column, self.in_)}"))
        if self.not_in is not None:
            parts.append(words.pick(f"{words.col(column)}不为{words.values(column, self.not_in)}",
                                    f"{words.col(column)} is not {words.values(column, self.not_in)}"))
        if self.empty is not None:
            parts.append(words.pick(f"{words.col(column)}{'为空' if self.empty else '已填写'}",
                                    f"{words.col(column)} is {'empty' if self.empty else 'filled in'}"))
        return words.join(parts)

    def mask(self, frame: pd.DataFrame, column: str) -> pd.Series:
        values = frame[column]
        result = pd.Series(True, index=frame.index)
        if self.empty is not None:
            result &= values.isna() if self.empty else values.notna()
        if self.in_ is not None:
            result &= values.isin(self.in_).fillna(False).astype(bool)
        if self.not_in is not None:
            result &= ~values.isin(self.not_in).fillna(False).astype(bool)
        if self.ne is not None:
            result &= ~_compare(values, "eq", self.ne, frame)
        for name in ("eq", "gt", "ge", "lt", "le"):
            operand = getattr(self, name)
            if operand is not None:
                result &= _compare(values, name, operand, frame)
        return result


def _iso(value: Any) -> Any:
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat() if isinstance(value, dt.date) else value


def _describe_operand(operand: Operand, column: str, words: Words) -> str:
    if not isinstance(operand, ColumnRef):
        return words.value(column, operand)
    text = words.col(operand.column)
    if operand.times is not None:
        text = words.pick(f"{text}的 {operand.times:g} 倍", f"{operand.times:g} × {text}")
    if operand.before is not None:
        text = words.pick(f"{text}前 {words.duration(operand.before)}", f"{words.duration(operand.before)} before {text}")
    if operand.after is not None:
        text = words.pick(f"{text}后 {words.duration(operand.after)}", f"{words.duration(operand.after)} after {text}")
    return text


def _compare(values: pd.Series, op: str, operand: Operand, frame: pd.DataFrame) -> pd.Series:
    if isinstance(operand, ColumnRef):
        other: Any = operand.resolve(frame)
    elif pd.api.types.is_datetime64_any_dtype(values.dtype) and isinstance(operand, str):
        other = pd.Timestamp(operand)
    else:
        other = operand
    outcome = getattr(values, op)(other)
    return outcome.fillna(False).astype(bool)


class Condition(BaseModel):
    """A conjunction of column tests, with optional any/all/not combinators."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    tests: dict[str, Test] = Field(default_factory=dict)
    any_: list[Condition] | None = Field(default=None, alias="any")
    all_: list[Condition] | None = Field(default=None, alias="all")
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="before")
    @classmethod
    def _split_columns_from_combinators(cls, value: Any) -> Any:
        if not isinstance(value, dict) or "tests" in value:
            return value
        split: dict[str, Any] = {k: v for k, v in value.items() if k in _COMBINATORS}
        split["tests"] = {k: v for k, v in value.items() if k not in _COMBINATORS}
        return split

    def columns(self) -> set[str]:
        """Every column the condition reads."""
        names = set(self.tests)
        for test in self.tests.values():
            names |= test.referenced_columns()
        for child in self._children():
            names |= child.columns()
        return names

    def _children(self) -> list[Condition]:
        return [*(self.any_ or []), *(self.all_ or []), *([self.not_] if self.not_ else [])]

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """Boolean Series over frame's rows: where the condition holds."""
        result = pd.Series(True, index=frame.index)
        for column, test in self.tests.items():
            result &= test.mask(frame, column)
        if self.any_:
            any_mask = pd.Series(False, index=frame.index)
            for child in self.any_:
                any_mask |= child.mask(frame)
            result &= any_mask
        for child in self.all_ or []:
            result &= child.mask(frame)
        if self.not_ is not None:
            result &= ~self.not_.mask(frame)
        return result

    def describe(self, words: Words | None = None) -> str:
        """The condition as a sentence in words.lang (English without contracts' labels when no words are given)."""
        words = words or Words("en")
        parts = [test.describe(column, words) for column, test in self.tests.items()]
        if self.any_:
            parts.append("(" + words.join([c.describe(words) for c in self.any_], "or") + ")")
        parts += [c.describe(words) for c in self.all_ or []]
        if self.not_ is not None:
            parts.append(words.pick(f"并非({self.not_.describe(words)})", f"not ({self.not_.describe(words)})"))
        return words.join(parts) or words.pick("始终", "always")
