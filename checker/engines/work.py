"""The two tasks a worker runs on one site group: gate it, then judge it (plain functions: a process pool or Dask runs them)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from checker.calendar import Calendars
from checker.contracts import Contract
from checker.evaluate import evaluate_pack
from checker.facts import apply_facts, load_facts
from checker.gate import DatasetQuality, gate_dataset, gate_order
from checker.kinds.base import Context
from checker.loading import type_dataset
from checker.period import Period
from checker.rulepack import RulePack
from checker.vocabulary import STAFF


@dataclass
class Shared:
    """What every task of a run reads: definitions, the gated rosters, the run's files and settings."""

    contracts: dict[str, Contract]
    pack: RulePack
    rosters: dict[str, pd.DataFrame]
    files: dict[str, tuple[str, str | None, bool, list[str]]]  # dataset -> (path, encoding, control, unknown headers)
    timezone: str
    period: Period
    site_group: dict[str, int] = field(default_factory=dict)
    no_site_group: int = 0


@dataclass
class GroupGate:
    """One group's gate: quarantined rows, quality figures and the newest extent values of its accepted rows."""

    group: int
    quarantine: dict[str, pd.DataFrame]
    quality: dict[str, DatasetQuality]
    extents: list[tuple[pd.Timestamp, str, str]]
    rows: int


@lru_cache(maxsize=2)
def shared(folder: str) -> Shared:
    with (Path(folder) / "shared.pkl").open("rb") as handle:
        return pickle.load(handle)


def gate_group(folder: str, group: int) -> GroupGate:
    """Type and gate each dataset of one group against the whole rosters; the accepted rows to a file for judging."""
    run = shared(folder)
    place = Path(folder) / f"group-{group}"
    accepted: dict[str, pd.DataFrame] = {}
    result = GroupGate(group, {}, {}, [], 0)
    for name in gate_order(run.contracts):
        if name not in run.files or not (place / f"{name}.pkl").exists():
            continue
        with (place / f"{name}.pkl").open("rb") as handle:
            raw = pickle.load(handle)
        path, encoding, control, unknown = run.files[name]
        loaded = type_dataset(run.contracts[name], Path(path), encoding, raw, control, unknown, run.timezone)
        frame, quarantine, quality = gate_dataset(loaded, run.contracts[name], run.rosters)
        accepted[name], result.quality[name] = frame, quality
        result.rows += len(raw)
        if len(quarantine):
            result.quarantine[name] = quarantine
        result.extents += run.contracts[name].newest_extents(frame)
    with (place / "accepted.pkl").open("wb") as handle:
        pickle.dump(accepted, handle, protocol=5)
    return result


def judge_group(folder: str, group: int, run_id: str, as_of: pd.Timestamp) -> tuple[str, int]:
    """The findings of one group that belong to it — those of its own sites (and of no site, in the group owning
    those) — written to the group's folder (a file, not the task's result: millions of rows are not sent back through
    the pool's or the cluster's messages); the file and its number of findings."""
    run = shared(folder)
    place = Path(folder) / f"group-{group}"
    with (place / "accepted.pkl").open("rb") as handle:
        data: dict[str, Any] = {**run.rosters, **pickle.load(handle)}
    ctx = Context(run_id, run.period, as_of, run.contracts, Calendars(run.pack.calendar), data.get(STAFF))
    data = apply_facts(load_facts(run.pack.folder, run.contracts), data, as_of)
    found = evaluate_pack(run.pack, data, ctx, threads=1)
    owner = found["site_id"].astype("object").map(run.site_group).fillna(run.no_site_group).astype("int64")
    own = found[(owner == group).to_numpy()]
    with (place / "findings.pkl").open("wb") as handle:
        pickle.dump(own, handle, protocol=5)
    return str(place / "findings.pkl"), len(own)


def read_findings(path: str) -> pd.DataFrame:
    with Path(path).open("rb") as handle:
        return pickle.load(handle)
