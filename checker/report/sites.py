"""The site pages of report.html: per site its score, its compliance per rule, its teams and its lowest-scoring people.

Up to SITE_SECTIONS sites each get a section; a company with more gets sections for its lowest-scoring
SITE_SECTIONS sites (every site a "worst" list names among them) and one table row for every other site —
`svccheck report --from-run DIR --site ID` writes any one site's own report.
"""

from __future__ import annotations

import pandas as pd

from checker.report import RunArtifacts
from checker.report.views import compliance

SITE_SECTIONS = 50


def _by_site(frame: pd.DataFrame, column: str = "site_id") -> dict[str, pd.DataFrame]:
    return {str(k): v for k, v in frame.groupby(frame[column].astype(str), observed=True)}


def site_sections(artifacts: RunArtifacts, limit: int = SITE_SECTIONS, people: int = 5) -> list[dict]:
    """The sites that get a section, lowest score first: scorecard row, per-rule compliance, teams, lowest people."""
    cards = artifacts.scorecards["site"]
    ordered = cards.sort_values(["score", "site_id"], na_position="last").head(limit)
    placed = artifacts.findings.loc[artifacts.findings["site_id"].isin(ordered["site_id"]), ["site_id", "rule_id", "status"]]
    per_rule = _by_site(compliance(placed, ["site_id", "rule_id"]).sort_values(["compliance", "rule_id"]))
    staff = artifacts.scorecards["staff"]
    by_site = _by_site(staff)
    teams = artifacts.scorecards["team"].set_index("team")
    titles = {rid: info["title"] for rid, info in artifacts.summary["rules"].items()}
    sections = []
    for card in ordered.to_dict("records"):
        site = str(card["site_id"])
        mine = by_site.get(site, staff.iloc[0:0])
        rules = per_rule.get(site, pd.DataFrame(columns=["rule_id", "pass", "fail", "compliance"]))
        team_names = sorted(set(mine["team"].dropna().astype(str)))
        scored = mine[mine["score"].notna()].sort_values(["score", "failed"], ascending=[True, False])
        sections.append({
            "card": card,
            "rules": [{**r, "title": titles.get(r["rule_id"], {})} for r in rules.to_dict("records")],
            "teams": [{"team": t, **teams.loc[t].to_dict()} for t in team_names if t in teams.index],
            "people": scored.head(people).to_dict("records"), "staff_count": len(mine),
        })
    return sections


def team_of_staff(artifacts: RunArtifacts) -> dict[str, str]:
    """staff_id -> team, for the page filter on findings rows."""
    staff = artifacts.scorecards["staff"]
    return dict(zip(staff["staff_id"].astype(str), staff["team"].fillna("").astype(str)))
