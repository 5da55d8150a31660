"""Recording a run: its summary, scorecards, every non-pass finding (bulk), pass tallies, and the period's current run."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from checker.store import Store, StoreError, schema, shown

FINDING_COLUMNS = [c.name for c in schema.findings.columns]
TALLY_KEYS = ["rule_id", "severity", "staff_id", "site_id"]


@dataclass(frozen=True)
class Recorded:
    """What recording did: the run, whether it was new, and the period's current run afterwards."""

    run_id: str
    new: bool
    current_run_id: str
    findings: int


def _column_values(values: pd.Series) -> list:
    """One column as Python values a DB driver takes: text, numbers, timestamps as SQLAlchemy's SQLite text, None for missing."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        text = values.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
        return text.astype(object).where(values.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any():
        return values.astype("int64").tolist()
    if pd.api.types.is_float_dtype(values.dtype):
        return values.astype(object).where(values.notna(), None).tolist()
    return values.astype("string").astype(object).where(values.notna(), None).tolist()


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """The frame as a list of tuples, built column by column (no Python loop over rows)."""
    return list(zip(*(_column_values(frame[c]) for c in frame.columns)))


def stored_findings(findings: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """The non-pass findings as the store keeps them: the judged status, and the waiver that covers it (if any)."""
    rows = findings[findings["status"].astype("string") != "pass"]
    judged = rows["judged_status"] if "judged_status" in rows else rows["status"]
    waiver = rows["waiver"] if "waiver" in rows else pd.Series(pd.NA, index=rows.index, dtype="string")
    frame = rows.assign(run_id=run_id, status=judged.astype("string"), waiver=waiver.astype("string"))
    return frame[FINDING_COLUMNS]


def pass_tally(findings: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """Pass findings counted per rule, severity, person and site: what a rescore needs of them."""
    passed = findings.loc[findings["status"].astype("string") == "pass", TALLY_KEYS]
    table = passed.astype("string").groupby(TALLY_KEYS, dropna=False).size().rename("passed").reset_index()
    return table.assign(run_id=run_id)


def insert_frame(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """Bulk insert: COPY on PostgreSQL, one DBAPI executemany of the compiled Core insert() on SQLite; no per-row ORM objects."""
    if frame.empty:
        return
    if conn.dialect.name == "postgresql":
        _copy(conn, table, frame)
        return
    frame = frame[[c.name for c in table.columns if c.name in frame.columns]]  # the compiled statement's order
    columns = [table.c[name] for name in frame.columns]
    statement = str(table.insert().compile(dialect=conn.dialect, column_keys=[c.key for c in columns]))
    if any(isinstance(c.type, sa.JSON) for c in columns):
        conn.execute(table.insert(), frame.to_dict("records"))  # small tables only (the runs row): let SQLAlchemy serialise JSON
        return
    conn.exec_driver_sql(statement, _rows(frame))  # Core's insert(), compiled once, run as one DBAPI executemany


def _copy(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """PostgreSQL COPY FROM STDIN of the frame as CSV written by Arrow (nulls as unquoted empty fields)."""
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    arrow = arrow.cast(pa.schema([pa.field(f.name, pa.large_string() if pa.types.is_dictionary(f.type) else f.type) for f in arrow.schema]))
    buffer = io.BytesIO()
    pacsv.write_csv(arrow, buffer, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(buffer.getvalue())


def _scores(cards: dict[str, pd.DataFrame], run_id: str) -> pd.DataFrame:
    """staff, team and site scorecards in one long table (level, subject_id, name …, score, counts)."""
    parts = []
    for level, key, name in (("staff", "staff_id", "name"), ("team", "team", None), ("site", "site_id", "site_name")):
        card = cards[level]
        part = pd.DataFrame({"subject_id": card[key].astype("string"), "score": card["score"]})
        part["name"] = card[name].astype("string") if name and name in card else pd.NA
        for column in ("role", "team", "site_id"):
            part[column] = card[column].astype("string") if column in card and level == "staff" else pd.NA
        if level == "site":
            part["site_id"] = part["subject_id"]
        for column in schema.COUNT_COLUMNS:
            part[column] = card[column] if column in card else 0
        parts.append(part.assign(level=level, run_id=run_id))
    table = pd.concat(parts, ignore_index=True)
    return table[table["subject_id"].notna()].drop_duplicates(["level", "subject_id"])


def _staff_rules(cards: dict[str, pd.DataFrame], run_id: str) -> pd.DataFrame:
    table = cards["staff_rules"]
    columns = ["staff_id", "rule_id", *schema.COUNT_COLUMNS, "compliance_rate", "points_lost"]
    return table.reindex(columns=columns).fillna({c: 0 for c in schema.COUNT_COLUMNS}).assign(run_id=run_id)


def _rule_results(summary: dict, run_id: str) -> pd.DataFrame:
    rows = [{"run_id": run_id, "rule_id": rule_id, **{s: info.get(s, 0) for s in schema.STATUS_COLUMNS}, "compliance": info["compliance"]}
            for rule_id, info in summary["rules"].items()]
    return pd.DataFrame(rows)


def _run_row(result, summary: dict, findings_path: Path) -> dict:  # type: ignore[no-untyped-def]
    return {"run_id": result.run_id, "period": result.period.label, "period_start": result.period.start.to_pydatetime(),
            "period_end": result.period.end.to_pydatetime(), "as_of": result.as_of.to_pydatetime(),
            "recorded_at": pd.Timestamp.now().to_pydatetime(), "pack_name": result.pack.name, "pack_version": str(result.pack.version),
            "pack_hash": result.pack.content_hash, "export_hash": result.export_hash, "findings_path": str(findings_path.absolute()),
            "summary": summary}


def current_run(conn: Connection, period: str) -> str | None:
    row = conn.execute(sa.select(schema.periods.c.current_run_id).where(schema.periods.c.period == period)).first()
    return None if row is None else row[0]


def _mark_current(conn: Connection, result) -> str:  # type: ignore[no-untyped-def]
    """The period's current run: the recorded run with the latest as-of (then the latest recorded); the period row is locked."""
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(schema.periods)
    conn.execute(insert.values(period=result.period.label, period_start=result.period.start.to_pydatetime(),
                               current_run_id=result.run_id).on_conflict_do_nothing())
    conn.execute(sa.select(schema.periods).where(schema.periods.c.period == result.period.label).with_for_update())
    runs = schema.runs
    latest = conn.execute(sa.select(runs.c.run_id).where(runs.c.period == result.period.label)
                          .order_by(runs.c.as_of.desc(), runs.c.recorded_at.desc()).limit(1)).scalar_one()
    conn.execute(sa.update(schema.periods).where(schema.periods.c.period == result.period.label).values(current_run_id=latest))
    return latest


