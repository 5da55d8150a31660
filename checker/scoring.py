"""Scoring policy (`rules/scoring.yaml`) and scorecards per staff, team and site, built from findings only."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from checker.period import Period
from checker.vocabulary import STATUSES, Severity, Status, employed

COUNTS = ["checks", "passed", "failed", "pending", "exempt", "not_evaluated", "waived"]
_STATUS_COUNT = {"pass": "passed", "fail": "failed", "pending": "pending", "exempt": "exempt", "not_evaluated": "not_evaluated", "waived": "waived"}


class ScoringPolicy(BaseModel):
    """How findings become a 0–100 score.

    Each finding weighs `rule.weight × severity_factors[severity]` and earns `status_values[status]`
    of that weight; a status valued `null` is not counted. score = 100 × earned / counted weight.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    version: int = 1
    description: str = ""
    status_values: dict[Status, Annotated[float, Field(ge=0, le=1)] | None] = Field(
        default_factory=lambda: {"pass": 1.0, "fail": 0.0, "pending": None, "exempt": None, "not_evaluated": None, "waived": 1.0}  # type: ignore[arg-type,dict-item]
    )
    severity_factors: dict[Severity, Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]] = Field(
        default_factory=lambda: {"critical": 3.0, "major": 2.0, "minor": 1.0}  # type: ignore[arg-type,dict-item]
    )
    decimals: int = Field(default=1, ge=0, le=4)

    @field_validator("status_values")
    @classmethod
    def _every_status(cls, values: dict) -> dict:
        values = {"waived": 1.0, **values}  # a policy written before waivers existed: a waived finding counts as a pass
        missing = set(STATUSES) - set(values)
        if missing:
            raise ValueError(f"status_values must give every status; missing {sorted(missing)}")
        return values

    @field_validator("severity_factors")
    @classmethod
    def _every_severity(cls, values: dict) -> dict:
        if len(values) < 3:
            raise ValueError("severity_factors must give critical, major and minor")
        return values


def weigh(findings: pd.DataFrame, weights: dict[str, float], policy: ScoringPolicy, teams: pd.Series) -> pd.DataFrame:
    """The few columns scoring needs, with `weight` (counted weight, 0 if not counted) and `earned`."""
    value = findings["status"].map(policy.status_values).astype("float64")
    base = findings["rule_id"].map(weights).astype("float64") * findings["severity"].map(policy.severity_factors).astype("float64")
    counted = value.notna()
    staff = findings["staff_id"].astype("category")  # text is factorized once; every groupby below uses the codes
    return pd.DataFrame({
        "rule_id": findings["rule_id"], "staff_id": staff, "site_id": findings["site_id"].astype("category"),
        "team": staff.map(teams).astype("category"), "status": findings["status"].map(_STATUS_COUNT),
        "weight": base.where(counted, 0.0), "earned": (base * value).where(counted, 0.0),
    })


def _tally(weighed: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    grouped = weighed.groupby(by, dropna=False, observed=True)
    table = grouped[["weight", "earned"]].sum()
    counts = weighed.groupby([*by, "status"], dropna=False, observed=True).size().unstack("status")
    table = table.join(counts.reindex(columns=COUNTS[1:]).fillna(0).astype("int64"))
    table.insert(0, "checks", table[COUNTS[1:]].sum(axis=1))
    return table


def scorecard(weighed: pd.DataFrame, by: str, policy: ScoringPolicy) -> pd.DataFrame:
    """One row per value of `by`: counts per status and the score."""
    table = _tally(weighed[weighed[by].notna()], [by])
    table["score"] = (100 * table["earned"] / table["weight"].where(table["weight"] > 0)).round(policy.decimals)
    table = table.reset_index()
    table[by] = table[by].astype("string")
    return table


def staff_rules(weighed: pd.DataFrame, policy: ScoringPolicy) -> pd.DataFrame:
    """Per staff per rule: counts, compliance rate and points lost (which add up to 100 − score)."""
    rows = weighed[weighed["staff_id"].notna()]
    table = _tally(rows, ["staff_id", "rule_id"]).reset_index()
    table["staff_id"], table["rule_id"] = table["staff_id"].astype("string"), table["rule_id"].astype("string")
    total = table.groupby("staff_id")["weight"].transform("sum")
    judged = table["passed"] + table["failed"]
    table["compliance_rate"] = (table["passed"] / judged.where(judged > 0)).round(4)
    table["points_lost"] = (100 * (table["weight"] - table["earned"]) / total.where(total > 0)).round(policy.decimals + 1)
    return table


def staff_in_period(staff: pd.DataFrame | None, period: Period) -> pd.DataFrame:
    """Staff employed at some time during the period (outside it a person is not scored)."""
    columns = ["staff_id", "name", "role", "team", "site_id"]
    if staff is None:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    active = employed(staff["active_from"], staff["active_to"], period.start, period.end)
    return staff.loc[active, columns]


def build_scorecards(findings: pd.DataFrame, weights: dict[str, float], policy: ScoringPolicy, staff: pd.DataFrame | None, sites: pd.DataFrame | None, period: Period) -> dict[str, pd.DataFrame]:
    """staff, team, site and staff_rules tables."""
    people = staff_in_period(staff, period)
    teams = people.drop_duplicates("staff_id").set_index("staff_id")["team"]
    weighed = weigh(findings, weights, policy, teams)
    staff_card = people.merge(scorecard(weighed, "staff_id", policy), on="staff_id", how="outer")
    team_card = scorecard(weighed, "team", policy)
    site_card = scorecard(weighed, "site_id", policy)
    if sites is not None:
        site_card = sites[["site_id", "site_name"]].merge(site_card, on="site_id", how="outer")
    for card in (staff_card, team_card, site_card):
        card.insert(0, "period", period.label)
        card[COUNTS] = card[COUNTS].fillna(0).astype("int64")
    rules = staff_rules(weighed, policy)
    rules.insert(0, "period", period.label)
    tidy = lambda t: t.drop(columns=["weight", "earned"])  # noqa: E731
    return {"staff": tidy(staff_card), "team": tidy(team_card), "site": tidy(site_card), "staff_rules": tidy(rules)}
