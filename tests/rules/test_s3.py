"""Slice s3 rules (handover during incidents, open reception items, attendance, leave, swaps, committee reports) on hand-built exports."""

import pandas as pd
import pytest

from checker.api import load_definitions
from tests.conftest import evaluate_rule, typed

evaluate = evaluate_rule


def by_record(found):
    return dict(zip(found["record_id"].astype(str), found["status"].astype(str)))


STAFF = typed("staff", [{"staff_id": s, "name": s, "role": r, "site_id": "S1"} for s, r in
                        (("K1", "service_staff"), ("K2", "call_agent"), ("Q1", "receptionist"), ("T1", "technician"))])


# --- HND-03: no handover while a major or emergency incident of the site is open -------------------------------------

def handover(hid="H1", start="2026-10-10 08:00:00", desk="front_desk", listed=None, site="S1"):
    return {"handover_id": hid, "site_id": site, "desk": desk, "shift_start": start, "outgoing_staff_id": "Q1",
            "incoming_staff_id": "K2", "outgoing_signed": "是", "incoming_signed": "是", "open_items_listed": listed}


@pytest.mark.parametrize("level, opened, closed, site, expected", [
    ("major", "2026-10-10 07:00:00", None, "S1", "fail"),                     # still open
    ("emergency", "2026-10-09 23:00:00", "2026-10-10 09:00:00", "S1", "fail"),
    ("major", "2026-10-10 07:00:00", "2026-10-10 08:00:00", "S1", "pass"),    # finished exactly at the shift start
    ("major", "2026-10-10 07:00:00", "2026-10-10 08:00:01", "S1", "fail"),    # one second later
    ("major", "2026-10-10 08:00:00", None, "S1", "pass"),                     # happened at the very moment: not before the handover
    ("normal", "2026-10-10 07:00:00", None, "S1", "pass"),                    # a normal incident does not block
    ("major", "2026-10-10 07:00:00", None, "S2", "pass"),                     # another site's incident
])
def test_hnd_03_no_handover_during_an_open_major_incident(level, opened, closed, site, expected):
    incidents = typed("incidents", [{"incident_id": "I1", "site_id": site, "level": level, "opened_at": opened, "closed_at": closed}])
    found = evaluate("HND-03", {"handovers": typed("handovers", [handover()]), "incidents": incidents})
    assert by_record(found) == {"H1": expected}
    assert found["staff_id"].tolist() == ["Q1"] and found["severity"].astype(str).tolist() == ["critical"]


def test_hnd_03_without_incidents_every_handover_passes_and_without_the_dataset_it_is_not_evaluated():
    handovers = typed("handovers", [handover("H1"), handover("H2", "2026-10-31 20:00:00")])
    assert by_record(evaluate("HND-03", {"handovers": handovers, "incidents": typed("incidents", [])})) == {"H1": "pass", "H2": "pass"}
    assert evaluate("HND-03", {"handovers": handovers})["status"].tolist() == ["not_evaluated"]
    assert evaluate("HND-03", {"handovers": typed("handovers", []), "incidents": typed("incidents", [])}).empty


# --- HND-05: the handover lists at least the reception items open at the shift start --------------------------------

def request(rid, received, closed=None, desk="front_desk", site="S1"):
    return {"request_id": rid, "site_id": site, "desk": desk, "received_at": received, "received_by": "Q1", "topic": "漏水", "closed_at": closed}


REQUESTS = typed("requests", [
    request("R1", "2026-10-10 07:00:00"),                                    # open
    request("R2", "2026-10-09 15:00:00", "2026-10-10 09:00:00"),             # open at 08:00, closed later
    request("R3", "2026-10-10 06:00:00", "2026-10-10 08:00:00"),             # closed exactly at the shift start: not open
    request("R4", "2026-10-10 08:00:00"),                                    # received exactly at the shift start: the next shift's
    request("R5", "2026-10-10 07:00:00", desk="duty_office"),                # another desk
    request("R6", "2026-10-10 07:00:00", site="S2"),                         # another site
])


