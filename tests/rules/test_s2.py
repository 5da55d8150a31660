"""Slice s2 (callbacks, repairs, complaints, move-in, fees): each rule of the shipped pack over a small hand-built export,
the derived facts applied as a run applies them; every expectation computed by hand."""

from functools import cache

import pandas as pd
import pytest

from checker.api import load_definitions
from checker.evaluate import evaluate_pack
from checker.facts import apply_facts, load_facts
from checker.rulepack import RULE_ADAPTER, LoadedRule, substitute
from tests.conftest import context, typed


@cache
def _facts():
    contracts, pack = load_definitions()
    return load_facts(pack.folder, contracts)


def evaluate(rule_ids, data, period="2026-10", as_of="2026-11-01 00:00:00"):
    """The findings of the named rules (a prefix such as 'CMP-03' selects every part), after the facts step."""
    _, pack = load_definitions()
    wanted = (rule_ids,) if isinstance(rule_ids, str) else tuple(rule_ids)
    pack.rules = [r for r in pack.rules if r.rule.id in wanted]
    assert pack.rules, rule_ids
    data = apply_facts(_facts(), data, pd.Timestamp(as_of))
    return evaluate_pack(pack, data, context(period, as_of, staff=data.get("staff")))


def evaluate_with(rule_id, params, data, period="2026-10", as_of="2026-11-01 00:00:00"):
    """One rule with some params changed, as a site's edited copy of the pack would have them."""
    _, pack = load_definitions()
    loaded = pack.get(rule_id)
    raw = {**loaded.doc.data, "params": {**loaded.doc.data.get("params", {}), **params}}
    pack.rules = [LoadedRule(RULE_ADAPTER.validate_python(substitute(raw)), loaded.doc, loaded.overrides)]
    data = apply_facts(_facts(), data, pd.Timestamp(as_of))
    return evaluate_pack(pack, data, context(period, as_of, staff=data.get("staff")))


def by_record(found, rule_id=None):
    rows = found if rule_id is None else found[found["rule_id"] == rule_id]
    return dict(zip(rows["record_id"].astype(str), rows["status"].astype(str)))


STAFF = typed("staff", [{"staff_id": s, "name": s, "role": r, "site_id": "S1"} for s, r in
                        (("Q1", "call_agent"), ("R1", "receptionist"), ("K1", "service_staff"), ("Z1", "supervisor"))])
UNITS = typed("units", [{"unit_id": f"U{i}", "site_id": "S1", "assigned_staff_id": "K1", "status": "occupied"} for i in range(1, 10)])


# --- move-in -------------------------------------------------------------------------------------------------------

def move_in(mid, started, completed=None, archived=None):
    return {"move_in_id": mid, "site_id": "S1", "unit_id": "U1", "staff_id": "K1", "started_at": started,
            "completed_at": completed, "archived_at": archived}


MOVE_INS = typed("move_ins", [
    move_in("M1", "2026-10-10 09:00:00", "2026-10-10 11:00:00", "2026-10-10 23:59:59"),   # exactly 2 h; archived at the day's last second
    move_in("M2", "2026-10-10 09:00:00", "2026-10-10 11:00:01", "2026-10-11 00:00:00"),   # one second over, archived the next day
    move_in("M3", "2026-10-31 22:00:00"),                                                  # not done, 2 h not passed at as-of
    move_in("M4", "2026-10-20 09:00:00"),                                                  # never completed
    move_in("M5", "2026-10-31 20:00:00", "2026-10-31 21:00:00"),                           # archive still possible until midnight
    move_in("M6", "2026-10-03 14:00:00", "2026-10-03 15:00:00", "2026-10-03 16:00:00"),   # National Day: calendar days count
    move_in("M7", "2026-10-03 14:00:00", "2026-10-03 15:00:00", "2026-10-09 09:00:00"),   # archived the next working day: late
])


def test_mov_01_two_hours():
    found = evaluate("MOV-01", {"move_ins": MOVE_INS}, as_of="2026-10-31 23:30:00")
    assert by_record(found) == {"M1": "pass", "M2": "fail", "M3": "pending", "M4": "fail", "M5": "pass", "M6": "pass", "M7": "pass"}
    assert found.set_index("record_id").loc["M2", "measured"] == pytest.approx(120 + 1 / 60)


