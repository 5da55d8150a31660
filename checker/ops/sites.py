"""`calendar show --site`: the site must be one the calendar configures or the export's sites.csv lists."""

from __future__ import annotations

from pathlib import Path

from checker.calendar.config import CalendarConfig
from checker.contracts import Contract
from checker.errors import UsageError
from checker.loading import find_file, load_dataset
from checker.vocabulary import SITES
from checker.yamlsource import suggest


def export_sites(data_dir: Path, contracts: dict[str, Contract], timezone: str) -> list[str]:
    """The site ids of an export's sites file (empty cells left out)."""
    if not data_dir.is_dir():
        raise UsageError(f"--data {data_dir}: no such folder")
    path = find_file(data_dir, contracts[SITES])
    if path is None:
        raise UsageError(f"--data {data_dir}: the export has no sites file (sites.csv or {contracts[SITES].title.zh}.csv)")
    return sorted(load_dataset(path, contracts[SITES], {}, timezone).frame["site_id"].dropna().astype(str).unique())


def check_site(site: str | None, config: CalendarConfig, data_dir: Path | None, contracts: dict[str, Contract]) -> None:
    """Refuse (exit 2) a site neither the calendar nor the export knows, with the nearest known id."""
    if site is None:
        return
    known = set(config.sites) | set(export_sites(data_dir, contracts, config.timezone) if data_dir else [])
    if site in known:
        return
    where = "the calendar's sites and the export's sites.csv" if data_dir else "the calendar's sites (calendar.yaml `sites:`)"
    listed = ", ".join(sorted(known)[:20]) or "—"
    hint = "" if data_dir else "; give --data EXPORT to check it against the export's sites.csv"
    raise UsageError(f"unknown site '{site}'{suggest(site, known)}: not among {where}: {listed}{hint}")
