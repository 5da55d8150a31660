#!/usr/bin/env bash
# Prove that report.xlsx opens in LibreOffice: convert it to PDF headless and count the pages.
#   scripts/xlsx_to_pdf.sh out/demo/2026-10/report.xlsx [OUTDIR]
# Needs Debian's libreoffice-calc (apt-get install --no-install-recommends libreoffice-calc).
set -euo pipefail
xlsx=${1:?usage: scripts/xlsx_to_pdf.sh REPORT.xlsx [OUTDIR]}
outdir=${2:-$(mktemp -d)}
command -v soffice >/dev/null || { echo "soffice not found: apt-get install --no-install-recommends libreoffice-calc" >&2; exit 2; }
profile=$(mktemp -d)
soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$outdir" "$xlsx" >/dev/null
pdf="$outdir/$(basename "${xlsx%.xlsx}").pdf"
[ -s "$pdf" ] || { echo "LibreOffice produced no PDF for $xlsx" >&2; exit 1; }
pages=$(python3 -c "import re,sys; print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1],'rb').read())))" "$pdf")
echo "$xlsx opened in LibreOffice: $pdf, $pages pages"
rm -rf "$profile"
