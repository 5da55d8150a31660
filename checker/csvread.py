"""Reading one CSV export as text cells: its encoding, its shape, the file's own line number of every record.

Arrow's reader takes the common case. A file it cannot take — a cell larger than its block, a
ragged row — is read again by pandas' C parser, so a clear message can name the row. Records are
numbered by the line they start on in the file, so that blank lines and cells holding line breaks
do not shift the quarantine's `source_row`.
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from checker.errors import UnreadableFileError

CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # control characters but tab, line feed and carriage return
CONTROL_BYTES = re.compile(CONTROL.encode())  # the same bytes in UTF-8 and GB18030, which use none of them in a character


def detect_encoding(path: Path) -> str:
    """utf-8-sig, utf-8 or gb18030, from the bytes of the file."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise UnreadableFileError(f"{path}: neither UTF-8 nor GB18030/GBK text") from None


def read_csv(path: Path) -> tuple[pd.DataFrame, str, bool]:
    """Every cell as text, indexed by the line each record starts on; the encoding; whether any control
    character (NUL …) is in the file, so that only then are its cells searched for them."""
    encoding = detect_encoding(path)
    try:
        frame = read_arrow(path, encoding)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises ArrowInvalid for decoding, shape and block-size problems alike
        if not (encoding.startswith("utf-8") and "UTF8" in str(exc)):
            frame = _read_slowly(path, encoding)
        else:
            encoding = "gb18030"
            frame = read_arrow(path, encoding)
    lines, control = scan(path)
    frame.index = record_lines(path, encoding, len(frame), lines)
    return frame, encoding, control


def read_arrow(path: Path, encoding: str) -> pd.DataFrame:
    """Arrow's CSV reader over a file Arrow opens itself, in UTF-8 (it skips a BOM): none of its reader threads
    calls back into Python. Handed a Python file object, or an encoding other than utf8 (even utf-8-sig), Arrow
    reads and transcodes on its own threads through Python; one still doing so when the interpreter shut down
    aborted the process ("terminate called without an active exception", exit 134). GB18030 is decoded here."""
    if encoding.startswith("utf-8"):
        source: pa.NativeFile = pa.OSFile(str(path))
    else:
        source = pa.BufferReader(path.read_bytes().decode(encoding).encode("utf-8"))
    with source:
        return pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8", engine="pyarrow")


def scan(path: Path) -> tuple[int, bool]:
    """The number of lines of a file, and whether it holds a control character, read in blocks."""
    lines, control, last = 0, False, b"\n"
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            lines += block.count(b"\n")
            control = control or CONTROL_BYTES.search(block) is not None
            last = block[-1:]
    return lines + (0 if last == b"\n" else 1), control


def _read_slowly(path: Path, encoding: str) -> pd.DataFrame:
    """pandas' C parser, which has no block size (a cell of megabytes); a ragged row is an error naming the row."""
    bad = _first_bad_row(path, encoding)
    if bad:
        raise UnreadableFileError(f"{path}: cannot read: {bad}")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, engine="c")
    except Exception as exc:  # noqa: BLE001 - pandas raises several types for a broken file
        raise UnreadableFileError(f"{path}: cannot read: {exc}") from None


def _first_bad_row(path: Path, encoding: str) -> str | None:
    """Where a CSV's shape breaks: the first row whose number of cells differs from the header's."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        line = rows.line_num
        for row in rows:
            start, line = line + 1, rows.line_num
            if row and len(row) != len(header):
                return f"row {start} has {len(row)} cells, the header has {len(header)}: {','.join(row)[:80]}"
    return None


def record_lines(path: Path, encoding: str, records: int, lines: int) -> pd.RangeIndex | pd.Index:
    """The file line on which each record starts (the header is line 1).

    When the file has exactly one line per record, that is 2, 3, …; otherwise (blank lines, cells
    with line breaks) the lines are found by reading the file once more with the csv module.
    """
    if lines == records + 1:
        return pd.RangeIndex(2, 2 + records, name="source_row")
    starts = []
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        line = rows.line_num
        for row in rows:
            if row:  # the csv module gives [] for a blank line, which Arrow skips as well
                starts.append(line + 1)
            line = rows.line_num
    if len(starts) != records:  # the two parsers disagree: keep counting records rather than guess
        return pd.RangeIndex(2, 2 + records, name="source_row")
    return pd.Index(np.asarray(starts, dtype="int64"), name="source_row")