def test_mov_02_archived_the_same_calendar_day():
    found = evaluate("MOV-02", {"move_ins": MOVE_INS}, as_of="2026-10-31 23:30:00")
    assert by_record(found) == {"M1": "pass", "M2": "fail", "M5": "pending", "M6": "pass", "M7": "fail"}


# --- repairs --------------------------------------------------------------------------------------------------------

def order(oid, reported, received_by="Q1", unit="U1", category="minor", site="S1", **more):
    return {"order_id": oid, "site_id": site, "unit_id": unit, "category": category, "facility": "other", "reported_at": reported,
            "received_by": received_by, **more}


def test_rep_03_late_arrival_needs_notice_and_agreed_time():
    d = "2026-10-12 10:00:00"
    rows = [order("W1", "2026-10-12 09:58:00", dispatched_at=d, arrived_at="2026-10-12 10:30:00"),             # 30 min exactly: on time
            order("W2", "2026-10-12 09:58:00", dispatched_at=d, arrived_at="2026-10-12 10:30:01"),             # late, no notice
            order("W3", "2026-10-12 09:58:00", dispatched_at=d, arrived_at="2026-10-12 11:00:00",
                  delay_notice_at="2026-10-12 10:30:00", agreed_visit_at="2026-10-12 11:00:00"),               # notice at 30 min exactly
            order("W4", "2026-10-12 09:58:00", dispatched_at=d, arrived_at="2026-10-12 11:00:00",
                  delay_notice_at="2026-10-12 10:30:01", agreed_visit_at="2026-10-12 11:00:00"),               # notice one second late
            order("W5", "2026-10-12 09:58:00", dispatched_at=d, arrived_at="2026-10-12 11:00:00",
                  delay_notice_at="2026-10-12 10:10:00"),                                                     # no agreed visit time
            order("W6", "2026-10-12 09:58:00", dispatched_at=d)]                                              # not arrived: not judged
    found = evaluate("REP-03", {"work_orders": typed("work_orders", rows)})
    assert by_record(found) == {"W2": "fail", "W3": "pass", "W4": "fail", "W5": "fail"}


def test_rep_06_three_kpis_per_site_and_month():
    rows = [order("A1", "2026-10-12 09:00:00", completed_at="2026-10-13 09:00:00", qc_passed="是"),         # 24 h exactly: timely
            order("A2", "2026-10-12 09:00:00", completed_at="2026-10-13 09:00:01", qc_passed="是"),         # one second late
            order("A3", "2026-10-12 09:00:00", category="medium", agreed_start_at="2026-10-14 09:00:00",
                  completed_at="2026-10-17 09:00:00", qc_passed="否"),                                     # 3 d from the agreed start
            order("A4", "2026-10-12 09:00:00", category="emergency", completed_at="2026-10-12 10:00:00"),  # not in the timely ratio
            order("A5", "2026-10-30 12:00:00"),                                                            # open, inside the 3-day grace
            order("A6", "2026-10-31 08:00:00", completed_at="2026-10-31 12:00:00"),                        # QC not recorded yet (grace 1 d)
            order("B1", "2026-10-12 09:00:00", site="S2", completed_at="2026-10-12 18:00:00", qc_passed="是")]
    data = {"work_orders": typed("work_orders", rows)}
    timely = evaluate("REP-06-timely", data).set_index("subject_id")
    assert timely.loc["S1", ["status", "measured"]].tolist() == ["fail", 0.75]   # A1, A3, A6 of A1, A2, A3, A6 (A5 in its grace)
    assert timely.loc["S2", "status"] == "pass"
    qualified = evaluate("REP-06-qualified", data).set_index("subject_id")
    assert qualified.loc["S1", ["status", "measured"]].tolist() == ["fail", 0.5]  # A1, A2 of A1-A4 (A6 within its grace)
    assert qualified.loc["S2", "status"] == "pass"


