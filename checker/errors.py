"""Exceptions raised by svccheck.

    SvccheckError                  base of everything svccheck raises on purpose
    ├── DefinitionError            a rule pack, profile, scoring policy or contract is wrong
    │                              (carries every Problem found, each with file and line)
    ├── UsageError                 a command-line argument is wrong (bad period, missing folder)
    ├── CalendarCoverageError      a date lies in a year no holiday source covers
    └── DataError                  an export cannot be used at all
        ├── UnreadableFileError    a file cannot be opened or decoded
        └── MissingColumnError     a required column is absent from a file

Findings and data-gate results are *returned* values, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a definition file, located by file and line."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class SvccheckError(Exception):
    """Base class of svccheck's own errors."""


class DefinitionError(SvccheckError):
    """A definition file (rule, profile, scoring policy, contract) is invalid."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SvccheckError):
    """A command-line argument cannot be used."""


class CalendarCoverageError(SvccheckError):
    """A date lies in a year that neither the holiday package nor rules/calendar.yaml covers."""


class DataError(SvccheckError):
    """An export file cannot be used at all."""


class UnreadableFileError(DataError):
    """A file cannot be opened, parsed or decoded."""


class MissingColumnError(DataError):
    """A required column is missing from an export file."""


class EngineError(SvccheckError):
    """A worker process or the Dask cluster failed during a run (nothing is written)."""
