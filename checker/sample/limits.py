"""The thresholds the sample generator breaks, read from the rule pack it is given — never a second copy of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.rulepack import RulePack


def _seconds(value: Any) -> int:
    return int(value.total_seconds())


@dataclass(frozen=True)
class Limits:
    """Seconds (or counts) each seeded breach must cross; a breach is drawn beyond the limit, a pass within it."""

    dispatch: int  # REP-01
    emergency_arrival: int  # REP-02
    repair: dict[str, int]  # REP-04, per category
    callback: int  # VIS-06 (and VIS-05's callbacks)
    leak_callback: int  # VIS-06-leak
    answer: int  # CMP-01
    major_answer: int  # CMP-03-answer
    major_solve: int  # CMP-03-solve
    forward: int  # CMP-04-forward
    important_solve: int  # CMP-04-solve
    minor_solve: int  # CMP-05
    escalations: dict[str, int]  # CMP-11-*: escalate after
    escalation_grace: int
    patrols_per_day: int  # PAT-01
    visit_share: float  # VIS-01: share of a person's units reached each week
    early_arrival: dict[str, int]  # HND-02, minutes per desk (its profile variants); "" for desks no profile names

    @classmethod
    def from_pack(cls, pack: RulePack) -> Limits:
        def rule(rule_id: str) -> Any:
            found = pack.get(rule_id)
            if found is None:
                raise KeyError(f"the sample generator breaks {rule_id}, which this rule pack does not define")
            return found.rule

        escalations = {rid: _seconds(rule(rid).after) for rid in ("CMP-11-supervisor", "CMP-11-manager")}
        return cls(
            dispatch=_seconds(rule("REP-01").limit), emergency_arrival=_seconds(rule("REP-02").limit),
            repair={k: _seconds(v) for k, v in rule("REP-04").limits.items()},
            callback=_seconds(rule("VIS-06").limit), leak_callback=_seconds(rule("VIS-06-leak").limit),
            answer=_seconds(rule("CMP-01").limit), major_answer=_seconds(rule("CMP-03-answer").limit),
            major_solve=_seconds(rule("CMP-03-solve").limit), forward=_seconds(rule("CMP-04-forward").limit),
            important_solve=_seconds(rule("CMP-04-solve").limit), minor_solve=_seconds(rule("CMP-05").limit),
            escalations=escalations, escalation_grace=_seconds(rule("CMP-11-supervisor").grace),
            patrols_per_day=int(rule("PAT-01").min), visit_share=float(rule("VIS-01").share), early_arrival=_per_desk(pack, "HND-02"),
        )


def _per_desk(pack: RulePack, rule_id: str) -> dict[str, int]:
    """A record rule's measured threshold in minutes, for each desk a profile override names."""
    loaded = pack.get(rule_id)
    if loaded is None:
        raise KeyError(f"the sample generator breaks {rule_id}, which this rule pack does not define")
    minutes = {"": _seconds(loaded.rule.measure.threshold) // 60}  # type: ignore[attr-defined]
    for i, override in enumerate(loaded.overrides):
        desk = override.when.tests.get("desk")
        if desk is not None and isinstance(desk.eq, str):
            minutes[desk.eq] = _seconds(loaded.variant(1 << i).measure.threshold) // 60  # type: ignore[attr-defined]
    return minutes
