"""Dataset contracts (`datasets/*.yaml`): columns, types, keys, order pairs, references, aliases."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from checker.errors import DefinitionError, Problem
from checker.yamlsource import parse_documents, problems_from

if TYPE_CHECKING:
    import pandas as pd

ColumnType = Literal["str", "int", "float", "bool", "date", "timestamp", "enum"]
TIME_TYPES = ("date", "timestamp")


class Bilingual(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    zh: str
    en: str


class ColumnSpec(BaseModel):
    """One column of a dataset."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    type: ColumnType
    required: bool = False
    zh: str | None = None
    aliases: list[str] = Field(default_factory=list)
    values: dict[str, str] | None = None  # enum: canonical value -> Chinese label
    # Words people typed (names, remarks): kept exactly as written, and hidden by --mask. Every other
    # text column holds codes, whose full-width forms (Ｓ００１) are read as their ASCII forms (S001).
    free_text: bool = False
    description: str = ""

    @model_validator(mode="after")
    def _enum_has_values(self) -> ColumnSpec:
        if (self.type == "enum") != (self.values is not None):
            raise ValueError(f"column '{self.name}': 'values' goes with type enum, and only with it")
        if self.free_text and self.type != "str":
            raise ValueError(f"column '{self.name}': only a str column can be free_text")
        return self

    def headers(self) -> list[str]:
        """Every header under which this column may arrive."""
        return [self.name, *([self.zh] if self.zh else []), *self.aliases]


class Reference(BaseModel):
    """column must name a key of another dataset (rows that do not are quarantined)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    column: str
    dataset: str
    key: str


class Contract(BaseModel):
    """The machine-readable agreement one export dataset must honour."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    dataset: str
    title: Bilingual
    key: str
    columns: list[ColumnSpec]
    # Groups of columns that, taken together, name one row besides the key (arrears: unit and billing month).
    unique: list[list[str]] = Field(default_factory=list)
    time_order: list[tuple[str, str]] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    # When a record comes into being (a repair reported, a patrol started) — never planned or promised
    # times such as appointments or deadlines: the newest, over the export, is how far it reaches.
    extent: list[str] = Field(default_factory=list)

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)

    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def newest_extents(self, frame: pd.DataFrame) -> list[tuple[pd.Timestamp, str, str]]:
        """(newest value, dataset, column) of each extent column the frame has filled: how far the export reaches."""
        return [(frame[c].max(), self.dataset, c) for c in self.extent if c in frame and frame[c].notna().any()]

    @model_validator(mode="after")
    def _names_exist(self) -> Contract:
        names = set(self.names())
        used = {self.key, *(c for pair in self.time_order for c in pair), *(c for group in self.unique for c in group), *(r.column for r in self.references), *self.extent}
        unknown = sorted(used - names)
        if unknown:
            raise ValueError(f"columns {unknown} are not declared in 'columns'")
        untimed = [c for c in self.extent if self.column(c).type not in TIME_TYPES]  # type: ignore[union-attr]
        if untimed:
            raise ValueError(f"extent columns must be dates or timestamps, not {untimed}")
        return self


_READ: dict[tuple, dict[str, Contract]] = {}  # contracts are frozen: a folder read again with the same bytes gives these


def load_contracts(folder: Path) -> dict[str, Contract]:
    """Every contract in a folder, validated; all problems are reported at once (a folder that failed is read again)."""
    files: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            files.append((path, path.read_bytes()))
        except OSError as exc:
            problems.append(Problem(str(path), None, f"cannot read: {exc}"))
    key = (str(folder), tuple((path.name, hashlib.sha256(raw).digest()) for path, raw in files))
    if problems or key not in _READ:
        contracts = _read_contracts(files, problems)
        if len(_READ) >= 8:
            _READ.pop(next(iter(_READ)))
        _READ[key] = contracts
    return dict(_READ[key])


def _read_contracts(files: list[tuple[Path, bytes]], problems: list[Problem]) -> dict[str, Contract]:
    contracts: dict[str, Contract] = {}
    where: dict[str, tuple[str, int]] = {}
    for path, raw in files:
        try:
            docs = parse_documents(raw.decode("utf-8"), str(path))
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), None, f"cannot read: {exc}"))
            continue
        except DefinitionError as exc:
            problems += exc.problems
            continue
        for doc in docs:
            try:
                contract = Contract.model_validate(doc.data)
            except ValidationError as exc:
                problems += problems_from(exc, doc, Contract)
                continue
            if contract.dataset in where:
                file, line = where[contract.dataset]
                problems.append(Problem(doc.file, doc.line_of(("dataset",)), f"dataset {contract.dataset} is also defined in {file}:{line}"))
                continue
            contracts[contract.dataset] = contract
            where[contract.dataset] = (doc.file, doc.start_line)
    problems += _check_references(contracts, where)
    if problems:
        raise DefinitionError(problems)
    return contracts


def _check_references(contracts: dict[str, Contract], where: dict[str, tuple[str, int]]) -> list[Problem]:
    problems = []
    for contract in contracts.values():
        file, line = where[contract.dataset]
        for ref in contract.references:
            target = contracts.get(ref.dataset)
            if target is None or target.column(ref.key) is None:
                problems.append(Problem(file, line, f"reference {ref.column} → {ref.dataset}.{ref.key}: no such dataset column"))
    return problems


def default_contracts_dir() -> Path:
    """The contracts shipped with svccheck (the project's `datasets/`)."""
    from checker.ops.resources import shipped

    return shipped("datasets")
