"""Which windows and records a period judges, beyond each kind's own rule: per-record rates, and a finding saying why
when a rule judges nothing in the period (a standard never vanishes from a run silently).

The documented rule per kind (README, "When a windowed standard is judged"):
- count, coverage, rate, quorum, gap, first_of_day: a window is judged in the run whose period holds its end,
  on all its records (also those before the period's start); a window ending after the period waits for that run.
- deliverable: a period's deliverable is judged in the run whose period holds its due time.
- rate with `per_record: true` (VIS-05, CMP-08): each record whose time lies inside the period, its window's share beside it.
- any rule that yields no finding at all in a period gets one `not_evaluated` finding with the reason:
  `window_not_in_period` (none of its windows ends inside the period; its span is the finding's period) or
  `nothing_in_period` (nothing to judge: no records or subjects, or the rule does not apply in these months).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from checker import findings
from checker.findings import finalize
from checker.kinds.base import PARTIAL, Context, Outcomes, RuleBase, empty_partial, outcome_status
from checker.period import assign_window


def window_of(rule: RuleBase) -> str | None:
    """The window size a rule judges by (`window`, a deliverable's `cycle`, `day` for first_of_day), if any."""
    return getattr(rule, "window", None) or getattr(rule, "cycle", None) or ("day" if rule.kind == "first_of_day" else None)


def nothing_judged(rule: RuleBase, ctx: Context, dtypes: dict[str, pd.CategoricalDtype] | None = None) -> pd.DataFrame:
    """The single finding of a rule that judged nothing in the period, with the reason as its note."""
    row: dict[str, object] = {c: None for c in PARTIAL}
    window = window_of(rule)
    start, end, note = ctx.period.start, ctx.period.end, "nothing_in_period"
    if window and rule.kind != "deliverable" and ctx.period.windows(window).empty:  # type: ignore[arg-type]
        start = assign_window(pd.Series([ctx.period.start]), window).iloc[0]  # type: ignore[arg-type]
        ending = ctx.period.__class__("span", start, ctx.period.end + pd.DateOffset(years=1)).windows(window)  # type: ignore[arg-type]
        end, note = ending["window_end"].iloc[0], "window_not_in_period"
    row.update(subject_type="site", status="not_evaluated", note=note, evidence="", period_start=start, period_end=end)
    return finalize(rule, pd.DataFrame([row]), ctx, None, dtypes)


def say_why(rules: list[RuleBase], found: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The findings of a run, with one `nothing_judged` finding for every rule that has none (api.run calls it)."""
    judged = set(found["rule_id"].astype(str).unique()) if len(found) else set()
    silent = [rule for rule in rules if rule.id not in judged]
    if not silent:
        return found
    dtypes = findings.vocabulary(ctx.run_id, [r.id for r in rules], [";".join(r.catalog_ids) for r in rules])
    return pd.concat([found, *(nothing_judged(rule, ctx, dtypes) for rule in silent)], ignore_index=True)


def record_rates(rule, data: Mapping[str, pd.DataFrame], ctx: Context, outcomes: Outcomes) -> pd.DataFrame:
    """A `rate` judged per record (per_record: true): each record in the period passes or fails on its own; `measured`
    is the share of its subject's records in the same window (and the period) that meet the condition."""
    frame = data[rule.dataset]
    stamps = frame[rule.time_column]
    frame = frame[ctx.period.contains(stamps) & (stamps <= ctx.as_of) & frame[rule.subject_column].notna()]
    if frame.empty:
        return empty_partial()
    time = frame[rule.time_column]
    met = rule.condition.mask(frame).fillna(False).astype(bool)
    waiting = ~met & (time + (rule.grace or pd.Timedelta(0)) >= ctx.as_of)
    groups = [frame[rule.subject_column].astype("string"), assign_window(time, rule.window)]
    counted = (~waiting).astype("int64")
    share = (met & ~waiting).astype("int64").groupby(groups).transform("sum") / counted.groupby(groups).transform("sum").where(lambda n: n > 0)
    note = pd.Series(np.select([met.to_numpy(), waiting.to_numpy()], ["record_met", "record_waiting"], "record_missed"), index=frame.index)
    key = frame[ctx.key_of(rule.dataset)].astype("string")
    return pd.DataFrame({
        "subject_type": "record", "subject_id": key,
        "staff_id": frame[rule.subject_column] if rule.subject_type == "staff" else pd.NA,
        "site_id": frame["site_id"] if "site_id" in frame else pd.NA, "record_id": key,
        "period_start": time, "period_end": time + (rule.grace or pd.Timedelta(0)), "status": outcome_status(note, outcomes),
        "measured": share.astype("float64"), "threshold": rule.target, "unit": "share", "note": note, "evidence": key,
    }).reset_index(drop=True)
