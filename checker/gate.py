"""The data gate: great-expectations suites generated from contracts; failing rows are quarantined."""

from __future__ import annotations

import logging
import warnings
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.contracts import Contract
from checker.errors import UsageError
from checker.loading import DEFAULT_TIMEZONE, LoadedDataset, find_file, load_dataset


@dataclass
class DatasetQuality:
    """What the gate saw in one dataset; serialised into data_quality.json."""

    dataset: str
    file: str
    encoding: str | None
    rows_read: int
    rows_accepted: int
    rows_quarantined: int
    expectations: list[dict[str, Any]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


@dataclass
class GateResult:
    """Accepted rows, quarantined rows and quality figures, per dataset."""

    accepted: dict[str, pd.DataFrame] = field(default_factory=dict)
    quarantine: dict[str, pd.DataFrame] = field(default_factory=dict)
    quality: dict[str, DatasetQuality] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Check:
    """One expectation and how to word the reason for a row that fails it."""

    expectation: Any
    describe: str
    column: str | None
    template: str  # '{value}' is replaced by the cell's text
    unread: str | None = None  # a column whose unreadable cells this check would report again
    together: tuple[str, ...] = ()  # the columns whose values, joined, stand for '{value}'


@cache
def _frames() -> Any:
    """One ephemeral, silent great-expectations context per process (its import costs ~3 s) and the one
    batch definition every dataset frame is validated through."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="great_expectations")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # The batch fingerprint (a hash of every cell, ~a quarter of the gate's time) only marks the batch
    # in GX's own records; no expectation reads it (../shared/spec/dependency-notes.md).
    pandas_execution_engine.HASH_THRESHOLD = 0
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_or_update_pandas("svccheck")
    return source.add_dataframe_asset(name="dataset").add_batch_definition_whole_dataframe("whole")


def _checks(contract: Contract) -> list[_Check]:
    import great_expectations as gx

    gxe = gx.expectations
    checks = [
        _Check(gxe.ExpectColumnValuesToNotBeNull(column=c.name), f"{c.name} is filled", None, f"{c.name}: required value is empty", c.name)
        for c in contract.columns
        if c.required
    ]
    for c in contract.columns:
        if c.values:
            allowed = ", ".join(c.values)
            checks.append(_Check(gxe.ExpectColumnValuesToBeInSet(column=c.name, value_set=list(c.values)),
                                 f"{c.name} in {{{allowed}}}", c.name, f"{c.name}: '{{value}}' is not one of {allowed}"))
    checks.append(_Check(gxe.ExpectColumnValuesToBeUnique(column=contract.key), f"{contract.key} is unique",
                         contract.key, f"{contract.key}: key '{{value}}' appears more than once"))
    for group in contract.unique:
        joined = "+".join(group)
        checks.append(_Check(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(group)), f"{joined} is unique", None,
                             f"{joined}: '{{value}}' appears more than once", together=tuple(group)))
    for earlier, later in contract.time_order:
        checks.append(_Check(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A=later, column_B=earlier, or_equal=True,
                                                        ignore_row_if="either_value_is_missing"),
            f"{earlier} ≤ {later}", None, f"{later} is before {earlier}"))
    return checks


def _references(loaded: LoadedDataset, contract: Contract, accepted: dict[str, pd.DataFrame]) -> tuple[list[pd.Series], list[dict]]:
    """Rows naming a key the referenced dataset does not have.

    Checked with pandas, not great-expectations: GX re-serialises a large value_set (every unit
    id) through pydantic for each metric, which cost minutes on a 5-million-row export.
    """
    parts: list[pd.Series] = []
    summary: list[dict[str, Any]] = []
    for ref in contract.references:
        name = f"{ref.column} → {ref.dataset}.{ref.key}"
        if ref.dataset not in accepted:
            summary.append({"expectation": name, "engine": "pandas", "success": None, "skipped": f"{ref.dataset} is not in the export"})
            continue
        values = loaded.frame[ref.column]
        bad = values.notna().to_numpy() & ~_known(values, accepted[ref.dataset][ref.key])
        summary.append({"expectation": name, "engine": "pandas", "success": not bad.any(), "unexpected_count": int(bad.sum())})
        if bad.any():
            parts.append(f"{ref.column}: '" + loaded.raw.loc[bad, ref.column].astype("string") + f"' is not in {ref.dataset}")
    return parts, summary


def _known(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """True where the value is one of keys (Arrow's hash lookup: pandas' isin on Arrow text is ~8× slower)."""
    as_text = [pa.array(s.astype("string").array).cast(pa.large_string()) for s in (values, keys)]
    return pc.fill_null(pc.is_in(as_text[0], value_set=pc.unique(as_text[1])), False).to_numpy(zero_copy_only=False)


def _validate(name: str, frame: pd.DataFrame, checks: list[_Check]) -> list[Any]:
    """The result of each check over frame: one suite, validated on a batch of the frame, kept by nobody afterwards."""
    import great_expectations as gx

    # an unnamed index makes GX report plain index labels (with a name it reports dicts)
    batch = _frames().get_batch(batch_parameters={"dataframe": frame.rename_axis(None)})
    suite = gx.ExpectationSuite(name=f"{name}-suite", expectations=[c.expectation for c in checks])
    result = batch.validate(suite, result_format="COMPLETE")
    # an unsaved suite gives its expectations no ids: results are matched by type and arguments
    by_config = {_config_key(r.expectation_config): r for r in result.results}
    return [by_config[_config_key(c.expectation.configuration)] for c in checks]


def _config_key(config: Any) -> tuple[str, str]:
    return config.type, repr(sorted((k, v) for k, v in config.kwargs.items() if k != "batch_id"))


def _expectation_reasons(loaded: LoadedDataset, checks: list[_Check], results: list[Any]) -> tuple[list[pd.Series], list[dict]]:
    parts: list[pd.Series] = []
    summary: list[dict] = []
    for check, result in zip(checks, results):
        if result.exception_info.get("raised_exception"):
            raise RuntimeError(f"data gate expectation '{check.describe}' broke: {result.exception_info}")
        index = pd.Index(result.result.get("unexpected_index_list") or [], dtype="int64")
        if check.unread is not None and check.unread in loaded.parse_failures:
            index = index.difference(loaded.parse_failures[check.unread].index)  # already said: cannot read
        summary.append({"expectation": check.describe, "engine": "great_expectations", "type": result.expectation_config.type,
                        "success": bool(result.success), "unexpected_count": int(len(index))})
        if len(index) == 0:
            continue
        if check.together:
            before, after = check.template.split("{value}")
            cells = loaded.raw.loc[index, list(check.together)].astype("string").fillna("")
            parts.append(before + cells.agg("|".join, axis=1).astype("string") + after)
        elif check.column is None:
            parts.append(pd.Series(check.template, index=index))
        else:
            before, after = check.template.split("{value}")
            parts.append(before + loaded.raw.loc[index, check.column].astype("string") + after)
    return parts, summary


def _join_reasons(parts: list[pd.Series]) -> pd.Series:
    """All reasons of each row, '; '-separated, indexed by source row."""
    if not parts:
        return pd.Series(dtype="string")
    return pd.concat(parts).astype("string").groupby(level=0).agg("; ".join)


def gate_dataset(loaded: LoadedDataset, contract: Contract, accepted: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame, DatasetQuality]:
    """Split one dataset into accepted rows and quarantined rows (with every reason)."""
    parts = list(loaded.parse_failures.values())
    summary = [{"expectation": "readable cells", "engine": "pandas", "column": column, "success": False, "unexpected_count": int(len(reasons))}
               for column, reasons in loaded.parse_failures.items()]
    if len(loaded.frame):
        checks = _checks(contract)
        found, described = _expectation_reasons(loaded, checks, _validate(contract.dataset, loaded.frame, checks))
        refs, ref_summary = _references(loaded, contract, accepted)
        parts, summary = parts + found + refs, summary + described + ref_summary
    reasons = _join_reasons(parts)
    bad = loaded.frame.index.isin(reasons.index)
    quarantine = loaded.raw[bad].copy()
    quarantine.insert(0, "reasons", reasons.reindex(quarantine.index))
    quarantine = quarantine.reset_index()
    quality = DatasetQuality(contract.dataset, str(loaded.file), loaded.encoding, len(loaded.frame),
                             int((~bad).sum()), int(bad.sum()), summary, loaded.unknown_columns)
    return loaded.frame[~bad], quarantine, quality


def gate_order(contracts: dict[str, Contract]) -> list[str]:
    """Datasets ordered so that every referenced dataset is gated before the ones naming it."""
    ordered: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ordered or name in trail:
            return
        for ref in contracts[name].references:
            if ref.dataset in contracts:
                visit(ref.dataset, (*trail, name))
        ordered.append(name)

    for name in sorted(contracts):
        visit(name, ())
    return ordered


def gate_export(folder: Path, contracts: dict[str, Contract], mapping: dict[str, dict[str, str]],
                progress: Callable[[str, int], None] | None = None, timezone: str = DEFAULT_TIMEZONE) -> GateResult:
    """Load and gate every contracted dataset of an export folder, referenced datasets first.

    One thread reads and types the next file while this one gates the last: reading is mostly Arrow
    (outside the GIL), gating mostly great-expectations' Python, so the two overlap on two cores.
    """
    if not folder.is_dir():
        raise UsageError(f"--data {folder}: no such folder")
    unknown = sorted(set(mapping) - set(contracts))
    if unknown:
        raise UsageError(f"header mapping names unknown datasets: {', '.join(unknown)}")
    result = GateResult()
    files = {name: find_file(folder, contracts[name]) for name in gate_order(contracts)}
    result.missing = {name: "not_in_export" for name, path in files.items() if path is None}  # codes: reports word them
    present = [(name, path) for name, path in files.items() if path is not None]
    with ThreadPoolExecutor(1, thread_name_prefix="svccheck-read") as reader:
        ahead = deque(reader.submit(load_dataset, path, contracts[name], mapping.get(name, {}), timezone) for name, path in present[:2])
        try:
            if present:
                _frames()  # great-expectations' import, while the first file is read
            for position, (name, _) in enumerate(present):
                loaded = ahead.popleft().result()
                if position + 2 < len(present):
                    upcoming, path = present[position + 2]
                    ahead.append(reader.submit(load_dataset, path, contracts[upcoming], mapping.get(upcoming, {}), timezone))
                _gate_into(result, loaded, contracts[name], progress)
        finally:
            for future in ahead:
                future.cancel()
    return result


def _gate_into(result: GateResult, loaded: LoadedDataset, contract: Contract, progress: Callable[[str, int], None] | None) -> None:
    accepted, quarantine, quality = gate_dataset(loaded, contract, result.accepted)
    name = contract.dataset
    result.accepted[name], result.quality[name] = accepted, quality
    if len(quarantine):
        result.quarantine[name] = quarantine
    if progress:
        progress(name, quality.rows_read)
