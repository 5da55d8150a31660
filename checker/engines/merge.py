"""Putting the site groups back together: quality figures summed, quarantine and findings in a fixed order."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.gate import DatasetQuality
from checker.rulepack import RulePack


def _merge_checks(parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One entry per expectation (and per column of unreadable cells): counts summed, success only if every group's."""
    merged: dict[tuple, dict[str, Any]] = {}
    for checks in parts:
        for check in checks:
            key = (check["expectation"], check.get("column"))
            if key not in merged:
                merged[key] = dict(check)
                continue
            seen = merged[key]
            if "unexpected_count" in check:
                seen["unexpected_count"] = seen.get("unexpected_count", 0) + check["unexpected_count"]
            if check.get("success") is False or (seen.get("success") is None and check.get("success") is not None):
                seen["success"] = check["success"]
    unread = [entry for key, entry in merged.items() if entry["expectation"] == "readable cells"]
    return unread + [entry for entry in merged.values() if entry["expectation"] != "readable cells"]


def merge_quality(parts: list[DatasetQuality]) -> DatasetQuality:
    """The quality of a dataset gated in groups, as if gated whole."""
    first = parts[0]
    return replace(first, rows_read=sum(p.rows_read for p in parts), rows_accepted=sum(p.rows_accepted for p in parts),
                   rows_quarantined=sum(p.rows_quarantined for p in parts),
                   expectations=_merge_checks([p.expectations for p in parts if p.rows_read]) or first.expectations)


def merge_quarantine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """A dataset's quarantined rows from every group, in source-row order."""
    joined = pd.concat(parts, ignore_index=True)
    return joined.sort_values("source_row", kind="stable").reset_index(drop=True)


def canonical_order(found: pd.DataFrame, pack: RulePack) -> pd.DataFrame:
    """Findings in rule-pack order, then by finding key: the same bytes however the sites were grouped."""
    if found.empty:
        return found.reset_index(drop=True)
    position = {loaded.rule.id: index for index, loaded in enumerate(pack.rules)}
    rules = found["rule_id"].astype("object").map(position).fillna(len(position)).to_numpy(dtype="int64")
    keys = pa.array(found["finding_key"].astype("string").array).cast(pa.large_string())
    table = pa.table({"rule": rules, "key": keys, "at": np.arange(len(found))})
    order = pc.sort_indices(table, sort_keys=[("rule", "ascending"), ("key", "ascending"), ("at", "ascending")])
    return found.take(order.to_numpy()).reset_index(drop=True)
