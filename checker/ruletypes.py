"""Load-time type checks of a rule against the contracts: time columns are times, condition values fit their column."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
from pydantic import BaseModel

from checker.conditions import ColumnRef, Condition, Test
from checker.contracts import TIME_TYPES, Contract
from checker.daytypes import DAY_TYPES
from checker.errors import Problem
from checker.yamlsource import SourceDoc, suggest

Types = dict[str, str]  # column -> contract type (str, int, float, bool, date, timestamp, enum)
_ORDERINGS = ("gt", "ge", "lt", "le")


def dataset_types(rule: Any, dataset: str, contracts: dict[str, Contract]) -> Types:
    """The type of every column a rule may read in dataset, with the columns its lookups add to its own dataset."""
    types: Types = {c.name: str(c.type) for c in contracts[dataset].columns}
    if dataset != rule.dataset:
        return types
    for lookup in rule.lookups:
        source = {c.name: str(c.type) for c in contracts[lookup.dataset].columns} if lookup.dataset in contracts else {}
        types |= {new: source.get(column, "str") for new, column in {**lookup.earliest, **lookup.latest}.items()}
        types |= ({lookup.count: "int"} if lookup.count else {}) | ({lookup.keys: "str"} if lookup.keys else {})
    return types | {column: "day_type" for column in rule.day_types}


def conditions_of(model: BaseModel, dataset: str) -> Iterator[tuple[str, Condition]]:
    """Every condition inside a rule, with the dataset it is applied to (a lookup's or roster's own)."""
    here = getattr(model, "dataset", dataset) if model is not None else dataset
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, Condition):
                yield from _flatten(item, here)
            elif isinstance(item, BaseModel):
                yield from conditions_of(item, here)


def _flatten(condition: Condition, dataset: str) -> Iterator[tuple[str, Condition]]:
    yield dataset, condition
    for child in [*(condition.any_ or []), *(condition.all_ or []), *([condition.not_] if condition.not_ else [])]:
        yield from _flatten(child, dataset)


def type_problems(rule: Any, doc: SourceDoc, contracts: dict[str, Contract]) -> list[Problem]:
    """Time columns that are not times, and condition values that cannot match their column's type."""
    problems = []
    for dataset, column in _time_fields(rule):
        kind = dataset_types(rule, dataset, contracts).get(column, "timestamp") if dataset in contracts else "timestamp"
        if kind not in TIME_TYPES:
            problems.append(Problem(doc.file, doc.line_of_name(column), f"'{column}' is used as a time but is a {kind} column of {dataset}"))
    for dataset, condition in conditions_of(rule, rule.dataset):
        if dataset not in contracts:
            continue
        types = dataset_types(rule, dataset, contracts)
        for column, test in condition.tests.items():
            for message, value in _test_problems(column, test, types, contracts[dataset] if column in contracts[dataset].names() else None):
                problems.append(Problem(doc.file, doc.line_of_name(str(value)) if value is not None else doc.line_of_name(column), message))
    return problems


def _time_fields(rule: Any) -> Iterator[tuple[str, str]]:
    """(dataset, column) of every column a rule reads as a time: its kind's, its day types', its windowed lookups'."""
    for column in [*rule.time_columns(), *rule.day_types.values()]:
        yield rule.dataset, column
    for lookup in rule.lookups:
        window = lookup.during or lookup.within
        if window is not None:
            yield rule.dataset, window.at
            for column in ([lookup.during.start, lookup.during.end] if lookup.during else [lookup.within.time]):  # type: ignore[union-attr]
                if column:
                    yield lookup.dataset, column


def _test_problems(column: str, test: Test, types: Types, contract: Contract | None) -> Iterator[tuple[str, Any]]:
    kind = types.get(column)
    if kind is None:
        return
    for name in ("eq", "ne", *_ORDERINGS):
        operand = getattr(test, name)
        if isinstance(operand, ColumnRef):
            yield from _column_ref_problems(column, kind, operand, types)
        elif operand is not None:
            yield from _value_problems(column, kind, operand, contract, ordering=name in _ORDERINGS)
    for values in (test.in_, test.not_in):
        for value in values or []:
            yield from _value_problems(column, kind, value, contract, ordering=False)


def _column_ref_problems(column: str, kind: str, ref: ColumnRef, types: Types) -> Iterator[tuple[str, Any]]:
    other = types.get(ref.column)
    if other is None:
        return
    if (kind in TIME_TYPES) != (other in TIME_TYPES) or (ref.before is not None or ref.after is not None) and other not in TIME_TYPES:
        yield f"'{column}' ({kind}) is compared with '{ref.column}' ({other}): the types cannot be compared", ref.column
    elif ref.times is not None and not (kind in ("int", "float") and other in ("int", "float")):
        yield f"'{ref.column}' is scaled with times, so '{column}' and '{ref.column}' must be number columns, not {kind} and {other}", ref.column


def _value_problems(column: str, kind: str, value: Any, contract: Contract | None, ordering: bool) -> Iterator[tuple[str, Any]]:
    if kind == "day_type":
        if ordering or value not in DAY_TYPES:
            yield f"'{column}' is a day type: {value!r} is not one of {', '.join(DAY_TYPES)}{suggest(str(value), DAY_TYPES)}", value
    elif kind == "enum" and contract is not None:
        allowed = list(contract.column(column).values or {})  # type: ignore[union-attr]
        if ordering:
            yield f"'{column}' is an enum: compare it with eq, ne, in or not_in, not an ordering", value
        elif not isinstance(value, str) or value not in allowed:
            yield f"'{column}' has no value {value!r}{suggest(str(value), allowed)}; its values are {', '.join(allowed)}", value
    elif kind == "bool" and not isinstance(value, bool):
        yield f"'{column}' is true or false, not {value!r}", value
    elif kind in ("int", "float") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        yield f"'{column}' is a number, not {value!r}", value
    elif kind in TIME_TYPES and not _is_time(value):
        yield f"'{column}' is a {kind}: {value!r} is not a date or time (YYYY-MM-DD [HH:MM])", value
    elif kind == "str" and (ordering or not isinstance(value, str)):
        yield f"'{column}' is text: compare it with a quoted text value using eq, ne, in or not_in, not {value!r}", value


def _is_time(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, str):
        return hasattr(value, "isoformat")  # a date YAML already read as one
    try:
        return pd.Timestamp(value) is not pd.NaT
    except (ValueError, TypeError):
        return False
