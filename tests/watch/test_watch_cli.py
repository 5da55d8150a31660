"""svccheck watch on the command line: the engine's crash reported, --out claimed, --follow, resume through the CLI."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

pytest.importorskip("durable.lang", reason="durable-rules (svccheck[live]) is not importable here")

from checker.cli import main
from checker.watch import commands

EVENTS = [json.dumps({"dataset": "complaints", "record": {"complaint_id": "C1", "site_id": "S001", "received_at": "2026-06-03 10:00",
                                                           "received_by": "S001-Q01", "severity": "minor"}}),
          json.dumps({"tick": "2026-06-04 04:00"}), json.dumps({"tick": "2026-06-04 10:00:01"})]


def test_a_crash_of_the_engine_is_reported_with_the_signal_and_exit_4(monkeypatch):
    monkeypatch.setattr(commands.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, -signal.SIGSEGV))
    result = CliRunner().invoke(main, ["watch", "--events", "-"])
    assert result.exit_code == 4 and "crashed with SIGSEGV" in result.output


def test_the_child_gets_the_same_arguments(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(commands.subprocess, "run", lambda argv, **k: seen.append(argv) or subprocess.CompletedProcess(argv, 0))
    CliRunner().invoke(main, ["watch", "--events", "e.jsonl", "--out", str(tmp_path), "--at-risk", "0.8"])
    assert seen[0][1:] == ["-m", "checker", "watch", "--events", "e.jsonl", "--out", str(tmp_path), "--at-risk", "0.8",
                           "--webhook-style", "wecom", "--poll", "2.0"]


def _watch(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "watch", *args], input=stdin, capture_output=True, text=True, check=False)


def test_out_resumes_without_repeating_and_refuses_a_folder_it_did_not_write(tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(EVENTS[:2]) + "\n", encoding="utf-8")
    out = tmp_path / "live"
    assert _watch("--events", str(events), "--out", str(out)).returncode == 0
    events.write_text("\n".join(EVENTS) + "\n", encoding="utf-8")  # the export grew by one line
    assert _watch("--events", str(events), "--out", str(out)).returncode == 0
    kinds = [(a["alert"], a["record"]) for a in map(json.loads, (out / "alerts.jsonl").read_text().splitlines()) if a["rule"] == "CMP-01"]
    assert kinds == [("at_risk", "C1"), ("breach", "C1")]
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    refused = _watch("--events", str(events), "--out", str(foreign))
    assert refused.returncode == 2 and "notes.txt" in refused.stderr and (foreign / "notes.txt").read_text() == "keep"


def test_follow_reads_the_files_of_a_folder(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(EVENTS) + "\n", encoding="utf-8")
    done = _watch("--follow", str(tmp_path), "--poll", "0.1", "--idle-exit", "0.3")
    alerts = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0
    assert [(a["alert"], a["at"]) for a in alerts if a["rule"] == "CMP-01"] == [("at_risk", "2026-06-04 04:00:00"), ("breach", "2026-06-04 10:00:01")]
