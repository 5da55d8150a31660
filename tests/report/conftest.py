"""One demo-sized run (2 sites, October 2026, Chinese) shared by the report tests; none of them writes into it."""

import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    runner = CliRunner()
    assert runner.invoke(main, ["sample", "--sites", "2", "--days", "35", "--start", "2026-09-28", "--out", str(base / "x")]).exit_code == 0
    result = runner.invoke(main, ["run", "--data", str(base / "x"), "--period", "2026-10", "--out", str(base / "run"), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    (base / "run-output.txt").write_text(result.output, encoding="utf-8")  # what the terminal showed
    return base / "run"
