"""An export replayed as an event stream: each record created at its own time, each completion revealed when it happened."""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pandas as pd

from checker.contracts import TIME_TYPES, Contract


def replay_lines(data: dict[str, pd.DataFrame], contracts: dict[str, Contract], time_columns: dict[str, list[str]],
                 as_of: pd.Timestamp) -> Iterator[str]:
    """JSON lines in time order up to as-of, then a tick at as-of.

    time_columns: per dataset, its `extent` columns (when a record came into being) then the columns that
    complete it; a completion later than the record's creation is blank until a later upsert reveals it.
    """
    steps = [_steps(name, data[name], contracts[name], time_columns[name], as_of) for name in time_columns if name in data]
    table = pd.concat([s for s in steps if len(s)], ignore_index=True) if any(len(s) for s in steps) else pd.DataFrame()
    if len(table):
        table = table.sort_values(["time", "order"], kind="stable")
        rows_of = {name: records(data[name], contracts[name]) for name in table["dataset"].unique()}
        for name, row, moment in zip(table["dataset"], table["row"], table["time"], strict=True):
            record = dict(rows_of[name][row])
            for column in time_columns[name]:
                if record.get(column) is not None and pd.Timestamp(record[column]) > moment:
                    record[column] = None
            yield json.dumps({"dataset": name, "op": "upsert", "record": record}, ensure_ascii=False)
    yield json.dumps({"tick": f"{as_of:%Y-%m-%d %H:%M:%S}"})


def reference_lines(data: dict[str, pd.DataFrame], contracts: dict[str, Contract], names: set[str]) -> Iterator[str]:
    """The rosters (datasets without event times) as upserts, sent before the events."""
    for name in sorted(names):
        if name in data:
            for record in records(data[name], contracts[name]):
                yield json.dumps({"dataset": name, "op": "upsert", "record": record}, ensure_ascii=False)


def _steps(name: str, frame: pd.DataFrame, contract: Contract, columns: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    """(dataset, row, time) of each upsert of the dataset's records: creation, then each later completion."""
    extent = [c for c in columns if c in contract.extent]
    created = frame[extent].max(axis=1) if extent else pd.Series(pd.NaT, index=frame.index)
    parts = [pd.DataFrame({"row": np.arange(len(frame)), "time": created.to_numpy()})]
    for column in columns:
        if column not in extent:
            parts.append(pd.DataFrame({"row": np.arange(len(frame)), "time": frame[column].where(frame[column] > created).to_numpy()}))
    steps = pd.concat(parts, ignore_index=True).dropna()
    steps = steps[steps["time"] <= as_of]
    steps = steps.drop_duplicates(["row", "time"])
    return steps.assign(dataset=name, order=np.arange(len(steps)))


def records(frame: pd.DataFrame, contract: Contract) -> list[dict]:
    """The contract's columns of each row as JSON values: times as text, empty cells as null."""
    out = pd.DataFrame(index=frame.index)
    for spec in contract.columns:
        if spec.name not in frame:
            continue
        column = frame[spec.name]
        if spec.type in TIME_TYPES:
            out[spec.name] = column.dt.strftime("%Y-%m-%d %H:%M:%S").astype("object")
        elif spec.type == "bool":
            out[spec.name] = column.astype("object")
        elif spec.type in ("int", "float"):
            out[spec.name] = column.astype("float64").astype("object")
        else:
            out[spec.name] = column.astype("object")
    return out.astype("object").where(out.notna(), None).to_dict("records")
