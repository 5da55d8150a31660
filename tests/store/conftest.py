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

PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
             default=Path("/usr/lib/postgresql/15/bin"))  # Debian's newest installed server
REPO = Path(__file__).resolve().parents[2]
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
RULES = ["repairs/REP-01.yaml", "repairs/REP-02.yaml"]
DATASETS = {"staff", "sites", "work_orders"}  # each dataset costs a data-gate pass per run


@pytest.fixture(scope="session")
def small_pack(tmp_path_factory) -> Path:
    """The shipped pack's settings with two repair rules: twelve runs stay quick."""
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
        pytest.skip("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql; .ci/run does)")
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


def _new_database(backend: str, request, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
    return new_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A URL of a new, empty store on each back-end."""
    return _new_database(request.param, request, tmp_path)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def recorded_template(request, monthly_runs, tmp_path_factory) -> str:
    """A store holding the twelve monthly runs, recorded once per back-end (tests get a copy of it)."""
    from checker import output
    from checker.exitcodes import ExitCode
    from checker.store.record import record_run

    folder = tmp_path_factory.mktemp("template")
    url = _new_database(request.param, request, folder)
    template = open_store(url)
    for result in monthly_runs:
        record_run(template, result, output.summary(result, ExitCode.OK), folder / result.period.label / "findings.parquet")
    template.close()
    return url


@pytest.fixture
def recorded(recorded_template, tmp_path):
    """A copy of the recorded store for one test: a copied SQLite file, or a PostgreSQL database made from the template."""
    if recorded_template.startswith("sqlite"):
        copy = tmp_path / "svccheck.db"
        shutil.copy(recorded_template.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    else:
        import psycopg

        server, template = recorded_template.rsplit("/", 1)
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        url = f"{server}/{name}"
    opened = open_store(url)
    yield opened
    opened.close()
