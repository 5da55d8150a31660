"""svccheck watch: at-risk and breach boundaries in event time, working time across a holiday, bad events, resume."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("durable.lang", reason="durable-rules (svccheck[live]) is not importable here")

from checker.watch import session as ws


def complaint(key: str, received: str, answered: str | None = None, valid: bool | None = True) -> str:
    record = {"complaint_id": key, "site_id": "S001", "received_at": received, "received_by": "S001-Q01",
              "severity": "minor", "valid": valid, "answered_at": answered}
    return json.dumps({"dataset": "complaints", "op": "upsert", "record": record})


def tick(moment: str) -> str:
    return json.dumps({"tick": moment})


def watch(lines: list[str], state_file=None, share: float = 0.75):
    """Alerts of CMP-01 (24 h, calendar clock) and COM-03 (3 working days), and the problems reported."""
    alerts: list[dict] = []
    session = ws.open_session(None, None, alerts.append, share, state_file)
    problems: list[tuple[int, str]] = []
    session.monitor.problem = lambda line, why: problems.append((line, why))
    ws.feed(session, "test", lines)
    ws.save(session)
    return [(a["alert"], a["rule"], a["record"], a["at"]) for a in alerts if a["rule"] in ("CMP-01", "COM-03")], problems


def test_at_risk_exactly_at_75_percent_never_before_and_breach_one_second_after():
    # received 10:00, 24 h limit: at-risk at 18 h (04:00 next day), deadline 10:00 next day inclusive
    alerts, _ = watch([complaint("C1", "2026-06-03 10:00"), tick("2026-06-04 03:59:59"), tick("2026-06-04 04:00"),
                       tick("2026-06-04 10:00"), tick("2026-06-04 10:00:01")])
    assert alerts == [("at_risk", "CMP-01", "C1", "2026-06-04 04:00:00"), ("breach", "CMP-01", "C1", "2026-06-04 10:00:01")]


def test_at_risk_goes_out_at_the_first_tick_after_its_point():
    alerts, _ = watch([complaint("C1", "2026-06-03 10:00"), tick("2026-06-04 03:00"), tick("2026-06-04 05:17")])
    assert alerts == [("at_risk", "CMP-01", "C1", "2026-06-04 05:17:00")]


def test_answer_exactly_at_the_deadline_passes_one_second_later_breaches():
    alerts, _ = watch([complaint("C1", "2026-06-03 10:00"), complaint("C2", "2026-06-03 10:00"),
                       complaint("C1", "2026-06-03 10:00", "2026-06-04 10:00"),
                       complaint("C2", "2026-06-03 10:00", "2026-06-04 10:00:01"), tick("2026-06-05 00:00")])
    assert [a for a in alerts if a[0] == "breach"] == [("breach", "CMP-01", "C2", "2026-06-04 10:00:01")]


def test_a_record_first_seen_done_and_late_is_a_breach_and_an_answered_one_is_silent():
    alerts, _ = watch([complaint("C1", "2026-06-01 10:00", "2026-06-02 10:00:01"), complaint("C2", "2026-06-01 10:00", "2026-06-02 10:00")])
    assert alerts == [("breach", "CMP-01", "C1", "2026-06-02 10:00:01")]


def test_past_the_deadline_at_the_first_tick_only_the_breach_is_sent():
    alerts, _ = watch([complaint("C1", "2026-06-03 10:00"), tick("2026-06-06 00:00")])
    assert alerts == [("breach", "CMP-01", "C1", "2026-06-06 00:00:00")]


def test_an_invalid_complaint_is_not_watched():
    alerts, _ = watch([complaint("C1", "2026-06-03 10:00", valid=False), tick("2026-06-06 00:00")])
    assert alerts == []


def test_working_time_deadline_across_the_dragon_boat_holiday():
    # 3 working days = 22.5 working hours (08:30-12:00, 13:30-17:30). Received Thu 2026-06-18 09:00:
    # Thu 7 h, Fri-Sun 19-21 June holiday, Mon 7.5 h, Tue 7.5 h, Wed 0.5 h -> deadline Wed 2026-06-24 09:00.
    # At-risk at 75 % = 16.875 h: Thu 7 + Mon 7.5 = 14.5, then 2.375 h from Tue 08:30 -> 10:52:30.
    request = {"request_id": "R1", "site_id": "S001", "received_at": "2026-06-18 09:00", "handler_id": "S001-Q01"}
    lines = [json.dumps({"dataset": "committee_requests", "record": request}), tick("2026-06-23 10:52:29"),
             tick("2026-06-23 10:52:30"), tick("2026-06-24 09:00"), tick("2026-06-24 09:00:01")]
    alerts, _ = watch(lines)
    assert alerts == [("at_risk", "COM-03", "R1", "2026-06-23 10:52:30"), ("breach", "COM-03", "R1", "2026-06-24 09:00:01")]


def test_bad_events_are_reported_with_their_line_and_the_stream_goes_on():
    lines = [complaint("C1", "2026-06-03 10:00"), '{"dataset": "no_such", "record": {}}',
             json.dumps({"dataset": "complaints", "record": {"site_id": "S001", "received_at": "2026-06-03 11:00"}}),
             complaint("C3", "yesterday afternoon"), tick("2026-06-03 12:00"), complaint("C4", "2026-06-03 11:00"),
             "not json", tick("2026-06-05 00:00")]
    alerts, problems = watch(lines)
    assert [line for line, _ in problems] == [2, 3, 4, 6, 7]
    assert "unknown dataset 'no_such'" in problems[0][1] and "no key (complaint_id)" in problems[1][1]
    assert "complaints.received_at" in problems[2][1] and "older than the watermark 2026-06-03 12:00:00" in problems[3][1]
    assert alerts == [("breach", "CMP-01", "C1", "2026-06-05 00:00:00")]


def test_a_restart_resumes_from_the_state_file_without_repeating_alerts(tmp_path):
    lines = [complaint("C1", "2026-06-03 10:00"), complaint("C2", "2026-06-03 11:00"), tick("2026-06-04 04:30"),
             complaint("C2", "2026-06-03 11:00", "2026-06-04 06:00"), tick("2026-06-04 10:30"), tick("2026-06-04 12:00")]
    whole, _ = watch(lines)
    state = tmp_path / "state.json"
    first, _ = watch(lines[:3], state)
    second, _ = watch(lines, state)  # the same stream again: the first three lines are already read
    assert first + second == whole
    assert whole == [("at_risk", "CMP-01", "C1", "2026-06-04 04:30:00"), ("at_risk", "CMP-01", "C2", "2026-06-04 06:00:00"),
                     ("breach", "CMP-01", "C1", "2026-06-04 10:30:00")]


def upsert(dataset: str, **record) -> str:
    return json.dumps({"dataset": dataset, "op": "upsert", "record": record})


ROSTER = [upsert("staff", staff_id="S001-Q01", name="王芳", role="service_staff", site_id="S001", active_from="2025-01-01"),
          upsert("areas", area_id="A1", site_id="S001", assigned_staff_id="S001-Q01"),
          upsert("areas", area_id="A2", site_id="S001", assigned_staff_id="S001-Q01")]


def patrol(key: str, area: str, started: str) -> str:
    return upsert("patrols", patrol_id=key, staff_id="S001-Q01", area_id=area, started_at=started)


def pat01(lines: list[str], state_file=None) -> list[tuple]:
    alerts: list[dict] = []
    session = ws.open_session(None, None, alerts.append, 0.75, state_file)
    ws.feed(session, "test", lines)
    ws.save(session)
    return [(a["alert"], a["record"], a["window"], a["at"], a["measured"]) for a in alerts if a["rule"] == "PAT-01"]


def test_pat01_at_risk_at_18_and_breach_at_the_end_of_a_working_day_for_the_area_short_of_two():
    # Wed 2026-06-03 is a working day: A1 patrolled twice, A2 once
    lines = [*ROSTER, patrol("P1", "A1", "2026-06-03 08:40"), patrol("P2", "A2", "2026-06-03 09:00"),
             patrol("P3", "A1", "2026-06-03 14:00"), tick("2026-06-03 17:59:59"), tick("2026-06-03 18:00"),
             tick("2026-06-03 23:59:59"), tick("2026-06-04 00:00")]
    assert pat01(lines) == [("at_risk", "A2", "2026-06-03", "2026-06-03 18:00:00", 1.0),
                            ("breach", "A2", "2026-06-03", "2026-06-04 00:00:00", 1.0)]


def test_pat01_no_finding_on_the_dragon_boat_holiday():
    assert pat01([*ROSTER, tick("2026-06-19 00:00"), tick("2026-06-20 00:00")]) == []


def test_pat01_resumed_mid_day_still_counts_the_patrols_before_the_restart(tmp_path):
    state = tmp_path / "state.json"
    first = [*ROSTER, patrol("P1", "A1", "2026-06-03 08:40"), patrol("P2", "A2", "2026-06-03 09:00")]
    assert pat01(first, state) == []
    rest = [*first, patrol("P3", "A1", "2026-06-03 14:00"), patrol("P4", "A2", "2026-06-03 15:00"), tick("2026-06-04 00:00")]
    assert pat01(rest, state) == []


def pat02(lines: list[str]) -> list[tuple]:
    alerts: list[dict] = []
    ws.feed(ws.open_session(None, None, alerts.append, 0.75), "test", lines)
    return [(a["alert"], a["record"], a["window"], a["at"], a["deadline"]) for a in alerts if a["rule"] == "PAT-02"]


def first_patrol(started: str, ended: str | None = None) -> list[str]:
    """A patrol seen when it starts, and again when it ends (its event time is then the end)."""
    record = {"patrol_id": "P1", "staff_id": "S001-Q01", "area_id": "A1", "started_at": started}
    return [upsert("patrols", **record), *([upsert("patrols", **record, ended_at=ended)] if ended else [])]


def test_pat02_no_patrol_at_risk_at_75_percent_of_the_way_to_0840_and_breach_one_second_after():
    # 75 % of 00:00-08:40 is 06:30; the first tick after 08:40 breaches; Wed 2026-06-03 is a working day
    ticks = [tick(f"2026-06-03 {t}") for t in ("06:29:59", "06:30", "08:40", "08:40:01", "12:00")]
    assert pat02([*ROSTER, *ticks]) == [("at_risk", "S001-Q01", "2026-06-03", "2026-06-03 06:30:00", "2026-06-03 08:40:00"),
                                        ("breach", "S001-Q01", "2026-06-03", "2026-06-03 08:40:01", "2026-06-03 08:40:00")]


def test_pat02_a_patrol_started_by_0840_and_ended_by_0930_is_silent_one_unended_breaches_after_0930():
    done = [*ROSTER, *first_patrol("2026-06-03 06:00"), tick("2026-06-03 08:41"),
            *first_patrol("2026-06-03 06:00", "2026-06-03 09:30")[1:], tick("2026-06-03 23:00")]
    assert pat02(done) == []
    unended = [*ROSTER, *first_patrol("2026-06-03 08:40"), tick("2026-06-03 09:30"), tick("2026-06-03 09:30:01")]
    assert pat02(unended) == [("breach", "S001-Q01", "2026-06-03", "2026-06-03 09:30:01", "2026-06-03 09:30:00")]


def test_pat02_nothing_on_the_dragon_boat_holiday():
    assert pat02([*ROSTER, tick("2026-06-19 08:41"), tick("2026-06-20 00:00")]) == []


def test_pat01_a_working_day_without_any_patrol_breaches_every_area():
    found = pat01([*ROSTER, tick("2026-06-03 18:00"), tick("2026-06-04 00:00")])
    assert sorted(found) == [("at_risk", area, "2026-06-03", "2026-06-03 18:00:00", 0.0) for area in ("A1", "A2")] + \
        [("breach", area, "2026-06-03", "2026-06-04 00:00:00", 0.0) for area in ("A1", "A2")]


def test_a_state_file_of_another_version_is_refused_and_left_untouched(tmp_path):
    from checker.errors import UsageError

    saved = tmp_path / "state.json"
    saved.write_text('{"format": "svccheck-watch-state/1", "watermark": 0}', encoding="utf-8")
    with pytest.raises(UsageError, match="svccheck-watch-state/1.*new --out"):
        ws.open_session(None, None, lambda alert: None, 0.75, saved)
    assert saved.read_text(encoding="utf-8") == '{"format": "svccheck-watch-state/1", "watermark": 0}'
