"""The findings frame: one row per rule × subject × window (or × record), with fixed columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.kinds import REGISTRY
from checker.kinds.base import PARTIAL, Context, RuleBase, declared_notes
from checker.vocabulary import FINDING_SUBJECTS, MEASURE_UNITS, SEVERITIES, STATUSES

COLUMNS = [
    "run_id", "rule_id", "catalog_ids", "kind", "severity", "subject_type", "subject_id", "staff_id",
    "site_id", "record_id", "period_start", "period_end", "status", "measured", "threshold", "unit",
    "message", "evidence", "note", "finding_key",
]
_TEXT = ["subject_id", "staff_id", "site_id", "record_id", "message", "evidence", "finding_key"]
# Few distinct values in millions of rows: categorical, with categories fixed up front so that
# concatenating the findings of many rules keeps them categorical.
FIXED = {
    "severity": sorted(SEVERITIES),
    "subject_type": sorted(FINDING_SUBJECTS),
    "status": list(STATUSES),
    "unit": sorted(MEASURE_UNITS),
}


def _kind_words() -> dict[str, list[str]]:
    """The kinds and notes of the registered kinds (looked up at run time: kinds may be added)."""
    return {"kind": sorted(REGISTRY), "note": sorted({n for k in REGISTRY.values() for n in k.outcomes})}


def vocabulary(run_id: str, rule_ids: list[str], catalog_ids: list[str]) -> dict[str, pd.CategoricalDtype]:
    """The categorical dtypes of one run's findings."""
    values = {**FIXED, **_kind_words(), "run_id": [run_id], "rule_id": sorted(set(rule_ids)), "catalog_ids": sorted(set(catalog_ids))}
    return {column: pd.CategoricalDtype(categories, ordered=False) for column, categories in values.items()}


def finalize(rule: RuleBase, partial: pd.DataFrame, ctx: Context, staff_sites: pd.Series | None,
             dtypes: dict[str, pd.CategoricalDtype] | None = None) -> pd.DataFrame:
    """Add the rule's identity and keys, fill sites from staff where the record has none (messages are worded
    at output time, in the output language: `messages.word_findings`)."""
    frame = partial.reset_index(drop=True).copy()
    constants = {"run_id": ctx.run_id, "rule_id": rule.id, "catalog_ids": ";".join(rule.catalog_ids), "kind": rule.kind, "severity": rule.severity}
    if staff_sites is not None and len(frame):
        missing = frame["site_id"].isna()
        frame.loc[missing, "site_id"] = frame.loc[missing, "staff_id"].map(staff_sites)
    declared_notes(frame["note"], REGISTRY[rule.kind].outcomes)  # a note its kind does not declare is a bug
    frame["finding_key"] = finding_keys(rule.id, frame)
    return conform(frame, dtypes, constants)