def test_rep_06_rework_rate_at_most_two_percent():
    s1 = [order(f"S1-{i}", "2026-10-12 09:00:00", rework_of="S1-0" if i == 49 else None) for i in range(50)]   # 1 of 50 = 2 %
    s2 = [order(f"S2-{i}", "2026-10-12 09:00:00", site="S2", rework_of="S2-0" if i == 9 else None) for i in range(10)]
    found = evaluate("REP-06-rework", {"work_orders": typed("work_orders", s1 + s2)}).set_index("subject_id")
    assert found.loc["S1", ["status", "measured"]].tolist() == ["pass", 0.98]
    assert found.loc["S2", ["status", "measured"]].tolist() == ["fail", 0.9]


# --- callbacks ------------------------------------------------------------------------------------------------------

def callback(vid, ref, at, outcome="reached", purpose="repair_callback", defect=None):
    return {"visit_id": vid, "staff_id": "K1", "unit_id": "U1", "visited_at": at, "channel": "phone", "purpose": purpose,
            "ref_id": ref, "outcome": outcome, "defect_reported": defect}


def test_vis_07_repair_callbacks_of_the_call_centre():
    done = "2026-10-10 10:00:00"
    orders = [order(o, "2026-10-10 08:00:00", completed_at=done) for o in ("W1", "W2", "W3", "W4", "W5", "W8", "W9")]
    orders += [order("W6", "2026-10-10 08:00:00", received_by="R1", completed_at=done),        # not taken by a call agent
               order("W7", "2026-10-30 08:00:00", completed_at="2026-10-30 10:00:00")]        # 72 h not over at as-of
    visits = [callback("V1", "W1", "2026-10-13 10:00:00"),                                     # 72 h exactly
              callback("V2", "W2", "2026-10-13 10:00:01"),                                     # one second late
              *(callback(f"V3{i}", "W3", t, "no_answer") for i, t in enumerate(("2026-10-10 15:00:00", "2026-10-11 15:00:00", "2026-10-13 10:00:00"))),
              *(callback(f"V4{i}", "W4", t, "no_answer") for i, t in enumerate(("2026-10-10 15:00:00", "2026-10-11 15:00:00"))),
              callback("V5", "W5", "2026-10-11 09:00:00", "wrong_contact"),
              *(callback(f"V8{i}", "W8", t, "no_answer") for i, t in enumerate(("2026-10-10 15:00:00", "2026-10-11 15:00:00", "2026-10-13 10:00:01"))),
              *(callback(f"V9{i}", "W9", t, "no_answer") for i, t in enumerate(("2026-10-10 15:00:00", "2026-10-11 15:00:00", "2026-10-11 16:00:00"))),
              callback("V9", "W9", "2026-10-12 10:00:00")]
    found = evaluate("VIS-07-repair", {"work_orders": typed("work_orders", orders), "visits": typed("visits", visits), "staff": STAFF})
    assert by_record(found) == {"W1": "pass", "W2": "fail", "W3": "exempt", "W4": "fail", "W5": "exempt", "W7": "pending",
                                "W8": "fail", "W9": "pass"}
    assert found.set_index("record_id").loc["W3", "evidence"].split(";") == ["W3", "", "V30", "V31", "V32"]  # no reached callback: an empty part


def test_vis_07_five_attempts_where_a_site_asks_for_five():
    orders = [order("W3", "2026-10-10 08:00:00", completed_at="2026-10-10 10:00:00")]
    visits = [callback(f"V3{i}", "W3", f"2026-10-1{i} 15:00:00", "no_answer") for i in range(3)]
    data = {"work_orders": typed("work_orders", orders), "visits": typed("visits", visits), "staff": STAFF}
    assert by_record(evaluate_with("VIS-07-repair", {"attempts": 5}, data)) == {"W3": "fail"}
    assert by_record(evaluate_with("VIS-07-repair", {"attempts": 3}, data)) == {"W3": "exempt"}


def test_vis_07_attempts_stay_within_the_source_range():
    _, pack = load_definitions()
    for rule_id in ("VIS-07-repair", "VIS-07-complaint"):
        assert 3 <= pack.get(rule_id).rule.params["attempts"] <= 5


