"""Appeals and waivers in the store: filing, deciding, revoking, each change written to the audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection

from checker.store import Store, StoreError, audit, schema
from checker.store.waivers import Waiver

FINDING_COLUMNS = ("run_id", "finding_key", "rule_id", "staff_id", "site_id", "record_id", "status", "waiver")


def find_finding(conn: Connection, finding_key: str, run_id: str | None = None) -> dict:
    """A stored (non-pass) finding: in the given run, else in the newest current run that holds it."""
    f, p = schema.findings, schema.periods
    query = sa.select(*[f.c[c] for c in FINDING_COLUMNS]).where(f.c.finding_key == finding_key)
    if run_id is not None:
        query = query.where(f.c.run_id == run_id)
    else:
        query = query.join(p, p.c.current_run_id == f.c.run_id).order_by(p.c.period_start.desc())
    row = conn.execute(query.limit(1)).mappings().first()
    if row is None:
        where = f"run {run_id}" if run_id else "any period's current run"
        raise StoreError(f"no failing or pending finding '{finding_key}' in {where} (finding keys are in findings.csv)")
    return dict(row)


def _waiver_row(conn: Connection, waiver_id: int) -> dict:
    row = conn.execute(sa.select(schema.waivers).where(schema.waivers.c.id == waiver_id)).mappings().first()
    if row is None:
        raise StoreError(f"no waiver {waiver_id}")
    return dict(row)


def _check_subject(conn: Connection, spec: Waiver) -> None:
    """The scope names something the store holds, and nobody exempts themselves."""
    f = schema.findings
    if spec.scope == "finding":
        people = {find_finding(conn, spec.finding_key or "")["staff_id"]}
    elif spec.scope == "record":
        people = set(conn.execute(sa.select(f.c.staff_id).where(f.c.record_id == spec.record_id).distinct()).scalars())
        if not people:
            raise StoreError(f"no failing or pending finding on record '{spec.record_id}' in the store")
    else:
        people = {spec.subject_id}
    if spec.approved_by in people:
        raise StoreError(f"{spec.approved_by} cannot approve a waiver that exempts themselves; another quality manager must approve it")


def add_waiver(store: Store, by: str, scope: str, reason: str, approved_by: str, expires: str | dt.date, *, finding_key: str | None = None,
               record_id: str | None = None, rule_id: str | None = None, subject_id: str | None = None, date_from: str | None = None,
               date_to: str | None = None, appeal_id: int | None = None, conn: Connection | None = None) -> int:
    """File an approved waiver; returns its id. A waiver without approver or expiry, or exempting its approver, is refused."""
    try:
        spec = Waiver.model_validate({"id": "new", "scope": scope, "reason": reason, "approved_by": approved_by, "expires": expires,
                                      "finding_key": finding_key, "record_id": record_id, "rule_id": rule_id, "subject_id": subject_id,
                                      "from": date_from, "to": date_to, "filed_by": by})
    except ValidationError as exc:
        raise StoreError("waiver refused: " + "; ".join(f"{'.'.join(map(str, e['loc'])) or 'waiver'}: {e['msg']}" for e in exc.errors())) from None
    if conn is None:
        with store.transaction() as own:
            return _insert_waiver(own, spec, by, appeal_id)
    return _insert_waiver(conn, spec, by, appeal_id)


def _insert_waiver(conn: Connection, spec: Waiver, by: str, appeal_id: int | None) -> int:
    _check_subject(conn, spec)
    row = {"scope": spec.scope, "rule_id": spec.rule_id, "finding_key": spec.finding_key, "record_id": spec.record_id,
           "subject_id": spec.subject_id, "date_from": spec.date_from, "date_to": spec.date_to, "reason": spec.reason,
           "approved_by": spec.approved_by, "filed_by": by, "expires": spec.expires, "created_at": dt.datetime.now(), "appeal_id": appeal_id}
    waiver_id = conn.execute(schema.waivers.insert().returning(schema.waivers.c.id), [row]).scalar_one()
    audit.write(conn, by, "waiver_add", "waiver", waiver_id, None, _waiver_row(conn, waiver_id))
    return int(waiver_id)


def revoke_waiver(store: Store, waiver_id: int, by: str) -> None:
    """Revoke a waiver: it stops applying at the next run or rescore."""
    with store.transaction() as conn:
        before = _waiver_row(conn, waiver_id)
        if before["revoked_at"] is not None:
            raise StoreError(f"waiver {waiver_id} was already revoked by {before['revoked_by']} at {before['revoked_at']}")
        conn.execute(sa.update(schema.waivers).where(schema.waivers.c.id == waiver_id).values(revoked_at=dt.datetime.now(), revoked_by=by))
        audit.write(conn, by, "waiver_revoke", "waiver", waiver_id, before, _waiver_row(conn, waiver_id))


def list_waivers(store: Store, everything: bool = False) -> pd.DataFrame:
    w = schema.waivers
    query = sa.select(w).order_by(w.c.id) if everything else sa.select(w).where(w.c.revoked_at.is_(None)).order_by(w.c.id)
    with store.transaction() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in w.columns])


def _appeal_row(conn: Connection, appeal_id: int) -> dict:
    row = conn.execute(sa.select(schema.appeals).where(schema.appeals.c.id == appeal_id)).mappings().first()
    if row is None:
        raise StoreError(f"no appeal {appeal_id}")
    return dict(row)


def file_appeal(store: Store, finding_key: str, by: str, reason: str, run_id: str | None = None) -> int:
    """A staff member (or their lead) appeals a stored finding with a reason; returns the appeal's id."""
    if len(reason.strip()) < 3:
        raise StoreError("an appeal needs a reason (--reason)")
    with store.transaction() as conn:
        finding = find_finding(conn, finding_key, run_id)
        row = {"run_id": finding["run_id"], "finding_key": finding_key, "staff_id": finding["staff_id"], "filed_by": by,
               "reason": reason.strip(), "state": "open", "filed_at": dt.datetime.now()}
        appeal_id = conn.execute(schema.appeals.insert().returning(schema.appeals.c.id), [row]).scalar_one()
        audit.write(conn, by, "appeal_file", "appeal", appeal_id, None, _appeal_row(conn, appeal_id))
    return int(appeal_id)


