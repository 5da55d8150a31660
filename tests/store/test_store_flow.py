"""The issue's "done when" flow on SQLite and on PostgreSQL: twelve monthly runs, history, a waiver, rescore, the audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from checker.store import StoreError, audit, schema
from checker.store.exceptions import add_waiver, approve_appeal, file_appeal, list_appeals, list_waivers
from checker.store.history import diff, rule_history, subject_history
from checker.store.record import record_run
from checker.store.rescore import rescore

SEVERITY = {"critical": 3.0, "major": 2.0, "minor": 1.0}  # rules/scoring.yaml, read by hand
VALUE = {"pass": 1.0, "fail": 0.0, "waived": 1.0}


def count_rows(store, table) -> int:
    with store.transaction() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def by_hand_score(findings: pd.DataFrame, weights: dict[str, float], person: str) -> tuple[float, float]:
    """(earned, counted) weight of one person's findings, from the findings themselves (README, "Scores")."""
    mine = findings[(findings["staff_id"] == person) & findings["status"].astype(str).isin(list(VALUE))]
    weight = mine["rule_id"].astype(str).map(weights) * mine["severity"].astype(str).map(SEVERITY)
    return float((weight * mine["status"].astype(str).map(VALUE)).sum()), float(weight.sum())


def a_failing_finding(result) -> pd.Series:
    """A failed finding of a scored person who has other counted findings."""
    found = result.findings
    fails = found[(found["status"] == "fail") & found["staff_id"].notna()]
    return fails.iloc[len(fails) // 2]


def test_history_staff_shows_the_twelve_runs_scores(recorded, monthly_runs):
    person = a_failing_finding(monthly_runs[0])["staff_id"]
    history = subject_history(recorded, "staff", person)
    expected = [float(r.scorecards["staff"].set_index("staff_id").loc[person, "score"]) for r in monthly_runs]
    assert list(history["period"]) == [r.period.label for r in monthly_runs]
    assert history["score"].tolist() == pytest.approx(expected, nan_ok=True)
    assert history["change"].iloc[1] == pytest.approx(round(expected[1] - expected[0], 4))
    half = subject_history(recorded, "staff", person, "2025-03", "2025-05")
    assert list(half["period"]) == ["2025-03", "2025-04", "2025-05"]
    site = subject_history(recorded, "site", "S001")
    assert site["score"].tolist() == pytest.approx([float(r.scorecards["site"].set_index("site_id").loc["S001", "score"]) for r in monthly_runs])
    rule = rule_history(recorded, "REP-01")
    by_hand = []
    for r in monthly_runs:
        statuses = r.findings.loc[r.findings["rule_id"] == "REP-01", "status"].astype(str)
        by_hand.append((statuses == "pass").sum() / statuses.isin(["pass", "fail"]).sum())
    assert rule["compliance"].tolist() == pytest.approx(by_hand, abs=1e-4)


def test_recording_the_same_run_again_changes_nothing(recorded, monthly_runs, tmp_path):
    before = (count_rows(recorded, schema.runs), count_rows(recorded, schema.findings), count_rows(recorded, schema.scores))
    again = record_run(recorded, monthly_runs[3], {"rules": {}}, tmp_path / "again" / "findings.parquet")
    assert not again.new and again.current_run_id == monthly_runs[3].run_id
    assert (count_rows(recorded, schema.runs), count_rows(recorded, schema.findings), count_rows(recorded, schema.scores)) == before
    assert before[1] == sum(int((r.findings["status"] != "pass").sum()) for r in monthly_runs)  # every non-pass finding, no pass


def test_an_approved_appeal_raises_exactly_that_persons_score_after_rescore(recorded, monthly_runs, small_pack):
    june = monthly_runs[5]
    finding = a_failing_finding(june)
    person, key = finding["staff_id"], finding["finding_key"]
    weights = {r.rule.id: r.rule.weight for r in june.pack.rules}
    earned, counted = by_hand_score(june.findings, weights, person)
    cost = weights[finding["rule_id"]] * SEVERITY[finding["severity"]]
    others = june.scorecards["staff"].set_index("staff_id")["score"].drop(person)

    appeal_id = file_appeal(recorded, key, person, "I was on approved leave that day (HR-2025-118)")
    with pytest.raises(StoreError, match="cannot decide"):
        approve_appeal(recorded, appeal_id, person, "2099-12-31")  # a self-approval
    waiver_id = approve_appeal(recorded, appeal_id, "QM01", "2099-12-31", "leave confirmed by HR")
    outcome = rescore(recorded, "2025-06", small_pack, "QM01")

    after = subject_history(recorded, "staff", person).set_index("period")["score"]
    assert after["2025-06"] == pytest.approx(round(100 * (earned + cost) / counted, 1))
    assert after["2025-06"] - round(100 * earned / counted, 1) == pytest.approx(100 * cost / counted, abs=0.1)  # two roundings to 0.1
    assert after["2025-05"] == pytest.approx(float(monthly_runs[4].scorecards["staff"].set_index("staff_id").loc[person, "score"]), nan_ok=True)
    assert outcome["waived"] == 1 and f"staff:{person}" in outcome["moved"]
    now = pd.DataFrame([(s, v) for s, v in ((sid, subject_history(recorded, "staff", sid).set_index("period")["score"].get("2025-06"))
                                            for sid in others.dropna().index[:5])], columns=["staff_id", "score"]).set_index("staff_id")["score"]
    assert now.tolist() == pytest.approx(others.loc[now.index].tolist())  # nobody else moved
    trail = audit.trail(recorded)
    assert trail["action"].tolist() == ["appeal_file", "waiver_add", "appeal_approve", "rescore"]
    approve = trail.iloc[2]
    assert approve["actor"] == "QM01" and approve["before"]["state"] == "open" and approve["after"]["state"] == "approved"
    assert trail.iloc[1]["after"]["finding_key"] == key and trail.iloc[1]["entity_id"] == str(waiver_id)
    rescored = trail.iloc[3]
    assert rescored["before"]["scores"][f"staff:{person}"] == pytest.approx(round(100 * earned / counted, 1))
    assert rescored["after"]["scores"][f"staff:{person}"] == pytest.approx(after["2025-06"])


def test_a_waiver_stops_applying_when_it_has_expired(recorded, monthly_runs, small_pack):
    march = monthly_runs[2]
    finding = a_failing_finding(march)
    judged = float(march.scorecards["staff"].set_index("staff_id").loc[finding["staff_id"], "score"])
    add_waiver(recorded, "QM02", "finding", "system outage on that night", "QM02", "2025-12-31", finding_key=finding["finding_key"])
    rescore(recorded, "2025-03", small_pack, "QM02", today=dt.date(2025, 12, 31))
    assert subject_history(recorded, "staff", finding["staff_id"]).set_index("period")["score"]["2025-03"] > judged
    rescore(recorded, "2025-03", small_pack, "QM02", today=dt.date(2026, 1, 1))
    assert subject_history(recorded, "staff", finding["staff_id"]).set_index("period")["score"]["2025-03"] == pytest.approx(judged)


def test_a_rescore_without_waivers_reproduces_the_recorded_scores(recorded, monthly_runs, small_pack):
    before = subject_history(recorded, "site", "S001")["score"].tolist()
    outcome = rescore(recorded, "2025-08", small_pack, "svccheck")
    assert outcome["moved"] == {} and outcome["waived"] == 0
    august = monthly_runs[7].scorecards["staff"]
    for row in august.dropna(subset=["score"]).head(8).itertuples():
        assert subject_history(recorded, "staff", row.staff_id).set_index("period")["score"]["2025-08"] == pytest.approx(row.score)
    assert subject_history(recorded, "site", "S001")["score"].tolist() == pytest.approx(before)


def test_diff_names_findings_newly_failing_and_passing(recorded, monthly_runs):
    a, b = monthly_runs[0], monthly_runs[1]
    parts = diff(recorded, a.run_id, b.run_id)
    fails = lambda r: set(r.findings.loc[r.findings["status"] == "fail", "finding_key"])  # noqa: E731
    assert set(parts["newly_failing"]["finding_key"]) == fails(b) - fails(a)
    assert set(parts["newly_passing"]["finding_key"]) == fails(a) - fails(b)
    moved = parts["scores_moved"].set_index(["level", "subject_id"])
    staff_a, staff_b = (r.scorecards["staff"].set_index("staff_id")["score"] for r in (a, b))
    changed = {s for s in staff_a.index.union(staff_b.index) if not (pd.isna(staff_a.get(s)) and pd.isna(staff_b.get(s))) and staff_a.get(s) != staff_b.get(s)}
    assert {s for (level, s) in moved.index if level == "staff"} == changed
    with pytest.raises(StoreError, match="no run nope"):
        diff(recorded, a.run_id, "nope")


def test_bad_requests_are_refused_and_change_nothing(recorded, monthly_runs):
    finding = a_failing_finding(monthly_runs[0])
    with pytest.raises(StoreError, match="no failing or pending finding 'REP-01|record:NOPE'"):
        file_appeal(recorded, "REP-01|record:NOPE", "K1", "it was not me")
    with pytest.raises(StoreError, match="expires"):
        add_waiver(recorded, "QM01", "finding", "outage", "QM01", None, finding_key=finding["finding_key"])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="approved_by"):
        add_waiver(recorded, "QM01", "finding", "outage", "", "2099-01-01", finding_key=finding["finding_key"])
    with pytest.raises(StoreError, match="exempts themselves"):
        add_waiver(recorded, finding["staff_id"], "finding", "outage", finding["staff_id"], "2099-01-01", finding_key=finding["finding_key"])
    with pytest.raises(StoreError, match="exempts themselves"):
        add_waiver(recorded, "K9", "rule", "training week", "K9", "2099-01-01", rule_id="VIS-01", subject_id="K9")
    assert list_waivers(recorded).empty and list_appeals(recorded).empty and audit.trail(recorded).empty


def test_the_audit_trail_refuses_updates_and_deletes(recorded, monthly_runs):
    finding = a_failing_finding(monthly_runs[0])
    add_waiver(recorded, "QM01", "finding", "outage", "QM01", "2099-01-01", finding_key=finding["finding_key"])
    for statement in (sa.update(schema.audit).values(actor="someone else"), sa.delete(schema.audit)):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), recorded.transaction() as conn:
            conn.execute(statement)
    assert audit.trail(recorded)["actor"].tolist() == ["QM01"]