def complaint(cid, severity="minor", received="2026-10-10 09:00:00", **more):
    return {"complaint_id": cid, "site_id": "S1", "unit_id": "U1", "received_at": received, "received_by": "R1", "handler_id": "Z1",
            "severity": severity, "valid": "是", **more}


def test_vis_07_complaint_callbacks_of_the_call_centre():
    rows = [complaint("K1", channel="call_centre", resolved_at="2026-10-10 10:00:00"),
            complaint("K2", channel="phone", resolved_at="2026-10-10 10:00:00"),                   # not the call centre
            complaint("K3", channel="call_centre", resolved_at="2026-10-12 10:00:00"),             # never called back
            complaint("K4", channel="call_centre", resolved_at="2026-10-12 10:00:00"),
            complaint("K5", channel="call_centre")]                                               # not resolved yet
    visits = [callback("B1", "K1", "2026-10-13 10:00:00", purpose="complaint_callback"),
              callback("B2", "K2", "2026-10-20 10:00:00", purpose="complaint_callback"),
              callback("B4", "K4", "2026-10-12 12:00:00", "wrong_contact", purpose="complaint_callback")]
    found = evaluate("VIS-07-complaint", {"complaints": typed("complaints", rows), "visits": typed("visits", visits)})
    assert by_record(found) == {"K1": "pass", "K3": "fail", "K4": "exempt"}


def test_vis_08_defect_on_callback_gets_a_rework_order():
    orders = [order("W1", "2026-10-01 09:00:00"), order("W2", "2026-10-01 09:00:00"), order("W3", "2026-10-01 09:00:00"),
              order("W4", "2026-10-01 09:00:00"),
              order("R1", "2026-10-11 10:00:00", rework_of="W1"), order("R2", "2026-10-11 10:00:01", rework_of="W2")]
    visits = [callback("V1", "W1", "2026-10-10 10:00:00", defect="是"),      # rework reported 24 h later exactly
              callback("V2", "W2", "2026-10-10 10:00:00", defect="是"),      # one second late
              callback("V3", "W3", "2026-10-31 12:00:00", defect="是"),      # 24 h not over at as-of
              callback("V4", "W4", "2026-10-10 10:00:00", defect="否"),      # no defect: nothing to do
              callback("V5", "W4", "2026-10-20 10:00:00", defect="是")]      # no rework at all
    found = evaluate("VIS-08", {"work_orders": typed("work_orders", orders), "visits": typed("visits", visits)})
    assert by_record(found) == {"V1": "pass", "V2": "fail", "V3": "pending", "V5": "fail"}
    assert set(found["site_id"].astype(str)) == {"S1"} and found.set_index("record_id").loc["V1", "evidence"] == "V1;R1"


# --- complaints -----------------------------------------------------------------------------------------------------

def test_cmp_07_returned_within_four_working_hours():
    rows = [complaint("C1", received="2026-10-09 15:00:00", assigned_at="2026-10-09 16:30:00", returned_at="2026-10-10 11:30:00",
                      return_reason="非本部门"),  # Fri 16:30-17:30 1 h + make-up Saturday 08:30-11:30 3 h = 4 h exactly
            complaint("C2", received="2026-10-09 15:00:00", assigned_at="2026-10-09 16:30:00", returned_at="2026-10-10 11:30:01",
                      return_reason="非本部门"),
            complaint("C4", received="2026-10-12 09:00:00", valid="否", returned_at="2026-10-20 09:00:00"),   # invalid: not judged
            complaint("C5", received="2026-10-12 09:00:00"),                                                    # not returned: not judged
            complaint("C6", received="2026-10-12 09:00:00", returned_at="2026-10-12 10:00:00"),                 # in time, no reason
            complaint("C7", received="2026-10-30 15:00:00", assigned_at="2026-10-30 16:00:00",
                      returned_at="2026-11-02 10:00:00", return_reason="x")]  # due Mon 11-02 11:00; recorded after as-of: still open
    data = {"complaints": typed("complaints", rows)}
    assert by_record(evaluate("CMP-07", data)) == {"C1": "pass", "C2": "fail", "C6": "pass", "C7": "pending"}
    assert by_record(evaluate("CMP-07-reason", data)) == {"C1": "pass", "C2": "pass", "C6": "fail", "C7": "pass"}