@pytest.mark.parametrize("listed, desk, expected", [
    (2, "front_desk", "pass"),      # R1, R2 open: exactly as many listed
    (3, "front_desk", "pass"),
    (1, "front_desk", "fail"),      # one short
    (None, "front_desk", "fail"),   # items open, nothing written
    (None, "call_centre", "pass"),  # nothing open at this desk: an empty count is fine
    (0, "duty_office", "fail"),     # R5 open at the duty office
    (1, "duty_office", "pass"),
])
def test_hnd_05_open_reception_items_are_handed_over(listed, desk, expected):
    found = evaluate("HND-05", {"handovers": typed("handovers", [handover(desk=desk, listed=listed)]), "requests": REQUESTS})
    assert by_record(found) == {"H1": expected}


def test_hnd_05_with_an_empty_reception_log_nothing_is_owed():
    found = evaluate("HND-05", {"handovers": typed("handovers", [handover()]), "requests": typed("requests", [])})
    assert by_record(found) == {"H1": "pass"}


# --- ATT-01: service staff sign in by 07:50 on working days ---------------------------------------------------------

def shift(aid, staff, day, signed=None, start="08:00:00"):
    return {"attendance_id": aid, "staff_id": staff, "site_id": "S1", "work_date": day, "shift_start": f"{day} {start}",
            "signed_in_at": f"{day} {signed}" if signed else None}


def leave(lid, staff, starts, ends, requested, approved="2026-09-01 09:00:00", kind="leave"):
    return {"leave_id": lid, "staff_id": staff, "site_id": "S1", "kind": kind, "starts_at": starts, "ends_at": ends,
            "requested_at": requested, "approved_by": "M1" if approved else None, "approved_at": approved}


ATTENDANCE = typed("attendance", [
    shift("A1", "K1", "2026-10-12", "07:50:00"),   # Monday, exactly 07:50
    shift("A2", "K1", "2026-10-13", "07:50:01"),   # one second late
    shift("A3", "K1", "2026-10-14"),               # never signed in
    shift("A4", "K1", "2026-10-10", "07:55:00"),   # Saturday worked (调休): a working day
    shift("A5", "K1", "2026-10-02", "09:00:00"),   # National Day: not judged
    shift("A6", "K1", "2026-10-11", "09:00:00"),   # Sunday: not judged
    shift("A7", "Q1", "2026-10-12", "08:30:00"),   # a receptionist: not a service-staff rule
    shift("A8", "K1", "2026-10-15"),               # on approved leave
    shift("A9", "K1", "2026-10-16"),               # leave asked for, never approved
    shift("A10", "X9", "2026-10-12", "09:00:00"),  # not on the roster: role unknown, not judged
])
LEAVE = typed("leave", [leave("L1", "K1", "2026-10-15 00:00:00", "2026-10-16 00:00:00", "2026-10-13 09:00:00"),
                        leave("L2", "K1", "2026-10-16 00:00:00", "2026-10-17 00:00:00", "2026-10-14 09:00:00", approved=None)])


def test_att_01_sign_in_by_0750_on_working_days():
    found = evaluate("ATT-01", {"attendance": ATTENDANCE, "leave": LEAVE, "staff": STAFF})
    assert by_record(found) == {"A1": "pass", "A2": "fail", "A3": "fail", "A4": "fail", "A8": "exempt", "A9": "fail"}
    assert found.set_index("record_id").loc["A1", ["measured", "threshold"]].tolist() == [470.0, 470.0]


def test_att_01_before_0750_a_missing_sign_in_is_pending():
    rows = typed("attendance", [shift("A1", "K1", "2026-10-12"), shift("A2", "K1", "2026-10-12", "07:40:00")])
    found = evaluate("ATT-01", {"attendance": rows, "leave": LEAVE, "staff": STAFF}, as_of="2026-10-12 07:50:00")
    assert by_record(found) == {"A1": "pending", "A2": "pass"}
    assert by_record(evaluate("ATT-01", {"attendance": rows, "leave": LEAVE, "staff": STAFF}, as_of="2026-10-12 07:50:01"))["A1"] == "fail"


