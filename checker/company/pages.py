"""The company layout of report.html: an overview of every site linking one page per site under sites/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import jinja2
import numpy as np
import pandas as pd

from checker import i18n
from checker.messages import word_findings
from checker.ops.resources import shipped
from checker.report.html import fmt_pct, num, stamp
from checker.report.labels import STATUS_KEYS, labels
from checker.report.views import compliance

WORDS = {  # key -> (zh, en)
    "company_title": ("公司总览", "Company overview"), "site_title": ("项目报告", "Site report"),
    "back": ("返回公司总览", "Back to the company overview"), "site_page": ("项目页", "Site page"),
    "all_sites": ("全部项目(按评分由低到高)", "Every site (lowest score first)"),
    "site_findings": ("本项目的非合格结果(全部)", "This site's results other than pass (all of them)"),
    "no_site": ("不属于任何项目的结果", "Results of no site"), "site_staff": ("本项目员工评分", "Staff of this site"),
    "where": ("每条结果的位置", "Where every result is"),
    "where_all": ("全部 {n} 条结果(含合格)在 findings.parquet 与 findings.csv 中。",
                  "All {n} results (pass included) are in findings.parquet and findings.csv."),
    "where_sites": ("每个项目的非合格结果全部列在其项目页(sites/ 文件夹)。", "Each site's results other than pass are all listed on its page (the sites/ folder)."),
    "where_book": ("report.xlsx 中的不合格明细共 {n} 条,分布在工作表:{sheets}。", "report.xlsx holds the {n} failed and waived results on the sheets {sheets}."),
}


def _words(lang: str) -> dict[str, str]:
    return {**labels(lang), **{k: v[0 if lang == "zh" else 1] for k, v in WORDS.items()}}


def site_files(site_ids: list[str]) -> dict[str, str]:
    """site_id -> its page, `sites/<name>.html`: the id made safe for a file name, distinct even where two ids map alike."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for site in site_ids:
        name = re.sub(r"[^\w.-]", "_", site).lstrip(".") or "site"
        stem, n = name, 2
        while stem.lower() in taken:
            stem, n = f"{name}-{n}", n + 1
        taken.add(stem.lower())
        files[site] = f"sites/{stem}.html"
    return files


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(shipped("reports")), autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals.update(fmt_pct=fmt_pct, num=num, stamp=stamp, href=lambda path: quote(path, safe="/"))
    return env


def _by_site(findings: pd.DataFrame) -> Iterator[tuple[str | None, np.ndarray]]:
    """Row positions of each site's findings (None: findings of no site), without copying the findings."""
    codes, sites = pd.factorize(findings["site_id"].astype("string"), use_na_sentinel=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(-1, len(sites) + 1))
    for k in range(-1, len(sites)):
        rows = order[bounds[k + 1]:bounds[k + 2]]
        if len(rows):
            yield (None if k < 0 else str(sites[k])), rows


def _shown(rows: pd.DataFrame, rules: dict, lang: str) -> list[dict]:
    """A site's results other than pass, worded, in the page's columns."""
    shown = rows[rows["status"] != "pass"]
    shown = shown.assign(message=word_findings(shown, rules, lang)).sort_values(["rule_id", "period_start"], kind="stable")
    return _records(shown[["rule_id", "staff_id", "subject_id", "period_start", "period_end", "status", "measured", "threshold", "unit",
                           "message", "evidence"]])


def write_pages(folder: Path, findings: pd.DataFrame, cards: dict[str, pd.DataFrame], info: dict, quality: dict, lang: str,
                book_note: dict) -> dict[str, str]:
    """report.html (the overview) and sites/<site>.html (one page per site); returns site_id -> page."""
    env, L = _environment(), _words(lang)
    unit = lambda word: "" if word is None else i18n.unit(word, lang)  # noqa: E731 - a template helper
    site_cards = cards["site"].sort_values(["score", "site_id"], na_position="last")
    ids = list(dict.fromkeys([*site_cards["site_id"].astype(str), *findings["site_id"].dropna().astype(str).unique()]))
    files = site_files(ids)
    (folder / "sites").mkdir()
    titles = {rid: r["title"][lang] for rid, r in info["rules"].items()}
    staff = {site: group.sort_values("score") for site, group in cards["staff"].groupby(cards["staff"]["site_id"].astype(str))}
    card_of = {str(c["site_id"]): c for c in _records(site_cards)}
    placed = findings.loc[findings["site_id"].notna(), ["site_id", "rule_id", "status"]]
    per_rule = {site: _records(group.drop(columns="site_id").sort_values(["compliance", "rule_id"], na_position="first"))
                for site, group in compliance(placed, ["site_id", "rule_id"]).groupby("site_id", observed=True)}
    del placed
    page = env.get_template("site.html.j2")
    none = cards["staff"].iloc[0:0]
    no_site: list[dict] = []
    seen = set()
    for site, rows in _by_site(findings):
        part = findings.iloc[rows]
        if site is None:
            no_site = _shown(part, info["rules"], lang)
            continue
        seen.add(site)
        _render(page, folder / files[site], L=L, lang=lang, s=info, site=site, card=card_of.get(site), rules=per_rule.get(site, []),
                titles=titles, staff=_records(staff.get(site, none)), findings=_shown(part, info["rules"], lang), unit=unit,
                status_keys=STATUS_KEYS)
    for site in (s for s in ids if s not in seen):  # a site on the scorecards with no finding still gets its page
        _render(page, folder / files[site], L=L, lang=lang, s=info, site=site, card=card_of.get(site), rules=[], titles=titles,
                staff=_records(staff.get(site, none)), findings=[], unit=unit, status_keys=STATUS_KEYS)
    _render(env.get_template("company.html.j2"), folder / "report.html", L=L, lang=lang, s=info, q=quality, files=files,
            sites=_records(site_cards), titles=titles, no_site=no_site, unit=unit, status_keys=STATUS_KEYS, book=book_note,
            findings_total=len(findings))
    return files


def _render(template: jinja2.Template, path: Path, **context) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(template.generate(**context))
