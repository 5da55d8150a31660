"""Site groups (a 3-site, 12-day sample) give the same bytes as the export judged whole: findings, quarantine, gate counts, scorecards, as-of."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from checker import api
from checker.engines import EngineChoice
from checker.engines.executors import LocalEngine
from checker.engines.links import pack_links
from checker.engines.split import NO_SITE, Graph, plan_groups
from checker.errors import EngineError, UsageError
from checker.facts import load_facts
from checker.period import Period
from checker.sample.export import generate, write

PERIOD = Period.parse("2026-10", None, None)


def _bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return buffer.getvalue()


def _tangle(folder: Path) -> None:
    """Rows that tie sites together, a site with no rows at all, and rows with no site of their own."""
    visits, orders = pd.read_csv(folder / "visits.csv", dtype=str), pd.read_csv(folder / "work_orders.csv", dtype=str)
    units = pd.read_csv(folder / "units.csv", dtype=str)
    site_of_unit = units.set_index(units.columns[0])[units.columns[1]]
    first_site = orders.iloc[:, 1].iloc[0]
    foreign = orders[orders.iloc[:, 1] != first_site].iloc[0, 0]  # an order of another site ...
    at_first = visits.index[visits.iloc[:, 2].map(site_of_unit) == first_site][:3]
    visits.loc[at_first, visits.columns[6]] = foreign  # ... that visits at the first site call back about
    visits.to_csv(folder / "visits.csv", index=False)
    complaints = pd.read_csv(folder / "complaints.csv", dtype=str)
    twin = complaints.iloc[[0]].copy()
    twin.iloc[0, 1] = complaints.iloc[:, 1][complaints.iloc[:, 1] != complaints.iloc[0, 1]].iloc[0]  # one key at two sites
    pd.concat([complaints, twin]).to_csv(folder / "complaints.csv", index=False)
    sites = pd.read_csv(folder / "sites.csv", dtype=str)
    empty = sites.iloc[[0]].copy()
    empty.iloc[0, 0] = "S-EMPTY"  # a site on the roster with no rows anywhere
    pd.concat([sites, empty]).to_csv(folder / "sites.csv", index=False)


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    from checker.contracts import default_contracts_dir, load_contracts

    folder = tmp_path_factory.mktemp("engines") / "export"
    write(folder, generate(3, 12, 3, "2026-10-01", 0.08), load_contracts(default_contracts_dir()), 3, 0.004, "utf-8-sig", "csv", "zh")
    _tangle(folder)
    return folder


@pytest.fixture(scope="module")
def whole(export):
    return api.run(export, PERIOD, engine=EngineChoice("local", 1))


@pytest.fixture(scope="module")
def grouped(export):
    return api.run(export, PERIOD, engine=EngineChoice("local", 1, groups=4))  # 3 sites, a site with no rows, the no-site node: 4 groups


def test_the_tangled_rows_are_there(whole):
    assert "complaints" in whole.gate.quarantine
    quarantined = whole.gate.quarantine["complaints"]
    key = pd.read_csv(whole.data_dir / "complaints.csv", dtype=str).iloc[0, 0]
    twins = quarantined[quarantined["reasons"].str.contains(f"key '{key}' appears more than once", regex=False)]
    assert len(twins) == 2 and twins.iloc[:, 3].nunique() == 2  # one key at two sites: both rows quarantined


def test_findings_are_the_same_bytes(whole, grouped):
    assert len(whole.findings) > 500
    assert _bytes(whole.findings) == _bytes(grouped.findings)


def test_quarantine_gate_counts_and_as_of_are_the_same(whole, grouped):
    assert whole.gate.quarantine.keys() == grouped.gate.quarantine.keys()
    for name in whole.gate.quarantine:
        assert _bytes(whole.gate.quarantine[name]) == _bytes(grouped.gate.quarantine[name]), name
    assert list(whole.gate.quality) == list(grouped.gate.quality)
    for name, quality in whole.gate.quality.items():
        other = grouped.gate.quality[name]
        assert (quality.rows_read, quality.rows_accepted, quality.rows_quarantined) == (other.rows_read, other.rows_accepted, other.rows_quarantined)
        assert quality.expectations == other.expectations, name
    assert whole.gate.missing == grouped.gate.missing
    assert (whole.as_of, whole.as_of_basis, whole.run_id) == (grouped.as_of, grouped.as_of_basis, grouped.run_id)


def test_scorecards_are_the_same(whole, grouped):
    assert whole.scorecards.keys() == grouped.scorecards.keys()
    for name, card in whole.scorecards.items():
        assert _bytes(card) == _bytes(grouped.scorecards[name]), name


def test_worker_processes_give_the_same_bytes(export, whole):
    two = api.run(export, PERIOD, engine=EngineChoice("local", 2, groups=3))
    assert _bytes(two.findings) == _bytes(whole.findings)


def test_a_callback_about_another_sites_order_ties_the_two_sites():
    links = pack_links(*reversed(_definitions()), load_facts(_definitions()[1].folder, _definitions()[0]))
    graph = Graph()
    orders = pd.DataFrame({"order_id": ["W1", "W2"], "site_id": ["A", "B"], "received_by": ["K1", "K2"], "rework_of": [None, None]})
    visits = pd.DataFrame({"visit_id": ["V1"], "ref_id": ["W2"], "unit_id": ["U1"], "staff_id": ["K1"]})
    graph.add(np.array(["A", "B"], dtype=object), orders, links, "work_orders")
    graph.add(np.array(["A"], dtype=object), visits, links, "visits")  # a visit at A about B's order
    component = graph.components(np.array(["A", "B", "C"], dtype=object))
    assert component["A"] == component["B"] != component["C"]
    plan = plan_groups(component, pd.Series({"A": 3, "B": 0}), 3)
    assert plan.site_group["A"] == plan.site_group["B"]
    assert sorted(plan.rows) == [0, 0, 3]  # C and the no-site node hold no rows: empty groups
    assert NO_SITE in plan.site_group


def _definitions():
    return api.load_definitions()


def test_choices_refused_clearly():
    with pytest.raises(UsageError, match="--scheduler needs --engine dask"):
        EngineChoice("local", scheduler="tcp://x:8786").validate()
    with pytest.raises(UsageError, match="--workers 0"):
        EngineChoice("local", 0).validate()
    with pytest.raises(UsageError, match="exclude each other"):
        EngineChoice("dask", 2, scheduler="tcp://x:8786").validate()


def test_a_worker_that_dies_fails_clearly():
    engine = LocalEngine(2)
    try:
        with pytest.raises(EngineError, match="worker process died"):
            engine.run(os._exit, [(9,), (9,)], lambda done: None)  # the worker ends at once, as if killed
    finally:
        engine.close()


def test_a_failing_task_names_its_error():
    engine = LocalEngine(2)
    try:
        with pytest.raises(EngineError, match="a worker failed: FileNotFoundError"):
            engine.run(Path.read_text, [(Path("/nonexistent/svccheck-group"),)], lambda done: None)
    finally:
        engine.close()


def test_dask_gives_the_same_bytes(export, whole):
    pytest.importorskip("distributed")
    on_dask = api.run(export, PERIOD, engine=EngineChoice("dask", 2, groups=3))
    assert _bytes(on_dask.findings) == _bytes(whole.findings)
    for name in whole.gate.quarantine:
        assert _bytes(whole.gate.quarantine[name]) == _bytes(on_dask.gate.quarantine[name]), name


def test_without_dask_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)  # as if the extra were not installed
    with pytest.raises(UsageError, match=r"pip install 'svccheck\[dask\]'"):
        EngineChoice("dask", 2).open()


def test_an_unreachable_scheduler_is_an_engine_error():
    pytest.importorskip("distributed")
    from checker.engines.executors import DaskEngine

    with pytest.raises(EngineError, match="cannot reach the Dask scheduler"):
        DaskEngine("tcp://127.0.0.1:9", 1, timeout="3s")


def _cli(*args: object):
    from click.testing import CliRunner

    from checker.cli import main

    return CliRunner(env={"SVCCHECK_LANG": "en"}).invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_without_dask_exits_2_and_writes_nothing(export, tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    result = _cli("run", "--data", export, "--period", "2026-10", "--out", tmp_path / "out", "--engine", "dask", "--no-store", "--quiet")
    assert result.exit_code == 2
    assert "svccheck[dask]" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_a_failed_worker_exits_5_and_writes_nothing(export, tmp_path, monkeypatch):
    import checker.engines.partitioned as partitioned

    monkeypatch.setattr(partitioned, "gate_group", os.abort)  # pickled by name: the worker calls os.abort(folder, group) and fails
    result = _cli("run", "--data", export, "--period", "2026-10", "--out", tmp_path / "out", "--workers", "2", "--no-store", "--quiet")
    assert result.exit_code == 5
    assert "the run engine failed; nothing was written: a worker failed: TypeError" in result.output
    assert not (tmp_path / "out").exists()
