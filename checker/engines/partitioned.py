"""A run by site groups: rosters gated once, the rest split by site, each group gated and judged by a worker, merged in a fixed order."""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from checker.contracts import Contract
from checker.engines.executors import Executor
from checker.engines.links import ROSTERS, pack_links
from checker.engines.merge import merge_quality, merge_quarantine
from checker.engines.split import NO_SITE, Graph, plan_groups, read_export, row_sites, write_groups
from checker.engines.work import GroupGate, Shared, gate_group, judge_group, read_findings
from checker.facts import load_facts
from checker.gate import GateResult, gate_dataset, gate_order
from checker.loading import find_file, load_dataset
from checker.period import Period
from checker.rulepack import RulePack
from checker.vocabulary import SITE_ID, SITES

GROUP_ROWS = 1_500_000  # at most about this many input rows per group (the year's memory bound), at least one group per worker
Note = Callable[[str, str, int], None]


class PartitionedRun:
    """The temporary folder of one run's site groups (removed on exit) and the two phases run over it."""

    def __init__(self, executor: Executor, groups: int | None = None) -> None:
        self.executor, self.groups = executor, groups
        self.folder = Path(tempfile.mkdtemp(prefix="svccheck-groups-"))
        self.count = self.rules = 0

    def __enter__(self) -> PartitionedRun:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def gate(self, data_dir: Path, contracts: dict[str, Contract], pack: RulePack, mapping: dict[str, dict[str, str]],
             timezone: str, period: Period, note: Note) -> tuple[GateResult, list[tuple[pd.Timestamp, str, str]]]:
        """Gate the export group by group: the GateResult (accepted rows: the rosters only) and the newest extents."""
        files = {name: find_file(data_dir, contracts[name]) for name in gate_order(contracts)}
        result = GateResult(missing={name: "not_in_export" for name, path in files.items() if path is None})
        present = {name: path for name, path in files.items() if path is not None}
        newest = self._gate_rosters(result, present, contracts, mapping, timezone, note)
        links = pack_links(pack, contracts, load_facts(pack.folder, contracts))
        graph = Graph()
        for name, frame in result.accepted.items():
            graph.add(row_sites(frame, contracts[name], result.accepted), frame, links, name)
        found = read_export(present, contracts, mapping, result.accepted, links, self.folder, graph)
        every_site = np.concatenate([result.accepted[SITES][SITE_ID].astype("object").to_numpy() if SITES in result.accepted else np.array([], dtype=object),
                                     *(d.sites for d in found)])
        site_rows = pd.Series(np.concatenate([d.sites for d in found]) if found else np.array([], dtype=object)).value_counts()
        wanted = self.groups or max(self.executor.workers, -(-int(site_rows.sum()) // GROUP_ROWS))
        plan = plan_groups(graph.components(every_site), site_rows, wanted)
        write_groups(found, plan, self.folder)
        note("gate", f"{plan.groups} site groups of {min(plan.rows):,} to {max(plan.rows):,} rows", 0)  # one step of the bar: the split
        self.count, self.rules = plan.groups, len(pack.rules)
        shared = Shared(contracts, pack, result.accepted, {d.name: (str(d.path), d.encoding, d.control, d.unknown) for d in found},
                        timezone, period, plan.site_group, plan.site_group[NO_SITE])
        with (self.folder / "shared.pkl").open("wb") as handle:
            pickle.dump(shared, handle, protocol=5)
        tell = spread(note, "gate", max(0, len(present) - len(result.quality) - 1), plan.groups)
        gates: list[GroupGate] = self.executor.run(gate_group, [(str(self.folder), g) for g in range(plan.groups)],
                                                   lambda done: tell(f"site group {done.group + 1}/{plan.groups}", done.rows))
        order = [d.name for d in found]
        result.quality |= {name: merge_quality([g.quality[name] for g in gates if name in g.quality]) for name in order}
        result.quarantine |= {name: merge_quarantine(parts) for name in order
                              if (parts := [g.quarantine[name] for g in gates if name in g.quarantine])}
        result.quality = {name: result.quality[name] for name in gate_order(contracts) if name in result.quality}
        result.quarantine = {name: result.quarantine[name] for name in gate_order(contracts) if name in result.quarantine}
        return result, newest + [extent for g in gates for extent in g.extents]

    def _gate_rosters(self, result: GateResult, present: dict[str, Path], contracts: dict[str, Contract],
                      mapping: dict[str, dict[str, str]], timezone: str, note: Note) -> list[tuple[pd.Timestamp, str, str]]:
        newest = []
        for name, path in present.items():
            if name not in ROSTERS:
                continue
            loaded = load_dataset(path, contracts[name], mapping.get(name, {}), timezone)
            result.accepted[name], quarantine, result.quality[name] = gate_dataset(loaded, contracts[name], result.accepted)
            if len(quarantine):
                result.quarantine[name] = quarantine
            newest += contracts[name].newest_extents(result.accepted[name])
            note("gate", name, len(loaded.frame))
        return newest

    def judge(self, run_id: str, as_of: pd.Timestamp, note: Note) -> list[pd.DataFrame]:
        """Each group's own findings, in group order."""
        written = self.executor.run(judge_group, [(str(self.folder), g, run_id, as_of) for g in range(self.count)],
                                    spread(note, "evaluate", self.rules, self.count, lambda done: f"a site group judged: {done[1]:,} findings"))
        return [read_findings(path) for path, _ in written]


def spread(note: Note, stage: str, steps: int, tasks: int, word: Callable[[Any], str] | None = None) -> Callable[..., None]:
    """A callback per finished task that advances the stage's bar by its share of `steps` (the bar counts datasets
    or rules; the groups finish in any order), so that the bar is full when the last group is."""
    finished = [0]

    def tell(done: Any, rows: int = 0) -> None:
        before, finished[0] = finished[0], finished[0] + 1
        share = steps * finished[0] // tasks - steps * before // tasks
        detail = word(done) if word else str(done)
        for step in range(max(1, share)):
            note(stage, detail, rows if step == 0 else 0)

    return tell
