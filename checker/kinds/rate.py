"""`rate`: the share of records meeting a condition, per subject per window, at least a target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.conditions import Condition
from checker.durations import Duration
from checker.kinds.base import (
    SHARE_OUTCOMES,
    Context,
    Outcome,
    Outcomes,
    RuleBase,
    empty_partial,
    in_windows,
    join_keys,
    judged_windows,
    outcome_status,
    status_from,
)
from checker.vocabulary import Window
from checker.wording import Words

OUTCOMES: Outcomes = {
    **SHARE_OUTCOMES,
    "all_pending": Outcome("pending", "{r}:所有记录尚在期限内,待定", "{r}: every record is still within its grace time; pending"),
    # per_record: true (checker/windows.py) — each record judged, its window's share beside it
    "record_met": Outcome("pass", "{r}:本条合格(同周期比例 {m},要求 {t})", "{r}: met (share in its window {m}, required {t})"),
    "record_missed": Outcome("fail", "{r}:本条不合格(同周期比例 {m},要求 {t})", "{r}: not met (share in its window {m}, required {t})"),
    "record_waiting": Outcome("pending", "{r}:尚在宽限期内,待定(同周期比例 {m})", "{r}: not met yet, within the grace time (share in its window {m})"),
}


class RateRule(RuleBase):
    """VIS-05: 100 % of completed repair orders have a callback, per staff member per month.

    A record that does not meet the condition yet, whose time is less than `grace` before
    as-of, is still pending and is not counted either way.
    """

    kind: Literal["rate"]
    window: Window
    time_column: str
    subject_type: Literal["staff", "team", "site"]
    subject_column: str
    condition: Condition
    target: float = Field(gt=0, le=1)
    grace: Duration | None = None
    per_record: bool = False  # one finding per record (a 100 % standard, VIS-05), measured = its window's share

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, self.subject_column, *self.condition.columns()}
        return used

    def time_columns(self) -> list[str]:
        return [self.time_column]

    def requires(self, w: Words) -> str:
        return w.pick(f"{w.per(self.window)}至少 {w.share(self.target)} 的记录满足:{self.condition.describe(w)}",
                      f"at least {w.share(self.target)} of records {w.per(self.window)} meet: {self.condition.describe(w)}")


def evaluate(rule: RateRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    if rule.per_record:
        from checker.windows import record_rates

        return record_rates(rule, data, ctx, OUTCOMES)
    windows = judged_windows(rule, rule.window, ctx)
    if windows.empty:
        return empty_partial()
    frame = in_windows(data[rule.dataset], rule.time_column, windows, rule.window, ctx)
    frame = frame[frame[rule.subject_column].notna()]
    if frame.empty:
        return empty_partial()
    met = rule.condition.mask(frame)
    waiting = ~met & (frame[rule.time_column] + (rule.grace or pd.Timedelta(0)) >= ctx.as_of)  # as deadline: due exactly now is not late yet
    key = frame[ctx.key_of(rule.dataset)].astype("string")
    parts = pd.DataFrame({
        "subject_id": frame[rule.subject_column], "window_start": frame["window_start"],
        "met": met & ~waiting, "counted": ~waiting, "waiting": waiting,
        "missed": key.where(~met & ~waiting), "site_id": frame["site_id"] if "site_id" in frame else pd.NA,
    })
    by = ["subject_id", "window_start"]
    grouped = parts.groupby(by, observed=True)
    grid = grouped[["met", "counted", "waiting"]].sum()
    grid["site_id"] = grouped["site_id"].first()
    grid = grid.reset_index().merge(join_keys(parts, by, "missed"), on=by, how="left").merge(windows, on="window_start")
    grid["evidence"] = grid["evidence"].fillna("")
    return _judge(rule, grid, ctx)


def _judge(rule: RateRule, grid: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    share = (grid["met"] / grid["counted"].where(grid["counted"] > 0)).astype("float64")
    low = share < rule.target
    still_open = grid["window_end"] > ctx.as_of
    cases = [(grid["counted"] == 0, "all_pending"), (low & still_open, "share_open"), (low, "share_low")]
    note = status_from(cases, grid.index, "share_ok")
    status = outcome_status(note, OUTCOMES)
    return pd.DataFrame({
        "subject_type": rule.subject_type, "subject_id": grid["subject_id"],
        "staff_id": grid["subject_id"] if rule.subject_type == "staff" else pd.NA,
        "site_id": grid["subject_id"] if rule.subject_type == "site" else grid["site_id"], "record_id": pd.NA,
        "period_start": grid["window_start"], "period_end": grid["window_end"], "status": status,
        "measured": share, "threshold": rule.target, "unit": "share", "note": note, "evidence": grid["evidence"],
    })
