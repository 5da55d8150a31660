"""report.xlsx: one sheet per view; frozen headers, filters, widths, date/percent formats, conditional colours."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checker.report import RunArtifacts
from checker.report.html import as_of_basis
from checker.report.labels import header, labels

EXCEL_ROWS = 1_048_575
FAILURE_ROWS = 100_000  # beyond this a sheet helps nobody and takes minutes to write: the rest is in findings.csv
SHEETS = {  # key -> (zh, en)
    "summary": ("概览", "Summary"), "rules": ("规则", "Rules"), "sites": ("项目", "Sites"),
    "staff": ("员工评分", "Staff scores"), "staff_rules": ("员工×规则", "Staff x rule"),
    "failures": ("不合格明细", "Failures"), "quality": ("数据质量", "Data quality"), "quarantine": ("隔离数据", "Quarantine"),
    "coverage": ("标准覆盖", "Coverage"),
}
PERCENT = {"compliance", "compliance_rate"}
# Text from exports is written as text: never as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), a link or a number.
TEXT_STAYS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
SCORES = {"score"}


def _sheets(artifacts: RunArtifacts, lang: str) -> dict[str, pd.DataFrame]:
    s, L = artifacts.summary, labels(lang)
    overview = pd.DataFrame([
        (L["run_id"], s["run_id"]), (L["period"], s["period"]["label"]), (L["as_of"], s["as_of"].replace("T", " ")), (L["as_of"], as_of_basis(s, L)),
        (L["pack"], f"{s['rule_pack']['name']} {s['rule_pack']['version']}"), (L["overall"], s["compliance"]),
        *((L[status], count) for status, count in s["counts"].items()),
        (L["rows_read"], s["data_quality"]["rows_read"]), (L["rows_quarantined"], s["data_quality"]["rows_quarantined"]),
    ], columns=["item", "value"])
    if (s.get("calendar") or {}).get("provisional_years"):
        overview.loc[len(overview)] = [L["calendar_provisional"], ", ".join(map(str, s["calendar"]["provisional_years"]))]
    quality = pd.DataFrame([{k: v for k, v in d.items() if k not in ("expectations", "unknown_columns")}
                            for d in artifacts.quality["datasets"].values()])
    quarantine = pd.concat([t.assign(dataset=name)[["dataset", "source_row", "reasons"]] for name, t in artifacts.quarantine.items()],
                           ignore_index=True) if artifacts.quarantine else pd.DataFrame(columns=["dataset", "source_row", "reasons"])
    failing = artifacts.findings[artifacts.findings["status"] == "fail"]
    failures = failing.drop(columns=["run_id"]).head(FAILURE_ROWS)
    if len(failing) > FAILURE_ROWS:
        note = L["showing"].replace("{n}", f"{FAILURE_ROWS:,}").replace("{total}", f"{len(failing):,}")
        overview.loc[len(overview)] = [L["failures"], note]
    rules = artifacts.rules_table().drop(columns=["title_en" if lang == "zh" else "title_zh"])
    return {"summary": overview, "rules": rules, "sites": artifacts.scorecards["site"], "staff": artifacts.scorecards["staff"],
            "staff_rules": artifacts.scorecards["staff_rules"], "failures": failures, "quality": quality,
            "quarantine": quarantine.head(EXCEL_ROWS), "coverage": _coverage(s.get("coverage") or [], L, lang)}


def _coverage(rows: list[dict], L: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per standard of the catalog: its rules and whether this run judged it (and why not)."""
    return pd.DataFrame([{
        "cov_standard": r["id"], "cov_tier": L.get(f"tier_{r['tier']}", r["tier"]),
        "cov_measure": r.get("standard") if lang == "zh" and r.get("standard") else r.get("measure"),
        "cov_rules": ", ".join(r["rules"]), "cov_status": L.get(f"cov_{r['status']}", r["status"]),
        "missing": ", ".join(r.get("missing_datasets") or []), "cov_reason": r.get("reason") or "",
    } for r in rows], columns=["cov_standard", "cov_tier", "cov_measure", "cov_rules", "cov_status", "missing", "cov_reason"])


def _format_sheet(writer: pd.ExcelWriter, name: str, frame: pd.DataFrame) -> None:
    book, sheet = writer.book, writer.sheets[name]
    percent, decimal = book.add_format({"num_format": "0.0%"}), book.add_format({"num_format": "0.0"})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
    last = max(len(frame), 1)
    for i, column in enumerate(frame.columns):
        sample = frame[column].astype(str).head(200)
        width = min(max([len(str(header(column, "zh"))) * 2, *sample.str.len().tolist(), 8]) + 2, 60)
        if column in PERCENT:
            sheet.set_column(i, i, width, percent)
        elif column in SCORES or column == "points_lost":
            sheet.set_column(i, i, width, decimal)
        else:
            sheet.set_column(i, i, width)
        if column in PERCENT:
            sheet.conditional_format(1, i, last, i, {"type": "3_color_scale", "min_type": "num", "min_value": 0.5, "min_color": "#F8696B",
                                                      "mid_type": "num", "mid_value": 0.9, "mid_color": "#FFEB84", "max_type": "num",
                                                      "max_value": 1, "max_color": "#63BE7B"})
        if column in SCORES:
            sheet.conditional_format(1, i, last, i, {"type": "3_color_scale", "min_type": "num", "min_value": 60, "min_color": "#F8696B",
                                                      "mid_type": "num", "mid_value": 90, "mid_color": "#FFEB84", "max_type": "num",
                                                      "max_value": 100, "max_color": "#63BE7B"})


def write(path: Path, artifacts: RunArtifacts, lang: str = "zh") -> None:
    overall = artifacts.summary["compliance"]
    with pd.ExcelWriter(path, engine="xlsxwriter", datetime_format="yyyy-mm-dd hh:mm:ss", date_format="yyyy-mm-dd",
                        engine_kwargs={"options": TEXT_STAYS_TEXT}) as writer:
        for key, frame in _sheets(artifacts, lang).items():
            name = SHEETS[key][0 if lang == "zh" else 1]
            shown = frame.rename(columns=lambda c: header(c, lang))
            shown.to_excel(writer, sheet_name=name, index=False)
            _format_sheet(writer, name, frame)
            if key == "summary" and overall is not None:  # the overall compliance, shown as a percentage
                row = frame.index[frame["item"] == labels(lang)["overall"]][0] + 1
                writer.sheets[name].write_number(row, 1, float(overall), writer.book.add_format({"num_format": "0.0%"}))
