"""report.xlsx: one Excel Table per sheet with translated headers and codes, names beside IDs, and print setup on every
sheet (A4 landscape, one page wide, the header row repeated, sheet name and page number in header and footer)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checker import i18n
from checker.gatewords import GateWords
from checker.report import RunArtifacts
from checker.report.html import ENCODINGS, as_of_basis
from checker.report.labels import header, labels

EXCEL_ROWS = 1_048_576  # an Excel sheet's rows, its header row included: a longer table continues on the next sheet
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
CODED = ("status", "severity", "kind")  # columns of codes, shown as words
A4, TABLE_STYLE, MAX_WIDTH = 9, "Table Style Light 9", 60
FAILURE_COLUMNS = ("rule_id", "rule_title", "catalog_ids", "kind", "severity", "site_id", "staff_id", "name", "subject_type",
                   "subject_id", "record_id", "period_start", "period_end", "status", "measured", "threshold", "unit", "message", "evidence",
                   "waiver", "waived_by", "waiver_reason")


def _words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Codes as words: statuses, severities, kinds, subject types, units and roles (vectorised per column)."""
    shown = frame.copy()
    for column in CODED:
        if column in shown:
            shown[column] = shown[column].astype("string").map(lambda v: i18n.code(v, lang), na_action="ignore")
    if "subject_type" in shown:
        shown["subject_type"] = shown["subject_type"].astype("string").map(lambda v: i18n.subject(v, lang), na_action="ignore")
    if "unit" in shown:
        shown["unit"] = shown["unit"].astype("string").map(lambda v: i18n.unit(v, lang), na_action="ignore")
    if "role" in shown:
        L = labels(lang)
        shown["role"] = shown["role"].astype("string").map(lambda v: L.get(f"role_{v}", v), na_action="ignore")
    return shown


def _named(frame: pd.DataFrame, artifacts: RunArtifacts, lang: str, at: str) -> pd.DataFrame:
    """The frame with the person's name after `staff_id` and the rule's title after `rule_id` (where they are columns)."""
    result = frame.copy()
    if "rule_id" in result and "rule_title" not in result:
        titles = {rid: info["title"][lang] for rid, info in artifacts.summary["rules"].items()}
        result.insert(result.columns.get_loc("rule_id") + 1, "rule_title", result["rule_id"].map(titles))
    staff = artifacts.scorecards["staff"]
    if at == "staff_id" and "staff_id" in result and "name" not in result and "name" in staff:
        names = dict(zip(staff["staff_id"].astype(str), staff["name"]))
        result.insert(result.columns.get_loc("staff_id") + 1, "name", result["staff_id"].astype("string").map(names))
    return result


