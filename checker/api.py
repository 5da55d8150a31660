"""The Python API of a run: load rules, gate the export, evaluate, score."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa

from checker.calendar import Calendars
from checker.calendar.days import check_covered
from checker.contracts import Contract, default_contracts_dir, load_contracts
from checker.evaluate import evaluate_pack
from checker.gate import GateResult, gate_export
from checker.kinds.base import Context
from checker.loading import SUFFIXES, read_mapping
from checker.period import Period
from checker.rulepack import RulePack, load_rule_pack
from checker.scoring import build_scorecards

Progress = Callable[[str, str, int], None]  # (stage, what was just done, rows it read)


@dataclass
class RunResult:
    """Everything a run produced, before it is written anywhere."""

    run_id: str
    period: Period
    as_of: pd.Timestamp
    pack: RulePack
    gate: GateResult
    findings: pd.DataFrame
    scorecards: dict[str, pd.DataFrame]
    export_hash: str
    started_at: pd.Timestamp
    data_dir: Path
    timings: dict[str, float] = field(default_factory=dict)


def default_rules_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "rules"


def export_hash(folder: Path) -> str:
    """A content hash of the export's dataset files (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES):
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 22), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def default_as_of(period: Period, data: dict[str, pd.DataFrame]) -> pd.Timestamp:
    """The end of the period, or the newest timestamp in the export if that is earlier."""
    newest = [frame[c].max() for frame in data.values() for c in frame.columns
              if pd.api.types.is_datetime64_any_dtype(frame[c]) and frame[c].notna().any()]
    latest = max(newest) if newest else period.end
    return min(period.end, latest) if latest >= period.start else period.end


def load_definitions(rules_dir: Path | None = None, contracts_dir: Path | None = None) -> tuple[dict[str, Contract], RulePack]:
    """Contracts and the rule pack, both validated (DefinitionError lists every problem)."""
    contracts = load_contracts(contracts_dir or default_contracts_dir())
    return contracts, load_rule_pack(rules_dir or default_rules_dir(), contracts)


def run(data_dir: Path, period: Period, as_of: pd.Timestamp | None = None, rules_dir: Path | None = None,
        contracts_dir: Path | None = None, mapping_file: Path | None = None, lang: str = "zh",
        progress: Progress | None = None, definitions: tuple[dict[str, Contract], RulePack] | None = None,
        keep_data: bool = False) -> RunResult:
    """One complete check of an export: the findings and scorecards, nothing written.

    definitions: contracts and rule pack already loaded (by load_definitions), instead of the folders.
    keep_data: keep every gated dataset in the result; by default only staff and sites are kept once the
    rules are evaluated, so that a large export's memory is given back before scoring.
    """
    started = pd.Timestamp.now()
    note = progress or (lambda stage, detail, rows: None)
    clock: dict[str, float] = {}
    contracts, pack = definitions or load_definitions(rules_dir, contracts_dir)
    tick = pd.Timestamp.now()
    gate = gate_export(data_dir, contracts, read_mapping(mapping_file), lambda name, rows: note("gate", name, rows),
                       pack.calendar.timezone)
    clock["load_and_gate"] = (pd.Timestamp.now() - tick).total_seconds()
    pa.default_memory_pool().release_unused()  # the raw text of the export is no longer needed
    as_of = as_of if as_of is not None else default_as_of(period, gate.accepted)
    content = export_hash(data_dir)
    run_id = f"{period.label}@{as_of:%Y%m%dT%H%M%S}-{hashlib.sha256((pack.content_hash + content).encode()).hexdigest()[:8]}"
    calendars = Calendars(pack.calendar)
    if any(_needs_calendar(r.rule) for r in pack.rules):
        check_covered(pack.calendar, period.start, period.end - pd.Timedelta(seconds=1))
    ctx = Context(run_id, period, as_of, contracts, calendars)
    tick = pd.Timestamp.now()
    found = evaluate_pack(pack, gate.accepted, ctx, lang, lambda rule_id: note("evaluate", rule_id, 0))
    clock["evaluate"] = (pd.Timestamp.now() - tick).total_seconds()
    if not keep_data:
        gate.accepted = {name: frame for name, frame in gate.accepted.items() if name in ("staff", "sites")}
        gc.collect()
        pa.default_memory_pool().release_unused()
    tick = pd.Timestamp.now()
    weights = {r.rule.id: r.rule.weight for r in pack.rules}
    cards = build_scorecards(found, weights, pack.scoring, gate.accepted.get("staff"), gate.accepted.get("sites"), period)
    clock["score"] = (pd.Timestamp.now() - tick).total_seconds()
    return RunResult(run_id, period, as_of, pack, gate, found, cards, content, started, data_dir, clock)


def _needs_calendar(rule: object) -> bool:
    """Whether a rule counts working days or working time."""
    return getattr(rule, "clock", None) == "working" or getattr(rule, "days", None) == "working"
