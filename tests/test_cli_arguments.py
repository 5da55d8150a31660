"""Bad command-line values are usage errors (exit 2) with a clear message, checked before any work."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main, parse_fail_on
from checker.errors import UsageError
from checker.exitcodes import ExitCode

SAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "sample"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("args, says", [
    (["--period", "0000-01"], "只判定 1970"),
    (["--period", "9999-12"], "只判定 1970"),
    (["--period", "2026-13"], "既不是月份"),
    (["--from", "garbage", "--to", "2026-10-02"], "不是日期"),
    (["--from", "2026-10-01+08:00", "--to", "2026-10-02"], "不是日期"),
    (["--period", "2026-10", "--as-of", "NaT"], "不是时间"),
    (["--period", "2026-10", "--as-of", "yesterday-ish"], "不是时间"),
    (["--period", "2026-10", "--as-of", "2026-09-30 23:59:59"], "早于期间开始"),
    (["--period", "2026-10", "--fail-on", "2"], "0 到 1"),
    (["--period", "2026-10", "--fail-on", "101%"], "0 到 1"),
    (["--period", "2026-10", "--fail-on", "nan"], "0 到 1"),
    (["--period", "2026-10", "--fail-on", "some"], "0 到 1"),
])
def test_bad_values_are_usage_errors(tmp_path, args, says):
    result = invoke("run", "--data", SAMPLE, "--out", tmp_path / "out", "--quiet", *args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert says in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, floor", [("any", "any"), ("0.95", 0.95), ("95%", 0.95), ("0", 0.0), ("1", 1.0), ("100%", 1.0), (None, None)])
def test_fail_on_floors(text, floor):
    assert parse_fail_on(text) == floor


def test_fail_on_just_above_one_is_refused():
    with pytest.raises(UsageError):
        parse_fail_on("1.0001")


def test_as_of_with_an_offset_is_read_as_site_wall_clock(tmp_path):
    """2026-10-20T02:00Z is 10:00 in Asia/Shanghai, the pack's time zone: the same run as --as-of 10:00."""
    utc = invoke("run", "--data", SAMPLE, "--period", "2026-10", "--out", tmp_path / "a", "--quiet",
                 "--as-of", "2026-10-20T02:00:00+00:00")
    local = invoke("run", "--data", SAMPLE, "--period", "2026-10", "--out", tmp_path / "b", "--quiet", "--as-of", "2026-10-20 10:00")
    assert utc.exit_code == local.exit_code == 0
    assert (tmp_path / "a" / "findings.csv").read_bytes() == (tmp_path / "b" / "findings.csv").read_bytes()


def test_as_of_exactly_at_the_period_start_is_accepted(tmp_path):
    result = invoke("run", "--data", SAMPLE, "--period", "2026-10", "--out", tmp_path / "a", "--quiet", "--as-of", "2026-10-01 00:00")
    assert result.exit_code == 0, result.output


def test_sample_with_a_bad_start_is_a_usage_error(tmp_path):
    result = invoke("sample", "--start", "garbage", "--out", tmp_path / "s")
    assert result.exit_code == ExitCode.USAGE and "--start 'garbage' 不是日期" in result.output
    assert not (tmp_path / "s").exists()


def test_version_and_rule_ids_in_any_case():
    from importlib.metadata import version

    assert invoke("--version").output.strip() == f"svccheck, version {version('svccheck')}"
    explained = invoke("rules", "explain", "hnd-02")
    assert explained.exit_code == 0 and explained.output.startswith("HND-02 — ")
    unknown = invoke("rules", "explain", "hnd-99")
    assert unknown.exit_code == ExitCode.USAGE and "没有规则 'hnd-99'" in unknown.output
