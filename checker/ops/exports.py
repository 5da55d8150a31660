"""What an export folder holds before it is read: `--require-datasets`, and files no contract recognises."""

from __future__ import annotations

import difflib
from pathlib import Path

from checker.contracts import Contract
from checker.errors import DataError, UsageError
from checker.loading import SUFFIXES, find_file, is_regular


def unrecognised_files(folder: Path, contracts: dict[str, Contract]) -> dict[str, str]:
    """Data files (.csv, .xlsx, .parquet) of the export that no dataset is read from: {name: the nearest dataset file name}."""
    if not folder.is_dir():
        return {}
    known = {p.name for c in contracts.values() if (p := find_file(folder, c)) is not None}
    names = [f"{stem}{suffix}" for c in contracts.values() for stem in (c.dataset, c.title.zh) for suffix in SUFFIXES]
    odd = sorted(p.name for p in folder.iterdir()
                 if p.suffix.lower() in SUFFIXES and p.name not in known and not p.name.startswith(".") and is_regular(p))
    return {name: next(iter(difflib.get_close_matches(name, names, n=1, cutoff=0.3)), "") for name in odd}


def describe_unrecognised(files: dict[str, str]) -> str:
    """`报修工单_20261020.xlsx (did you mean 报修工单.xlsx?)`, one per file."""
    return ", ".join(f"{name} (did you mean {near}?)" if near else name for name, near in files.items())


def require(folder: Path, contracts: dict[str, Contract], spec: str | None) -> None:
    """`--require-datasets all|a,b`: exit 3 (DataError) naming each required dataset the export lacks, before anything is read."""
    if not spec:
        return
    wanted = sorted(contracts) if spec.strip().lower() == "all" else [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in contracts]
    if unknown:
        hints = {n: difflib.get_close_matches(n, list(contracts), n=1) for n in unknown}
        raise UsageError("--require-datasets names unknown datasets: "
                         + ", ".join(f"{n} (did you mean {h[0]}?)" if h else n for n, h in hints.items()))
    absent = [n for n in wanted if not folder.is_dir() or find_file(folder, contracts[n]) is None]
    if absent:
        odd = unrecognised_files(folder, contracts)
        extra = f"; files in the export that are no dataset: {describe_unrecognised(odd)}" if odd else ""
        raise DataError(f"{folder}: required datasets missing from the export: "
                        + ", ".join(f"{n} ({contracts[n].title.zh})" for n in absent) + extra)
