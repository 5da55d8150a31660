"""Store tests: twelve monthly runs of a small generated export (computed once), a SQLite store and a real PostgreSQL server."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import api
from checker.cli import main
from checker.period import Period
from checker.store import open_store
from checker.store.runs import with_waivers

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REPO = Path(__file__).resolve().parents[2]
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
RULES = ["repairs/REP-01.yaml", "repairs/REP-02.yaml", "visits/VIS-01.yaml", "visits/VIS-02.yaml"]
DATASETS = {"staff", "sites", "units", "work_orders", "visits"}


@pytest.fixture(scope="session")
def small_pack(tmp_path_factory) -> Path:
    """The shipped pack's settings with four rules (repairs and visits): twelve runs stay quick."""
    pack = tmp_path_factory.mktemp("pack")
    for name in ("pack.yaml", "scoring.yaml", "calendar.yaml", "catalog.yaml"):
        shutil.copy(REPO / "rules" / name, pack / name)
    for name in RULES:
        (pack / name).parent.mkdir(exist_ok=True)
        shutil.copy(REPO / "rules" / name, pack / name)
    return pack


@pytest.fixture(scope="session")
def year_export(tmp_path_factory) -> Path:
    """A generated export of one site over 2025, kept to the datasets the small pack reads."""
    base = tmp_path_factory.mktemp("year")
    made = CliRunner().invoke(main, ["sample", "--sites", "1", "--days", "365", "--start", "2025-01-01", "--seed", "3", "--out", str(base / "full")])
    assert made.exit_code == 0, made.output
    export = base / "export"
    export.mkdir()
    for path in (base / "full").iterdir():
        if path.stem in DATASETS:
            shutil.copy(path, export / path.name)
    return export


@pytest.fixture(scope="session")
def monthly_runs(year_export, small_pack) -> list:
    """The twelve monthly RunResults of the export (waiver columns added, as `svccheck run` does)."""
    definitions = api.load_definitions(small_pack)
    return [with_waivers(api.run(year_export, Period.parse(month), definitions=definitions), []) for month in MONTHS]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """Run a server binary as the `postgres` OS user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server from Debian's packages, in a temporary folder, on a free port of 127.0.0.1."""
    if not (PG_BIN / "initdb").is_file():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql; .ci/run does)")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' OS user to run the server as")
    base = Path(tempfile.mkdtemp(prefix="svccheck-pg-"))  # under /tmp: the postgres user can reach it (pytest's tmp is 0700)
    if os.geteuid() == 0:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, port = base / "data", _free_port()
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "svccheck", "--auth=trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://svccheck@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def new_postgres_database(server: str) -> str:
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A URL of a new, empty store on each back-end."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'svccheck.db'}"
    return new_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def store(store_url):
    opened = open_store(store_url)
    yield opened
    opened.close()