def finding_keys(rule_id: str, frame: pd.DataFrame) -> pd.Series:
    """The stable identity of each finding: `rule|record:ID` for a record, `rule|staff:K101|2026-10-05` for a
    subject's window (its start day), `rule|*|2026-10-01` for a whole rule. Built from what was judged only —
    never from wording, measured values or the run — so a re-run of the same export gives the same keys."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype="string")
    subject_id = _arrow_text(frame["subject_id"])
    subject = pc.if_else(pc.is_null(subject_id), _STAR, _join(_arrow_text(frame["subject_type"]), subject_id, sep=":"))
    day = _day_text(frame["period_start"])
    is_record = pa.array((frame["subject_type"].astype("string") == "record").fillna(False).to_numpy())
    within = pc.if_else(is_record, subject, _join(subject, day))
    return pd.Series(pd.arrays.ArrowStringArray(_join(pa.scalar(rule_id, pa.large_string()), within)), index=frame.index)


_STAR = pa.scalar("*", pa.large_string())


def _day_text(stamps: pd.Series) -> pa.Array:
    """YYYY-MM-DD of each time, formatted once per distinct day (a run spans a few hundred days, not millions)."""
    days = pd.to_datetime(stamps).to_numpy(dtype="datetime64[D]")
    distinct, position = np.unique(days, return_inverse=True)
    texts = pa.array(np.datetime_as_string(distinct, unit="D"), pa.large_string())
    return texts.take(pa.array(position.ravel(), mask=np.isnat(days)))


def _arrow_text(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("string").array).cast(pa.large_string())


def _join(*parts: pa.Array | pa.Scalar, sep: str = "|") -> pa.Array:
    return pc.binary_join_element_wise(*parts, pa.scalar(sep, pa.large_string()))


def not_evaluated(rule: RuleBase, ctx: Context, dtypes: dict[str, pd.CategoricalDtype] | None = None) -> pd.DataFrame:
    """The single finding of a rule whose datasets are missing from the export."""
    row: dict[str, object] = {c: None for c in PARTIAL}
    row.update(subject_type="site", status="not_evaluated", note="missing_dataset", evidence="",
               period_start=ctx.period.start, period_end=ctx.period.end)
    return finalize(rule, pd.DataFrame([row]), ctx, None, dtypes)


def _constant(value: str, n: int, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """A column holding one value, built from codes (no text array of n copies)."""
    return pd.Categorical.from_codes(np.full(n, dtype.categories.get_loc(value), dtype="int32"), dtype=dtype)


def _categorical(values: pd.Series, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """Text as a categorical of fixed categories, looked up in Arrow (unknown text would raise, never pass silently)."""
    text = pa.array(values.astype("string").array)
    codes = pc.fill_null(pc.index_in(text, value_set=pa.array(list(dtype.categories), type=text.type)), -1)
    unknown = pc.and_(pc.equal(codes, -1), pc.is_valid(text))
    if pc.any(unknown).as_py():
        raise ValueError(f"values outside the categories {list(dtype.categories)}: {pc.unique(pc.filter(text, unknown)).to_pylist()[:5]}")
    return pd.Categorical.from_codes(codes.to_numpy(zero_copy_only=False).astype("int32"), dtype=dtype)


def conform(frame: pd.DataFrame, dtypes: dict[str, pd.CategoricalDtype] | None = None, constants: dict[str, str] | None = None) -> pd.DataFrame:
    """Exactly the public columns, in order, with stable dtypes."""
    for column, value in (constants or {}).items():
        frame[column] = value if dtypes is None else _constant(value, len(frame), dtypes[column])
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame = frame[COLUMNS].copy()
    for column in _TEXT:
        frame[column] = frame[column].astype("string")
    fixed = {**FIXED, **_kind_words()}
    categorical = dtypes or {c: pd.CategoricalDtype(sorted(set(frame[c].dropna().astype(str)) | set(fixed.get(c, [])))) for c in COLUMNS
                             if c in fixed or c in ("run_id", "rule_id", "catalog_ids")}
    for column, dtype in categorical.items():
        if frame[column].dtype != dtype:
            frame[column] = _categorical(frame[column], dtype)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    for column in ("measured", "threshold"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64").round(4)
    return frame


def empty() -> pd.DataFrame:
    return conform(pd.DataFrame(columns=COLUMNS))


def compliance_by_rule(found: pd.DataFrame, rule_ids: list[str]) -> pd.DataFrame:
    """Per rule (every one of rule_ids; zeros where nothing applied): counts per status, and
    compliance = pass / (pass + fail), empty where nothing was judged."""
    counts = found.groupby(["rule_id", "status"], observed=True).size().unstack("status", fill_value=0)  # on category codes
    counts.index, counts.columns = counts.index.astype(str), counts.columns.astype(str)
    counts = counts.reindex(index=list(rule_ids), columns=list(STATUSES), fill_value=0)
    judged = counts["pass"] + counts["fail"]
    counts["compliance"] = (counts["pass"] / judged.where(judged > 0)).round(4)
    return counts


def status_counts(row: pd.Series) -> dict:
    """One rule's counts per status and compliance, as written to summary.json."""
    return {**{s: int(row[s]) for s in STATUSES}, "compliance": None if pd.isna(row["compliance"]) else float(row["compliance"])}


def overall(per_rule: pd.DataFrame) -> tuple[dict[str, int], float | None]:
    """Counts per status over all rules, and the overall compliance."""
    counts = {s: int(per_rule[s].sum()) for s in STATUSES}
    judged = counts["pass"] + counts["fail"]
    return counts, (round(counts["pass"] / judged, 4) if judged else None)
