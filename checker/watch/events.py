"""The event stream: JSON lines of record upserts and clock ticks, read in chunks and typed by the dataset contracts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from checker.contracts import TIME_TYPES, Contract
from checker.watch.clocks import NO_TIME, seconds

try:  # orjson (the `live` extra) parses a line several times faster than json
    from orjson import loads
except ImportError:  # pragma: no cover - json is the fallback
    from json import loads  # type: ignore[assignment]

TRUE = {"true", "1", "y", "yes", "是", "t"}
FALSE = {"false", "0", "n", "no", "否", "f"}


@dataclass
class Chunk:
    """Parsed lines in stream order: ("tick", line, seconds) or ("upsert", line, dataset, row); frames per dataset."""

    order: list[tuple] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    times: dict[str, np.ndarray] = field(default_factory=dict)  # event time of each row, whole seconds
    bad: dict[int, str] = field(default_factory=dict)  # line -> why it was skipped


def chunks(lines: Iterable[str], size: int = 4096, first_line: int = 1) -> Iterator[list[tuple[int, str]]]:
    """Numbered lines, `size` at a time; blank lines are skipped."""
    batch: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=first_line):
        if text.strip():
            batch.append((number, text))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Reader:
    """Turns numbered lines into a Chunk: ticks, typed records, and bad lines with the reason."""

    def __init__(self, contracts: dict[str, Contract], time_columns: dict[str, list[str]], read: dict[str, set[str]] | None = None):
        self.contracts = contracts
        self.time_columns = time_columns  # dataset -> columns whose latest filled time is the event time
        self.needed = read or {}  # dataset -> the only columns typed (the others are left empty); all when not given

    def read(self, numbered: list[tuple[int, str]]) -> Chunk:
        chunk = Chunk()
        records: dict[str, list[dict]] = {}
        places: dict[str, list[int]] = {}
        for line, text in numbered:
            problem = self._classify(chunk, line, text, records, places)
            if problem:
                chunk.bad[line] = problem
        for name, rows in records.items():
            self._frame(chunk, name, rows, places[name])
        chunk.order = [e for e in chunk.order if e[1] not in chunk.bad]
        return chunk

    def _classify(self, chunk: Chunk, line: int, text: str, records: dict, places: dict) -> str | None:
        try:
            event = loads(text)
        except ValueError as exc:  # orjson.JSONDecodeError and json.JSONDecodeError are ValueErrors
            return f"not a JSON object ({getattr(exc, 'msg', exc)})"
        if not isinstance(event, dict):
            return "not a JSON object"
        if "tick" in event:
            moment = parse_time(event["tick"])
            if moment is None:
                return f"tick: cannot read {event['tick']!r} as a time (YYYY-MM-DD HH:MM[:SS])"
            chunk.order.append(("tick", line, moment))
            return None
        name, record = event.get("dataset"), event.get("record")
        if name not in self.contracts:
            return f"unknown dataset {name!r}" if name is not None else "neither 'tick' nor 'dataset'"
        if event.get("op", "upsert") != "upsert" or not isinstance(record, dict):
            return "a record event is {\"dataset\": …, \"op\": \"upsert\", \"record\": {…}}"
        key = self.contracts[name].key
        if record.get(key) in (None, ""):
            return f"{name}: the record has no key ({key})"
        if "at" in event:
            record = {**record, "_at": event["at"]}
        places.setdefault(name, []).append(len(chunk.order))
        records.setdefault(name, []).append(record)
        chunk.order.append(("upsert", line, name, len(records[name]) - 1))
        return None

    def _frame(self, chunk: Chunk, name: str, rows: list[dict], places: list[int]) -> None:
        """The dataset's records of the chunk as a typed frame (one column at a time), their event times, bad rows."""
        contract = self.contracts[name]
        index = pd.RangeIndex(len(rows))
        problems = np.full(len(rows), "", dtype=object)
        columns: dict[str, pd.Series] = {}
        needed = self.needed.get(name)
        read = [s.name for s in contract.columns if needed is None or s.name in needed]
        raw_frame = pd.DataFrame(rows, columns=[*read, "_at"], dtype=object)  # one C-level pass; an absent value is NaN
        for spec in contract.columns:
            if needed is not None and spec.name not in needed:  # no watched rule reads it
                columns[spec.name] = pd.Series(None, index=index, dtype=object)
                continue
            columns[spec.name], wrong = typed(raw_frame[spec.name], spec.type, spec.values)
            problems[wrong.to_numpy(dtype=bool) & (problems == "")] = f"{name}.{spec.name}: cannot read the value as {spec.type}"
        columns[contract.key] = pd.Series([str(r.get(contract.key)) for r in rows], index=index, dtype=object)
        time_columns = self.time_columns.get(name, [])
        times = np.full(len(rows), NO_TIME, dtype="int64")
        for column in time_columns:
            times = np.maximum(times, seconds(columns[column]))
        if raw_frame["_at"].notna().any():
            at, wrong = typed(raw_frame["_at"], "timestamp", None)
            problems[wrong.to_numpy(dtype=bool) & (problems == "")] = "'at': cannot read the value as a time"
            times = np.where(at.notna().to_numpy(), seconds(at), times)
        if name in self.time_columns:  # a dataset without event times is reference data (a roster)
            problems[(times == NO_TIME) & (problems == "")] = f"{name}: the record has no event time (none of {time_columns} is filled)"
        for row in np.flatnonzero(problems != ""):
            chunk.bad[chunk.order[places[row]][1]] = problems[row]
        chunk.frames[name] = pd.DataFrame(columns, index=index)[[c.name for c in contract.columns]]
        chunk.times[name] = times