def test_cmp_07_across_national_day_from_receipt():
    """No assignment time: the clock starts at receipt, Wed 09-30 17:00 -> 0.5 h, National Day 10-01..07 off,
    then Thu 10-08 08:30 + 3.5 h = 12:00 (a deadline reached at the lunch break is 12:00, not 13:30)."""
    rows = [complaint("C1", received="2026-09-30 17:00:00", returned_at="2026-10-08 12:00:00"),
            complaint("C2", received="2026-09-30 17:00:00", returned_at="2026-10-08 13:30:01")]
    found = evaluate("CMP-07", {"complaints": typed("complaints", rows)}, period="2026-09")
    assert by_record(found) == {"C1": "pass", "C2": "fail"}
    assert found.set_index("record_id").loc["C1", ["measured", "unit"]].tolist() == [4.0, "working_h"]


def test_cmp_07_half_a_working_day_of_the_site_calendar():
    """limit: 0.5wd -> 3.75 working hours: Fri 16:30-17:30 1 h, Saturday 08:30 + 2.75 h = 11:15."""
    rows = [complaint("C1", received="2026-10-09 15:00:00", assigned_at="2026-10-09 16:30:00", returned_at="2026-10-10 11:15:00"),
            complaint("C2", received="2026-10-09 15:00:00", assigned_at="2026-10-09 16:30:00", returned_at="2026-10-10 11:15:01")]
    found = evaluate_with("CMP-07", {"limit": "0.5wd"}, {"complaints": typed("complaints", rows)})
    assert by_record(found) == {"C1": "pass", "C2": "fail"}


def test_cmp_09_call_centre_tickets_dispatched_within_an_hour():
    rows = [complaint("C1", channel="call_centre", received="2026-10-12 10:00:00", assigned_at="2026-10-12 11:00:00"),
            complaint("C2", channel="call_centre", received="2026-10-12 10:00:00", assigned_at="2026-10-12 11:00:01"),
            complaint("C3", channel="phone", received="2026-10-12 10:00:00"),
            complaint("C4", channel="call_centre", received="2026-10-31 23:30:00"),
            complaint("C5", channel="call_centre", received="2026-10-20 10:00:00")]
    found = evaluate("CMP-09", {"complaints": typed("complaints", rows)})
    assert by_record(found) == {"C1": "pass", "C2": "fail", "C4": "pending", "C5": "fail"}


RECLASSIFIED = [
    # A: important, open a month after receipt -> major from 10-20 10:00; answered before that
    complaint("A", "important", "2026-09-20 10:00:00", answered_at="2026-09-21 10:00:00", forwarded_at="2026-09-20 10:30:00"),
    # B: resolved exactly one month after receipt: stays minor
    complaint("B", "minor", "2026-09-25 09:00:00", resolved_at="2026-10-25 09:00:00"),
    # C: resolved one second after the month: major from 10-25 09:00, solved within CMP-03's 10 days of that
    complaint("C", "minor", "2026-09-25 09:00:00", resolved_at="2026-10-25 09:00:01"),
    # D: open, but its month runs out after as-of
    complaint("D", "important", "2026-10-05 10:00:00"),
    # E: received major: CMP-03 from receipt, as before
    complaint("E", "major", "2026-10-10 09:00:00", reported_to_head_at="2026-10-10 12:00:00", answered_at="2026-10-11 09:00:00",
              resolved_at="2026-10-12 09:00:00"),
    # F: invalid, open: never re-classified
    complaint("F", "important", "2026-09-20 10:00:00", valid="否"),
]


def test_cmp_10_fact_reclassifies_and_keeps_the_original():
    facts = apply_facts(_facts(), {"complaints": typed("complaints", RECLASSIFIED)}, pd.Timestamp("2026-11-01"))
    frame = facts["complaints"].set_index("complaint_id")
    assert frame["severity"].tolist() == ["major", "minor", "major", "important", "major", "important"]
    assert frame["severity_derived_from"].fillna("-").tolist() == ["important", "-", "minor", "-", "-", "-"]
    assert frame.loc["A", "reclassified_at"] == pd.Timestamp("2026-10-20 10:00:00")
    assert frame.loc["D", "major_due_at"] == pd.Timestamp("2026-11-05 10:00:00") and pd.isna(frame.loc["D", "reclassified_at"])


