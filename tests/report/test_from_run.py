"""`report --from-run` on damaged folders is a usage error naming the file; rebuilt reports follow the umask and
are listed in the folder's marker; a site id never escapes the folder."""

import json
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.exitcodes import ExitCode
from checker.outdir import MARKER

SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "sample"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("from-run") / "out"
    assert invoke("run", "--data", SAMPLE, "--period", "2026-10", "--out", out, "--quiet").exit_code == 0
    return out


@pytest.fixture()
def copy(run_dir, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(run_dir, folder)
    return folder


@pytest.mark.parametrize("damage, says", [
    (lambda f: (f / "summary.json").write_text("{not json", encoding="utf-8"), "summary.json: cannot read it"),
    (lambda f: (f / "summary.json").write_text('{"run_id": "x"}', encoding="utf-8"), "summary.json: not what svccheck writes"),
    (lambda f: (f / "findings.parquet").write_bytes(b"PAR1 garbage"), "findings.parquet: cannot read it"),
    (lambda f: pd.DataFrame({"x": [1]}).to_csv(f / "scorecards" / "staff.csv", index=False), "staff.csv: not what svccheck writes"),
    (lambda f: (f / "data_quality.json").write_bytes(b"\xff\xfe"), "data_quality.json: cannot read it"),
])
def test_a_damaged_folder_is_named_not_a_crash(copy, damage, says):
    damage(copy)
    result = invoke("report", "--from-run", copy, "--lang", "en")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert says in result.output


def test_rebuilt_reports_follow_the_umask_and_join_the_marker(copy):
    old = os.umask(0o027)
    try:
        assert invoke("report", "--from-run", copy, "--site", "S001").exit_code == 0
    finally:
        os.umask(old)
    for name in ("report-S001.html", "report-S001.xlsx"):
        assert stat.S_IMODE((copy / name).stat().st_mode) == 0o640
    listed = json.loads((copy / MARKER).read_text(encoding="utf-8"))["files"]
    assert {"report-S001.html", "report-S001.xlsx", "findings.csv"} <= set(listed)


def test_a_site_id_with_a_slash_stays_inside_the_folder(copy):
    from checker.output import rebuild_reports

    for name in ("staff", "site"):
        frame = pd.read_csv(copy / "scorecards" / f"{name}.csv", dtype=str)
        frame.loc[frame["site_id"] == "S001", "site_id"] = "../S/001"
        frame.to_csv(copy / "scorecards" / f"{name}.csv", index=False)
    found = pd.read_parquet(copy / "findings.parquet")
    found["site_id"] = found["site_id"].astype("string").replace("S001", "../S/001")
    found.to_parquet(copy / "findings.parquet", index=False)
    written = rebuild_reports(copy, "en", "../S/001")
    assert [p.name for p in written] == ["report-_S_001.html", "report-_S_001.xlsx"]
    assert all(p.parent == copy for p in written)
