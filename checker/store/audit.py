"""The append-only audit trail of appeals, waivers and rescores (the database refuses UPDATE and DELETE on it)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from checker.store import Store, schema


def _jsonable(row: Any) -> Any:
    return None if row is None else json.loads(json.dumps(dict(row), default=str))


def write(conn: Connection, actor: str, action: str, entity: str, entity_id: object, before: Any = None, after: Any = None) -> None:
    """One entry: who, when, what, and the entity before and after."""
    conn.execute(schema.audit.insert(), [{"at": dt.datetime.now(), "actor": actor, "action": action, "entity": entity,
                                          "entity_id": str(entity_id), "before": _jsonable(before), "after": _jsonable(after)}])


def trail(store: Store, entity: str | None = None, entity_id: str | None = None) -> pd.DataFrame:
    """The audit entries, oldest first (optionally of one entity)."""
    a = schema.audit
    query = sa.select(a).order_by(a.c.id)
    if entity is not None:
        query = query.where(a.c.entity == entity)
    if entity_id is not None:
        query = query.where(a.c.entity_id == entity_id)
    with store.transaction() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in a.columns])
