"""Evaluating a rule pack over gated data: lookups, filters, profile partitions, then each kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from checker import findings, profiles
from checker.calendar import Calendars
from checker.daytypes import day_types
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


_SPAN = 2**32  # seconds per match group in the search key (136 years)


def _group_codes(ours: pd.DataFrame, theirs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One integer per distinct match value shared by both sides; −1 where a match column is empty (never matches)."""
    both = pd.concat([ours, theirs], ignore_index=True).astype("object")
    codes = both.groupby(list(both.columns), dropna=True, sort=False).ngroup().fillna(-1).to_numpy(dtype="int64")
    return codes[: len(ours)], codes[len(ours):]


def _seconds(stamps: pd.Series, base: int, empty: int) -> np.ndarray:
    """Whole seconds since base, clipped into one group's span; `empty` where there is no time."""
    values = stamps.to_numpy(dtype="datetime64[s]").astype("int64")
    return np.where(pd.isna(stamps).to_numpy(), empty, np.clip(values - base, 0, _SPAN - 1))


def _candidates(frame: pd.DataFrame, lookup: Lookup, related: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(record positions, related positions) of the matching pairs whose times could lie in the window.

    Records are sorted by (match group, time); each related row's window of record times is one
    range of that order, found by binary search and expanded with np.repeat — no cross product
    of a group, no loop. The range is a whole second wider than needed: `_pairs` applies the exact test.
    """
    window = lookup.during or lookup.within
    assert window is not None
    our_codes, their_codes = _group_codes(frame[list(lookup.match.values())].set_axis(list(lookup.match), axis=1),
                                          related[list(lookup.match)])
    at = frame[window.at]
    base = int(at.min().floor("s").timestamp()) - _SPAN // 2 if at.notna().any() else 0
    record_keys = np.where((our_codes < 0) | at.isna().to_numpy(), -1, our_codes * _SPAN + _seconds(at, base, 0))
    order = np.argsort(record_keys, kind="stable")
    ordered = record_keys[order]
    if lookup.during is not None:
        end = related[lookup.during.end] if lookup.during.end else pd.Series(pd.NaT, index=related.index)
        low, high = _seconds(related[lookup.during.start], base, _SPAN), _seconds(end, base, _SPAN - 1)
    else:
        assert lookup.within is not None
        time = related[lookup.within.time]
        low, high = _seconds(time - lookup.within.after, base, _SPAN), _seconds(time + lookup.within.before, base, -1)
    usable = (their_codes >= 0) & (low <= high)
    first = np.searchsorted(ordered, their_codes * _SPAN + low, side="left")
    last = np.searchsorted(ordered, their_codes * _SPAN + high, side="right")
    counts = np.where(usable, np.maximum(last - first, 0), 0)
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    positions = np.repeat(first, counts) + (np.arange(counts.sum()) - offsets)
    return order[positions], np.repeat(np.arange(len(related)), counts)


def _pairs(frame: pd.DataFrame, lookup: Lookup, related: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each record (by position, `_row`) paired with the related rows that match it and lie in its interval or window."""
    window = lookup.during or lookup.within
    assert window is not None
    rows, others = _candidates(frame, lookup, related)
    times = [lookup.during.start, *([lookup.during.end] if lookup.during.end else [])] if lookup.during else [window.time]  # type: ignore[union-attr]
    columns = list(dict.fromkeys([key, *times, *lookup.earliest.values(), *lookup.latest.values()]))
    pairs = related[columns].iloc[others].reset_index(drop=True)
    pairs["_row"], pairs["_at"] = rows, frame[window.at].to_numpy()[rows]
    at = pairs["_at"]
    if lookup.during is not None:
        start, end, closed = pairs[lookup.during.start], pairs[lookup.during.end] if lookup.during.end else None, lookup.during.closed
        inside = (start <= at) if closed in ("left", "both") else (start < at)
        if end is not None:
            inside &= end.isna() | ((end >= at) if closed in ("right", "both") else (end > at))
    else:
        assert lookup.within is not None
        time = pairs[lookup.within.time]
        inside = (time >= at - lookup.within.before) & (time <= at + lookup.within.after)
    if lookup.exclude_self:
        inside &= pairs[key].astype("object").to_numpy() != frame[key].astype("object").to_numpy()[rows]
    return pairs[inside.fillna(False).astype(bool)]


def windowed_lookup(frame: pd.DataFrame, lookup: Lookup, data: Frames, key: str) -> pd.DataFrame:
    """Add the columns of a `during`/`within` lookup: merge on `match`, keep each record's rows in its window, group."""
    related = data[lookup.dataset]
    if lookup.where:
        related = related[lookup.where.mask(related)]
    pairs = _pairs(frame, lookup, related, key)
    grouped = pairs.groupby("_row")
    table = pd.DataFrame(index=pd.RangeIndex(len(frame), name="_row"))
    for new, column in lookup.earliest.items():
        table[new] = grouped[column].min()
    for new, column in lookup.latest.items():
        table[new] = grouped[column].max()
    if lookup.count:
        table[lookup.count] = grouped.size().reindex(table.index, fill_value=0).astype("int64")
    if lookup.keys:
        table[lookup.keys] = join_keys(pairs, ["_row"], key, lookup.keys).set_index("_row")[lookup.keys]
    return frame.assign(**{c: table[c].to_numpy() for c in table.columns})


Stood = Callable[[str, pd.DataFrame], pd.DataFrame]


def as_it_stood(ctx: Context, cache: dict | None = None) -> Stood:
    """A related dataset as it stood at as-of: rows that came into being after it (their contract's earliest
    `extent` time) are not known yet, so a callback made after as-of does not count for an order judged at it.
    With a cache, each frame is cut once per run, not once per rule that looks it up."""
    def stood(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        token = ("stood", name, id(frame))
        if cache is not None and token in cache:
            return cache[token][1]
        contract = ctx.contracts.get(name)
        times = [frame[c] for c in (contract.extent if contract else []) if c in frame]
        cut = frame
        if times and not frame.empty:
            late = (pd.concat(times, axis=1).min(axis=1) > ctx.as_of).to_numpy(dtype=bool, na_value=False)
            cut = frame[~late] if late.any() else frame
        if cache is not None:  # the entry holds the frame too, so its id cannot be reused meanwhile
            cache[token] = (frame, cut)
        return cut
    return stood


def apply_lookup(frame: pd.DataFrame, lookup: Lookup, data: Frames, key: str, cache: dict | None = None,
                 stood: Stood | None = None) -> pd.DataFrame:
    """Add the lookup's columns to frame; an identical lookup over the same data is computed once per run."""
    related = data[lookup.dataset]

    def view() -> Frames:
        return data if stood is None else {**data, lookup.dataset: stood(lookup.dataset, related)}

    if lookup.during is not None or lookup.within is not None:
        return windowed_lookup(frame, lookup, view(), key)  # depends on each record's own time: not shared
    token = (lookup.model_dump_json(), id(related), stood is None)
    if cache is None:
        table = lookup_table(lookup, view(), key)
    else:
        if token not in cache:  # the entry holds the frame too, so its id cannot be reused meanwhile
            cache[token] = (related, lookup_table(lookup, view(), key))
        table = cache[token][1]
    if table.empty or frame.empty:  # pandas cannot join Arrow keys with no chunks: nothing matches anyway
        joined = frame.assign(**{c: pd.Series(index=frame.index, dtype=table[c].dtype) for c in table.columns})
    else:
        joined = frame.join(table, on=list(lookup.match.values()))
    if lookup.count:
        joined[lookup.count] = joined[lookup.count].fillna(0).astype("int64")
    return joined


def prepare(rule: AnyRule, data: Frames, contracts_key: Callable[[str], str], cache: dict | None = None,
            calendars: Calendars | None = None, stood: Stood | None = None) -> dict[str, pd.DataFrame]:
    """The rule's view of the data: lookups joined onto its dataset (the related rows as they stood at as-of
    when `stood` is given), the kinds of its days, its `where` applied."""
    frame = data[rule.dataset]
    for lookup in rule.lookups:
        frame = apply_lookup(frame, lookup, data, contracts_key(lookup.dataset), cache, stood)
    if rule.day_types:
        sites = frame["site_id"] if "site_id" in frame else None
        calendar = calendars or Calendars()
        frame = frame.assign(**{new: day_types(calendar, sites, frame[column]) for new, column in rule.day_types.items()})
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
        partial = kind.evaluate(rule, prepare(rule, frames, ctx.key_of, cache, ctx.calendars, as_it_stood(ctx, cache)), ctx)
        parts.append(findings.finalize(rule, partial, ctx, staff_sites, dtypes))
    return pd.concat(parts, ignore_index=True) if parts else findings.empty()


def missing_datasets(rule: AnyRule, data: Frames) -> list[str]:
    return sorted(d for d in rule.columns_used() if d not in data)


def evaluate_pack(pack: RulePack, data: Frames, ctx: Context, progress: Callable[[str], None] | None = None,
                  threads: int = 1) -> pd.DataFrame:
    """The findings frame of a whole rule pack, in rule-pack order.

    threads > 1 judges rules side by side (as Dask's threaded scheduler runs pandas): each rule
    only reads the shared frames, and most of the work is in NumPy and Arrow, outside the GIL.
    """
    staff = ctx.staff
    staff_sites = None if staff is None else staff.drop_duplicates(STAFF_ID).set_index(STAFF_ID)[SITE_ID]
    dtypes = findings.vocabulary(ctx.run_id, [r.rule.id for r in pack.rules], [";".join(r.rule.catalog_ids) for r in pack.rules])
    cache: dict = {}

    def judge(loaded: LoadedRule) -> pd.DataFrame:
        if missing_datasets(loaded.rule, data):
            return findings.not_evaluated(loaded.rule, ctx, dtypes)
        return evaluate_rule(loaded, data, ctx, staff_sites, dtypes, cache)

    parts: list[pd.DataFrame] = []
    pool = ThreadPoolExecutor(max(1, threads), thread_name_prefix="svccheck-rule")
    try:
        for loaded, found in zip(pack.rules, pool.map(judge, pack.rules) if threads > 1 else map(judge, pack.rules)):
            parts.append(found)
            if progress:
                progress(loaded.rule.id)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # an error or Ctrl-C does not wait for the rules not yet started
    if not parts:
        return findings.empty()
    # No global sort: the order (rule-pack order, then each kind's deterministic order) is already
    # reproducible, and sorting six million rows on text keys cost a sixth of a run.
    return pd.concat(parts, ignore_index=True)
