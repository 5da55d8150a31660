"""Unattended runs: relative periods, required datasets, warnings under --quiet, --fail-on, the log file and --notify."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.contracts import default_contracts_dir, load_contracts
from checker.errors import DataError, UsageError
from checker.ops import notify
from checker.ops.exports import require, unrecognised_files
from checker.ops.periods import relative_period

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = load_contracts(default_contracts_dir())
TZ = "Asia/Shanghai"


@pytest.mark.parametrize(("today", "name", "first", "last"), [
    ("2026-12-01", "yesterday", "2026-11-30", "2026-11-30"),
    ("2026-12-01", "last-month", "2026-11-01", "2026-11-30"),
    ("2026-12-01", "this-month", "2026-12-01", "2026-12-31"),
    ("2026-12-01", "month-to-date", "2026-11-01", "2026-11-30"),  # on the 1st: the whole previous month
    ("2026-12-02", "month-to-date", "2026-12-01", "2026-12-01"),
    ("2026-12-01", "last-week", "2026-11-23", "2026-11-29"),      # Tuesday of W49 -> W48, Monday to Sunday
    ("2026-11-30", "last-week", "2026-11-23", "2026-11-29"),      # a Monday
    ("2027-01-01", "last-week", "2026-12-21", "2026-12-27"),      # 2027-01-01 lies in 2026-W53
    ("2027-01-01", "last-month", "2026-12-01", "2026-12-31"),
    ("2024-03-01", "yesterday", "2024-02-29", "2024-02-29"),
])
def test_relative_periods(today, name, first, last):
    period = relative_period(name, TZ, dt.date.fromisoformat(today))
    assert (period.start.date().isoformat(), (period.end - dt.timedelta(days=1)).date().isoformat()) == (first, last)


def test_relative_period_from_the_injectable_clock_and_plain_labels(monkeypatch):
    monkeypatch.setenv("SVCCHECK_TODAY", "2026-10-01")
    assert relative_period("LAST-MONTH", TZ).label == "2026-09"
    assert relative_period("2026-10", TZ) is None
    with pytest.raises(UsageError, match="not both"):
        relative_period("yesterday", TZ, has_range=True)
    monkeypatch.setenv("SVCCHECK_TODAY", "tomorrow")
    with pytest.raises(UsageError, match="SVCCHECK_TODAY"):
        relative_period("yesterday", TZ)


def test_required_datasets_and_a_misnamed_file(tmp_path):
    for name in ("sites", "staff"):
        shutil.copy(ROOT / "datasets" / "sample" / f"{name}.csv", tmp_path)
    (tmp_path / "报修工单_20261020.xlsx").write_bytes(b"not read")
    assert unrecognised_files(tmp_path, CONTRACTS) == {"报修工单_20261020.xlsx": "报修工单.xlsx"}
    require(tmp_path, CONTRACTS, "sites, staff")
    with pytest.raises(DataError, match=r"missing from the export: work_orders \(报修工单\); .*报修工单_20261020.xlsx \(did you mean 报修工单.xlsx\?\)"):
        require(tmp_path, CONTRACTS, "sites,work_orders")
    with pytest.raises(DataError) as everything:
        require(tmp_path, CONTRACTS, "all")
    assert str(everything.value).count(",") >= len(CONTRACTS) - 3 and "sites (" not in str(everything.value)
    with pytest.raises(UsageError, match="work_order .did you mean work_orders"):
        require(tmp_path, CONTRACTS, "work_order")


class _Robot(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Robot.received.append({"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body.decode("utf-8"))})
        answer = b'{"errcode":0,"errmsg":"ok"}' if "bad" not in self.path else b'{"errcode":93000,"errmsg":"invalid webhook url"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def robot():
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send"
    server.shutdown()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The shipped core sample export and a two-rule pack (REP-01, VIS-05): a run in seconds."""
    base = tmp_path_factory.mktemp("small")
    shutil.copytree(ROOT / "datasets" / "sample", base / "export")
    (base / "pack").mkdir()
    for name in ("pack.yaml", "calendar.yaml", "scoring.yaml", "catalog.yaml", "repairs/REP-01.yaml", "visits/VIS-05.yaml"):
        shutil.copy(ROOT / "rules" / name, base / "pack")
    return base


