"""A data-gate refusal exits 3 every time: never the abort (134) of a native thread calling into Python at exit.

The cause: Arrow's CSV reader was handed a Python file object and, for utf-8-sig and GB18030, a Python codec, both
called from Arrow's own reader threads; one such call still running while the interpreter shut down ends in
"terminate called without an active exception". checker/csvread.py now hands Arrow a file it opens itself, in
UTF-8, so no Arrow thread calls Python. The first test checks exactly that (it failed on the old reader); the loop
runs 12 refusals, each ending in a normal interpreter shutdown (not the entry point's os._exit), where the abort
would show.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv
import pytest

from checker import csvread
from checker.exitcodes import ExitCode

TRIES = 12
SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "sample"
RULES = Path(__file__).resolve().parents[2] / "rules"
# One interpreter imports svccheck and great-expectations once (most of a try's cost), then forks a child per try
# (POSIX; the suite runs on Linux);
# each child runs the refusal and leaves by click's sys.exit: a normal interpreter shutdown, not the entry point's
# os._exit, so an Arrow thread still calling Python would abort it. The parent prints each child's status.
FORKED = """
import gc, os, sys
from checker.cli import main
from checker.gate import _frames
_frames()
gc.freeze()  # the imported modules are left out of each child's final collections: its shutdown takes 1 s, not 4
args, tries, out = sys.argv[1:-2], int(sys.argv[-2]), sys.argv[-1]
children = []
for i in range(tries):
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(f"{out}.{i}.err", os.O_WRONLY | os.O_CREAT), 2)
        main([*args, "--out", f"{out}{i}"], prog_name="svccheck")  # raises SystemExit: the interpreter shuts down
    children.append(pid)
    if len(children) == 3 or i == tries - 1:  # three at a time
        print(*(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) for child in children))
        children = []
"""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_arrow_reads_a_csv_without_calling_python_from_its_threads(tmp_path, monkeypatch, encoding):
    handed = []
    real = pyarrow.csv.read_csv

    def spy(source, *args, **kwargs):
        handed.append((source, kwargs["read_options"].encoding))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pyarrow.csv, "read_csv", spy)
    path = tmp_path / "orders.csv"
    path.write_text("工单号,受理人\nGD1,张三\nGD2,李四\n", encoding=encoding)
    frame, found, _ = csvread.read_csv(path)
    assert found == encoding and frame.values.tolist() == [["GD1", "张三"], ["GD2", "李四"]] and list(frame) == ["工单号", "受理人"]
    assert len(handed) == 1
    source, told = handed[0]
    assert isinstance(source, pa.NativeFile)  # not a Python file object, read through the GIL on Arrow's threads
    assert codecs.lookup(told).name == "utf-8"  # no transcoding through a Python codec on Arrow's threads


@pytest.fixture(scope="module")
def refused_export(tmp_path_factory) -> Path:
    """The cheapest refusal that still reads a file through Arrow: work_orders without its required 受理人工号."""
    folder = tmp_path_factory.mktemp("refused")
    orders = pd.read_csv(SAMPLE / "work_orders.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=50)
    orders.drop(columns=[c for c in orders.columns if c in ("受理人工号", "received_by")]).to_csv(
        folder / "work_orders.csv", index=False, encoding="utf-8-sig")
    pack = folder.parent / "pack"  # one rule: loading 83 would be most of each try's time
    pack.mkdir()
    for name in ("pack.yaml", "calendar.yaml", "scoring.yaml", "catalog.yaml", "repairs/REP-01.yaml"):
        shutil.copy(RULES / name, pack)
    return folder


def test_a_refusal_exits_3_every_time(refused_export, tmp_path):
    args = ["run", "--data", str(refused_export), "--rules", str(refused_export.parent / "pack"), "--period", "2026-10", "--quiet", "--lang", "en"]
    done = subprocess.run([sys.executable, "-c", FORKED, *args, str(TRIES), str(tmp_path / "out")], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    codes = [int(line) for line in done.stdout.split()]
    errors = [(tmp_path / f"out.{i}.err").read_text(encoding="utf-8") for i in range(TRIES)]
    assert codes == [ExitCode.DATA] * TRIES, (codes, done.stderr[-500:], [e[-300:] for e, c in zip(errors, codes) if c != ExitCode.DATA])
    for text in errors:  # a signal (SIGABRT: -6) would show as a negative status above
        assert "required column missing: received_by (受理人工号)" in text and "terminate called" not in text
    assert not list(tmp_path.glob("out?*[0-9]"))  # nothing written on exit 3


def test_the_entry_point_keeps_every_exit_status(refused_export, tmp_path):
    usage = subprocess.run([sys.executable, "-m", "checker", "run", "--data", str(refused_export), "--period", "2026-13", "--out", str(tmp_path / "o"),
                            "--lang", "en"], capture_output=True, text=True, encoding="utf-8")
    assert usage.returncode == ExitCode.USAGE and "--period '2026-13'" in usage.stderr
    version = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, encoding="utf-8")
    assert version.returncode == 0 and version.stdout.startswith("svccheck, version ")
