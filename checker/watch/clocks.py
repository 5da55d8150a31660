"""Per-record clocks of the watched rules (start, at-risk point, deadline, stop), vectorised over a batch of records."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.evaluate import prepare
from checker.kinds.base import Context, effective_mask, first_filled
from checker.kinds.deadline import DeadlineRule, deadlines, row_limits, row_working_days
from checker.kinds.escalation import EscalationRule
from checker.profiles import partition_keys
from checker.rulepack import LoadedRule, RulePack

NO_TIME = np.iinfo("int64").min  # an empty time, as whole seconds
CLOCK_COLUMNS = ["watched", "start", "risk", "due", "stop", "staff_id", "site_id"]


@dataclass(frozen=True)
class Watched:
    """A rule the live monitor runs, and the columns of its dataset that stop or start its clock."""

    loaded: LoadedRule

    @property
    def rule(self) -> DeadlineRule | EscalationRule:
        return self.loaded.rule  # type: ignore[return-value]

    def stop_columns(self) -> list[str]:
        """Columns whose time stops the clock (completion events: they move the event time)."""
        rule = self.rule
        return list(rule.end) if isinstance(rule, DeadlineRule) else [rule.closed, rule.escalation_column]


def watch_plan(pack: RulePack, facts: list) -> tuple[list[Watched], dict[str, str]]:
    """The rules the live monitor runs, and why each other deadline/escalation rule is left out."""
    from checker.facts import Derive, Reclassify

    derived: dict[str, dict[str, str]] = {}  # dataset -> derived column -> the fact deriving it
    for fact in facts:
        cols = set(fact.columns) if isinstance(fact, Derive) else set()
        if isinstance(fact, Reclassify):
            cols = {*fact.set, *fact.original.values(), fact.since, *([fact.due] if fact.due else [])}
        derived.setdefault(fact.dataset, {}).update(dict.fromkeys(cols, fact.id))
    watched, skipped = [], {}
    for loaded in pack.rules:
        rule = loaded.rule
        if rule.kind not in ("deadline", "escalation"):
            continue
        uses = set().union(*rule.columns_used().values())
        facts_read = sorted({derived[rule.dataset][c] for c in uses & set(derived.get(rule.dataset, {}))})
        if rule.lookups:
            skipped[rule.id] = (f"looks up {', '.join(sorted({lk.dataset for lk in rule.lookups}))} for each record; "
                                "the live monitor does not yet hold the related records")
        elif rule.day_types:
            skipped[rule.id] = "its deadline depends on the kind of day (day types); not yet watched"
        elif facts_read:
            skipped[rule.id] = (f"reads {', '.join(sorted(uses & set(derived[rule.dataset])))}, derived by rules/facts ({', '.join(facts_read)}); "
                                "the live monitor does not yet derive facts")
        else:
            watched.append(Watched(loaded))
    return watched, skipped


def seconds(stamps: pd.Series) -> np.ndarray:
    """Whole seconds since the epoch (site-local wall clock); NO_TIME where empty."""
    values = pd.to_datetime(stamps).to_numpy(dtype="datetime64[s]").astype("int64")
    return np.where(pd.isna(stamps).to_numpy(), NO_TIME, values)


def _risk(start: pd.Series, due: pd.Series, working: pd.Series, share: float, ctx: Context, sites: pd.Series | None) -> pd.Series:
    """start + share × the limit: of working time where the record runs on the working clock."""
    risk = start + (due - start) * share
    rows = working.to_numpy(dtype=bool) & start.notna().to_numpy() & due.notna().to_numpy()
    if rows.any():
        part = None if sites is None else sites[rows]
        span = ctx.calendars.elapsed(part, start[rows], due[rows], strict=False)
        risk[rows] = ctx.calendars.add(part, start[rows], np.ceil(span * share), strict=False)
    return risk


def deadline_clocks(rule: DeadlineRule, frame: pd.DataFrame, ctx: Context, share: float) -> pd.DataFrame:
    """The clock of each record of a deadline rule, as the batch computes it (checker/kinds/deadline.py)."""
    start, due, working = deadlines(rule, frame, ctx)
    sites = frame["site_id"] if "site_id" in frame else None
    watched = (row_limits(rule, frame).notna() | row_working_days(rule, frame).notna()) & due.notna()
    if rule.clock == "working":
        watched &= ~(working & (ctx.calendars.uncovered(start) | ctx.calendars.uncovered(due)))
    if rule.exempt_when:
        watched &= ~rule.exempt_when.mask(frame)
    stop = frame[rule.end].min(axis=1) if len(rule.end) > 1 else frame[rule.end[0]]
    return _clock_frame(rule, frame, watched, start, _risk(start, due, working, share, ctx, sites), due, stop)


def escalation_clocks(rule: EscalationRule, frame: pd.DataFrame, ctx: Context, share: float) -> pd.DataFrame:
    """The clock of each record of an escalation rule: due at start + after + grace, stopped by escalation or closing."""
    start = frame[rule.start]
    due = start + rule.after + rule.grace
    stop = frame[[rule.closed, rule.escalation_column]].min(axis=1)
    risk = start + (rule.after + rule.grace) * share
    return _clock_frame(rule, frame, pd.Series(True, index=frame.index), start, risk, due, stop)


def _clock_frame(rule, frame, watched, start, risk, due, stop) -> pd.DataFrame:
    return pd.DataFrame({
        "watched": watched.fillna(False).astype(bool), "start": start, "risk": risk, "due": due, "stop": stop,
        "staff_id": first_filled(frame, rule.staff_column), "site_id": frame["site_id"] if "site_id" in frame else pd.NA,
    }, index=frame.index)


def record_clocks(watched: Watched, frame: pd.DataFrame, ctx: Context, share: float) -> pd.DataFrame:
    """Clocks of the records of one batch (index kept): the profile variant of each row, its `where`, its start time."""
    parts = [_unwatched(frame)]
    keys = partition_keys(frame, watched.loaded.overrides)
    for key in sorted(set(keys.unique())) if keys is not None else [0]:
        rows = frame if keys is None else frame[keys == key]
        rule: DeadlineRule | EscalationRule = watched.loaded.variant(key) if key else watched.rule  # type: ignore[assignment]
        rows = prepare(rule, {rule.dataset: rows}, ctx.key_of, None, ctx.calendars)[rule.dataset]
        rows = rows[rows[rule.start].notna() & effective_mask(rule, rows[rule.start])]
        if rows.empty:
            continue
        compute = deadline_clocks if isinstance(rule, DeadlineRule) else escalation_clocks
        parts.append(compute(rule, rows, ctx, share))  # type: ignore[operator, arg-type]
    clocks = pd.concat([p for p in parts if len(p)]) if any(len(p) for p in parts[1:]) else parts[0]
    return clocks[~clocks.index.duplicated(keep="last")].reindex(frame.index)


def _unwatched(frame: pd.DataFrame) -> pd.DataFrame:
    """Every row unwatched: the default for rows no variant selects."""
    empty = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.DataFrame({"watched": False, "start": empty, "risk": empty, "due": empty, "stop": empty,
                         "staff_id": pd.NA, "site_id": pd.NA}, index=frame.index)
