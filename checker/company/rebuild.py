"""The company layout's reports (workbook, overview, site pages), written by a run and rebuilt by `svccheck report --from-run`."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from checker.company import DEFAULT
from checker.messages import word_findings
from checker.outdir import umask


def write_company(folder: Path, findings: pd.DataFrame, cards: dict[str, pd.DataFrame], quality: dict, info: dict,
                  quarantine: dict[str, pd.DataFrame], lang: str, sheet_rows: int) -> None:
    """The company layout's reports into folder: the workbook of the failed and waived findings, the overview and the site pages."""
    from checker.company.pages import write_pages
    from checker.report import RunArtifacts, xlsx

    shown = findings[findings["status"].isin(["fail", "waived"])]
    book = RunArtifacts(shown.assign(message=word_findings(shown, info["rules"], lang)), cards, quality, info, quarantine)
    xlsx.write(folder / "report.xlsx", book, lang, sheet_rows)
    del book, shown
    write_pages(folder, findings, cards, info, quality, lang, info["outputs"]["workbook_failures"])


def rebuild_company(folder: Path, artifacts, lang: str) -> list[Path]:
    """Render everything aside in the folder, then move each file over its old copy (same run, same sites)."""
    rows = artifacts.summary["outputs"].get("limits", {}).get("sheet_rows", DEFAULT.sheet_rows)
    aside = Path(tempfile.mkdtemp(prefix=".svccheck-rebuild-", dir=folder))
    try:
        write_company(aside, artifacts.findings, artifacts.scorecards, artifacts.quality, artifacts.summary, artifacts.quarantine, lang, rows)
        written = []
        (folder / "sites").mkdir(exist_ok=True)
        for path in sorted(p for p in aside.rglob("*") if p.is_file()):
            target = folder / path.relative_to(aside)
            os.chmod(path, 0o666 & ~umask())
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(aside, ignore_errors=True)