@pytest.mark.parametrize(("as_of", "derived"), [("2026-10-30 10:00:00", False), ("2026-10-30 10:00:01", True)])
def test_cmp_10_the_month_runs_out_strictly_after_its_last_moment(as_of, derived):
    rows = typed("complaints", [complaint("G", "important", "2026-09-30 10:00:00")])
    frame = apply_facts(_facts(), {"complaints": rows}, pd.Timestamp(as_of))["complaints"]
    assert (frame["severity"].iloc[0] == "major") is derived


def test_cmp_10_calendar_months():
    rows = typed("complaints", [complaint("J", "minor", "2026-01-31 10:00:00")])
    frame = apply_facts(_facts(), {"complaints": rows}, pd.Timestamp("2026-03-01"))["complaints"]
    assert frame["reclassified_at"].iloc[0] == pd.Timestamp("2026-02-28 10:00:00")  # 1 month after 01-31 is 02-28


def test_cmp_10_reports_each_reclassified_complaint_in_the_month_it_became_major():
    found = evaluate("CMP-10", {"complaints": typed("complaints", RECLASSIFIED)})
    assert by_record(found) == {"A": "fail", "B": "pass", "C": "fail"}   # D's month runs out after as-of; E and F not in scope


def test_cmp_03_clocks_of_a_reclassified_complaint_start_when_it_became_major():
    found = evaluate(("CMP-03-report", "CMP-03-answer", "CMP-03-solve"), {"complaints": typed("complaints", RECLASSIFIED)})
    assert by_record(found, "CMP-03-report") == {"A": "fail", "C": "fail", "E": "pass"}   # A, C never reported to the head
    assert by_record(found, "CMP-03-answer") == {"A": "pass", "C": "fail", "E": "pass"}   # A was answered before it became major
    assert by_record(found, "CMP-03-solve") == {"A": "fail", "C": "pass", "E": "pass"}    # A: 10 days from 10-20 passed
    a = found[(found["rule_id"] == "CMP-03-solve") & (found["record_id"] == "A")].iloc[0]
    assert (a["period_start"], a["period_end"]) == (pd.Timestamp("2026-10-20 10:00:00"), pd.Timestamp("2026-10-30 10:00:00"))


def test_cmp_03_does_not_judge_the_month_before_reclassification():
    """September: A is CMP-04's (its original level) and not CMP-03's — no clock is judged twice."""
    data = {"complaints": typed("complaints", RECLASSIFIED)}
    found = evaluate(("CMP-03-report", "CMP-03-solve", "CMP-04-forward", "CMP-04-solve", "CMP-05"), data, period="2026-09")
    assert by_record(found, "CMP-03-solve") == {} and by_record(found, "CMP-03-report") == {}
    assert by_record(found, "CMP-04-forward") == {"A": "pass"} and by_record(found, "CMP-04-solve") == {"A": "fail"}
    assert by_record(found, "CMP-05") == {"B": "fail", "C": "fail"}


# --- fees -----------------------------------------------------------------------------------------------------------

def arrears(unit, month, outstanding=300.5, since=None, reported=None, due=300.5):
    return {"unit_id": unit, "site_id": "S1", "billing_month": month, "amount_due": due, "amount_outstanding": outstanding,
            "arrears_since": since, "reported_to_committee_at": reported}


def reminder(rid, unit, month, at, channel="phone", amount=None):
    return {"reminder_id": rid, "unit_id": unit, "site_id": "S1", "staff_id": "K1", "billing_month": month, "reminded_at": at,
            "channel": channel, "amount_stated": amount}


FEE_LEDGER = [arrears("U1", "2026-10"), arrears("U2", "2026-10"), arrears("U3", "2026-10"), arrears("U4", "2026-09"),
              arrears("U5", "2026-10"), arrears("U6", "2026-10")]