def sheet_names(base: str, rows: int, sheet_rows: int = EXCEL_ROWS) -> list[str]:
    """The sheets a table of `rows` rows fills, `sheet_rows - 1` data rows each: base, "base 2", "base 3" …"""
    count = max(1, -(-rows // (sheet_rows - 1)))
    return [base if i == 0 else f"{base} {i + 1}" for i in range(count)]


def where_note(lang: str, rows: int, sheets: str) -> str:
    """The overview's line saying where every failed result is, and that every result is in the findings files."""
    if lang == "zh":
        return f"共 {rows:,} 条不合格/已豁免结果,全部在工作表 {sheets};全部结果(含合格)见 findings.parquet 与 findings.csv"
    return f"{rows:,} failed or waived results, all of them on the sheets {sheets}; every result (pass included) is in findings.parquet and findings.csv"


def _sheets(artifacts: RunArtifacts, lang: str, sheet_rows: int = EXCEL_ROWS) -> dict[str, pd.DataFrame]:
    s, L = artifacts.summary, labels(lang)
    overview = pd.DataFrame([
        (L["run_id"], s["run_id"]), (L["period"], s["period"]["label"]), (L["as_of"], s["as_of"].replace("T", " ")), (L["as_of"], as_of_basis(s, L)),
        (L["pack"], f"{s['rule_pack']['name']} {s['rule_pack']['version']}"), (L["overall"], s["compliance"]),
        *((L[status], count) for status, count in s["counts"].items()),
        (L["rows_read"], s["data_quality"]["rows_read"]), (L["rows_quarantined"], s["data_quality"]["rows_quarantined"]),
    ], columns=["item", "value"])
    if (s.get("calendar") or {}).get("provisional_years"):
        overview.loc[len(overview)] = [L["calendar_provisional"], ", ".join(map(str, s["calendar"]["provisional_years"]))]
    failing = artifacts.findings[artifacts.findings["status"].isin(["fail", "waived"])]  # waived ones with approver and reason
    failures = _named(failing, artifacts, lang, "staff_id")
    failures = failures[[c for c in FAILURE_COLUMNS if c in failures]]
    names = ", ".join(sheet_names(SHEETS["failures"][0 if lang == "zh" else 1], len(failures), sheet_rows))
    overview.loc[len(overview)] = [L["failures"], where_note(lang, len(failures), names)]
    rules = artifacts.rules_table().drop(columns=["title_en" if lang == "zh" else "title_zh"])
    sheets = {"summary": overview, "rules": rules, "sites": artifacts.scorecards["site"], "staff": artifacts.scorecards["staff"],
              "staff_rules": _named(artifacts.scorecards["staff_rules"], artifacts, lang, "staff_id"), "failures": failures,
              "quality": _quality(artifacts, lang), "quarantine": _quarantine(artifacts, lang),
              "coverage": _coverage(s.get("coverage") or [], L, GateWords(s.get("labels"), lang))}
    return {key: _words(frame, lang) for key, frame in sheets.items()}


def _quality(artifacts: RunArtifacts, lang: str) -> pd.DataFrame:
    """One row per dataset: its name in lang, file, encoding and row counts."""
    names = GateWords(artifacts.summary.get("labels"), lang)
    return pd.DataFrame([{"dataset": names.dataset(name), "file": Path(str(d["file"]).replace("\\", "/")).name,
                          "encoding": ENCODINGS.get(str(d.get("encoding")), d.get("encoding") or ""), "rows_read": d["rows_read"],
                          "rows_accepted": d["rows_accepted"], "rows_quarantined": d["rows_quarantined"]}
                         for name, d in artifacts.quality["datasets"].items()],
                        columns=["dataset", "file", "encoding", "rows_read", "rows_accepted", "rows_quarantined"])


def _quarantine(artifacts: RunArtifacts, lang: str) -> pd.DataFrame:
    names = GateWords(artifacts.summary.get("labels"), lang)
    parts = [t.assign(dataset=names.dataset(name))[["dataset", "source_row", "reasons"]] for name, t in artifacts.quarantine.items()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["dataset", "source_row", "reasons"])


def _coverage(rows: list[dict], L: dict[str, str], names: GateWords) -> pd.DataFrame:
    """One row per standard of the catalog: its rules and whether this run judged it (and why not)."""
    lang = names.lang
    return pd.DataFrame([{
        "cov_standard": r["id"], "cov_tier": L.get(f"tier_{r['tier']}", r["tier"]),
        "cov_measure": r.get("standard") if lang == "zh" and r.get("standard") else r.get("measure"),
        "cov_rules": ", ".join(r["rules"]), "cov_status": L.get(f"cov_{r['status']}", r["status"]),
        "missing": ", ".join(names.dataset(d) for d in r.get("missing_datasets") or []), "cov_reason": r.get("reason") or "",
    } for r in rows], columns=["cov_standard", "cov_tier", "cov_measure", "cov_rules", "cov_status", "missing", "cov_reason"])


def _print_setup(sheet, title: str) -> None:
    """A4 landscape, one page wide (as many pages tall as needed), the header row on every page, name and page number."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&A&R{title.replace('&', '&&')}")
    sheet.set_footer("&C&P / &N")


def _format_sheet(writer: pd.ExcelWriter, name: str, frame: pd.DataFrame, headers: list[str], title: str, table: str) -> None:
    """The sheet's data as an Excel Table (header row, style, filter buttons), widths fitted, number formats, colour scales."""
    book, sheet = writer.book, writer.sheets[name]
    percent, decimal = book.add_format({"num_format": "0.0%"}), book.add_format({"num_format": "0.0"})
    last = max(len(frame), 1)
    sheet.add_table(0, 0, last, max(len(headers) - 1, 0), {"columns": [{"header": h} for h in headers], "style": TABLE_STYLE, "name": table})
    sheet.freeze_panes(1, 0)
    for i, column in enumerate(frame.columns):
        if column in PERCENT:
            sheet.set_column(i, i, None, percent)
            sheet.conditional_format(1, i, last, i, _scale(0.5, 0.9, 1))
        elif column in SCORES or column == "points_lost":
            sheet.set_column(i, i, None, decimal)
        if column in SCORES:
            sheet.conditional_format(1, i, last, i, _scale(60, 90, 100))
    sheet.autofit(max_width=MAX_WIDTH * 7)  # after the formats: it keeps them and sets only the widths
    _print_setup(sheet, title)


def _scale(low: float, mid: float, high: float) -> dict:
    return {"type": "3_color_scale", "min_type": "num", "min_value": low, "min_color": "#F8696B", "mid_type": "num", "mid_value": mid,
            "mid_color": "#FFEB84", "max_type": "num", "max_value": high, "max_color": "#63BE7B"}


def write(path: Path, artifacts: RunArtifacts, lang: str = "zh", sheet_rows: int = EXCEL_ROWS) -> dict[str, list[str]]:
    """The workbook; a table longer than a sheet continues on the next ("不合格明细 2" …), no row left out.
    Returns the sheets each table fills."""
    overall = artifacts.summary["compliance"]
    title = f"{labels(lang)['title']} {artifacts.summary['period']['label']}"
    filled: dict[str, list[str]] = {}
    with pd.ExcelWriter(path, engine="xlsxwriter", datetime_format="yyyy-mm-dd hh:mm:ss", date_format="yyyy-mm-dd",
                        engine_kwargs={"options": TEXT_STAYS_TEXT}) as writer:
        for number, (key, frame) in enumerate(_sheets(artifacts, lang, sheet_rows).items(), start=1):
            headers = _unique([str(header(c, lang)) for c in frame.columns])
            names = sheet_names(SHEETS[key][0 if lang == "zh" else 1], len(frame), sheet_rows)
            for part, name in enumerate(names):
                chunk = frame.iloc[part * (sheet_rows - 1):(part + 1) * (sheet_rows - 1)]
                chunk.to_excel(writer, sheet_name=name, index=False, header=headers)
                _format_sheet(writer, name, chunk, headers, title, f"T_{number}" if part == 0 else f"T_{number}_{part + 1}")
            filled[key] = names
            if key == "summary" and overall is not None:  # the overall compliance, shown as a percentage
                part, row = divmod(int(frame.index[frame["item"] == labels(lang)["overall"]][0]), sheet_rows - 1)
                writer.sheets[names[part]].write_number(row + 1, 1, float(overall), writer.book.add_format({"num_format": "0.0%"}))
    return filled


def _unique(headers: list[str]) -> list[str]:
    """An Excel Table needs distinct header texts: a repeated one gets ' (2)'."""
    seen: dict[str, int] = {}
    result = []
    for text in headers:
        seen[text] = seen.get(text, 0) + 1
        result.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return result
