"""The rule kinds: each module pairs a frozen rule model with its pure, vectorised evaluator."""

from __future__ import annotations

from typing import Annotated, Callable, Mapping, NamedTuple, Union

import pandas as pd
from pydantic import Field

from checker.kinds import count, coverage, deadline, escalation, rate, record
from checker.kinds.base import Context, RuleBase


class Kind(NamedTuple):
    model: type[RuleBase]
    evaluate: Callable[[RuleBase, Mapping[str, pd.DataFrame], Context], pd.DataFrame]


REGISTRY: dict[str, Kind] = {
    "deadline": Kind(deadline.DeadlineRule, deadline.evaluate),
    "count": Kind(count.CountRule, count.evaluate),
    "coverage": Kind(coverage.CoverageRule, coverage.evaluate),
    "rate": Kind(rate.RateRule, rate.evaluate),
    "record": Kind(record.RecordRule, record.evaluate),
    "escalation": Kind(escalation.EscalationRule, escalation.evaluate),
}

AnyRule = Union[
    deadline.DeadlineRule,
    count.CountRule,
    coverage.CoverageRule,
    rate.RateRule,
    record.RecordRule,
    escalation.EscalationRule,
]
Rule = Annotated[AnyRule, Field(discriminator="kind")]
