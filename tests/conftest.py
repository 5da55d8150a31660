"""Shared helpers: typed frames built through the real contract coercion, contexts, rules from dicts."""

from __future__ import annotations

import dataclasses
import functools
import os
from typing import Any

import pandas as pd
import pytest

from checker.calendar import Calendars
from checker.contracts import default_contracts_dir, load_contracts
from checker.kinds.base import Context
from checker.loading import coerce
from checker.period import Period
from checker.rulepack import RULE_ADAPTER

# The CLI speaks SVCCHECK_LANG, else the locale: tests fix it (zh, the default) so that no machine's locale changes them.
os.environ["SVCCHECK_LANG"] = "zh"
CONTRACTS = load_contracts(default_contracts_dir())
CALENDARS = Calendars()


@pytest.fixture(scope="session")
def contracts():
    return CONTRACTS


def typed(dataset: str, rows: list[dict[str, Any]], extra: dict[str, str] | None = None) -> pd.DataFrame:
    """A frame of a dataset from rows of text values, typed exactly as the loader types exports."""
    contract = CONTRACTS[dataset]
    raw = pd.DataFrame([{k: ("" if v is None else str(v)) for k, v in row.items()} for row in rows])
    raw.index = pd.RangeIndex(2, 2 + len(raw))
    frame = {}
    for spec in contract.columns:
        column = raw[spec.name] if spec.name in raw else pd.Series([""] * len(raw), dtype="string")
        frame[spec.name], failures = coerce(column.astype("string"), spec)
        assert failures is None, f"test data does not parse: {failures.tolist()}"
    result = pd.DataFrame(frame, index=raw.index)
    for name, kind in (extra or {}).items():
        result[name] = raw[name].replace("", pd.NA).astype(kind).to_numpy()
    return result


def context(period: str = "2026-10", as_of: str = "2026-11-01 00:00:00", calendars: Calendars = CALENDARS,
            staff: pd.DataFrame | None = None) -> Context:
    return Context("test-run", Period.parse(period), pd.Timestamp(as_of), CONTRACTS, calendars, staff)


BASE = {
    "title": {"zh": "测试", "en": "test"}, "catalog_ids": ["REP-01"],
    "source": {"document": "JD", "clause": "1", "quote": "测试"}, "description": "test rule",
}


def make_rule(**fields: Any):
    """A validated rule from its kind-specific fields (identity fields are filled in)."""
    return RULE_ADAPTER.validate_python({"id": "TST-01", **BASE, **fields})


def statuses(findings: pd.DataFrame, key: str = "subject_id") -> dict[str, str]:
    return dict(zip(findings[key].astype(str), findings["status"].astype(str)))


@functools.cache
def shipped_pack():
    """The shipped rule pack, loaded once per test session (rules are frozen; callers take a copy with fewer rules)."""
    from checker.api import load_definitions

    return load_definitions()[1]


def evaluate_rule(rule_id: str, data: dict[str, pd.DataFrame], period: str = "2026-10", as_of: str = "2026-11-01 00:00:00") -> pd.DataFrame:
    """The findings of one shipped rule over hand-built frames."""
    from checker.evaluate import evaluate_pack

    pack = dataclasses.replace(shipped_pack(), rules=[r for r in shipped_pack().rules if r.rule.id == rule_id])
    assert pack.rules, rule_id
    return evaluate_pack(pack, data, context(period, as_of, staff=data.get("staff")))