def _open_appeal(conn: Connection, appeal_id: int, by: str) -> dict:
    appeal = _appeal_row(conn, appeal_id)
    if appeal["state"] != "open":
        raise StoreError(f"appeal {appeal_id} is already {appeal['state']} (by {appeal['decided_by']})")
    if by in (appeal["filed_by"], appeal["staff_id"]):
        raise StoreError(f"{by} cannot decide appeal {appeal_id}: it was filed by or concerns them")
    return appeal


def approve_appeal(store: Store, appeal_id: int, by: str, expires: str | dt.date, note: str | None = None) -> int:
    """Approve an open appeal: a waiver of its finding, approved by `by`, until `expires`; returns the waiver's id."""
    with store.transaction() as conn:
        appeal = _open_appeal(conn, appeal_id, by)
        reason = appeal["reason"] + (f" — {note}" if note else "")
        waiver_id = add_waiver(store, by, "finding", reason, by, expires, finding_key=appeal["finding_key"], appeal_id=appeal_id, conn=conn)
        _decide(conn, appeal, by, "approved", note, waiver_id)
    return waiver_id


def reject_appeal(store: Store, appeal_id: int, by: str, note: str) -> None:
    """Reject an open appeal with a reason."""
    if len((note or "").strip()) < 3:
        raise StoreError("rejecting an appeal needs a reason (--note)")
    with store.transaction() as conn:
        _decide(conn, _open_appeal(conn, appeal_id, by), by, "rejected", note, None)


def _decide(conn: Connection, appeal: dict, by: str, state: str, note: str | None, waiver_id: int | None) -> None:
    conn.execute(sa.update(schema.appeals).where(schema.appeals.c.id == appeal["id"])
                 .values(state=state, decided_by=by, decided_at=dt.datetime.now(), decision_note=note, waiver_id=waiver_id))
    audit.write(conn, by, f"appeal_{'approve' if state == 'approved' else 'reject'}", "appeal", appeal["id"], appeal, _appeal_row(conn, appeal["id"]))


def list_appeals(store: Store, state: str | None = None) -> pd.DataFrame:
    a = schema.appeals
    query = sa.select(a).order_by(a.c.id)
    if state:
        query = query.where(a.c.state == state)
    with store.transaction() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in a.columns])
