"""Derived facts (`rules/facts/*.yaml`): columns computed from the gated data before the rules are evaluated."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import Field, TypeAdapter, ValidationError, model_validator

from checker.conditions import Condition, Scalar
from checker.contracts import TIME_TYPES, Contract
from checker.errors import DefinitionError, Problem
from checker.kinds.base import Source, Title
from checker.vocabulary import Frozen
from checker.yamlsource import SourceDoc, problems_from, read_documents, suggest

FOLDER = "facts"  # inside a rule pack: rules/facts/*.yaml
OPERATIONS = ("month_start", "month_of", "add_months", "join", "per_group")


class AddMonths(Frozen):
    """A time column moved by whole calendar months (2026-01-31 + 1 month = 2026-02-28)."""

    column: str
    months: int = Field(ge=1, le=120)


class PerGroup(Frozen):
    """A column's sum, minimum or maximum over the rows sharing `by` (the unit's total arrears, its oldest month)."""

    op: Literal["sum", "min", "max"]
    column: str
    by: list[str] = Field(min_length=1)


class Derivation(Frozen):
    """How one column is computed; exactly one of the operations is given."""

    month_start: str | None = None  # a YYYY-MM text column -> 00:00 of the month's first day
    month_of: str | None = None  # a time column -> its month as YYYY-MM
    add_months: AddMonths | None = None
    join: list[str] | None = None  # text columns joined with `sep`
    per_group: PerGroup | None = None
    sep: str = "|"
    only_empty: bool = False  # keep exported values, compute only the empty cells

    @model_validator(mode="after")
    def _one_operation(self) -> Derivation:
        given = [n for n in OPERATIONS if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(OPERATIONS)} (got {given or 'none'})")
        return self

    def sources(self) -> list[str]:
        group = [self.per_group.column, *self.per_group.by] if self.per_group else []
        return [*(c for c in (self.month_start, self.month_of) if c), *([self.add_months.column] if self.add_months else []), *(self.join or []), *group]

    def target_types(self, contract: Contract) -> tuple[str, ...]:
        if self.per_group:  # the group's value keeps its column's type (a date's minimum is a date)
            spec = contract.column(self.per_group.column)
            return (spec.type,) if spec is not None else ()
        return ("timestamp",) if self.month_start or self.add_months else ("str",)

    def compute(self, frame: pd.DataFrame) -> pd.Series:
        if self.month_start:
            return pd.to_datetime(frame[self.month_start], format="%Y-%m", errors="coerce").astype("datetime64[us]")
        if self.month_of:
            return frame[self.month_of].dt.strftime("%Y-%m").astype("string")
        if self.add_months:
            return (frame[self.add_months.column] + pd.DateOffset(months=self.add_months.months)).astype("datetime64[us]")
        if self.per_group:
            group = self.per_group
            return frame.groupby(group.by, dropna=False, observed=True)[group.column].transform(group.op)
        parts = [frame[c].astype("string") for c in self.join or []]
        return parts[0].str.cat(parts[1:], sep=self.sep) if len(parts) > 1 else parts[0]


class FactBase(Frozen):
    kind: str
    id: str = Field(pattern=r"^[A-Za-z0-9-]+$")
    description: str
    dataset: str


class Derive(FactBase):
    """Columns computed row by row from other columns of the same dataset (in the order written)."""

    kind: Literal["derive"]
    columns: dict[str, Derivation] = Field(min_length=1)

    def problems(self, contract: Contract) -> list[str]:
        found = []
        for target, how in self.columns.items():
            found += _unknown(contract, [target, *how.sources()])
            spec, makes = contract.column(target), how.target_types(contract)
            if spec is not None and makes and spec.type not in makes:
                found.append(f"column '{target}' is {spec.type}; this derivation makes {makes[0]}")
        return found

    def apply(self, frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
        frame = frame.copy()
        for target, how in self.columns.items():
            value = how.compute(frame)
            frame[target] = frame[target].astype(value.dtype).fillna(value) if how.only_empty else value
        return frame


class Reclassify(FactBase):
    """CMP-10: a record still open `after` its start counts as `set` from then on; the original stays in `original`."""

    kind: Literal["reclassify"]
    title: Title
    catalog_ids: list[str] = Field(min_length=1)
    source: list[Source] = Field(min_length=1)
    where: Condition | None = None
    start: str
    closed: str  # the record counts as open while this is empty or later than start + after
    after_months: int = Field(ge=1, le=120)
    set: dict[str, Scalar] = Field(min_length=1)
    original: dict[str, str] = Field(default_factory=dict)  # set column -> column receiving its exported value
    since: str  # column receiving the moment the record was re-classified
    due: str | None = None  # column receiving start + after for every record `where` selects (a rule's deadline)

    @model_validator(mode="before")
    @classmethod
    def _one_source(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("source"), dict):
            return {**data, "source": [data["source"]]}
        return data

    def problems(self, contract: Contract) -> list[str]:
        where = self.where.columns() if self.where else set()
        times = {"start": self.start, "closed": self.closed, "since": self.since, **({"due": self.due} if self.due else {})}
        found = _unknown(contract, [*times.values(), *self.set, *self.original, *self.original.values(), *where])
        if found:
            return found
        found += [f"{field}: '{c}' must be a date or timestamp column" for field, c in times.items()
                  if contract.column(c).type not in TIME_TYPES]  # type: ignore[union-attr]
        for column, value in self.set.items():
            values = contract.column(column).values  # type: ignore[union-attr]
            if values is not None and value not in values:
                found.append(f"'{column}' has no value {value!r}{suggest(str(value), values)}")
        for column, keeper in self.original.items():
            if column not in self.set:
                found.append(f"original: '{column}' is not a column this fact sets")
            elif (contract.column(column).type, contract.column(keeper).values) != (contract.column(keeper).type, contract.column(column).values):  # type: ignore[union-attr]
                found.append(f"original: '{keeper}' must have the type and values of '{column}'")
        return found

    def apply(self, frame: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
        """Re-classified: matching `where`, open at start + after, and that moment strictly before as-of
        (at as-of exactly the month has not run out yet, as a deadline is still pending then)."""
        moment = (frame[self.start] + pd.DateOffset(months=self.after_months)).astype("datetime64[us]")
        chosen = self.where.mask(frame) if self.where else pd.Series(True, index=frame.index)
        still_open = frame[self.closed].isna() | (frame[self.closed] > moment)
        derived = (chosen & still_open & (moment < as_of)).fillna(False).astype(bool)
        frame = frame.copy()
        for column, keeper in self.original.items():
            frame[keeper] = frame[column].where(derived).astype(frame[keeper].dtype)
        for column, value in self.set.items():
            frame[column] = frame[column].mask(derived, value)
        frame[self.since] = moment.where(derived)
        if self.due:
            frame[self.due] = moment.where(chosen.fillna(False).astype(bool))
        return frame


Fact = Annotated[Derive | Reclassify, Field(discriminator="kind")]
FACT_ADAPTER: TypeAdapter[Derive | Reclassify] = TypeAdapter(Fact)  # type: ignore[arg-type]


def _unknown(contract: Contract, columns: list[str]) -> list[str]:
    names = contract.names()
    return [f"dataset {contract.dataset} has no column '{c}'{suggest(c, names)}" for c in dict.fromkeys(columns) if c not in names]


def _validate(doc: SourceDoc, contracts: dict[str, Contract]) -> tuple[Derive | Reclassify | None, list[Problem]]:
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    models: dict[str, type[FactBase]] = {"derive": Derive, "reclassify": Reclassify}
    model = models.get(str(kind), FactBase)
    try:
        fact = FACT_ADAPTER.validate_python(doc.data)
    except ValidationError as exc:
        return None, problems_from(exc, doc, model, tag=str(kind))
    contract = contracts.get(fact.dataset)
    if contract is None:
        return None, [Problem(doc.file, doc.line_of(("dataset",)), f"unknown dataset '{fact.dataset}'{suggest(fact.dataset, contracts)}")]
    return fact, [Problem(doc.file, _line(doc, message), message) for message in fact.problems(contract)]


def _line(doc: SourceDoc, message: str) -> int:
    """The line of the field a problem starts with (`since: …`), else of the first name it quotes ('x')."""
    field = re.match(r"([a-z_]+): ", message)
    if field and (field.group(1),) in doc.lines:
        return doc.line_of((field.group(1),))
    quoted = re.search(r"'([^']+)'", message)
    return doc.line_of_name(quoted.group(1)) if quoted else doc.start_line


def load_facts(rules_dir: Path, contracts: dict[str, Contract]) -> list[Derive | Reclassify]:
    """The facts of a rule pack in file order, validated against the contracts (DefinitionError lists every problem)."""
    facts: list[Derive | Reclassify] = []
    problems: list[Problem] = []
    for path in sorted((rules_dir / FOLDER).glob("*.yaml")):
        try:
            docs = read_documents(path, str(path))
        except DefinitionError as exc:
            problems += exc.problems
            continue
        for doc in docs:
            fact, found = _validate(doc, contracts)
            problems += found
            if fact is not None and not found:
                facts.append(fact)
    if problems:
        raise DefinitionError(problems)
    return facts


def apply_facts(facts: list[Derive | Reclassify], data: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The data with every fact applied, in order; a fact whose dataset is not in the export is skipped."""
    result = dict(data)
    for fact in facts:
        if fact.dataset in result:
            result[fact.dataset] = fact.apply(result[fact.dataset], as_of)
    return result
