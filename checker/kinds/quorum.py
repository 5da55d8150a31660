"""`quorum`: a count per roster subject and window that needs a size the roster records (COM-02: more than half the committee)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd

from checker.kinds import count
from checker.kinds.base import Context, Outcome, Outcomes, empty_partial, judged_windows, outcome_status
from checker.wording import Words

OUTCOMES: Outcomes = {
    **count.OUTCOMES,
    "size_unknown": Outcome("not_evaluated", "{r}:名册未记录人数,无法判断是否过半,未评估",
                            "{r}: the roster does not record the size, so a majority cannot be judged; not evaluated"),
}


class QuorumRule(count.CountRule):
    """A `count` whose events qualify against a size on the roster (e.g. `where: {members_present: {gt: {column:
    committee_size, times: 0.5}}}` with a lookup of the size); a subject whose size is empty is not_evaluated, not failed."""

    kind: Literal["quorum"]  # type: ignore[assignment]
    size_column: str  # roster column holding the size the events are measured against

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.subjects.dataset].add(self.size_column)
        return used

    def requires(self, w: Words) -> str:
        size = w.col(self.size_column)
        return w.pick(f"{super().requires(w)};只评估已记录{size}的{w.dataset_title(self.subjects.dataset)}",
                      f"{super().requires(w)}, judged where the {w.dataset_title(self.subjects.dataset).lower()} record their {size}")


def evaluate(rule: QuorumRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    roster = data[rule.subjects.dataset]
    known = roster[rule.size_column].notna()
    counted = count.evaluate(rule, {**data, rule.subjects.dataset: roster[known]}, ctx)
    unknown = count.roster_frame(rule.subjects, {rule.subjects.dataset: roster[~known]})
    grid = count.subject_windows(unknown, judged_windows(rule, rule.window, ctx), ctx.staff, rule.role)
    if grid.empty:
        return counted
    note = pd.Series("size_unknown", index=grid.index, dtype="string")
    missing = pd.DataFrame({
        "subject_type": rule.subjects.type, "subject_id": grid[rule.subjects.key], "staff_id": grid["staff_id"],
        "site_id": grid["site_id"], "record_id": pd.NA, "period_start": grid["window_start"], "period_end": grid["window_end"],
        "status": outcome_status(note, OUTCOMES), "measured": pd.NA, "threshold": rule.min if rule.min is not None else rule.max,
        "unit": "count", "note": note, "evidence": "",
    })
    parts = [p for p in (counted, missing) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty_partial()