def parse_time(value: object) -> int | None:
    """Whole seconds of a site-local wall-clock time written as text; None when it is not one."""
    if not isinstance(value, str):
        return None
    stamp = pd.to_datetime(value, format="ISO8601", errors="coerce")
    if pd.isna(stamp) or stamp.tzinfo is not None:
        return None
    return int(seconds(pd.Series([stamp]))[0])


def _times(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A time column of JSON values: text read as ISO 8601 site-local times; a number, a boolean or an offset is unreadable."""
    raw = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):  # texts or absent only: read at once
        stripped = values.astype("string").str.strip()
        filled = (stripped.notna() & (stripped != "")).astype(bool)
        texts = stripped.where(filled, None).astype(object)
    else:
        text_list = [(v.strip() or None) if isinstance(v, str) else None for v in raw]
        other = np.fromiter((v is not None and not isinstance(v, str) and v == v for v in raw), dtype=bool, count=len(raw))
        texts = pd.Series(text_list, index=values.index, dtype=object)
        filled = pd.Series(other, index=values.index) | texts.notna()
    result = _plain_times(texts.fillna("").to_numpy(dtype=str) if len(texts) else np.empty(0, dtype=str), values.index)
    if result is None:
        result = pd.to_datetime(texts, format="ISO8601", errors="coerce")
    if not pd.api.types.is_datetime64_any_dtype(result):  # nothing filled: still a time column
        result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    if getattr(result.dt, "tz", None) is not None:  # offsets are not read: site-local wall-clock times only
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]"), filled
    return result, filled & result.isna()


def _plain_times(texts: np.ndarray, index: pd.Index) -> pd.Series | None:
    """`YYYY-MM-DD HH:MM[:SS]` texts (or empty) read by numpy at once; None when any is written otherwise."""
    if len(texts) and not _all_plain(texts):
        return None
    try:
        stamps = np.where(texts == "", "NaT", texts).astype("datetime64[s]")
    except ValueError:  # an impossible date (2026-02-30): pandas tells which
        return None
    return pd.Series(stamps, index=index)


def _all_plain(texts: np.ndarray) -> bool:
    """Whether every text is empty or `YYYY-MM-DD HH:MM[:SS]` (ASCII digits), checked on the characters' codes at once."""
    if texts.dtype.itemsize // 4 > 19:  # a longer text
        return False
    codes = np.zeros((len(texts), 19), dtype="uint32")
    view = texts.view("uint32").reshape(len(texts), -1)
    codes[:, :view.shape[1]] = view
    length = (codes != 0).sum(axis=1)
    digit = (codes >= ord("0")) & (codes <= ord("9"))
    short = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15])
    ok = digit[:, short].all(axis=1) & (codes[:, 4] == ord("-")) & (codes[:, 7] == ord("-"))
    ok &= ((codes[:, 10] == ord(" ")) | (codes[:, 10] == ord("T"))) & (codes[:, 13] == ord(":"))
    long = (codes[:, 16] == ord(":")) & digit[:, 17] & digit[:, 18]
    ok &= ((length == 16) & (codes[:, 16:] == 0).all(axis=1)) | ((length == 19) & long)
    return bool((ok | (length == 0)).all())


def _texts(values: pd.Series, labels: dict[str, str] | None) -> tuple[pd.Series, pd.Series]:
    """A text or enum column of JSON values, stripped; an enum's labels read as its values, anything else unreadable."""
    texts = values.astype("string").str.strip()  # str() of each value, as pandas writes it; absent values stay <NA>
    texts = texts.mask(texts == "")
    if not labels:
        return texts, pd.Series(False, index=values.index, dtype=bool)
    by_label = texts.map({label: value for value, label in labels.items()})
    texts = texts.where(by_label.isna(), by_label).astype("string")
    return texts, (texts.notna() & ~texts.isin(list(labels))).astype(bool)


def typed(values: pd.Series, kind: str, labels: dict[str, str] | None) -> tuple[pd.Series, pd.Series]:
    """The column in its contract type, and where a filled value could not be read."""
    if kind in TIME_TYPES:
        return _times(values)
    if kind in ("str", "enum"):
        return _texts(values, labels if kind == "enum" else None)
    text = values.astype("string").str.strip()
    filled = text.notna() & (text != "")
    text = text.where(filled)
    if kind in ("int", "float"):
        result = pd.to_numeric(text, errors="coerce")
        return result, filled & result.isna()
    if kind == "bool":
        lowered = text.str.lower()
        result = pd.Series(pd.NA, index=values.index, dtype="boolean").mask(lowered.isin(TRUE).fillna(False).astype(bool), True)
        result = result.mask(lowered.isin(FALSE).fillna(False).astype(bool), False)
        return result, filled & result.isna()
    if kind == "enum" and labels:
        text = text.replace({label: value for value, label in labels.items()})
        return text, filled & ~text.isin(list(labels)).fillna(False).astype(bool)
    return text, pd.Series(False, index=values.index)
