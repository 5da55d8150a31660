"""Splitting an export into site groups: each row's site, the sites its links tie together, and one file per group."""

from __future__ import annotations

import heapq
import pickle
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from checker.contracts import Contract
from checker.engines.links import ROSTERS, Link
from checker.loading import read_renamed
from checker.vocabulary import SITE_ID

NO_SITE = "\x00"  # the node of rows (and roster subjects) without a site: its group owns findings with no site


@dataclass
class RawDataset:
    """One export file's renamed text, waiting to be split (kept in a temporary file, not in memory)."""

    name: str
    path: Path
    encoding: str | None
    control: bool
    unknown: list[str]
    rows: int
    sites: np.ndarray  # the site of each row, text (NO_SITE where none)


@dataclass
class Plan:
    """Which group each site belongs to, and how many rows each group holds."""

    groups: int
    site_group: dict[str, int]
    rows: list[int] = field(default_factory=list)

    def group_of(self, sites: np.ndarray) -> np.ndarray:
        return pd.Series(sites).map(self.site_group).fillna(self.site_group[NO_SITE]).to_numpy(dtype="int64")


def row_sites(raw: pd.DataFrame, contract: Contract, rosters: dict[str, pd.DataFrame]) -> np.ndarray:
    """A row's own site_id, else the site of the first roster row it references that has one (patrols → areas)."""
    if SITE_ID in raw:
        sites = raw[SITE_ID]
    else:
        sites = pd.Series(pd.NA, index=raw.index, dtype="object")
        for ref in contract.references:
            roster = rosters.get(ref.dataset)
            if roster is not None and SITE_ID in roster and ref.dataset != "sites":
                by_key = roster.drop_duplicates(ref.key).set_index(ref.key)[SITE_ID]
                sites = sites.fillna(raw[ref.column].map(by_key))
    text = sites.astype("object").to_numpy()
    return np.where(pd.isna(text) | (text == ""), NO_SITE, text).astype(object)


def link_values(frame: pd.DataFrame, link: Link) -> np.ndarray:
    """The namespaced value of each row for one link; None where a column is empty (an empty value ties nothing)."""
    parts = [frame[c].astype("string") for c in link.columns]
    empty = np.zeros(len(frame), dtype=bool)
    for part in parts:
        empty |= (part.isna() | (part == "")).to_numpy()
    joined = parts[0] if len(parts) == 1 else parts[0].str.cat(parts[1:], sep="\x1f")
    values = (link.namespace + "\x1e" + joined).astype("object").to_numpy()
    return np.asarray(np.where(empty, None, values), dtype=object)


class Graph:
    """Sites and link values as nodes; an edge for each row between its site and each of its link values."""

    def __init__(self) -> None:
        self.sites: list[np.ndarray] = []
        self.values: list[np.ndarray] = []

    def add(self, sites: np.ndarray, frame: pd.DataFrame, links: list[Link], dataset: str) -> None:
        for link in links:
            if link.dataset == dataset:
                values = link_values(frame, link)
                keep = values != None  # noqa: E711 - elementwise over an object array
                self.sites.append(sites[keep])
                self.values.append(values[keep])

    def components(self, all_sites: np.ndarray) -> dict[str, int]:
        """The component number of every site."""
        site_codes, site_names = pd.factorize(np.concatenate([all_sites, *self.sites, np.array([NO_SITE], dtype=object)]))
        if not self.values:
            return {name: index for index, name in enumerate(site_names)}
        value_codes, _ = pd.factorize(np.concatenate(self.values))
        tail = site_codes[len(all_sites): len(site_codes) - 1]
        count = len(site_names) + int(value_codes.max(initial=-1)) + 1
        matrix = coo_matrix((np.ones(len(tail), dtype=np.int8), (tail, value_codes + len(site_names))), shape=(count, count))
        _, labels = connected_components(matrix, directed=False)
        return dict(zip(site_names, labels[: len(site_names)].tolist()))


def plan_groups(component_of: dict[str, int], site_rows: pd.Series, groups: int) -> Plan:
    """Components packed into `groups` groups, largest first onto the least loaded (ties by number: deterministic)."""
    sizes = pd.Series(component_of).to_frame("component").join(site_rows.rename("rows")).fillna({"rows": 0})
    per_component = sizes.groupby("component")["rows"].sum().sort_index()
    order = sorted(per_component.items(), key=lambda item: (-item[1], item[0]))
    heap = [(0, g) for g in range(groups)]
    assigned: dict[int, int] = {}
    for component, rows in order:
        load, group = heapq.heappop(heap)
        assigned[component] = group
        heapq.heappush(heap, (load + int(rows), group))
    site_group = {site: assigned[component] for site, component in component_of.items()}
    loads = [0] * groups
    for component, rows in per_component.items():
        loads[assigned[component]] += int(rows)
    return Plan(groups, site_group, loads)


def read_export(files: dict[str, Path], contracts: dict[str, Contract], mapping: dict[str, dict[str, str]],
                rosters: dict[str, pd.DataFrame], links: list[Link], folder: Path, graph: Graph) -> list[RawDataset]:
    """Read each non-roster dataset once (the next file is read on a thread while this one is noted): its text to a
    temporary file, its sites and links into the graph."""
    names = [name for name in files if name not in ROSTERS]
    found = []
    with ThreadPoolExecutor(1, thread_name_prefix="svccheck-split") as reader:
        ahead = [reader.submit(read_renamed, files[name], contracts[name], mapping.get(name, {})) for name in names[:1]]
        for position, name in enumerate(names):
            raw, encoding, control, unknown = ahead.pop(0).result()
            if position + 1 < len(names):
                upcoming = names[position + 1]
                ahead.append(reader.submit(read_renamed, files[upcoming], contracts[upcoming], mapping.get(upcoming, {})))
            sites = row_sites(raw, contracts[name], rosters)
            graph.add(sites, raw, links, name)
            with (folder / f"{name}.pkl").open("wb") as handle:
                pickle.dump(raw, handle, protocol=5)
            found.append(RawDataset(name, files[name], encoding, control, unknown, len(raw), sites))
            del raw
    return found


def write_groups(found: list[RawDataset], plan: Plan, folder: Path) -> None:
    """Each dataset's text cut into one file per group (rows keep their order and source row numbers)."""
    for dataset in found:
        source = folder / f"{dataset.name}.pkl"
        with source.open("rb") as handle:
            raw = pickle.load(handle)
        codes = plan.group_of(dataset.sites)
        for group in range(plan.groups):
            target = folder / f"group-{group}"
            target.mkdir(exist_ok=True)
            with (target / f"{dataset.name}.pkl").open("wb") as handle:
                pickle.dump(raw[codes == group], handle, protocol=5)
        source.unlink()
        del raw