FEE_REMINDERS = [reminder("R1", "U1", "2026-10", "2026-10-30 23:59:59"),       # the 30th's last second
                 reminder("R2", "U2", "2026-10", "2026-10-31 09:00:00"),       # day 31: late
                 reminder("R3", "U3", "2026-10", "2026-09-28 10:00:00"),       # before the billing month: does not count
                 reminder("R6", "U6", "2026-10", "2026-10-01 10:00:00", "notice")]   # on a public holiday: calendar days


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2026-11-01 00:00:00", {"U1|2026-10": "pass", "U2|2026-10": "fail", "U3|2026-10": "fail", "U5|2026-10": "fail", "U6|2026-10": "pass"}),
    ("2026-10-20 00:00:00", {"U1|2026-10": "pending", "U2|2026-10": "pending", "U3|2026-10": "pending", "U5|2026-10": "pending", "U6|2026-10": "pass"}),
])
def test_fee_01_reminded_between_day_1_and_30(as_of, expected):
    data = {"arrears": typed("arrears", FEE_LEDGER), "fee_reminders": typed("fee_reminders", FEE_REMINDERS), "units": UNITS}
    found = evaluate("FEE-01", data, as_of=as_of)
    assert by_record(found) == expected
    assert set(found["staff_id"].astype(str)) == {"K1"}


def test_fee_02_reminder_states_the_ledger_amount():
    reminders = [reminder("R1", "U1", "2026-10", "2026-10-05 10:00:00", amount=300.5),
                 reminder("R2", "U2", "2026-10", "2026-10-05 10:00:00", amount=300),
                 reminder("R3", "U3", "2026-10", "2026-10-05 10:00:00"),                      # no amount stated
                 reminder("R4", "U9", "2026-10", "2026-10-05 10:00:00", amount=100)]          # month no longer in arrears
    ledger = [arrears("U1", "2026-10"), arrears("U2", "2026-10", due=300), arrears("U3", "2026-10")]
    found = evaluate("FEE-02", {"arrears": typed("arrears", ledger), "fee_reminders": typed("fee_reminders", reminders)})
    assert by_record(found) == {"R1": "pass", "R2": "fail", "R3": "fail", "R4": "exempt"}


def test_fee_03_formal_letter_three_months_after_the_first_phone_reminder():
    ledger = [arrears(u, "2026-07") for u in ("U1", "U2", "U3", "U4", "U5", "U6")]
    reminders = [reminder("P1", "U1", "2026-07", "2026-07-05 10:00:00"), reminder("P1b", "U1", "2026-07", "2026-08-05 10:00:00"),
                 reminder("L1", "U1", "2026-07", "2026-10-12 10:00:00", "express_letter"),    # 3 months + 7 days exactly
                 reminder("P2", "U2", "2026-07", "2026-07-05 10:00:00"),
                 reminder("L2", "U2", "2026-07", "2026-10-12 10:00:01", "express_letter"),    # one second late
                 reminder("P3", "U3", "2026-07", "2026-07-05 10:00:00"),
                 reminder("L3", "U3", "2026-07", "2026-08-01 10:00:00", "express_letter"),    # early: fine
                 reminder("P4", "U4", "2026-07", "2026-07-28 10:00:00"),                        # due 11-04 10:00: pending
                 reminder("P5", "U5", "2026-07", "2026-06-10 10:00:00"),                        # three months ran out in September
                 reminder("N6", "U6", "2026-07", "2026-07-05 10:00:00", "notice")]              # no phone reminder
    data = {"arrears": typed("arrears", ledger), "fee_reminders": typed("fee_reminders", reminders), "units": UNITS}
    found = evaluate("FEE-03", data)
    assert by_record(found) == {"U1|2026-07": "pass", "U2|2026-07": "fail", "U3|2026-07": "pass", "U4|2026-07": "pending"}
    assert found.set_index("record_id").loc["U1|2026-07", "evidence"] == "U1|2026-07;P1;P1b;L1"


