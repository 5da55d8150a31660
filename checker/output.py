"""Writing a run's output folder (into a claimed target, see outdir) and rebuilding its reports."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from checker import coverage
from checker.api import RunResult
from checker.calendar.provisional import calendar_status
from checker.company import DEFAULT, Scale
from checker.exitcodes import ExitCode
from checker.findings import compliance_by_rule, overall, status_counts
from checker.gatewords import contract_labels, word_reasons
from checker.messages import rule_texts, word_findings
from checker.ops.exports import unrecognised_files
from checker.outdir import MARKER, Claim, register, umask

# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_START = r"^[=+\-@\t\r]"
# Every CSV output starts with the UTF-8 byte-order mark: Excel on a Chinese Windows reads a CSV without it as GBK.
CSV_ENCODING = "utf-8-sig"
BOM = "\ufeff".encode()


def _neutralised(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text cells that a spreadsheet would run as a formula, with a leading apostrophe (`'=1+1`)."""
    risky = pc.fill_null(pc.match_substring_regex(values, FORMULA_START), False)
    return pc.if_else(risky, pc.binary_join_element_wise(pa.scalar("'", values.type), values, pa.scalar("", values.type)), values)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A frame as CSV through Arrow's C++ writer: timestamps to the second, categories as text, text cells that
    start like a formula neutralised. Numbers stay numbers (a negative measured value is written as -1.5)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    plain = [pa.field(f.name, pa.timestamp("s") if pa.types.is_timestamp(f.type)
                      else pa.large_string() if pa.types.is_dictionary(f.type) or pa.types.is_string(f.type) else f.type)
             for f in table.schema]
    table = table.cast(pa.schema(plain))
    for i, field in enumerate(table.schema):
        if pa.types.is_large_string(field.type):
            table = table.set_column(i, field, _neutralised(table.column(i)))
    with path.open("wb") as handle:
        handle.write(BOM)
        pacsv.write_csv(table, handle)


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The same neutralisation for a frame written by pandas (scorecards, quarantine)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            text = safe[column].astype("string")
            risky = text.str.match(FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                safe[column] = text.where(~risky, "'" + text)
    return safe


def _json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def data_quality(result: RunResult) -> dict:
    """Per dataset: rows read, accepted, quarantined and each expectation; the totals add up."""
    datasets = {name: asdict(q) for name, q in result.gate.quality.items()}
    read = sum(q.rows_read for q in result.gate.quality.values())
    accepted = sum(q.rows_accepted for q in result.gate.quality.values())
    quarantined = sum(q.rows_quarantined for q in result.gate.quality.values())
    return {"datasets": datasets, "missing_datasets": result.gate.missing,
            "totals": {"rows_read": read, "rows_accepted": accepted, "rows_quarantined": quarantined,
                       "adds_up": read == accepted + quarantined}}


def summary(result: RunResult, exit_status: ExitCode, lang: str = "zh") -> dict:
    """summary.json: the run, its rules (with what wording needs: title, kind, requirement, missing datasets), counts."""
    found = result.findings
    titles = {r.rule.id: r.rule for r in result.pack.rules}
    missing = {r.id: [d for d in sorted(r.columns_used()) if d in result.gate.missing] for r in titles.values()}
    texts = rule_texts(titles.values(), missing, result.contracts)
    per_rule = compliance_by_rule(found, list(titles))
    rules = {}
    for rule_id, row in per_rule.iterrows():
        rule = titles[rule_id]
        rules[rule_id] = {"catalog_ids": rule.catalog_ids, **texts[rule_id], "severity": rule.severity, "weight": rule.weight,
                          "description": rule.description, "source": [s.model_dump() for s in rule.source], **status_counts(row)}
    counts, compliance = overall(per_rule)
    not_evaluated = found[(found["status"] == "not_evaluated") & found["record_id"].isna() & found["subject_id"].isna()]
    not_evaluated = not_evaluated.assign(message=word_findings(not_evaluated, rules, lang))
    return with_exit_status({
        "run_id": result.run_id, "started_at": result.started_at.isoformat(timespec="seconds"),
        "finished_at": pd.Timestamp.now().isoformat(timespec="seconds"), "as_of": result.as_of.isoformat(),
        "as_of_basis": result.as_of_basis.describe(),
        "period": {"label": result.period.label, "start": result.period.start.isoformat(), "end": result.period.end.isoformat()},
        "rule_pack": {"name": result.pack.name, "version": result.pack.version, "content_hash": result.pack.content_hash,
                      "rules": len(result.pack.rules)},
        "export": {"folder": str(result.data_dir), "content_hash": result.export_hash},
        "counts": counts, "compliance": compliance,
        "rules": rules, "not_evaluated_rules": dict(zip(not_evaluated["rule_id"], not_evaluated["message"])),
        "scoring": result.pack.scoring.model_dump(),
        "data_quality": data_quality(result)["totals"],
        "coverage": coverage.run_coverage(result.pack.catalog, list(titles.values()), missing),
        "labels": contract_labels(result.contracts),
        "unrecognised_files": unrecognised_files(result.data_dir, result.contracts),
        "calendar": calendar_status(result.pack.calendar, result.period.start, result.period.end),
    }, exit_status)


def with_exit_status(info: dict, exit_status: ExitCode) -> dict:
    """The summary with the exit status the run ends with."""
    return {**info, "exit_status": int(exit_status), "exit_meaning": exit_status.name}


def worded_quarantine(table: pd.DataFrame, labels: dict | None, lang: str, name: str) -> pd.DataFrame:
    """Quarantined rows with their reasons in lang, and the gate's own wording kept beside them (`reason_codes`), from
    which `svccheck report --lang` words them again."""
    codes = table["reason_codes"] if "reason_codes" in table else table["reasons"]
    worded = table.drop(columns=["reasons", "reason_codes"], errors="ignore")
    at = 1 if "source_row" in worded else 0
    worded.insert(at, "reason_codes", codes)
    worded.insert(at, "reasons", word_reasons(codes, labels, lang, name))
    return worded


def outputs_note(sites: int, findings: int, failing: int, lang: str, scale: Scale) -> dict:
    """summary.json's `outputs`: the layout chosen for this run's size, and where every finding is."""
    from checker.report.xlsx import SHEETS, sheet_names

    company = scale.company(sites, findings)
    return {"layout": "company" if company else "single", "findings": findings, "findings_files": ["findings.parquet", "findings.csv"],
            "findings_csv": "every finding", "report": "overview linking sites/<site>.html" if company else "every site in report.html",
            "workbook_failures": {"rows": failing, "sheets": sheet_names(SHEETS["failures"][0 if lang == "zh" else 1], failing, scale.sheet_rows)},
            "limits": {"sites": scale.sites, "findings": scale.findings, "sheet_rows": scale.sheet_rows}}


def write_run(result: RunResult, target: Claim, info: dict, lang: str = "zh", scale: Scale = DEFAULT) -> None:
    """Write the whole output folder of outputs.md into a claimed target, with `info` (from summary()) as summary.json.

    The findings files are streamed in batches; above `scale`'s limits report.html is a company overview linking
    one page per site under sites/, and the workbook holds the failed and waived findings (on as many sheets as needed).
    """
    from checker.company.files import write_findings
    from checker.company.rebuild import write_company
    from checker.report import RunArtifacts, html, xlsx

    quality = data_quality(result)
    findings = result.findings
    failing = findings["status"].isin(["fail", "waived"])
    info = {**info, "outputs": outputs_note(len(result.scorecards["site"]), len(findings), int(failing.sum()), lang, scale)}
    quarantine = {name: worded_quarantine(table, info.get("labels"), lang, name) for name, table in result.gate.quarantine.items()}
    with target.build() as tmp:
        write_findings(findings, info["rules"], lang, tmp, scale.batch_rows)
        (tmp / "scorecards").mkdir()
        for name, table in result.scorecards.items():
            csv_safe(table).to_csv(tmp / "scorecards" / f"{name}.csv", index=False, encoding=CSV_ENCODING)
        (tmp / "quarantine").mkdir()
        for name, table in quarantine.items():
            csv_safe(table).to_csv(tmp / "quarantine" / f"{name}.csv", index=False, encoding=CSV_ENCODING)
        _json(tmp / "data_quality.json", quality)
        _json(tmp / "summary.json", info)
        if info["outputs"]["layout"] == "company":
            write_company(tmp, findings, result.scorecards, quality, info, quarantine, lang, scale.sheet_rows)
            return
        # pandas copies on write: the worded frame shares every column with the findings but `message`
        artifacts = RunArtifacts(findings.assign(message=word_findings(findings, info["rules"], lang)), result.scorecards, quality, info,
                                 quarantine)
        html.write(tmp / "report.html", artifacts, lang)
        xlsx.write(tmp / "report.xlsx", artifacts, lang, scale.sheet_rows)


def rebuild_reports(folder: Path, lang: str = "zh", site: str | None = None, mask_names: bool = False) -> list[Path]:
    """Render report.html and report.xlsx again from a run's output files (each written aside, then renamed).

    site: a report of one site only, written as report-<site>.html and report-<site>.xlsx.
    """
    from checker.report import RunArtifacts, html, xlsx

    artifacts = RunArtifacts.load(folder)
    artifacts.quarantine = {name: worded_quarantine(table, artifacts.summary.get("labels"), lang, name)
                            for name, table in artifacts.quarantine.items()}
    if mask_names:
        from checker.privacy import mask_names as hide

        artifacts.scorecards = hide(artifacts.scorecards)
    if site is None and (artifacts.summary.get("outputs") or {}).get("layout") == "company":
        from checker.company.rebuild import rebuild_company

        written = rebuild_company(folder, artifacts, lang)
        if (folder / MARKER).is_file():
            register(folder, [p.relative_to(folder).as_posix() for p in written])
        return written
    artifacts.findings = artifacts.findings.assign(message=word_findings(artifacts.findings, artifacts.summary["rules"], lang))
    stem = "report"
    if site is not None:
        artifacts, stem = artifacts.for_site(site), "report-" + re.sub(r"[^\w.-]", "_", site).lstrip(".")
    written = []
    for name, writer in ((f"{stem}.html", html.write), (f"{stem}.xlsx", xlsx.write)):
        target = folder / name
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=target.suffix, dir=folder)
        os.close(handle)
        try:
            writer(Path(temporary), artifacts, lang)
            os.chmod(temporary, 0o666 & ~umask())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(target)
    if (folder / MARKER).is_file():
        register(folder, [p.name for p in written])
    return written