def test_att_01_empty_attendance():
    assert evaluate("ATT-01", {"attendance": typed("attendance", []), "leave": typed("leave", []), "staff": STAFF}).empty


# --- ATT-02: 20 minutes late or more without leave asked for before the shift ---------------------------------------

@pytest.mark.parametrize("signed, leaves, expected", [
    ("08:19:59", [], "pass"),
    ("08:20:00", [], "fail"),                                                                   # exactly 20 minutes: a breach
    (None, [], "fail"),                                                                         # absent
    ("09:00:00", [("2026-10-12 08:00:00", "2026-10-12 12:00:00", "2026-10-12 07:59:59")], "exempt"),  # leave from the shift start
    ("09:00:00", [("2026-10-12 08:00:00", "2026-10-12 12:00:00", "2026-10-12 08:00:00")], "exempt"),  # asked for at the shift start
    ("09:00:00", [("2026-10-12 08:00:00", "2026-10-12 12:00:00", "2026-10-12 08:00:01")], "fail"),    # asked for afterwards
    ("09:00:00", [("2026-10-11 08:00:00", "2026-10-12 08:00:00", "2026-10-10 09:00:00")], "fail"),    # ended at the shift start
    (None, [("2026-10-12 00:00:00", "2026-10-13 00:00:00", "2026-10-10 09:00:00", None)], "fail"),    # never approved
])
def test_att_02_late_twenty_minutes_without_leave(signed, leaves, expected):
    rows = typed("attendance", [shift("A1", "Q1", "2026-10-12", signed)])
    leave_rows = typed("leave", [leave(f"L{i}", "Q1", *spec) for i, spec in enumerate(leaves)])
    found = evaluate("ATT-02", {"attendance": rows, "leave": leave_rows, "staff": STAFF})
    assert by_record(found) == {"A1": expected}
    if signed == "08:20:00":
        assert found[["measured", "threshold", "unit"]].values.tolist() == [[1200.0, 1199.0, "s"]]


@pytest.mark.parametrize("as_of, expected", [("2026-10-12 08:19:59", "pending"), ("2026-10-12 08:20:00", "fail")])
def test_att_02_an_absence_is_pending_until_the_twenty_minutes_are_over(as_of, expected):
    rows = typed("attendance", [shift("A1", "Q1", "2026-10-12")])
    assert by_record(evaluate("ATT-02", {"attendance": rows, "leave": typed("leave", [])}, as_of=as_of)) == {"A1": expected}


def test_att_02_is_more_severe_than_att_01():
    _, pack = load_definitions()
    rules = {r.rule.id: r.rule for r in pack.rules}
    order = ["minor", "major", "critical"]
    assert order.index(rules["ATT-02"].severity) > order.index(rules["ATT-01"].severity)


# --- ATT-03: leave approved at least one day before it starts ------------------------------------------------------

def test_att_03_leave_approved_a_day_ahead():
    rows = typed("leave", [
        leave("L1", "K1", "2026-10-12 08:00:00", "2026-10-12 17:00:00", "2026-10-10 09:00:00", "2026-10-11 08:00:00"),  # exactly 24 h
        leave("L2", "K1", "2026-10-13 08:00:00", "2026-10-13 17:00:00", "2026-10-10 09:00:00", "2026-10-12 08:00:01"),  # one second short
        leave("L3", "K1", "2026-10-14 08:00:00", "2026-10-14 17:00:00", "2026-10-10 09:00:00", None),                   # never approved
        leave("L4", "K1", "2026-10-01 08:00:00", "2026-10-02 17:00:00", "2026-09-20 09:00:00", "2026-09-21 09:00:00", "time_off"),
        leave("L5", "K1", "2026-11-02 08:00:00", "2026-11-02 17:00:00", "2026-10-30 09:00:00", None),                   # starts next period
    ])
    found = evaluate("ATT-03", {"leave": rows})
    assert by_record(found) == {"L1": "pass", "L2": "fail", "L3": "fail", "L4": "pass"}
    assert found.set_index("record_id").loc["L1", ["measured", "threshold", "unit"]].tolist() == [24.0, 24.0, "h"]
    assert evaluate("ATT-03", {"leave": typed("leave", [])}).empty


