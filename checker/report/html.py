"""report.html: one self-contained page (no network), rendered from the run's artefacts with Jinja2."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from checker import i18n
from checker.gatewords import GateWords, word_check, word_skipped
from checker.ops.resources import shipped
from checker.report import RunArtifacts, charts, sites, trends, views
from checker.report.labels import STATUS_KEYS, labels

TEMPLATES = shipped("reports")
ENCODINGS = {"utf-8-sig": "UTF-8 BOM", "utf-8": "UTF-8", "gb18030": "GB18030", "gbk": "GBK"}


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT


def fmt_pct(value: object) -> str:
    """A share as a percentage; an empty or missing value (no pass/fail results) as a dash."""
    return f"{value:.1%}" if isinstance(value, (int, float)) and not pd.isna(value) else "—"


def num(value: object) -> str:
    if _missing(value):
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def stamp(value: object) -> str:
    return "" if _missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")


def _chart_set(artifacts: RunArtifacts, rules: pd.DataFrame, L: dict[str, str], lang: str) -> dict[str, str]:
    judged = rules[rules["compliance"].notna()]
    title = "title_zh" if lang == "zh" else "title_en"
    rule_chart = charts.bars([f"{r.rule_id} {getattr(r, title)}" for r in judged.itertuples()], judged["compliance"].tolist(),
                             L["chart_rules"], L["axis_compliance"])
    week_chart = _week_chart(artifacts, L)
    scores = artifacts.scorecards["staff"]["score"].dropna().tolist()
    found = {"rules": rule_chart, "sites": _site_chart(artifacts, L), "weeks": week_chart,
             "scores": charts.histogram(scores, L["chart_scores"], L["axis_score"], L["axis_people"])}
    return {name: chart for name, chart in found.items() if chart}


def _week_chart(artifacts: RunArtifacts, L: dict[str, str]) -> str:
    """Compliance per week of the period: the first point is the period's first day, never a week before it."""
    start = pd.Timestamp(artifacts.summary["period"]["start"])
    weeks = views.weekly(artifacts.findings, start.tz_localize(None) if start.tzinfo else start)
    return charts.trend(weeks["week"].dt.strftime("%m-%d").tolist(), weeks["compliance"].tolist(), L["chart_weeks"], L["axis_compliance"])


def _site_chart(artifacts: RunArtifacts, L: dict[str, str]) -> str:
    """Rule × site when there are sites to compare; per team inside one site; nothing when there is one bar to draw."""
    per_site = views.rule_by_site(artifacts.findings)
    if len(per_site.columns) > 1:
        return charts.heatmap(per_site, L["chart_sites"])
    teams = artifacts.scorecards["team"]
    teams = teams[(teams["passed"] + teams["failed"]) > 0]
    if len(teams) > 1:
        shares = (teams["passed"] / (teams["passed"] + teams["failed"])).tolist()
        return charts.bars(teams["team"].astype(str).tolist(), shares, L["chart_team_bars"], L["axis_compliance"])
    return ""


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def render(artifacts: RunArtifacts, lang: str = "zh") -> str:
    """The whole page as one string (write() streams it to a file instead)."""
    return "".join(_stream(artifacts, lang))


def _rules_not_evaluated(findings: pd.DataFrame, summary: dict) -> dict[str, str]:
    """Rules judged nothing at all for a reason other than a missing dataset (those are grouped by dataset)."""
    whole = findings[(findings["status"] == "not_evaluated") & findings["record_id"].isna() & findings["subject_id"].isna()]
    blocked = {rid for rid, r in summary["rules"].items() if r.get("missing_datasets")}
    return {rid: msg for rid, msg in zip(whole["rule_id"].astype(str), whole["message"].astype(str)) if rid not in blocked}


def partly_not_evaluated(summary: dict) -> dict[str, int]:
    """Rules that had their data but could not judge some cases (no limit for a category, an uncovered year)."""
    return {rid: r["not_evaluated"] for rid, r in summary["rules"].items() if r.get("not_evaluated") and not r.get("missing_datasets")}


