"""Evaluating a rule pack over gated data: lookups, filters, profile partitions, then each kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from checker import findings, profiles
from checker.kinds import REGISTRY, AnyRule
from checker.kinds.base import Context, Lookup, join_keys
from checker.rulepack import LoadedRule, RulePack
from checker.vocabulary import SITE_ID, STAFF_ID

Frames = Mapping[str, pd.DataFrame]


def lookup_table(lookup: Lookup, data: Frames, key: str) -> pd.DataFrame:
    """The lookup's columns per value of its match columns (earliest, latest, count, keys)."""
    related = data[lookup.dataset]
    if lookup.where:
        related = related[lookup.where.mask(related)]
    grouped = related.groupby(list(lookup.match), observed=True)
    table = pd.DataFrame(index=grouped.size().index)
    for new, column in lookup.earliest.items():
        table[new] = grouped[column].min()
    for new, column in lookup.latest.items():
        table[new] = grouped[column].max()
    if lookup.count:
        table[lookup.count] = grouped.size()
    if lookup.keys:
        table[lookup.keys] = join_keys(related, list(lookup.match), key, lookup.keys).set_index(list(lookup.match))[lookup.keys]
    return table


def apply_lookup(frame: pd.DataFrame, lookup: Lookup, data: Frames, key: str, cache: dict | None = None) -> pd.DataFrame:
    """Add the lookup's columns to frame; an identical lookup over the same data is computed once per run."""
    related = data[lookup.dataset]
    token = (lookup.model_dump_json(), id(related))
    if cache is None:
        table = lookup_table(lookup, data, key)
    else:
        if token not in cache:  # the entry holds the frame too, so its id cannot be reused meanwhile
            cache[token] = (related, lookup_table(lookup, data, key))
        table = cache[token][1]
    joined = frame.join(table, on=list(lookup.match.values()))
    if lookup.count:
        joined[lookup.count] = joined[lookup.count].fillna(0).astype("int64")
    return joined


def prepare(rule: AnyRule, data: Frames, contracts_key: Callable[[str], str], cache: dict | None = None) -> dict[str, pd.DataFrame]:
    """The rule's view of the data: lookups joined onto its dataset, its `where` applied."""
    frame = data[rule.dataset]
    for lookup in rule.lookups:
        frame = apply_lookup(frame, lookup, data, contracts_key(lookup.dataset), cache)
    if rule.where:
        frame = frame[rule.where.mask(frame)]
    return {**data, rule.dataset: frame}


def _partitions(loaded: LoadedRule, data: Frames) -> list[tuple[int, dict[str, pd.DataFrame]]]:
    """(override bit mask, frames) per combination of profile overrides that occurs in the data."""
    if not loaded.overrides:
        return [(0, dict(data))]
    keys = {name: profiles.partition_keys(frame, loaded.overrides) for name, frame in data.items()}
    present = sorted(set().union(*(set(k.unique()) for k in keys.values() if k is not None)) or {0})
    return [(key, {name: frame if keys[name] is None else frame[keys[name] == key] for name, frame in data.items()})
            for key in present]


def evaluate_rule(loaded: LoadedRule, data: Frames, ctx: Context, staff_sites: pd.Series | None,
                  dtypes: dict[str, pd.CategoricalDtype] | None = None, cache: dict | None = None) -> pd.DataFrame:
    """All findings of one rule (over every profile variant that applies)."""
    parts = []
    for key, frames in _partitions(loaded, data):
        rule = loaded.variant(key) if key else loaded.rule
        kind = REGISTRY[rule.kind]
        partial = kind.evaluate(rule, prepare(rule, frames, ctx.key_of, cache), ctx)
        parts.append(findings.finalize(rule, partial, ctx, staff_sites, dtypes))
    return pd.concat(parts, ignore_index=True) if parts else findings.empty()


def missing_datasets(rule: AnyRule, data: Frames) -> list[str]:
    return sorted(d for d in rule.columns_used() if d not in data)


def evaluate_pack(pack: RulePack, data: Frames, ctx: Context, progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """The findings frame of a whole rule pack."""
    staff = ctx.staff
    staff_sites = None if staff is None else staff.drop_duplicates(STAFF_ID).set_index(STAFF_ID)[SITE_ID]
    dtypes = findings.vocabulary(ctx.run_id, [r.rule.id for r in pack.rules], [";".join(r.rule.catalog_ids) for r in pack.rules])
    parts: list[pd.DataFrame] = []
    cache: dict = {}
    for loaded in pack.rules:
        rule = loaded.rule
        if missing_datasets(rule, data):
            parts.append(findings.not_evaluated(rule, ctx, dtypes))
        else:
            parts.append(evaluate_rule(loaded, data, ctx, staff_sites, dtypes, cache))
        if progress:
            progress(rule.id)
    if not parts:
        return findings.empty()
    # No global sort: the order (rule-pack order, then each kind's deterministic order) is already
    # reproducible, and sorting six million rows on text keys cost a sixth of a run.
    return pd.concat(parts, ignore_index=True)
