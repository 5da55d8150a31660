"""What `svccheck run` does with a store: open it before the export is read, apply waivers, record the run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from checker.scoring import build_scorecards
from checker.store import Store, open_store, resolve_url, schema
from checker.store import waivers as waiver_rules
from checker.store.record import Recorded, record_run
from checker.vocabulary import SITES, STAFF


def open_for_run(given: str | None, disabled: bool, out: Path) -> tuple[str | None, Store | None]:
    """The URL a run records into (--store, $SVCCHECK_STORE, or svccheck.db beside the output folder; None with --no-store)
    and the store opened now — None while a SQLite file does not exist yet: it holds no waivers, and it is created only
    when the run is recorded, after its outputs are written (an interrupted run leaves nothing)."""
    if disabled:
        return None, None
    url = resolve_url(given, out.absolute().parent)
    assert url is not None
    database = sa.make_url(url).database if url.startswith("sqlite") else None
    if database and database != ":memory:" and not Path(database).exists() and Path(database).parent.is_dir():
        return url, None
    return url, open_store(url)


def stored_waivers(store: Store | None) -> list[waiver_rules.Waiver]:
    """The store's waivers that are not revoked, oldest first, with ids `db:N`."""
    if store is None:
        return []
    table = schema.waivers
    with store.transaction() as conn:
        rows = conn.execute(sa.select(table).where(table.c.revoked_at.is_(None)).order_by(table.c.id)).mappings().all()
    fields = ("scope", "rule_id", "finding_key", "record_id", "subject_id", "reason", "approved_by", "filed_by", "expires")
    return [waiver_rules.Waiver.model_validate({"id": f"db:{r['id']}", "from": r["date_from"], "to": r["date_to"],
                                                **{f: r[f] for f in fields}}) for r in rows]


def pack_waivers(rules_dir: Path) -> list[waiver_rules.Waiver]:
    """The rule pack's waivers.yaml, validated before the export is read (DefinitionError with file and line)."""
    return waiver_rules.load_file(rules_dir)


def in_force(store: Store | None, pack_waivers: list[waiver_rules.Waiver]) -> list[waiver_rules.Waiver]:
    """Every waiver a run or rescore applies: the pack's waivers.yaml (loaded with the pack) first, then the store's."""
    return pack_waivers + stored_waivers(store)


def with_waivers(result, waivers: list[waiver_rules.Waiver], today: dt.date | None = None):  # type: ignore[no-untyped-def]
    """The run with waived findings and its scorecards scored again (a waived finding counts as scoring.yaml says)."""
    found = waiver_rules.apply(result.findings, waivers, today or dt.date.today())
    if not (found["status"] == "waived").any():
        return dataclasses.replace(result, findings=found)
    weights = {r.rule.id: r.rule.weight for r in result.pack.rules}
    cards = build_scorecards(found, weights, result.pack.scoring, result.gate.accepted.get(STAFF), result.gate.accepted.get(SITES), result.period)
    return dataclasses.replace(result, findings=found, scorecards=cards)


def with_trends(summary: dict, store: Store | None, result) -> dict:  # type: ignore[no-untyped-def]
    """The summary with the last periods' scores per site and person (the report's trend section), when there is a store."""
    if store is None:
        return summary
    from checker.store.trends import for_run

    return {**summary, "trends": for_run(store, result)}


def record(url: str | None, store: Store | None, result, summary: dict, out: Path) -> Recorded | None:  # type: ignore[no-untyped-def]
    """Record the run (None without a store), opening (creating) the store now if it was not opened before."""
    if url is None:
        return None
    store = store or open_store(url)
    try:
        return record_run(store, result, summary, out.absolute() / "findings.parquet")
    finally:
        store.close()


def close(store: Store | None) -> None:
    if store is not None:
        store.close()


def ensure_waiver_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Findings always carry judged_status, waiver, waived_by and waiver_reason (empty when nothing is waived)."""
    return frame if "waiver" in frame else waiver_rules.apply(frame, [], dt.date.today())
