"""svccheck watch against the batch: a replayed export gives the batch's fail findings; webhook format; CLI guard."""

from __future__ import annotations

import dataclasses
import http.server
import itertools
import json
import shutil
import threading

import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("durable.lang", reason="durable-rules (svccheck[live]) is not importable here")

from checker.api import load_definitions
from checker.calendar import Calendars
from checker.cli import main
from checker.evaluate import evaluate_pack
from checker.facts import apply_facts, load_facts
from checker.gate import gate_export
from checker.kinds.base import Context
from checker.period import Period
from checker.sample.export import generate, write
from checker.vocabulary import STAFF
from checker.watch import session as ws
from checker.watch.replay import reference_lines, replay_lines
from checker.watch.sinks import Webhook

# The export is 12 days of June. As-of after the export's last completion, and one mid-period (an evening, with
# records open). A batch `where` on a completion column (CMP-07: returned_at filled) sees a return made after
# as-of, which no replay up to as-of can know of: mid-period that rule is left out of the comparison.
AFTER_ALL, MID_PERIOD = pd.Timestamp("2026-06-30 12:00"), pd.Timestamp("2026-06-07 19:30")
DAILY = ("PAT-01", "PAT-02")  # judged per subject and day


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A small generated June export, gated; and the rule pack with PAT-02 as the monitor judges it (when_absent: fail)."""
    folder = tmp_path_factory.mktemp("export")
    contracts, pack = load_definitions()
    write(folder, generate(1, 12, 3, "2026-06-01", 0.1, pack), contracts, 3, 0.0, "utf-8", "csv", "en")
    rules = tmp_path_factory.mktemp("pack") / "rules"
    shutil.copytree(pack.folder, rules)
    pat02 = rules / "patrol" / "PAT-02.yaml"
    pat02.write_text(pat02.read_text(encoding="utf-8").replace("when_absent: skip", "when_absent: fail"), encoding="utf-8")
    gated = gate_export(folder, contracts, {}, None, pack.calendar.timezone).accepted
    return folder, gated, rules


@pytest.fixture(scope="module", params=[AFTER_ALL, MID_PERIOD], ids=["after-all", "mid-period"])
def replayed(request, export):
    """The batch's findings of the watched rules at as-of, and the alerts of the export replayed up to as-of."""
    _, gated, rules = export
    as_of = request.param
    contracts, pack = load_definitions(rules)
    alerts: list[dict] = []
    session = ws.open_session(None, None, alerts.append, 0.75)
    watched = {r.id for r in [*(w.rule for w in session.monitor.watched), *(d.rule for d in session.monitor.days.rules)]}
    if as_of == MID_PERIOD:
        watched.discard("CMP-07")
    only_watched = dataclasses.replace(pack, rules=[r for r in pack.rules if r.rule.id in watched])
    batch = batch_findings(gated, contracts, only_watched, as_of)
    rosters = reference_lines(gated, contracts, session.monitor.days.reference)
    ws.feed(session, "replay", itertools.chain(rosters, replay_lines(gated, contracts, session.monitor.time_columns(), as_of)))
    return batch, [a for a in alerts if a["rule"] in watched], watched


def batch_findings(gated: dict, contracts: dict, pack, as_of: pd.Timestamp) -> pd.DataFrame:
    """The batch's findings for June at as-of, from the gated export (what `run` does between the gate and scoring)."""
    ctx = Context("differential", Period.parse("2026-06"), as_of, contracts, Calendars(pack.calendar), gated.get(STAFF))
    return evaluate_pack(pack, apply_facts(load_facts(pack.folder, contracts), dict(gated), as_of), ctx)


def test_replay_breaches_equal_the_batch_fail_findings_record_for_record(replayed):
    batch, alerts, watched = replayed
    fails = batch[(batch["status"] == "fail") & batch["rule_id"].isin(watched)]
    day = fails["period_start"].dt.strftime("%Y-%m-%d").where(fails["rule_id"].isin(DAILY), "")  # subject and day
    expected = set(zip(fails["rule_id"].astype(str), fails["subject_id"].astype(str), day, strict=True))
    breaches = [(a["rule"], a["record"], a.get("window", "")) for a in alerts if a["alert"] == "breach"]
    assert len(expected) > 20 and {rule for rule, _, _ in expected} >= {"CMP-01", "REP-01", *DAILY}
    assert len(breaches) == len(set(breaches))  # each breach once
    assert set(breaches) == expected


def test_pat01_at_risk_names_the_areas_short_of_two_patrols_at_75_percent_of_the_day(replayed):
    _, alerts, _ = replayed
    risky = [a for a in alerts if a["rule"] == "PAT-01" and a["alert"] == "at_risk"]
    # the first event at or after 18:00 of the day (no ticks in a replay), before its end
    assert risky and all(f"{a['window']} 18:00:00" <= a["at"] <= f"{a['window']} 23:59:59" for a in risky)
    assert all(a["measured"] < a["required"] == 2 and a["person"] for a in risky)


def test_at_risk_alerts_precede_their_deadline_and_carry_time_left(replayed):
    _, alerts, _ = replayed
    risky = [a for a in alerts if a["alert"] == "at_risk"]
    assert risky and all(a["at"] <= a["deadline"] and a["time_left_min"] >= 0 for a in risky)
    assert all(a["clause"] and a["person"] and a["site"] for a in alerts)


class _Robot(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        _Robot.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode": 0}')

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("style", ["wecom", "dingtalk", "text"])
def test_webhook_posts_the_group_robot_format_with_export_text_as_literal(style):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Robot.received.clear()
    alert = {"alert": "breach", "rule": "CMP-01", "title": "投诉24小时内解决或答复", "record": "C-2291 **x**", "person": "S001-Q01",
             "site": "S001", "deadline": "2026-06-03 16:00:00", "time_left_min": -10.0, "clause": "FD 篇3 五"}
    try:
        Webhook(f"http://127.0.0.1:{server.server_port}/robot", style)(alert)
    finally:
        server.shutdown()
    (message,) = _Robot.received
    if style == "text":
        assert message["msgtype"] == "text" and "C-2291 **x**" in message["text"]["content"]
        return
    body = message["markdown"]["content" if style == "wecom" else "text"]
    assert message["msgtype"] == "markdown" and "`C-2291 **x**`" in body and "2026-06-03 16:00:00" in body
    assert style == "wecom" or message["markdown"]["title"] == "已超时: CMP-01 C-2291 **x**"


def test_watch_without_durable_rules_says_so_and_exits_2(monkeypatch):
    monkeypatch.setattr("checker.watch.engine.available", lambda: "durable-rules is not installed: pip install 'svccheck[live]'")
    result = CliRunner().invoke(main, ["watch", "--events", "-"])
    assert result.exit_code == 2 and "svccheck[live]" in result.output


def test_watch_needs_events_or_follow():
    result = CliRunner().invoke(main, ["watch"])
    assert result.exit_code == 2 and "--events" in result.output
