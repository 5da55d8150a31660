"""Which columns tie rows of different sites together: what a site group must hold whole for the run to judge it alone.

A link is (namespace, dataset, columns): rows whose values agree on those columns within one namespace, in any dataset
that names it, must be judged in one group. The rosters (sites, staff, units, areas) are broadcast to every group, so
a lookup into a roster needs no link; a roster whose rows are a rule's *subjects* does: the subject's findings belong to
its own site, so its events are tied to the roster row's site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.contracts import Contract
from checker.facts import Derive, Reclassify
from checker.kinds.base import Lookup, Roster
from checker.rulepack import RulePack
from checker.vocabulary import SITE_ID, SITES, STAFF, UNITS

ROSTERS = (SITES, STAFF, UNITS, "areas")  # small, broadcast whole to every group and gated once


@dataclass(frozen=True)
class Link:
    """Rows of `dataset` whose `columns` hold one value (in `namespace`) belong to one group."""

    namespace: str
    dataset: str
    columns: tuple[str, ...]


def _lookup_links(rule_dataset: str, lookups: list[Lookup]) -> list[Link]:
    links = []
    for lookup in lookups:
        if lookup.dataset in ROSTERS:
            continue
        space = f"lookup:{lookup.dataset}:{','.join(lookup.match)}"
        links += [Link(space, lookup.dataset, tuple(lookup.match)), Link(space, rule_dataset, tuple(lookup.match.values()))]
    return links


def _subject_links(rule: Any) -> list[Link]:
    """Events matched to roster subjects (count, gap, first_of_day, deliverable, coverage) and per-subject rates."""
    dataset: str = rule.dataset
    roster: Roster | None = getattr(rule, "subjects", None)
    match: dict[str, str] | None = getattr(rule, "match", None)
    links: list[Link] = []
    if roster is not None and match:
        space = f"subjects:{roster.dataset}:{','.join(match.values())}"
        links += [Link(space, roster.dataset, tuple(match.values())), Link(space, dataset, tuple(match))]
    population = getattr(rule, "population", None)
    if roster is not None and population is not None:
        items = f"population:{population.dataset}:{population.item_column}"
        links += [Link(items, population.dataset, (population.item_column,)), Link(items, dataset, (rule.item_column,))]
        if rule.event_subject_column:
            space = f"subjects:{roster.dataset}:{roster.key}"
            links += [Link(space, roster.dataset, (roster.key,)), Link(space, dataset, (rule.event_subject_column,))]
    elif isinstance(getattr(rule, "subject_column", None), str):
        links.append(Link(f"subject:{dataset}:{rule.subject_column}", dataset, (rule.subject_column,)))
    group_by = getattr(rule, "group_by", None)
    if group_by and SITE_ID not in group_by:
        links.append(Link(f"group:{dataset}:{','.join(group_by)}", dataset, tuple(group_by)))
    return links


def _fact_links(facts: list[Derive | Reclassify]) -> list[Link]:
    links = []
    for fact in facts:
        for op in getattr(fact, "columns", {}).values():
            group = getattr(op, "per_group", None)
            if group is not None and SITE_ID not in group.by:
                links.append(Link(f"fact:{fact.dataset}:{','.join(group.by)}", fact.dataset, tuple(group.by)))
    return links


def pack_links(pack: RulePack, contracts: dict[str, Contract], facts: list[Derive | Reclassify]) -> list[Link]:
    """Every link the rule pack, the derived facts and the data gate (unique keys) need, without repeats."""
    links = [Link(f"key:{name}", name, (contract.key,)) for name, contract in contracts.items() if name not in ROSTERS]
    for loaded in pack.rules:
        for rule in [loaded.rule, *(loaded.variant(key) for key in range(1, 1 << len(loaded.overrides)))]:
            links += _lookup_links(rule.dataset, rule.lookups) + _subject_links(rule)
            population = getattr(rule, "population", None)
            if population is not None and getattr(population, "lookups", None):
                links += _lookup_links(population.dataset, population.lookups)
    links += _fact_links(facts)
    known = [link for link in links if link.dataset in contracts and all(contracts[link.dataset].column(c) is not None for c in link.columns)]
    return list(dict.fromkeys(known))
