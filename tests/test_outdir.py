"""What `--out` may replace: refusals leave everything untouched; the lock, stale temporaries, signals, umask."""

import json
import os
import shutil
import signal
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import outdir
from checker.cli import main
from checker.exitcodes import ExitCode

SAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "sample"


def invoke(*args):
    return CliRunner(env={"SVCCHECK_LANG": "en"}).invoke(main, [str(a) for a in args], catch_exceptions=False)  # the reasons in English


def run(data, out, *extra):
    return invoke("run", "--data", data, "--period", "2026-10", "--out", out, "--quiet", *extra)


@pytest.fixture()
def export(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SAMPLE, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", ["export", "parent"])
def test_out_equal_to_or_above_the_export_is_refused(export, where):
    out = export if where == "export" else export.parent
    before = snapshot(export.parent)
    result = run(export, out)
    assert result.exit_code == ExitCode.USAGE
    assert "export folder" in result.output
    assert snapshot(export.parent) == before


def test_a_users_folder_is_refused_and_kept(export, tmp_path):
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "thesis.txt").write_text("three years of work", encoding="utf-8")
    result = run(export, thesis)
    assert result.exit_code == ExitCode.USAGE and "not written by svccheck" in result.output
    assert (thesis / "thesis.txt").read_text(encoding="utf-8") == "three years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "thesis"], "nothing written beside it"


@pytest.mark.parametrize("name", [".", ".."])
def test_dot_and_dotdot_are_refused(export, tmp_path, monkeypatch, name):
    inner = tmp_path / "work" / "here"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    result = run(export, name)
    assert result.exit_code == ExitCode.USAGE and "'.' or '..'" in result.output
    assert list(inner.iterdir()) == []


def test_the_current_folder_by_its_full_path_is_refused(export, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(export, tmp_path)
    assert result.exit_code == ExitCode.USAGE and "current folder" in result.output


def test_an_existing_file_is_refused_and_not_renamed(export, tmp_path):
    target = tmp_path / "afile.txt"
    target.write_text("mine", encoding="utf-8")
    result = run(export, target)
    assert result.exit_code == ExitCode.USAGE and "is a file" in result.output
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile.txt", "export"]


def test_a_symbolic_link_is_refused(export, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    result = run(export, tmp_path / "link")
    assert result.exit_code == ExitCode.USAGE and "symbolic link" in result.output


def test_a_previous_run_is_replaced_but_not_with_a_foreign_file_in_it(export, tmp_path):
    out = tmp_path / "out"
    assert run(export, out).exit_code == 0
    marker = json.loads((out / outdir.MARKER).read_text(encoding="utf-8"))
    assert marker["files"] == outdir.written_files(out) and "findings.csv" in marker["files"]
    (out / "findings.csv").write_text("stale", encoding="utf-8")
    assert run(export, out).exit_code == 0, "a folder svccheck wrote is replaced whole"
    assert (out / "findings.csv").read_text(encoding="utf-8") != "stale"
    (out / "scorecards" / "my-notes.txt").write_text("notes", encoding="utf-8")
    result = run(export, out)
    assert result.exit_code == ExitCode.USAGE and "scorecards/my-notes.txt" in result.output
    assert (out / "scorecards" / "my-notes.txt").read_text(encoding="utf-8") == "notes"


def test_an_empty_folder_is_used(export, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert run(export, out).exit_code == 0
    assert (out / "summary.json").is_file()


def test_stale_temporaries_of_killed_runs_are_removed_and_others_kept(export, tmp_path):
    out = tmp_path / "out"
    stale = tmp_path / f".out{outdir.TEMP_INFIX}killed"
    stale.mkdir()
    (stale / outdir.PARTIAL).touch()
    (stale / "findings.csv").write_text("half", encoding="utf-8")
    lookalike = tmp_path / f".out{outdir.TEMP_INFIX}mine"
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("not svccheck's", encoding="utf-8")
    assert run(export, out).exit_code == 0
    assert not stale.exists()
    assert (lookalike / "keep.txt").is_file()


def test_a_second_run_on_the_same_out_is_refused_while_the_first_holds_it(export, tmp_path):
    out = tmp_path / "out"
    with outdir.claim(out, export):
        result = run(export, out)
    assert result.exit_code == ExitCode.USAGE and "another svccheck run" in result.output
    assert not out.exists()
    assert run(export, out).exit_code == 0, "released afterwards"


def test_an_unusable_out_fails_before_the_export_is_read(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    result = run(tmp_path / "no-such-export", blocker / "out")
    assert result.exit_code == ExitCode.USAGE and "--out" in result.output and "cannot write" in result.output


def test_interrupt_exits_130_and_leaves_the_previous_output(export, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run(export, out).exit_code == 0
    before = snapshot(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("checker.report.xlsx.write", interrupted)
    result = run(export, out)
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "out", "svccheck.db"]  # the run store, recorded by the first run


def test_sigterm_while_writing_removes_the_half_built_folder(export, tmp_path, monkeypatch):
    out = tmp_path / "out"
    previous = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr("checker.report.xlsx.write", lambda *a, **k: os.kill(os.getpid(), signal.SIGTERM))
    try:
        result = run(export, out)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == ExitCode.TERMINATED == 143
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


@pytest.mark.parametrize("mask, mode", [(0o022, 0o755), (0o077, 0o700), (0o002, 0o775)])
def test_output_folder_follows_the_umask(export, tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        assert run(export, tmp_path / "out").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "out" / "summary.json").stat().st_mode) == mode & 0o666


def test_sample_refuses_a_users_folder(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "work_orders.csv").write_text("their real export", encoding="utf-8")
    result = invoke("sample", "--days", 2, "--out", mine)
    assert result.exit_code == ExitCode.USAGE
    assert (mine / "work_orders.csv").read_text(encoding="utf-8") == "their real export"


def test_an_output_folder_that_cannot_be_replaced_is_refused_and_kept(export, tmp_path, monkeypatch):
    """As on Windows with report.xlsx open in Excel: renaming the previous output fails; it stays, nothing is left over."""
    out = tmp_path / "out"
    assert run(export, out).exit_code == 0
    before, beside = (out / "findings.csv").read_bytes(), sorted(p.name for p in tmp_path.iterdir())
    real = Path.rename

    def locked(self, target):
        if self == out:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", locked)
    result = CliRunner(env={"SVCCHECK_LANG": "en"}).invoke(main, ["run", "--data", str(export), "--period", "2026-10", "--out", str(out), "--quiet"])
    assert result.exit_code == ExitCode.USAGE
    assert f"--out {out}: cannot replace it (The process cannot access the file" in result.output and "report.xlsx in Excel" in result.output
    assert (out / "findings.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == beside  # no temporary or moved-away folder left
