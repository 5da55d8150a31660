"""The findings frame: one row per rule × subject × window (or × record), with fixed columns."""

from __future__ import annotations

import pandas as pd

from checker import messages
from checker.kinds.base import PARTIAL, Context, RuleBase

COLUMNS = [
    "run_id", "rule_id", "catalog_ids", "kind", "severity", "subject_type", "subject_id", "staff_id",
    "site_id", "record_id", "period_start", "period_end", "status", "measured", "threshold", "unit",
    "message", "evidence",
]
STATUSES = ("pass", "fail", "pending", "exempt", "not_evaluated")
_TEXT = ["run_id", "rule_id", "catalog_ids", "kind", "severity", "subject_type", "subject_id", "staff_id",
         "site_id", "record_id", "status", "unit", "message", "evidence"]


def finalize(rule: RuleBase, kind: str, partial: pd.DataFrame, ctx: Context, staff_sites: pd.Series | None, lang: str = "zh") -> pd.DataFrame:
    """Add the rule's identity, fill sites from staff where the record has none, word the messages."""
    frame = partial.reset_index(drop=True).copy()
    frame.insert(0, "run_id", ctx.run_id)
    frame.insert(1, "rule_id", rule.id)
    frame.insert(2, "catalog_ids", ";".join(rule.catalog_ids))
    frame.insert(3, "kind", kind)
    frame.insert(4, "severity", rule.severity)
    if staff_sites is not None and len(frame):
        missing = frame["site_id"].isna()
        frame.loc[missing, "site_id"] = frame.loc[missing, "staff_id"].map(staff_sites)
    frame["message"] = messages.word(frame, rule, lang)
    return conform(frame.drop(columns="note"))


def not_evaluated(rule: RuleBase, kind: str, reason: str, ctx: Context, lang: str = "zh") -> pd.DataFrame:
    """The single finding of a rule that could not be evaluated at all."""
    row = {c: None for c in PARTIAL}
    row.update(subject_type="site", status="not_evaluated", note="not_evaluated", evidence=reason,
               period_start=ctx.period.start, period_end=ctx.period.end)
    frame = finalize(rule, kind, pd.DataFrame([row]), ctx, None, lang)
    frame["message"] = messages.not_evaluated(rule, reason, lang)
    frame["evidence"] = ""
    return frame


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Exactly the public columns, in order, with stable dtypes."""
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame = frame[COLUMNS].copy()
    for column in _TEXT:
        frame[column] = frame[column].astype("string")
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    for column in ("measured", "threshold"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64").round(4)
    return frame


def empty() -> pd.DataFrame:
    return conform(pd.DataFrame(columns=COLUMNS))


def sort(frame: pd.DataFrame) -> pd.DataFrame:
    """A canonical row order, so that the same inputs give byte-identical files."""
    keys = ["rule_id", "site_id", "subject_id", "period_start", "record_id", "status"]
    return frame.sort_values(keys, kind="mergesort", na_position="last").reset_index(drop=True)
