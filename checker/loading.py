"""Reading an export folder: find each dataset's file, decode it, map headers, coerce types."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.contracts import ColumnSpec, Contract
from checker.errors import DefinitionError, MissingColumnError, Problem, UnreadableFileError, UsageError
from checker.yamlsource import SourceDoc, parse_documents, suggest

SUFFIXES = (".csv", ".xlsx", ".parquet")
DEFAULT_TIMEZONE = "Asia/Shanghai"  # timestamps are site-local wall-clock times (datasets.md)
_TRUE = {"true", "1", "yes", "y", "t", "是", "有", "√"}
_FALSE = {"false", "0", "no", "n", "f", "否", "无", "×"}


@dataclass
class LoadedDataset:
    """One dataset as read: typed values, the raw text, and the cells that could not be read."""

    name: str
    file: Path
    encoding: str | None
    frame: pd.DataFrame
    raw: pd.DataFrame
    parse_failures: dict[str, pd.Series] = field(default_factory=dict)  # column -> reason per bad row
    unknown_columns: list[str] = field(default_factory=list)


def find_file(folder: Path, contract: Contract) -> Path | None:
    """The export file of a dataset, by its English or Chinese name; None if absent."""
    found = [folder / f"{stem}{suffix}" for stem in (contract.dataset, contract.title.zh) for suffix in SUFFIXES]
    found = [p for p in found if p.is_file()]
    if len(found) > 1:
        raise UnreadableFileError(f"{folder}: dataset {contract.dataset} has several files: {', '.join(p.name for p in found)}")
    return found[0] if found else None


def read_mapping(path: Path | None, contracts: dict[str, Contract] | None = None) -> dict[str, dict[str, str]]:
    """A site's own header names: {dataset: {their header: canonical column}}, in UTF-8 or GB18030/GBK.

    With contracts, every dataset and column it names must exist (a DefinitionError lists each one, with its line).
    """
    if path is None:
        return {}
    if not path.is_file():
        raise UsageError(f"--mapping {path}: no such file")
    text = _decode(path.read_bytes(), path)
    docs = parse_documents(text, str(path))
    data = docs[0].data if docs else {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise UsageError(f"{path}: the header mapping must be {{dataset: {{their header: column}}}}")
    mapping = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.items()}
    if contracts is not None and docs:
        _check_mapping(mapping, contracts, docs[0])
    return mapping


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{path}: neither UTF-8 nor GB18030/GBK text")


def _check_mapping(mapping: dict[str, dict[str, str]], contracts: dict[str, Contract], doc: SourceDoc) -> None:
    problems = []
    for dataset, headers in mapping.items():
        contract = contracts.get(dataset)
        if contract is None:
            problems.append(Problem(doc.file, doc.line_of((dataset,)), f"unknown dataset '{dataset}'{suggest(dataset, contracts)}"))
            continue
        for theirs, ours in headers.items():
            if contract.column(ours) is None:
                problems.append(Problem(doc.file, doc.line_of((dataset, theirs)),
                                        f"dataset {dataset} has no column '{ours}'{suggest(ours, contract.names())}"))
    if problems:
        raise DefinitionError(problems)


def detect_encoding(path: Path) -> str:
    """utf-8-sig, utf-8 or gb18030, from the bytes of the file."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise UnreadableFileError(f"{path}: neither UTF-8 nor GB18030/GBK text") from None


def _read_csv(path: Path) -> tuple[pd.DataFrame, str]:
    """A CSV as text cells; a file detected as UTF-8 that is not (GBK past the sample) is read as GB18030."""
    encoding = detect_encoding(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, engine="pyarrow"), encoding
    except Exception as exc:  # pyarrow raises ArrowInvalid for both decoding and shape problems
        if encoding.startswith("utf-8") and "UTF8" in str(exc):
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="gb18030", engine="pyarrow"), "gb18030"
        raise UnreadableFileError(f"{path}: cannot read: {_first_bad_row(path, encoding) or exc}") from None


def _first_bad_row(path: Path, encoding: str) -> str | None:
    """Where a CSV's shape breaks: the first row whose number of cells differs from the header's."""
    import csv

    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        rows = csv.reader(handle)
        width = len(next(rows, []))
        for number, row in enumerate(rows, start=2):
            if row and len(row) != width:
                return f"row {number} has {len(row)} cells, the header has {width}: {','.join(row)[:80]}"
    return None


