"""Waivers: their model (the store's rows and `rules/waivers.yaml`), which findings they cover, and applying them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from checker.errors import DefinitionError, Problem
from checker.yamlsource import problems_from, read_documents

FILE = "waivers.yaml"
WAIVABLE = ("fail", "pending")  # what a waiver turns into `waived`; pass, exempt and not_evaluated stay as they are
Scope = Literal["finding", "record", "rule"]
COLUMNS = ["judged_status", "waiver", "waived_by", "waiver_reason"]  # after the findings' own columns in every findings output


class Waiver(BaseModel):
    """A formal exception: its scope (a finding, a record, or a rule for a subject and a date range), why, who approved it, until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(min_length=1, max_length=80)
    scope: Scope
    rule_id: str | None = None
    finding_key: str | None = None
    record_id: str | None = None
    subject_id: str | None = None
    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")
    reason: str = Field(min_length=3)
    approved_by: str = Field(min_length=1)
    filed_by: str | None = None
    expires: dt.date

    @model_validator(mode="after")
    def _scope_complete(self) -> Waiver:
        needed = {"finding": ["finding_key"], "record": ["record_id"], "rule": ["rule_id", "subject_id"]}[self.scope]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a waiver of scope '{self.scope}' needs {', '.join(missing)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"from {self.date_from} is after to {self.date_to}")
        if self.subject_id is not None and self.subject_id == self.approved_by:
            raise ValueError(f"{self.approved_by} cannot approve a waiver that exempts themselves")
        return self

    def active(self, at: dt.date) -> bool:
        """In force on day `at` (the expiry day included)."""
        return at <= self.expires


class WaiverFile(BaseModel):
    """rules/waivers.yaml: a reviewed list of waivers kept with the rule pack."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    waivers: list[Waiver] = Field(default_factory=list)


def load_file(rules_dir: Path) -> list[Waiver]:
    """The pack's waivers.yaml (none if absent), each problem with file and line; ids are prefixed `yaml:`."""
    path = rules_dir / FILE
    if not path.exists():
        return []
    docs = read_documents(path, str(path))
    if not docs:
        return []
    try:
        parsed = WaiverFile.model_validate(docs[0].data)
    except ValidationError as exc:
        raise DefinitionError(problems_from(exc, docs[0], WaiverFile)) from None
    ids = [w.id for w in parsed.waivers]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise DefinitionError([Problem(str(path), docs[0].line_of(("waivers",)), f"waiver id used twice: {', '.join(twice)}")])
    return [w.model_copy(update={"id": f"yaml:{w.id}"}) for w in parsed.waivers]


def covered(findings: pd.DataFrame, waiver: Waiver) -> pd.Series:
    """Which findings the waiver covers (never one whose accountable person approved it)."""
    if waiver.scope == "finding":
        mask = findings["finding_key"] == waiver.finding_key
    elif waiver.scope == "record":
        mask = findings["record_id"] == waiver.record_id
    else:
        day = pd.to_datetime(findings["period_start"]).dt.normalize()
        mask = (findings["staff_id"] == waiver.subject_id) | (findings["site_id"] == waiver.subject_id)
        if waiver.date_from is not None:
            mask &= day >= pd.Timestamp(waiver.date_from)
        if waiver.date_to is not None:
            mask &= day <= pd.Timestamp(waiver.date_to)
    if waiver.rule_id is not None:
        mask &= findings["rule_id"].astype("string") == waiver.rule_id
    mask &= findings["status"].astype("string").isin(WAIVABLE)
    mask &= findings["staff_id"].astype("string").fillna("") != waiver.approved_by
    return mask.fillna(False).astype(bool)


def apply(findings: pd.DataFrame, waivers: list[Waiver], at: dt.date) -> pd.DataFrame:
    """The findings with each one an active waiver covers set to `waived`, naming the waiver, its approver and reason.

    The first waiver (in the order given) that covers a finding is the one named. Statuses are taken as judged
    (`judged_status`), so applying waivers again after one expired gives the finding its judged status back."""
    frame = findings.copy()
    if "judged_status" in frame:
        frame["status"] = frame["judged_status"].astype(frame["status"].dtype)
    judged = frame["status"].copy()
    ref = pd.Series(pd.NA, index=frame.index, dtype="string")
    approver, reason = ref.copy(), ref.copy()
    for waiver in (w for w in waivers if w.active(at)):
        hit = covered(frame, waiver) & ref.isna()
        ref[hit], approver[hit], reason[hit] = waiver.id, waiver.approved_by, waiver.reason
    frame.loc[ref.notna(), "status"] = "waived"
    frame = frame.assign(judged_status=judged, waiver=ref, waived_by=approver, waiver_reason=reason)
    return frame[[*(c for c in frame.columns if c not in COLUMNS), *COLUMNS]]
