"""report.xlsx: one sheet per view, frozen headers, filters, widths and formats (xlsxwriter)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checker.report import RunArtifacts

EXCEL_ROWS = 1_048_575
SHEETS = {  # key -> (zh, en)
    "summary": ("概览", "Summary"), "rules": ("规则", "Rules"), "sites": ("项目", "Sites"),
    "staff": ("员工评分", "Staff scores"), "staff_rules": ("员工×规则", "Staff x rule"),
    "failures": ("不合格明细", "Failures"), "quality": ("数据质量", "Data quality"), "quarantine": ("隔离数据", "Quarantine"),
}


def _sheets(artifacts: RunArtifacts) -> dict[str, pd.DataFrame]:
    s = artifacts.summary
    overview = pd.DataFrame([
        ("run_id", s["run_id"]), ("period", s["period"]["label"]), ("as_of", s["as_of"]),
        ("rule_pack", f"{s['rule_pack']['name']} {s['rule_pack']['version']}"), ("compliance", s["compliance"]),
        *((status, count) for status, count in s["counts"].items()),
    ], columns=["item", "value"])
    quality = pd.DataFrame([{k: v for k, v in d.items() if k != "expectations"} for d in artifacts.quality["datasets"].values()])
    quarantine = pd.concat([t.assign(dataset=name)[["dataset", "source_row", "reasons"]] for name, t in artifacts.quarantine.items()],
                           ignore_index=True) if artifacts.quarantine else pd.DataFrame(columns=["dataset", "source_row", "reasons"])
    failures = artifacts.findings[artifacts.findings["status"] == "fail"].head(EXCEL_ROWS)
    return {"summary": overview, "rules": artifacts.rules_table(), "sites": artifacts.scorecards["site"],
            "staff": artifacts.scorecards["staff"], "staff_rules": artifacts.scorecards["staff_rules"],
            "failures": failures, "quality": quality, "quarantine": quarantine.head(EXCEL_ROWS)}


def write(path: Path, artifacts: RunArtifacts, lang: str = "zh") -> None:
    with pd.ExcelWriter(path, engine="xlsxwriter", datetime_format="yyyy-mm-dd hh:mm:ss") as writer:
        for key, frame in _sheets(artifacts).items():
            name = SHEETS[key][0 if lang == "zh" else 1]
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
            for i, column in enumerate(frame.columns):
                sample = frame[column].astype(str).head(200)
                width = max([len(str(column)), *sample.str.len().tolist()] or [8])
                sheet.set_column(i, i, min(max(width + 2, 8), 60))
