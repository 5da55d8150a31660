"""What the reports show, computed from the run's artefacts: worst items, trends, per-rule and per-staff views."""

from __future__ import annotations

import pandas as pd

from checker.report import RunArtifacts
from checker.vocabulary import JUDGED

STAFF_PAGE_COLUMNS = ("staff_id", "rule_id", "subject_id", "period_start", "period_end", "message", "evidence")


def compliance(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """pass, fail and pass / (pass + fail) per group."""
    frame = frame[[*by, "status"]]  # project first: findings carry long text columns that need not be copied
    judged = frame[frame["status"].isin(JUDGED)]
    table = pd.crosstab([judged[b] for b in by], judged["status"]).reindex(columns=list(JUDGED), fill_value=0)
    table["compliance"] = table["pass"] / (table["pass"] + table["fail"])
    return table.reset_index()


def weekly(findings: pd.DataFrame, first: pd.Timestamp | None = None) -> pd.DataFrame:
    """Compliance per ISO week of the judged window or record start; with `first` (the period's start), a window or
    record starting before it counts in the period's first week, and that week is labelled with `first`."""
    starts = findings["period_start"]
    if first is not None:
        starts = starts.where(starts >= first, first)
    week = starts.dt.to_period("W-SUN").dt.start_time
    if first is not None:
        week = week.where(week >= first, first)
    return compliance(findings[["status"]].assign(week=week), ["week"]).sort_values("week")


def rule_by_site(findings: pd.DataFrame, most_sites: int = 30) -> pd.DataFrame:
    """Compliance per rule × site (rows: rules, columns: the `most_sites` sites with the lowest compliance)."""
    placed = findings.loc[findings["site_id"].notna(), ["site_id", "rule_id", "status"]]
    worst = compliance(placed, ["site_id"]).sort_values(["compliance", "site_id"])["site_id"].head(most_sites)
    table = compliance(placed[placed["site_id"].isin(worst)], ["rule_id", "site_id"])
    return table.pivot(index="rule_id", columns="site_id", values="compliance").sort_index()


def worst_people(artifacts: RunArtifacts, n: int = 10) -> pd.DataFrame:
    staff = artifacts.scorecards["staff"]
    return staff[staff["score"].notna()].sort_values(["score", "failed"], ascending=[True, False]).head(n)


def worst_sites(artifacts: RunArtifacts, n: int = 5) -> pd.DataFrame:
    sites = artifacts.scorecards["site"]
    return sites[sites["score"].notna()].sort_values("score").head(n)


def ranked_staff(artifacts: RunArtifacts) -> pd.DataFrame:
    """Staff scorecards with their rank within their team (1 = best score)."""
    staff = artifacts.scorecards["staff"].copy()
    staff["team_rank"] = staff.groupby("team", dropna=False)["score"].rank(ascending=False, method="min")
    staff["team_size"] = staff.groupby("team", dropna=False)["score"].transform("count")
    return staff.sort_values(["site_id", "team", "score", "staff_id"], na_position="last")


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing cells as None (a template shows nothing for them, never 'nan')."""
    return frame.astype(object).where(frame.notna(), None)


def _bucket(records: list[dict], key: str) -> dict[object, list[dict]]:
    buckets: dict[object, list[dict]] = {}
    for record in records:
        buckets.setdefault(record[key], []).append(record)
    return buckets


def staff_pages(artifacts: RunArtifacts, limit_failures: int = 50) -> list[dict]:
    """Per staff member: the scorecard row, each rule's result with points lost, and the failed findings."""
    rules = artifacts.summary["rules"]
    by_rule = artifacts.scorecards["staff_rules"].sort_values(["staff_id", "points_lost"], ascending=[True, False])
    rule_rows = _bucket(by_rule.to_dict("records"), "staff_id")
    failures = artifacts.findings[(artifacts.findings["status"] == "fail") & artifacts.findings["staff_id"].notna()]
    totals = failures["staff_id"].astype(str).value_counts()
    shown = _blank(failures.groupby("staff_id", observed=True).head(limit_failures)[list(STAFF_PAGE_COLUMNS)])  # only what a page shows
    failure_rows = _bucket(shown.to_dict("records"), "staff_id")
    pages = []
    for person in ranked_staff(artifacts).to_dict("records"):
        staff_id = person["staff_id"]
        pages.append({
            "person": person,
            "rules": [{**row, "title": rules.get(row["rule_id"], {}).get("title", {})} for row in rule_rows.get(staff_id, [])],
            "failures": failure_rows.get(staff_id, []), "failures_total": int(totals.get(str(staff_id), 0)),
        })
    return pages


def rule_sections(artifacts: RunArtifacts, limit: int = 200) -> list[dict]:
    """Per rule: its summary entry and its failing cases (the first `limit`)."""
    failures = artifacts.findings[artifacts.findings["status"].isin(["fail", "not_evaluated", "waived"])]
    if "waived_by" in failures:  # a waived case names its approver and reason
        waived = failures["status"] == "waived"
        failures = failures.assign(message=failures["message"].astype("string").where(
            ~waived, failures["message"].astype("string") + " [waived: " + failures["waived_by"].astype("string") + " — " + failures["waiver_reason"].astype("string") + "]"))
    grouped = {k: v for k, v in failures.groupby("rule_id", observed=True)}
    sections = []
    for row in artifacts.rules_table().to_dict("records"):
        cases = grouped.get(row["rule_id"], failures.iloc[0:0])
        sections.append({**row, "info": artifacts.summary["rules"][row["rule_id"]],
                         "cases": _blank(cases.head(limit)).to_dict("records"), "cases_total": len(cases)})
    return sections


def quality_verdict(quality: dict) -> str:
    """ok, quarantined (some rows rejected) or incomplete (a dataset is missing)."""
    if quality.get("missing_datasets"):
        return "incomplete"
    return "quarantined" if quality["totals"]["rows_quarantined"] else "ok"
