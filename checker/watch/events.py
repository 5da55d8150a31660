"""The event stream: JSON lines of record upserts and clock ticks, read in chunks and typed by the dataset contracts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from checker.contracts import TIME_TYPES, Contract
from checker.watch.clocks import NO_TIME, seconds

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

    def __init__(self, contracts: dict[str, Contract], time_columns: dict[str, list[str]]):
        self.contracts = contracts
        self.time_columns = time_columns  # dataset -> columns whose latest filled time is the event time

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
            event = json.loads(text)
        except json.JSONDecodeError as exc:
            return f"not a JSON object ({exc.msg})"
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
        contract = self.contracts[name]
        frame = pd.DataFrame.from_records(rows)
        problems = pd.Series("", index=frame.index, dtype="object")
        for spec in contract.columns:
            if spec.name not in frame:
                frame[spec.name] = None  # typed below like any empty column
            frame[spec.name], wrong = typed(frame[spec.name], spec.type, spec.values)
            problems[wrong & (problems == "")] = f"{name}.{spec.name}: cannot read the value as {spec.type}"
        at, wrong = typed(frame["_at"], "timestamp", None) if "_at" in frame else (None, None)
        if wrong is not None:
            problems[wrong & (problems == "")] = "'at': cannot read the value as a time"
        frame[contract.key] = frame[contract.key].astype("object").map(str)
        stamps = at if at is not None else frame[self.time_columns.get(name, [])].max(axis=1)
        if at is not None:
            stamps = at.fillna(frame[self.time_columns.get(name, [])].max(axis=1))
        times = seconds(stamps) if len(self.time_columns.get(name, [])) or at is not None else np.full(len(frame), NO_TIME)
        if name in self.time_columns:  # a dataset without event times is reference data (a roster)
            problems[(times == NO_TIME) & (problems == "").to_numpy()] = f"{name}: the record has no event time (none of {self.time_columns[name]} is filled)"
        for row in np.flatnonzero((problems != "").to_numpy()):
            chunk.bad[chunk.order[places[row]][1]] = problems.iloc[row]
        chunk.frames[name] = frame[[c.name for c in contract.columns]]
        chunk.times[name] = times


def parse_time(value: object) -> int | None:
    """Whole seconds of a site-local wall-clock time written as text; None when it is not one."""
    if not isinstance(value, str):
        return None
    stamp = pd.to_datetime(value, format="ISO8601", errors="coerce")
    if pd.isna(stamp) or stamp.tzinfo is not None:
        return None
    return int(seconds(pd.Series([stamp]))[0])


def typed(values: pd.Series, kind: str, labels: dict[str, str] | None) -> tuple[pd.Series, pd.Series]:
    """The column in its contract type, and where a filled value could not be read."""
    text = values.astype("string").str.strip()
    filled = text.notna() & (text != "")
    text = text.where(filled)
    if kind in TIME_TYPES:
        numeric = values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), na_action="ignore").fillna(False).astype(bool)
        result = pd.to_datetime(text.where(~numeric), format="ISO8601", errors="coerce")
        if not pd.api.types.is_datetime64_any_dtype(result):  # nothing filled: still a time column
            result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
        if getattr(result.dt, "tz", None) is not None:  # offsets are not read: site-local wall-clock times only
            return pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]"), filled
        return result, filled & result.isna()
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