def _read_raw(path: Path) -> tuple[pd.DataFrame, str | None, int]:
    """All cells as text; returns the frame, the encoding and the row number of the first record."""
    try:
        if path.suffix == ".csv":
            frame, encoding = _read_csv(path)
            return frame, encoding, 2
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=object, engine="openpyxl")
            return frame.map(_excel_text), None, 2
        frame = pd.read_parquet(path)
        return frame, None, 1
    except UnreadableFileError:
        raise
    except Exception as exc:  # pandas, pyarrow and openpyxl raise many types for a broken file
        raise UnreadableFileError(f"{path}: cannot read: {exc}") from None


def _excel_text(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_map(contract: Contract, extra: dict[str, str]) -> dict[str, str]:
    mapping = {}
    for column in contract.columns:
        for header in column.headers():
            mapping[header.strip().lower()] = column.name
    for theirs, ours in extra.items():
        mapping[theirs.strip().lower()] = ours
    return mapping


def rename_headers(frame: pd.DataFrame, path: Path, contract: Contract, extra: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """Canonical column names; a required column that is absent is an error naming file and column."""
    mapping = _header_map(contract, extra)
    renamed, unknown, seen = {}, [], {}
    for header in frame.columns:
        key = str(header).replace("\ufeff", "").strip().lower()
        target = mapping.get(key)
        if target is None:
            unknown.append(str(header))
        elif target in seen:
            raise UnreadableFileError(f"{path}: headers '{seen[target]}' and '{header}' both name column {target}")
        else:
            seen[target] = header
            renamed[header] = target
    frame = frame[list(renamed)].rename(columns=renamed)
    missing = [c.name for c in contract.columns if c.required and c.name not in frame.columns]
    if missing:
        names = ", ".join(f"{c} ({contract.column(c).zh})" for c in missing)
        raise MissingColumnError(f"{path}: required column missing: {names}")
    for column in contract.columns:
        if column.name not in frame.columns:
            frame[column.name] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame[contract.names()], unknown


def _timestamps(text: pd.Series) -> pd.Series:
    """ISO-8601 text as timestamps: Arrow's parser when every cell reads, pandas (unreadable -> NaT) otherwise."""
    try:
        parsed = pc.cast(pa.array(text.astype("string").array), pa.timestamp("us"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return pd.to_datetime(text, format="ISO8601", errors="coerce")
    return pd.Series(parsed.to_numpy(zero_copy_only=False), index=text.index, dtype="datetime64[us]")


def coerce(raw: pd.Series, spec: ColumnSpec, timezone: str = DEFAULT_TIMEZONE) -> tuple[pd.Series, pd.Series | None]:
    """Typed values, and a reason per row whose non-empty cell could not be read (or None)."""
    if raw.dtype.kind in "biufM" and spec.type != "str":
        text = raw
    else:
        text = raw.astype("string").str.strip().replace("", pd.NA)
    if spec.type in ("str", "enum"):
        values = text.astype("string")
        if spec.values:
            values = values.replace({zh: en for en, zh in spec.values.items()})
        return values, None
    if spec.type in ("date", "timestamp"):
        values = _timestamps(text) if text.dtype.kind != "M" else text
        if isinstance(values.dtype, pd.DatetimeTZDtype):  # an aware time: read it as site-local wall-clock time
            values = values.dt.tz_convert(timezone).dt.tz_localize(None)
        values = values.astype("datetime64[us]")
        if spec.type == "date":
            values = values.dt.normalize()
    elif spec.type == "bool":
        lowered = text.astype("string").str.lower()
        values = pd.Series(pd.NA, index=text.index, dtype="boolean")
        values[lowered.isin(_TRUE).fillna(False)] = True
        values[lowered.isin(_FALSE).fillna(False)] = False
    else:
        values = pd.to_numeric(text, errors="coerce").astype("Int64" if spec.type == "int" else "Float64")
    bad = text.notna() & values.isna()
    if not bad.any():
        return values, None
    reasons = f"{spec.name}: cannot read '" + text[bad].astype("string") + f"' as {spec.type}"
    return values, reasons


def load_dataset(path: Path, contract: Contract, mapping: dict[str, str], timezone: str = DEFAULT_TIMEZONE) -> LoadedDataset:
    """Read, rename and type one export file."""
    frame, encoding, first_row = _read_raw(path)
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="source_row")
    raw, unknown = rename_headers(frame, path, contract, mapping)
    typed, failures = {}, {}
    for spec in contract.columns:
        typed[spec.name], reasons = coerce(raw[spec.name], spec, timezone)
        if reasons is not None:
            failures[spec.name] = reasons
    return LoadedDataset(contract.dataset, path, encoding, pd.DataFrame(typed, index=raw.index), raw, failures, unknown)