# --- SHF-01: at most 2 swaps per person per month; none on consecutive days ----------------------------------------

def swap(sid, staff, day, lead=True, other=True, form=True):
    return {"swap_id": sid, "site_id": "S1", "staff_id": staff, "counterpart_id": "K2" if staff != "K2" else "K1", "shift_date": day,
            "lead_approved": lead, "counterpart_lead_approved": other, "form_filed": form, "requested_at": "2026-09-28 10:00:00"}


def test_shf_01_at_most_two_swaps_a_month():
    swaps = typed("shift_swaps", [swap("W1", "K1", "2026-10-01"), swap("W2", "K1", "2026-10-15"), swap("W3", "K1", "2026-10-31"),
                                  swap("W4", "K2", "2026-10-05"), swap("W5", "K2", "2026-10-20"), swap("W6", "K2", "2026-09-30"),
                                  swap("W7", "K2", "2026-11-01"), swap("W8", "T1", "2026-10-05")])
    found = evaluate("SHF-01", {"shift_swaps": swaps, "staff": STAFF}).set_index("subject_id")
    assert found.loc["K1", ["status", "measured", "evidence"]].tolist() == ["fail", 3.0, "W1;W2;W3"]
    assert found.loc["K2", ["status", "measured"]].tolist() == ["pass", 2.0]          # exactly two; September and November not counted
    assert found.loc["Q1", ["status", "measured"]].tolist() == ["pass", 0.0]
    assert "T1" not in found.index                                                       # technicians do not work shifts
    early = evaluate("SHF-01", {"shift_swaps": swaps, "staff": STAFF}, as_of="2026-10-31 12:00:00").set_index("subject_id")
    assert early.loc["K1", "status"] == "fail" and early.loc["K2", "status"] == "pass"  # the third swap fails at once


def test_shf_01_with_no_swaps_everyone_passes():
    found = evaluate("SHF-01", {"shift_swaps": typed("shift_swaps", []), "staff": STAFF})
    assert set(found["status"]) == {"pass"} and len(found) == 3


def test_shf_01_no_swaps_on_consecutive_days():
    swaps = typed("shift_swaps", [swap("W0", "K1", "2026-09-30"), swap("W1", "K1", "2026-10-01"),   # across the month: W1 fails
                                  swap("W2", "K1", "2026-10-03"),                                    # a day between: fine
                                  swap("W3", "K1", "2026-10-05"), swap("W4", "K1", "2026-10-06"),   # the later one fails
                                  swap("W5", "K1", "2026-10-20"), swap("W6", "K1", "2026-10-20"),   # two on one day: both fail
                                  swap("W7", "K2", "2026-10-07")])                                   # K2 on the day after K1's W4
    found = evaluate("SHF-01-consecutive", {"shift_swaps": swaps})
    assert by_record(found) == {"W1": "fail", "W2": "pass", "W3": "pass", "W4": "fail", "W5": "fail", "W6": "fail", "W7": "pass"}


# --- SHF-02: both leads approve, the form is filed, no swap or leave on a public-holiday shift ----------------------

@pytest.mark.parametrize("lead, other, expected", [(True, True, "pass"), (True, False, "fail"), (None, True, "fail"), (False, None, "fail")])
def test_shf_02_both_leads_approve(lead, other, expected):
    found = evaluate("SHF-02", {"shift_swaps": typed("shift_swaps", [swap("W1", "K1", "2026-10-12", lead, other)])})
    assert by_record(found) == {"W1": expected}


@pytest.mark.parametrize("form, expected", [(True, "pass"), (False, "fail"), (None, "fail")])
def test_shf_02_the_swap_form_is_filed(form, expected):
    found = evaluate("SHF-02-form", {"shift_swaps": typed("shift_swaps", [swap("W1", "K1", "2026-10-12", form=form)])})
    assert by_record(found) == {"W1": expected} and found["severity"].astype(str).tolist() == ["minor"]


