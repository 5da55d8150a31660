"""Reading an export folder: find each dataset's file, decode it, map headers, coerce types."""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.contracts import ColumnSpec, Contract
from checker.csvread import CONTROL, detect_encoding, read_csv  # noqa: F401 - detect_encoding is part of this module's API
from checker.errors import DefinitionError, MissingColumnError, Problem, UnreadableFileError, UsageError
from checker.vocabulary import DEFAULT_TIMEZONE
from checker.yamlsource import SourceDoc, parse_documents, suggest

SUFFIXES = (".csv", ".xlsx", ".parquet")
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
    found = [p for p in found if os.path.lexists(p)]
    odd = [p for p in found if not is_regular(p)]
    if odd:  # a FIFO would block the run and /dev/zero never ends: never opened
        raise UnreadableFileError(f"{odd[0]}: not a regular file (a folder, device, pipe or broken link); "
                                  f"dataset {contract.dataset} must be a .csv, .xlsx or .parquet file")
    if len(found) > 1:
        raise UnreadableFileError(f"{folder}: dataset {contract.dataset} has several files: {', '.join(p.name for p in found)}")
    return found[0] if found else None


def is_regular(path: Path) -> bool:
    """A regular file (or a link to one), never a folder, device or pipe: looked up without opening it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


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


def _read_raw(path: Path) -> tuple[pd.DataFrame, str | None, bool]:
    """All cells as text, indexed by source row (the spreadsheet row: the header is row 1); the encoding;
    whether the cells may hold control characters (a CSV's bytes tell; other formats are searched)."""
    try:
        if path.suffix == ".csv":
            return read_csv(path)
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=object, engine="openpyxl").map(_excel_text)
            frame.index = pd.RangeIndex(2, 2 + len(frame), name="source_row")
            return frame, None, True
        frame = pd.read_parquet(path)
        frame.index = pd.RangeIndex(1, 1 + len(frame), name="source_row")
        return frame, None, True
    except UnreadableFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - pandas, pyarrow and openpyxl raise many types for a broken file
        raise UnreadableFileError(f"{path}: cannot read: {exc}") from None


def _excel_text(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, dt.time):  # a time with no date: kept as text, so the row is quarantined with the reason
        return value.isoformat()
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
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


def _refuse_repeated_headers(frame: pd.DataFrame, path: Path) -> None:
    """The same header twice (readers call the second 'x.1'): which copy holds the data is not knowable."""
    names = [str(c) for c in frame.columns]
    for position, name in enumerate(names):
        base, dot, number = name.rpartition(".")
        if dot and number.isdigit() and base in names:
            raise UnreadableFileError(f"{path}: the header '{base}' appears twice (columns {names.index(base) + 1} and "
                                      f"{position + 1}); keep one")


def _delimiter_hint(unknown: list[str]) -> str:
    if len(unknown) == 1 and any(sep in unknown[0] for sep in ";\t|"):
        sep = next(s for s in ";\t|" if s in unknown[0])
        return (f"; the header is one cell holding {repr(sep)}: the file looks {repr(sep)}-separated, and svccheck reads "
                "comma-separated CSV (in Excel: Save As, CSV UTF-8 (逗号分隔))")
    return ""


def rename_headers(frame: pd.DataFrame, path: Path, contract: Contract, extra: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """Canonical column names; a required column that is absent is an error naming file and column."""
    _refuse_repeated_headers(frame, path)
    mapping = _header_map(contract, extra)
    renamed: dict[str, str] = {}
    unknown: list[str] = []
    seen: dict[str, str] = {}
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
        names = ", ".join(f"{c} ({getattr(contract.column(c), 'zh', '')})" for c in missing)
        raise MissingColumnError(f"{path}: required column missing: {names}{_delimiter_hint(unknown)}")
    for column in contract.columns:
        if column.name not in frame.columns:
            frame[column.name] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame[contract.names()], unknown


_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"  # a time of day with a UTC offset


def _timestamps(text: pd.Series, timezone: str) -> pd.Series:
    """ISO-8601 text as site-local wall-clock timestamps: Arrow's parser when every cell reads, pandas
    (unreadable -> NaT) otherwise; a cell with a UTC offset is converted to the time zone's wall clock, per cell."""
    try:
        parsed = pc.cast(pa.array(text.astype("string").array), pa.timestamp("us"))
        return pd.Series(parsed.to_numpy(zero_copy_only=False), index=text.index, dtype="datetime64[us]")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        pass
    aware = matches(text, _OFFSET)
    values = pd.to_datetime(text.where(~aware), format="ISO8601", errors="coerce").astype("datetime64[us]")
    if aware.any():
        utc = pd.to_datetime(text[aware], format="ISO8601", errors="coerce", utc=True)
        values[aware] = utc.dt.tz_convert(timezone).dt.tz_localize(None).astype("datetime64[us]")
    return values


def matches(text: pd.Series, pattern: str) -> pd.Series:
    """True where the text matches the RE2 pattern (Arrow; pandas runs some patterns through Python's re, ~7× slower)."""
    found = pc.match_substring_regex(pa.array(text.astype("string").array), pattern)
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), index=text.index, dtype=bool)


