"""bench/company.py's agreement check at a small size: svccheck and the DuckDB SQL reference fail the same records."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("duckdb")

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """One generated month of 3 sites: the failing keys per core rule from svccheck and from the reference."""
    from checker.api import run
    from checker.period import Period

    company, reference = _module("company"), _module("reference_sql")
    work = tmp_path_factory.mktemp("company")
    month = pd.Period("2026-10", "M")
    company.generate_export(work / "export", 3, month, full_tier=False)
    company.reference_inputs(work / "inputs.json", month)
    inputs = __import__("json").loads((work / "inputs.json").read_text(encoding="utf-8"))
    days = [(pd.Timestamp(d).date(), w) for d, w in inputs["workdays"]]
    as_of = pd.Timestamp("2026-10-28 12:00")  # inside the month: open deadlines are pending on both sides
    sql, _ = reference.failing(work / "export", inputs["contracts"], days, pd.Timestamp("2026-10-01").date(),
                               pd.Timestamp("2026-11-01").date(), str(as_of), threads=1)
    result = run(work / "export", Period.parse("2026-10", None, None), as_of=as_of, rules_dir=company.core_pack(work / "core"))
    result.findings.to_parquet(work / "findings.parquet")
    assert result.gate.quality and all(q.rows_quarantined == 0 for q in result.gate.quality.values())
    return company.svccheck_fails(work / "findings.parquet", set(reference.RULES)), sql, result


def test_every_core_rule_fails_the_same_records(both):
    ours, sql, _ = both
    table = pd.DataFrame(_module("company").agreement(ours, sql))
    assert table[["only_svccheck", "only_sql"]].to_numpy().sum() == 0, table.to_string()
    assert table["both"].sum() > 100  # the generator breaks every standard: the comparison is not over empty sets


def test_the_reference_covers_every_core_rule_of_the_pack(both):
    *_, result = both
    assert set(_module("reference_sql").RULES) == {r.rule.id for r in result.pack.rules}
