"""Screenshots of report.html (the overview and one staff page) for docs/, in Debian's headless Chromium.

    python scripts/screenshots.py out/demo/2026-10/report.html docs/
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main(report: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        page.goto(report.resolve().as_uri())
        page.screenshot(path=folder / "report-overview.png")
        worst = page.locator("#overview table").last.locator("a").first.get_attribute("href")
        page.locator(worst).scroll_into_view_if_needed()
        page.locator(worst).screenshot(path=folder / "report-staff.png")
        browser.close()
    print(f"wrote {folder / 'report-overview.png'} and {folder / 'report-staff.png'} (staff page {worst})")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