_WIDE = "[\u3000\uff01-\uff5e]"  # the characters themselves, not r"\u" escapes: Arrow's RE2 runs it, not Python's re


def _narrow(values: pd.Series) -> pd.Series:
    """Codes typed in full width (Ｓ００１－Ｑ０１, as Chinese input methods do) read as S001-Q01 (NFKC)."""
    wide = matches(values, _WIDE)
    if wide.any():
        values = values.copy()
        values[wide] = values[wide].str.normalize("NFKC")
    return values


def coerce(raw: pd.Series, spec: ColumnSpec, timezone: str = DEFAULT_TIMEZONE) -> tuple[pd.Series, pd.Series | None]:
    """Typed values, and a reason per row whose non-empty cell could not be read (or None)."""
    if raw.dtype.kind in "biufM" and spec.type != "str":
        text = raw
    else:
        text = raw.astype("string").str.strip().replace("", pd.NA)
    if spec.type in ("str", "enum"):
        values = text.astype("string")
        if not spec.free_text:
            values = _narrow(values)
        if spec.values:
            values = values.replace({zh: en for en, zh in spec.values.items()})
        return values, None
    if spec.type in ("date", "timestamp"):
        values = _timestamps(text, timezone) if text.dtype.kind != "M" else text
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


def _control_characters(raw: pd.DataFrame) -> dict[str, pd.Series]:
    """Rows whose text holds a control character (NUL …): quarantined, the character shown as � in the quarantine."""
    found = {}
    for column in raw.columns:
        if raw[column].dtype.kind in "biufM":
            continue
        text = raw[column].astype("string")
        bad = matches(text, CONTROL)
        if bad.any():
            raw[column] = text.str.replace(CONTROL, "\ufffd", regex=True)
            found[f"{column} (control character)"] = pd.Series(f"{column}: a control character (such as NUL) in the cell", index=raw.index[bad])
    return found


def load_dataset(path: Path, contract: Contract, mapping: dict[str, str], timezone: str = DEFAULT_TIMEZONE) -> LoadedDataset:
    """Read, rename and type one export file."""
    raw, encoding, control, unknown = read_renamed(path, contract, mapping)
    return type_dataset(contract, path, encoding, raw, control, unknown, timezone)


def read_renamed(path: Path, contract: Contract, mapping: dict[str, str]) -> tuple[pd.DataFrame, str | None, bool, list[str]]:
    """One export file's cells as text under canonical column names; its encoding, whether it may hold control
    characters, and its unknown headers (the engines split this text by site before typing it)."""
    frame, encoding, control = _read_raw(path)
    raw, unknown = rename_headers(frame, path, contract, mapping)
    return raw, encoding, control, unknown


def type_dataset(contract: Contract, path: Path, encoding: str | None, raw: pd.DataFrame, control: bool,
                 unknown: list[str], timezone: str = DEFAULT_TIMEZONE) -> LoadedDataset:
    """Type the renamed text of a dataset (a whole file, or one site group of it), noting unreadable cells."""
    typed, failures = {}, {}
    for spec in contract.columns:
        typed[spec.name], reasons = coerce(raw[spec.name], spec, timezone)
        if reasons is not None:
            failures[spec.name] = reasons
    if control:
        failures |= _control_characters(raw)
    return LoadedDataset(contract.dataset, path, encoding, pd.DataFrame(typed, index=raw.index), raw, failures, unknown)