FEE4_LEDGER = [
    arrears("U1", "2026-03", since="2026-04-10", reported="2026-10-13 17:30:00"), arrears("U1", "2026-09", since="2026-10-10"),
    arrears("U2", "2026-03", since="2026-04-10", reported="2026-10-14 08:30:01"),
    arrears("U3", "2026-05", since="2026-05-20"),                                                   # six months in November
    arrears("U4", "2026-04", since="2026-04-15"),                                                   # never reported
    arrears("U5", "2026-09", 3000, since="2026-10-05", reported="2026-10-10 17:30:00"), arrears("U5", "2026-10", 2000, since="2026-10-31"),
    arrears("U6", "2026-10", 4999.99, since="2026-10-31"),
    arrears("U7", "2026-10", 6000, since="2026-10-31"),
]


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2026-11-01 00:00:00", {"U1|2026-09": "pass", "U2|2026-03": "fail", "U4|2026-04": "fail"}),
    ("2026-10-16 12:00:00", {"U1|2026-09": "pass", "U2|2026-03": "fail", "U4|2026-04": "pending"}),
])
def test_fee_04_half_year_old_arrears_reported_within_three_working_days(as_of, expected):
    """U1: oldest since Sat 10-10 (make-up working day) + 6 months -> 10-10 00:00; 3 working days end Tue 10-13 17:30."""
    found = evaluate("FEE-04-age", {"arrears": typed("arrears", FEE4_LEDGER), "units": UNITS}, as_of=as_of)
    assert by_record(found) == expected


def test_fee_04_total_of_5000_reported_within_three_working_days():
    """U5's total is 5000 on its October row; from 10-01 (holiday) the clock runs Thu 10-08, Fri 10-09 and the make-up
    Saturday 10-10 to 17:30."""
    found = evaluate("FEE-04-amount", {"arrears": typed("arrears", FEE4_LEDGER), "units": UNITS})
    assert by_record(found) == {"U5|2026-10": "pass", "U7|2026-10": "fail"}


S2_RULES = ["MOV-01", "MOV-02", "REP-03", "REP-06-timely", "REP-06-qualified", "REP-06-rework", "VIS-07-repair", "VIS-07-complaint",
            "VIS-08", "CMP-07", "CMP-07-reason", "CMP-09", "CMP-10", "FEE-01", "FEE-02", "FEE-03", "FEE-04-age", "FEE-04-amount"]


ONE_ROW = {"move_ins": [move_in("M1", "2026-10-10 09:00:00")], "work_orders": [order("W1", "2026-10-10 09:00:00", rework_of="W0")],
           "visits": [callback("V1", "W1", "2026-10-10 10:00:00"), callback("V2", "W1", "2026-10-10 10:00:00", "no_answer"),
                      callback("V3", "W1", "2026-10-10 10:00:00", "wrong_contact"),
                      *(callback(f"V{i}", "C1", "2026-10-10 10:00:00", o, "complaint_callback") for i, o in
                        enumerate(("reached", "no_answer", "wrong_contact"), 4))],
           "complaints": [complaint("C1")], "arrears": [arrears("U1", "2026-10")],
           "fee_reminders": [reminder("R1", "U1", "2026-10", "2026-10-05 10:00:00"),
                             reminder("R2", "U1", "2026-10", "2026-10-06 10:00:00", "express_letter")]}
# (every lookup table non-empty: an empty judged dataset joined on an empty lookup table trips a pre-existing bug, below)


def _one_of_each(empty: str) -> dict:
    return {**{name: typed(name, [] if name == empty else rows) for name, rows in ONE_ROW.items()}, "staff": STAFF, "units": UNITS}


@pytest.mark.parametrize("rule_id", S2_RULES)
def test_an_empty_judged_dataset_gives_no_findings(rule_id):
    _, pack = load_definitions()
    assert evaluate(rule_id, _one_of_each(pack.get(rule_id).rule.dataset)).empty


def test_every_dataset_empty_with_lookups():
    data = {name: typed(name, []) for name in ONE_ROW}
    assert evaluate("VIS-06", {**data, "staff": STAFF, "units": UNITS}).empty


@pytest.mark.parametrize("rule_id", S2_RULES)
def test_missing_dataset_is_not_evaluated(rule_id):
    found = evaluate(rule_id, {"staff": STAFF, "units": UNITS})
    assert found["status"].astype(str).tolist() == ["not_evaluated"]
