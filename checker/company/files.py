"""findings.parquet and findings.csv streamed to disk in batches: each batch worded, converted and written, then freed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from checker.messages import word_findings


def _schema(findings: pd.DataFrame) -> pa.Schema:
    """The findings' Arrow schema from the frame's dtypes (text columns as strings even when a batch holds none)."""
    empty = pa.Schema.from_pandas(findings.head(0).assign(message=pd.Series([], dtype="string")), preserve_index=False)
    fields = [f.with_type(pa.large_string()) if pa.types.is_null(f.type) or pa.types.is_string(f.type) else f for f in empty]
    return pa.schema(fields, metadata=empty.metadata)


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    """What findings.csv is written as: timestamps to the second, categories as text."""
    return pa.schema([pa.field(f.name, pa.timestamp("s") if pa.types.is_timestamp(f.type)
                               else pa.large_string() if pa.types.is_dictionary(f.type) or pa.types.is_large_string(f.type) else f.type)
                      for f in schema])


def write_findings(findings: pd.DataFrame, rules: Mapping[str, dict], lang: str, folder: Path, batch_rows: int) -> int:
    """Every finding into findings.parquet and findings.csv (UTF-8 with BOM, formula-like text neutralised), one batch
    of `batch_rows` at a time, so that no step holds a second copy of the findings. Returns the rows written."""
    from checker.output import BOM, _neutralised

    schema = _schema(findings)
    plain = _csv_schema(schema)
    columns = [*findings.columns, "message"] if "message" not in findings else list(findings.columns)
    schema = pa.schema([schema.field(c) for c in columns], metadata=schema.metadata)
    plain = pa.schema([plain.field(c) for c in columns])
    written = 0
    with pq.ParquetWriter(folder / "findings.parquet", schema) as parquet, (folder / "findings.csv").open("wb") as handle:
        handle.write(BOM)
        with pacsv.CSVWriter(handle, plain) as csv:
            for first in range(0, max(len(findings), 1), batch_rows):
                batch = findings.iloc[first:first + batch_rows]
                batch = batch.assign(message=word_findings(batch, rules, lang))[columns]
                table = pa.Table.from_pandas(batch, schema=schema, preserve_index=False)
                parquet.write_table(table)
                text = table.cast(plain)
                for i, field in enumerate(plain):
                    if pa.types.is_large_string(field.type):
                        text = text.set_column(i, field, _neutralised(text.column(i)))
                csv.write_table(text)
                written += len(batch)
    return written
