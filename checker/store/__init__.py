"""The run store: runs, scores, non-pass findings, waivers, appeals and their audit in SQLite or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from checker.errors import UsageError

ENV = "SVCCHECK_STORE"
DEFAULT_NAME = "svccheck.db"
BUSY_TIMEOUT_MS = 30_000  # a second writer waits this long for the first one's transaction
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(UsageError):
    """The store cannot be used: unreachable, of a newer schema, or asked for something it does not hold (exit 2)."""


def resolve_url(given: str | None, default_dir: Path | None = None) -> str | None:
    """--store URL, else $SVCCHECK_STORE, else svccheck.db in default_dir (None when there is no default)."""
    text = given or os.environ.get(ENV) or (str(default_dir / DEFAULT_NAME) if default_dir is not None else None)
    if not text:
        return None
    if text.startswith("postgresql://") or text.startswith("postgres://"):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).absolute()}"


def shown(url: str) -> str:
    """A URL fit for a message: its password hidden."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def _engine(url: str) -> Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"--store {url!r} is not a database URL (give a file path, sqlite:///…, or postgresql://…)") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"--store {shown(url)}: only SQLite and PostgreSQL stores are supported")
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(parsed, connect_args={"connect_timeout": 10})
    engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # transactions are begun below, as BEGIN IMMEDIATE
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock at once: writers queue, never deadlock

    return engine


def _alembic(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The newest schema revision this svccheck knows."""
    head = ScriptDirectory.from_config(_alembic(None)).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


def _migrate(conn: Connection) -> None:
    """Bring the schema to this svccheck's head; a store written by a newer svccheck is refused."""
    config = _alembic(conn)
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    current = MigrationContext.configure(conn).get_current_revision()
    if current is not None and current not in known:
        raise StoreError(f"the store has schema revision {current}, newer than this svccheck knows ({head_revision()}): "
                         "upgrade svccheck (pip install -U svccheck) to use it")
    if current != head_revision():
        command.upgrade(config, "head")


@dataclass
class Store:
    """An open, migrated store."""

    engine: Engine
    url: str

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, create: bool = True) -> Store:
    """Connect, check the schema revision and migrate. create=False: a SQLite file that does not exist is an error."""
    engine = _engine(url)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        path = Path(database)
        if not create and not path.is_file():
            raise StoreError(f"no store at {path} (record runs with `svccheck run`, or give --store / ${ENV})")
        if path.exists() and not path.is_file():
            raise StoreError(f"--store {path}: not a file")
    try:
        with engine.begin() as conn:
            _migrate(conn)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot reach the store {shown(url)}: {str(exc.orig).strip().splitlines()[0]}") from None
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"{shown(url)} is not a svccheck store: {str(exc.orig).strip().splitlines()[0]}") from None
    return Store(engine, url)
