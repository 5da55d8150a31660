"""`svccheck report --from-run` for a run written in the company layout: the overview, the site pages and the workbook again."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from checker.company import DEFAULT
from checker.messages import word_findings
from checker.outdir import umask


def rebuild_company(folder: Path, artifacts, lang: str) -> list[Path]:
    """Render everything aside in the folder, then move each file over its old copy (same run, same sites)."""
    from checker.company.pages import write_pages
    from checker.report import RunArtifacts, xlsx

    note = artifacts.summary["outputs"]
    rows = note.get("limits", {}).get("sheet_rows", DEFAULT.sheet_rows)
    aside = Path(tempfile.mkdtemp(prefix=".svccheck-rebuild-", dir=folder))
    try:
        failing = artifacts.findings[artifacts.findings["status"].isin(["fail", "waived"])]
        book = RunArtifacts(failing.assign(message=word_findings(failing, artifacts.summary["rules"], lang)), artifacts.scorecards,
                            artifacts.quality, artifacts.summary, artifacts.quarantine)
        xlsx.write(aside / "report.xlsx", book, lang, rows)
        write_pages(aside, artifacts.findings, artifacts.scorecards, artifacts.summary, artifacts.quality, lang, note["workbook_failures"])
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