def missing_groups(summary: dict) -> list[dict]:
    """Per dataset missing from the export: the rules and standards it keeps from being judged (one line each)."""
    groups: dict[str, dict[str, list[str]]] = {}
    for rid, rule in summary["rules"].items():
        for name in rule.get("missing_datasets") or []:
            entry = groups.setdefault(name, {"rules": [], "standards": []})
            entry["rules"].append(rid)
            entry["standards"] += [c for c in rule.get("catalog_ids", []) if c not in entry["standards"]]
    return [{"dataset": name, **entry} for name, entry in sorted(groups.items())]


def as_of_basis(summary: dict, L: dict[str, str]) -> str:
    """How the run's as-of was chosen, in words ('' for a run written before svccheck recorded it)."""
    basis = summary.get("as_of_basis") or {}
    text = L.get(f"as_of_{basis.get('basis')}", "")
    return text.replace("{dataset}", str(basis.get("dataset"))).replace("{column}", str(basis.get("column")))


def _stream(artifacts: RunArtifacts, lang: str):
    L = labels(lang)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
    rules = artifacts.rules_table()

    def rank(person: dict) -> str:
        if _missing(person.get("team_rank")):
            return "—"
        return f"{int(person['team_rank'])} {L['of']} {int(person['team_size'])}"

    def recompute(page: dict) -> str:
        lost = [r for r in page["rules"] if not _missing(r["points_lost"]) and r["points_lost"] > 0]
        score = page["person"]["score"]
        if _missing(score):
            return L["no_score"]
        terms = " + ".join(f"{num(r['points_lost'])} ({r['rule_id']})" for r in lost) or "0"
        return f"100 − ({terms}) = {num(score)}"

    quarantine = {name: _records(table[["source_row", "reasons"]].head(20)) for name, table in artifacts.quarantine.items()}
    names = artifacts.summary.get("labels")
    gate = GateWords(names, lang)
    sections = sites.site_sections(artifacts)
    staff = artifacts.scorecards["staff"]
    last_day = (pd.Timestamp(artifacts.summary["period"]["end"]) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    return env.get_template("report.html.j2").generate(
        L=L, lang=lang, s=artifacts.summary, role=lambda name: L.get(f"role_{name}", name or ""), q=artifacts.quality, verdict=views.quality_verdict(artifacts.quality),
        status_keys=STATUS_KEYS, period_last=last_day, not_evaluated_rules=_rules_not_evaluated(artifacts.findings, artifacts.summary),
        missing_groups=missing_groups(artifacts.summary), partly_not_evaluated=partly_not_evaluated(artifacts.summary), coverage=artifacts.summary.get("coverage") or [], as_of_basis=as_of_basis(artifacts.summary, L), fmt_pct=fmt_pct, num=num, stamp=stamp, rank=rank, recompute=recompute,
        charts=_chart_set(artifacts, rules, L, lang), rules=views.rule_sections(artifacts),
        code=lambda word: i18n.code(word, lang), unit=lambda word: "" if _missing(word) else i18n.unit(word, lang), dataset=gate.dataset,
        encoding=lambda name: ENCODINGS.get(str(name), name or ""),
        check=lambda entry, name: word_check(entry, names, lang, name), skipped=lambda text: word_skipped(str(text), names, lang),
        site_pages=sections, site_ids={str(x["card"]["site_id"]) for x in sections}, all_sites=_records(artifacts.scorecards["site"]),
        team_of=sites.team_of_staff(artifacts), filter_sites=sorted(staff["site_id"].dropna().astype(str).unique()),
        filter_teams=sorted(staff["team"].dropna().astype(str).unique()),
        worst_rules=_records(rules[rules["compliance"].notna()].head(5)), worst_sites=_records(views.worst_sites(artifacts)),
        worst_people=_records(views.worst_people(artifacts)), staff_pages=views.staff_pages(artifacts), quarantine=quarantine,
        trends=trends.section(artifacts.summary, L),
    )


def write(path: Path, artifacts: RunArtifacts, lang: str = "zh") -> None:
    """Render straight into the file, piece by piece (a company-wide report is over 100 MB)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(_stream(artifacts, lang))
