"""Prove that report.xlsx opens in LibreOffice: convert it to PDF headless and count the pages (Linux, macOS, Windows).

    python scripts/xlsx_to_pdf.py out/demo/2026-10/report.xlsx [OUTDIR]

Needs LibreOffice (Debian: apt-get install --no-install-recommends libreoffice-calc; Windows: soffice.exe on PATH).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    """Convert argv[0] into argv[1] (default: a new temporary folder); 0 when a PDF with pages came out."""
    if not argv:
        print("usage: python scripts/xlsx_to_pdf.py REPORT.xlsx [OUTDIR]", file=sys.stderr)
        return 2
    soffice = shutil.which("soffice") or shutil.which("soffice.exe")
    if soffice is None:
        print("soffice not found: apt-get install --no-install-recommends libreoffice-calc (or put soffice.exe on PATH)", file=sys.stderr)
        return 2
    xlsx = Path(argv[0]).resolve()
    outdir = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(xlsx)], check=True, capture_output=True)
    pdf = outdir / f"{xlsx.stem}.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        print(f"LibreOffice produced no PDF for {xlsx}", file=sys.stderr)
        return 1
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    print(f"{xlsx} opened in LibreOffice: {pdf}, {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