def test_shf_02_no_swaps_on_public_holidays():
    swaps = typed("shift_swaps", [swap("W1", "K1", "2026-10-01"), swap("W2", "K1", "2026-10-03"),   # National Day, also its Saturday
                                  swap("W3", "K1", "2026-10-08"),                                    # the Thursday after
                                  swap("W4", "K1", "2026-10-10"),                                    # Saturday worked (调休)
                                  swap("W5", "K1", "2026-10-11")])                                   # an ordinary Sunday
    found = evaluate("SHF-02-holiday-swap", {"shift_swaps": swaps})
    assert by_record(found) == {"W1": "fail", "W2": "fail", "W3": "pass", "W4": "pass", "W5": "pass"}


def test_shf_02_no_leave_on_a_public_holiday_shift():
    shifts = typed("attendance", [shift("A1", "K1", "2026-10-02"), shift("A2", "K2", "2026-10-02", "07:55:00"),
                                  shift("A3", "Q1", "2026-10-02"), shift("A4", "K1", "2026-10-10"), shift("A5", "K1", "2026-10-12")])
    leaves = typed("leave", [leave("L1", "K1", "2026-10-01 00:00:00", "2026-10-13 00:00:00", "2026-09-20 09:00:00"),
                             leave("L3", "Q1", "2026-10-02 00:00:00", "2026-10-03 00:00:00", "2026-09-20 09:00:00", approved=None)])
    found = evaluate("SHF-02-holiday-leave", {"attendance": shifts, "leave": leaves})
    assert by_record(found) == {"A1": "fail", "A2": "pass", "A3": "pass"}  # A3's leave was refused; A4 (调休 Saturday) and A5 are no holidays


# --- COM-04: major incidents reported to the committee within 3 working days ---------------------------------------

def incident(iid, opened, reported=None, level="major"):
    return {"incident_id": iid, "site_id": "S1", "level": level, "opened_at": opened, "reported_to_committee_at": reported, "handler_id": "M1"}


@pytest.mark.parametrize("opened, reported, expected", [
    ("2026-10-12 09:00:00", "2026-10-15 09:00:00", "pass"),   # Monday 09:00 + 3 × 7.5 working hours = Thursday 09:00
    ("2026-10-12 09:00:00", "2026-10-15 09:00:01", "fail"),
    ("2026-10-17 10:00:00", "2026-10-21 17:30:00", "pass"),   # opened on a Saturday: the clock starts Monday 08:30
    ("2026-10-17 10:00:00", "2026-10-21 17:30:01", "fail"),
])
def test_com_04_reported_within_three_working_days(opened, reported, expected):
    found = evaluate("COM-04", {"incidents": typed("incidents", [incident("I1", opened, reported)])})
    assert by_record(found) == {"I1": expected} and found["staff_id"].tolist() == ["M1"]


@pytest.mark.parametrize("reported, as_of, expected", [
    ("2026-10-10 10:00:00", "2026-11-01 00:00:00", "pass"),   # 09-30 10:00: 6 h that day, 1–7 October off, 8th, 9th, then 1.5 h on Saturday 10th (调休)
    ("2026-10-10 10:00:01", "2026-11-01 00:00:00", "fail"),
    (None, "2026-10-10 10:00:00", "pending"),
    (None, "2026-10-10 10:00:01", "fail"),
])
def test_com_04_over_national_day(reported, as_of, expected):
    rows = typed("incidents", [incident("I1", "2026-09-30 10:00:00", reported), incident("I2", "2026-09-30 10:00:00", level="normal")])
    found = evaluate("COM-04", {"incidents": rows}, period="2026-09", as_of=as_of)
    assert by_record(found) == {"I1": expected}
    if expected == "pass":
        assert found["period_end"].tolist() == [pd.Timestamp("2026-10-10 10:00:00")]


def test_com_04_empty_incidents():
    assert evaluate("COM-04", {"incidents": typed("incidents", [])}).empty
