"""Outputs that fit a company: when a run is too big for one page or one sheet, and how its files are laid out."""

from __future__ import annotations

from dataclasses import dataclass

EXCEL_ROWS = 1_048_576  # rows of an Excel sheet, the header row included
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Scale:
    """The limits a run's outputs respect. Above `sites` sites or `findings` findings a run writes a company overview
    (report.html linking one page per site under sites/) instead of one page holding everything; a workbook sheet
    holds at most `sheet_rows` rows (its header row included) and continues on the next sheet."""

    sites: int = 50
    findings: int = 500_000
    sheet_rows: int = EXCEL_ROWS
    batch_rows: int = 250_000  # findings worded and written per batch (findings.parquet, findings.csv)

    def company(self, sites: int, findings: int) -> bool:
        """Whether a run of this many sites and findings gets the company layout (exactly at a limit: not yet)."""
        return sites > self.sites or findings > self.findings


DEFAULT = Scale()