def _run(small, out, *extra):
    return CliRunner().invoke(main, ["run", "--data", str(small / "export"), "--rules", str(small / "pack"), "--period", "2026-10",
                                     "--out", str(out), *map(str, extra)], catch_exceptions=False)


def test_a_completed_run_is_logged_and_notified(small, robot, tmp_path):
    _Robot.received.clear()
    log = tmp_path / "nightly.log"
    done = _run(small, tmp_path / "out", "--quiet", "--log-file", log, "--notify", robot + "?key=secret")
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    [sent] = _Robot.received
    assert sent["path"].endswith("?key=secret") and sent["type"].startswith("application/json")
    assert sent["json"]["msgtype"] == "markdown" and set(sent["json"]["markdown"]) == {"content"}
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    text = sent["json"]["markdown"]["content"]
    assert "exit 0 (OK)" in text and f"{summary['compliance']:.1%}" in text and summary["run_id"] in text
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "gate: work_orders" in "\n".join(lines) and "evaluate: VIS-05" in "\n".join(lines)
    assert any("timings: load_and_gate" in line for line in lines) and lines[-1].endswith("exit 0 (OK)")
    assert "secret" not in log.read_text(encoding="utf-8")


def test_a_missing_dataset_warns_under_quiet_fails_on_and_can_be_required(small, robot, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(small / "export", export)
    (export / "work_orders.csv").rename(export / "报修工单_20261020.csv")
    args = ["run", "--data", str(export), "--rules", str(small / "pack"), "--period", "2026-10", "--quiet"]
    quiet = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")], catch_exceptions=False)
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "warning: 1 dataset(s) missing from the export: work_orders; 2 rule(s) not evaluated: REP-01, VIS-05" in quiet.stderr
    assert "报修工单_20261020.csv (did you mean 报修工单.csv?)" in quiet.stderr
    failing = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--fail-on", "0"], catch_exceptions=False)
    assert failing.exit_code == 1  # a floor of 0 % cannot be crossed by compliance: the rules not evaluated cross it
    _Robot.received.clear()
    required = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "c"), "--require-datasets", "all", "--notify", robot], catch_exceptions=False)
    assert required.exit_code == 3 and not (tmp_path / "c").exists()
    assert "导出中缺少必需的数据集:" in required.stderr and "work_orders (报修工单)" in required.stderr
    assert "exit 3 (DATA)" in _Robot.received[0]["json"]["markdown"]["content"]
    assert "work_orders (报修工单)" in _Robot.received[0]["json"]["markdown"]["content"]


def test_a_failed_notification_is_a_warning_not_a_failed_run(small, robot, tmp_path):
    refused = _run(small, tmp_path / "a", "--quiet", "--notify", robot.replace("/send", "/bad"))
    assert refused.exit_code == 0 and "warning: --notify" in refused.stderr and "errcode" in refused.stderr
    closed = _run(small, tmp_path / "b", "--quiet", "--notify", "http://127.0.0.1:9/nothing-listens")
    assert closed.exit_code == 0 and "warning: --notify http://127.0.0.1:9/nothing-listens failed" in closed.stderr


def test_dingtalk_robots_get_title_and_text():
    title, text = notify.message(3, "DATA", None, ["svccheck: data gate refused the export: x"], None)
    body = notify.payload("https://oapi.dingtalk.com/robot/send?access_token=t", title, text)
    assert body == {"msgtype": "markdown", "markdown": {"title": "svccheck ?: exit 3 (DATA)", "text": text}}
    assert notify.payload("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", title, text) == {"msgtype": "markdown", "markdown": {"content": text}}


def test_calendar_show_refuses_an_unknown_site(small):
    runner = CliRunner()
    alone = runner.invoke(main, ["calendar", "show", "--site", "S999", "--from", "2026-10-01", "--to", "2026-10-02"])
    assert alone.exit_code == 2 and "未知的项目 'S999'" in alone.stderr and "--data" in alone.stderr
    near = runner.invoke(main, ["calendar", "show", "--site", "S01", "--from", "2026-10-01", "--to", "2026-10-02", "--data", str(small / "export")])
    assert near.exit_code == 2 and "是否想写 'S001'" in near.stderr
    known = runner.invoke(main, ["calendar", "show", "--site", "S001", "--from", "2026-10-01", "--to", "2026-10-02", "--data", str(small / "export")],
                          env={"SVCCHECK_LANG": "en"})
    assert known.exit_code == 0 and known.stdout.startswith("site S001")
