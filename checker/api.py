"""The Python API of a run: load rules, gate the export, evaluate, score."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from checker.calendar import Calendars
from checker.calendar.days import check_covered
from checker.contracts import Contract, default_contracts_dir, load_contracts
from checker.engines import EngineChoice
from checker.engines.merge import canonical_order
from checker.engines.partitioned import PartitionedRun
from checker.errors import UsageError
from checker.evaluate import evaluate_pack
from checker.facts import apply_facts, load_facts
from checker.gate import GateResult, gate_export
from checker.kinds.base import Context
from checker.loading import SUFFIXES, is_regular, read_mapping
from checker.period import Period
from checker.rulepack import RulePack, load_rule_pack
from checker.scoring import build_scorecards
from checker.vocabulary import SITES, STAFF, UNITS
from checker.windows import say_why

Progress = Callable[[str, str, int], None]  # (stage, what was just done, rows it read)


@dataclass
class RunResult:
    """Everything a run produced, before it is written anywhere."""

    run_id: str
    period: Period
    as_of: pd.Timestamp
    as_of_basis: AsOf
    pack: RulePack
    gate: GateResult
    findings: pd.DataFrame
    scorecards: dict[str, pd.DataFrame]
    export_hash: str
    started_at: pd.Timestamp
    data_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    contracts: dict[str, Contract] = field(default_factory=dict)


def default_rules_dir() -> Path:
    """The shipped rule pack (the project's `rules/`, or its copy inside an installed package)."""
    from checker.ops.resources import shipped

    return shipped("rules")


def export_hash(folder: Path) -> str:
    """A content hash of the export's dataset files (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and is_regular(p)):
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 22), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class AsOf:
    """The moment judged as "now" and how it was chosen (written to summary.json, shown in the report).

    basis: "given" (--as-of), "export_end" (the newest record in the export, by the contracts' `extent`
    columns, when earlier than the period's end), or "period_end" (the export reaches the end of the period, or has no
    event times inside it).
    """

    moment: pd.Timestamp
    basis: str
    dataset: str | None = None
    column: str | None = None

    def describe(self) -> dict:
        return {"basis": self.basis, "dataset": self.dataset, "column": self.column}


def default_as_of(period: Period, data: dict[str, pd.DataFrame], contracts: dict[str, Contract]) -> AsOf:
    """The end of the period, or the export's end if that is earlier.

    The export's end is the newest value of the contracts' `extent` columns — when records came into
    being (a repair reported, a complaint received) — never planned or promised times (appointments,
    agreed starts, deadlines), which may lie weeks after the data ends. Completion times are left out
    too: one mistyped date should not move the whole run.
    """
    return as_of_from(period, _newest(data, contracts))


def as_of_from(period: Period, newest: list[tuple[pd.Timestamp, str, str]]) -> AsOf:
    """default_as_of from the newest value of each extent column (the site groups report theirs)."""
    if not newest:
        return AsOf(period.end, "period_end")
    latest, dataset, column = max(newest)
    if period.start <= latest < period.end:
        return AsOf(latest, "export_end", dataset, column)
    return AsOf(period.end, "period_end")


def rule_threads() -> int:
    """Rules judged side by side: one per core, at most four (past that the GIL is the limit); SVCCHECK_THREADS overrides."""
    given = os.environ.get("SVCCHECK_THREADS", "")
    return int(given) if given.isdigit() and int(given) > 0 else max(1, min(4, os.cpu_count() or 1))


def load_definitions(rules_dir: Path | None = None, contracts_dir: Path | None = None) -> tuple[dict[str, Contract], RulePack]:
    """Contracts and the rule pack, both validated (DefinitionError lists every problem)."""
    contracts = load_contracts(contracts_dir or default_contracts_dir())
    pack = load_rule_pack(rules_dir or default_rules_dir(), contracts)
    load_facts(pack.folder, contracts)  # validated here too, so that `rules validate` reports their problems
    return contracts, pack


def check_request(period: Period, as_of: pd.Timestamp | None, pack: RulePack) -> None:
    """What can be refused before the export is read: an as-of before the period, a period no calendar covers."""
    if as_of is not None and as_of < period.start:
        raise UsageError(f"--as-of {as_of} is before the period starts ({period.start:%Y-%m-%d}): nothing in it could be judged")
    if any(r.rule.needs_calendar() for r in pack.rules):
        check_covered(pack.calendar, period.start, period.end - pd.Timedelta(seconds=1))


def run(data_dir: Path, period: Period, as_of: pd.Timestamp | None = None, rules_dir: Path | None = None,
        contracts_dir: Path | None = None, mapping_file: Path | None = None,
        progress: Progress | None = None, definitions: tuple[dict[str, Contract], RulePack] | None = None,
        keep_data: bool = False, engine: EngineChoice | None = None) -> RunResult:
    """One complete check of an export: the findings and scorecards, nothing written.

    definitions: contracts and rule pack already loaded (by load_definitions), instead of the folders.
    keep_data: keep every gated dataset in the result; by default only staff and sites are kept once the
    rules are evaluated, so that a large export's memory is given back before scoring (judged by site groups,
    only the rosters are ever kept).
    engine: where the export is judged (README, "Engines"); findings are the same bytes whichever is chosen.
    """
    started = pd.Timestamp.now()
    note = progress or (lambda stage, detail, rows: None)
    contracts, pack = definitions or load_definitions(rules_dir, contracts_dir)
    check_request(period, as_of, pack)
    choice = engine or EngineChoice()
    choice.validate()
    mapping = read_mapping(mapping_file, contracts)
    if not data_dir.is_dir():
        raise UsageError(f"--data {data_dir}: no such folder")
    judge = _by_site_groups if choice.partitioned(data_dir) and not keep_data else _whole
    gate, chosen, run_id, content, found, clock = judge(data_dir, period, as_of, contracts, pack, mapping, note, choice)
    if not keep_data:
        gate.accepted = {name: frame for name, frame in gate.accepted.items() if name in (STAFF, SITES, UNITS)}  # units: --mask needs their ids
        gc.collect()
        pa.default_memory_pool().release_unused()
    tick = pd.Timestamp.now()
    weights = {r.rule.id: r.rule.weight for r in pack.rules}
    cards = build_scorecards(found, weights, pack.scoring, gate.accepted.get(STAFF), gate.accepted.get(SITES), period)
    clock["score"] = (pd.Timestamp.now() - tick).total_seconds()
    return RunResult(run_id, period, chosen.moment, chosen, pack, gate, found, cards, content, started, data_dir, clock, contracts)


def _identity(data_dir: Path, period: Period, as_of: pd.Timestamp | None, newest: list, pack: RulePack) -> tuple[AsOf, str, str]:
    chosen = AsOf(as_of, "given") if as_of is not None else as_of_from(period, newest)
    content = export_hash(data_dir)
    run_id = f"{period.label}@{chosen.moment:%Y%m%dT%H%M%S}-{hashlib.sha256((pack.content_hash + content).encode()).hexdigest()[:8]}"
    return chosen, run_id, content


def _whole(data_dir, period, as_of, contracts, pack, mapping, note, choice):  # type: ignore[no-untyped-def]
    """The export judged whole in this process (rules side by side on threads)."""
    clock: dict[str, float] = {}
    tick = pd.Timestamp.now()
    gate = gate_export(data_dir, contracts, mapping, lambda name, rows: note("gate", name, rows), pack.calendar.timezone)
    clock["load_and_gate"] = (pd.Timestamp.now() - tick).total_seconds()
    pa.default_memory_pool().release_unused()  # the raw text of the export is no longer needed
    chosen, run_id, content = _identity(data_dir, period, as_of, _newest(gate.accepted, contracts) if as_of is None else [], pack)
    ctx = Context(run_id, period, chosen.moment, contracts, Calendars(pack.calendar), gate.accepted.get(STAFF))
    gate.accepted = apply_facts(load_facts(pack.folder, contracts), gate.accepted, chosen.moment)  # derived facts (CMP-10, fees)
    tick = pd.Timestamp.now()
    found = evaluate_pack(pack, gate.accepted, ctx, lambda rule_id: note("evaluate", rule_id, 0), threads=rule_threads())
    found = say_why([r.rule for r in pack.rules], canonical_order(found, pack), ctx)  # a rule that judged nothing in the period says why
    clock["evaluate"] = (pd.Timestamp.now() - tick).total_seconds()
    return gate, chosen, run_id, content, found, clock


def _newest(data: dict[str, pd.DataFrame], contracts: dict[str, Contract]) -> list[tuple[pd.Timestamp, str, str]]:
    return [extent for name, frame in data.items() if name in contracts for extent in contracts[name].newest_extents(frame)]


def _by_site_groups(data_dir, period, as_of, contracts, pack, mapping, note, choice):  # type: ignore[no-untyped-def]
    """The export split by site groups, each gated and judged by a worker (local processes or Dask)."""
    clock: dict[str, float] = {}
    executor = choice.open()
    try:
        with PartitionedRun(executor, choice.groups) as groups:
            tick = pd.Timestamp.now()
            gate, newest = groups.gate(data_dir, contracts, pack, mapping, pack.calendar.timezone, period, note)
            clock["load_and_gate"] = (pd.Timestamp.now() - tick).total_seconds()
            chosen, run_id, content = _identity(data_dir, period, as_of, newest, pack)
            tick = pd.Timestamp.now()
            parts = groups.judge(run_id, chosen.moment, note)
            ctx = Context(run_id, period, chosen.moment, contracts, Calendars(pack.calendar), gate.accepted.get(STAFF))
            found = pd.concat(parts, ignore_index=True) if parts else evaluate_pack(pack, {}, ctx)
            del parts
            found = say_why([r.rule for r in pack.rules], canonical_order(found, pack), ctx)
            clock["evaluate"] = (pd.Timestamp.now() - tick).total_seconds()
    finally:
        executor.close()
    return gate, chosen, run_id, content, found, clock
