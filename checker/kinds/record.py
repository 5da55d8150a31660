"""`record`: a condition every record must satisfy (HND-01 both signatures, HND-02 early arrival)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.conditions import Condition
from checker.durations import Duration
from checker.kinds.base import (
    EXEMPT,
    UNIT_SECONDS,
    Context,
    Frozen,
    Outcome,
    Outcomes,
    RuleBase,
    TimeUnit,
    empty_partial,
    first_filled,
    in_unit,
    outcome_status,
    record_scope,
    status_from,
)
from checker.wording import Words

OUTCOMES: Outcomes = {
    "record_ok": Outcome("pass", "{r}:合格", "{r}: pass"),
    "record_bad": Outcome("fail", "{r}:不符合要求({c})", "{r}: requirement not met ({c})"),
    "record_short": Outcome("fail", "{r}:不符合要求(实测 {m}{u},要求 {t}{u})", "{r}: requirement not met (measured {m} {u}, required {t} {u})"),
    "record_unmeasured": Outcome("fail", "{r}:不符合要求(所需的时间未记录)", "{r}: requirement not met (a time it needs is not recorded)"),
    "exempt": EXEMPT,
}


class Measure(Frozen):
    """What to report as the measured value: the time from one column to another."""

    from_: str = Field(alias="from")
    to: str
    unit: TimeUnit = "min"
    threshold: Duration | None = None  # reported as the threshold, in unit


class RecordRule(RuleBase):
    """Every record whose `time_column` falls in the period must satisfy `require`."""

    kind: Literal["record"]
    time_column: str
    require: Condition
    exempt_when: Condition | None = None
    staff_column: list[str] = Field(min_length=1)
    measure: Measure | None = None

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, *self.staff_column, *self.require.columns()}
        if self.exempt_when:
            used[self.dataset] |= self.exempt_when.columns()
        if self.measure:
            used[self.dataset] |= {self.measure.from_, self.measure.to}
        return used

    def time_columns(self) -> list[str]:
        return [self.time_column, *([self.measure.from_, self.measure.to] if self.measure else [])]

    def requires(self, w: Words) -> str:
        return self.require.describe(w)


def evaluate(rule: RecordRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    frame = record_scope(rule, data[rule.dataset], rule.time_column, ctx)
    if frame.empty:
        return empty_partial()
    ok = rule.require.mask(frame)
    exempt = rule.exempt_when.mask(frame) if rule.exempt_when else pd.Series(False, index=frame.index)
    measure = rule.measure
    measured = in_unit(frame[measure.to] - frame[measure.from_], measure.unit) if measure else pd.Series(pd.NA, index=frame.index)
    threshold = measure.threshold.total_seconds() / UNIT_SECONDS[measure.unit] if measure and measure.threshold is not None else pd.NA
    # With a measure, a failure is told by its values (a profile variant's threshold shows itself); without, by the requirement.
    failed = "record_bad" if measure is None or measure.threshold is None else "record_short"
    unmeasured = pd.Series(measure is not None, index=frame.index) & measured.isna()
    note = status_from([(exempt, "exempt"), (ok, "record_ok"), (unmeasured, "record_unmeasured")], frame.index, failed)
    status = outcome_status(note, OUTCOMES)
    key = frame[ctx.key_of(rule.dataset)].astype("string")
    return pd.DataFrame({
        "subject_type": "record", "subject_id": key, "staff_id": first_filled(frame, rule.staff_column),
        "site_id": frame["site_id"] if "site_id" in frame else pd.NA, "record_id": key,
        "period_start": frame[rule.time_column], "period_end": frame[rule.time_column], "status": status,
        "measured": measured, "threshold": threshold, "unit": measure.unit if measure else pd.NA,
        "note": note, "evidence": key,
    })
