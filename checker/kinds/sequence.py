"""`sequence`: numbered records follow each other without gaps per group (DUT-05: duty-log numbers per book)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from checker.kinds.base import (
    Context,
    Outcome,
    Outcomes,
    RuleBase,
    empty_partial,
    first_filled,
    outcome_status,
    record_scope,
    status_from,
)
from checker.wording import Words

OUTCOMES: Outcomes = {
    "seq_ok": Outcome("pass", "{r}:编号 {m} 接续前一条,合格", "{r}: number {m} follows on from the one before: pass"),
    "seq_gap": Outcome("fail", "{r}:应为 {t},实为 {m} — {t} 至 {m} 之前的编号缺失(前后两条记录见证据)",
                       "{r}: number {m} where {t} was expected — {t} up to {m} minus 1 are missing (the neighbouring entries are in evidence)"),
    "seq_repeat": Outcome("fail", "{r}:编号 {m} 重复出现(应为 {t})", "{r}: number {m} appears again (expected {t})"),
}


class SequenceRule(RuleBase):
    """Per group (a book), numbers run first, first + 1, … without gaps; each record whose time lies in the period is
    judged against the record numbered before it in its group (which may be older than the period)."""

    kind: Literal["sequence"]
    time_column: str  # the record's time: judged when it lies inside the period
    number: str  # the running number (seq_no, page_no)
    group_by: list[str] = Field(min_length=1)  # numbering restarts per group (site_id, book_no)
    first: int | None = 1  # each group's lowest number must be this (retention: nothing missing before); None: any start
    repeats: bool = False  # several records may share a number (entries on one page); only the first of each is judged
    staff_column: list[str] = Field(min_length=1)

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, self.number, *self.group_by, *self.staff_column}
        return used

    def time_columns(self) -> list[str]:
        return [self.time_column]

    def requires(self, w: Words) -> str:
        groups = w.pick("、".join(w.col(c) for c in self.group_by), ", ".join(w.col(c) for c in self.group_by))
        start = w.pick(f"从 {self.first} 起", f"from {self.first} ") if self.first is not None else ""
        repeats = "" if self.repeats else w.pick("或重号", " or repeats")
        return w.pick(f"按{groups}分组,{w.col(self.number)}{start}连续编号,不得缺号{repeats}",
                      f"{w.col(self.number)} runs {start}without gaps{repeats} per {groups}")


def neighbours(rule: SequenceRule, frame: pd.DataFrame, key: str, ctx: Context) -> pd.DataFrame:
    """Every numbered record up to as-of in number order per group, with the number, key and time of the one before."""
    rows = frame[frame[rule.number].notna() & (frame[rule.time_column] <= ctx.as_of)]
    rows = rows.sort_values([*rule.group_by, rule.number, rule.time_column, key], kind="stable")
    before = rows.groupby(rule.group_by, observed=True, dropna=False)[[rule.number, key]].shift(1)
    return rows.assign(_prev_number=before[rule.number], _prev_key=before[key])


def evaluate(rule: SequenceRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    key = ctx.key_of(rule.dataset)
    rows = neighbours(rule, data[rule.dataset], key, ctx)
    number, prev = rows[rule.number].astype("float64"), rows["_prev_number"].astype("float64")
    start = np.nan if rule.first is None else float(rule.first)
    expected = (prev + 1).where(prev.notna(), start).fillna(number)
    repeat = number == prev
    if rule.repeats:
        rows, number, expected, repeat = rows[~repeat], number[~repeat], expected[~repeat], repeat[~repeat]
    frame = record_scope(rule, rows, rule.time_column, ctx)
    if frame.empty:
        return empty_partial()
    number, expected, repeat = number[frame.index], expected[frame.index], repeat[frame.index]
    note = status_from([(repeat, "seq_repeat"), (number > expected, "seq_gap")], frame.index, "seq_ok")
    own = frame[key].astype("string")
    evidence = frame["_prev_key"].astype("string").str.cat(own, sep=";").fillna(own)
    return pd.DataFrame({
        "subject_type": "record", "subject_id": own, "staff_id": first_filled(frame, rule.staff_column),
        "site_id": frame["site_id"] if "site_id" in frame else pd.NA, "record_id": own,
        "period_start": frame[rule.time_column], "period_end": frame[rule.time_column],
        "status": outcome_status(note, OUTCOMES), "measured": number, "threshold": expected, "unit": "count",
        "note": note, "evidence": evidence,
    })