def record_run(store: Store, result, summary: dict, findings_path: Path) -> Recorded:  # type: ignore[no-untyped-def]
    """Record one run in one transaction. The same run (same export, pack and as-of: the same run id) again changes nothing."""
    try:
        with store.transaction() as conn:
            if conn.execute(sa.select(schema.runs.c.run_id).where(schema.runs.c.run_id == result.run_id)).first():
                return Recorded(result.run_id, False, current_run(conn, result.period.label) or result.run_id, 0)
            conn.execute(schema.runs.insert(), [_run_row(result, summary, findings_path)])
            found = stored_findings(result.findings, result.run_id)
            insert_frame(conn, schema.findings, found)
            insert_frame(conn, schema.pass_tally, pass_tally(result.findings, result.run_id))
            insert_frame(conn, schema.scores, _scores(result.scorecards, result.run_id))
            insert_frame(conn, schema.staff_rules, _staff_rules(result.scorecards, result.run_id))
            insert_frame(conn, schema.rule_results, _rule_results(summary, result.run_id))
            current = _mark_current(conn, result)
    except sa.exc.IntegrityError as exc:
        raise StoreError(f"run {result.run_id} could not be recorded ({str(exc.orig).splitlines()[0]}; another svccheck recording "
                         "the same run at the same moment does this); nothing of this attempt was kept") from None
    except sa.exc.OperationalError as exc:
        raise StoreError(f"run {result.run_id} could not be recorded in {shown(store.url)}: {str(exc.orig).splitlines()[0]}; "
                         "nothing of this attempt was kept") from None
    return Recorded(result.run_id, True, current, len(found))
