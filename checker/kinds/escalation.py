"""`escalation`: a record open longer than a threshold must be escalated by threshold + grace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.durations import Duration
from checker.kinds.base import Context, Outcome, Outcomes, RuleBase, TimeUnit, empty_partial, first_filled, in_unit, outcome_status, record_scope, status_from
from checker.wording import Words

OUTCOMES: Outcomes = {
    "escalated": Outcome("pass", "{r}:已按时升级", "{r}: escalated in time"),
    "closed_in_grace": Outcome("pass", "{r}:在升级宽限期内已解决", "{r}: solved within the escalation grace time"),
    "not_escalated": Outcome("fail", "{r}:超过 {t}{u} 未解决也未按时升级", "{r}: open past the threshold and not escalated in time"),
    "escalation_due": Outcome("pending", "{r}:尚未到升级期限", "{r}: escalation not yet due"),
}


class EscalationRule(RuleBase):
    """CMP-11: a request still open 2 days after receipt goes to the supervisor.

    A record closed by `after` needs no escalation and gets no finding; one still open at
    `after` passes if it was escalated, or closed, by `after + grace`.
    """

    kind: Literal["escalation"]
    start: str
    closed: str  # the column that closes the record (resolved_at)
    after: Duration
    grace: Duration = pd.Timedelta(0)
    escalation_column: str
    staff_column: list[str] = Field(min_length=1)
    unit: TimeUnit = "h"

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.start, self.closed, self.escalation_column, *self.staff_column}
        return used

    def time_columns(self) -> list[str]:
        return [self.start, self.closed, self.escalation_column]

    def requires(self, w: Words) -> str:
        after, grace = w.duration(self.after), w.duration(self.grace)
        return w.pick(f"{w.col(self.start)}后 {after} 仍没有{w.col(self.closed)}的,须在此后 {grace} 内记录{w.col(self.escalation_column)}",
                      f"while {w.col(self.closed)} is empty {after} after {w.col(self.start)}, "
                      f"{w.col(self.escalation_column)} within {grace} more")


def evaluate(rule: EscalationRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    frame = record_scope(rule, data[rule.dataset], rule.start, ctx)
    due = frame[rule.start] + rule.after
    closed = frame[rule.closed].where(frame[rule.closed] <= ctx.as_of)
    applies = closed.isna() | (closed > due)
    frame, due, closed = frame[applies], due[applies], closed[applies]
    if frame.empty:
        return empty_partial()
    limit = due + rule.grace
    escalated = frame[rule.escalation_column].where(frame[rule.escalation_column] <= ctx.as_of)
    in_time = escalated.notna() & (escalated <= limit)
    closed_in_grace = closed.notna() & (closed <= limit)
    cases = [(in_time, "escalated"), (closed_in_grace, "closed_in_grace"), (ctx.as_of > limit, "not_escalated")]
    note = status_from(cases, frame.index, "escalation_due")
    status = outcome_status(note, OUTCOMES)
    key = frame[ctx.key_of(rule.dataset)].astype("string")
    return pd.DataFrame({
        "subject_type": "record", "subject_id": key, "staff_id": first_filled(frame, rule.staff_column),
        "site_id": frame["site_id"] if "site_id" in frame else pd.NA, "record_id": key,
        "period_start": frame[rule.start], "period_end": limit, "status": status,
        "measured": in_unit(escalated - frame[rule.start], rule.unit),
        "threshold": in_unit(limit - frame[rule.start], rule.unit), "unit": rule.unit, "note": note, "evidence": key,
    })
