"""Group j3 of the hand-built June 2026 export: HND-03, HND-05, ATT-01, ATT-02, ATT-03, SHF-01, SHF-02, COM-04.

Datasets: attendance, leave, shift_swaps, incidents, requests, and a few handovers (prefix J3-).
All of these standards are judged per record except SHF-01's monthly count (per staff member,
window June = "2026-06-01"), whose subjects with no swaps simply pass (0 ≤ 2).

Background: every working day of June (21, 06-19 Dragon Boat Festival excluded) service staff
(K*) start 08:00 and sign in 07:40; receptionists and team leads start 08:30 and sign in 08:20;
call agents start 09:00 and sign in 08:50. Days on leave have no attendance row except K102's 06-05
(no sign-in, covered by approved leave: ATT-01/ATT-02 exempt, neither pass nor fail).

Readings (the rule author's, /work/wt/s3/rules, followed; the placed breaches fail under any sensible reading):
- HND-03: an incident is open at shift_start when opened_at < shift_start and closed_at is empty or
  later (closed exactly at the shift start = finished); any desk of the site; normal incidents do not block.
- HND-05: open reception items = requests of the same site and desk with received_at < shift_start and
  closed_at empty or later; open_items_listed must be >= that number.
- ATT-01: service staff, working days only, signed_in_at <= work_date 07:50:00.
- ATT-02: any role, signed_in_at - shift_start >= 20 min is a breach unless approved leave covering the
  shift start was requested no later than the shift start.
- ATT-03: approved_at <= starts_at - 24 h.
- SHF-01: applicant's swaps per month <= 2; a swap whose applicant has another swap on the same or the
  previous day fails (the later one of two consecutive days). Counterparts are picked so that counting
  the stand-in (counterpart_id) too would change nothing.
- SHF-02: both lead approvals and the form true; no swap on a public holiday; no approved leave covering
  a holiday shift (attendance on a holiday).
- COM-04: major incidents reported <= 3 working days (3 x 7.5 working hours, 08:30-12:00, 13:30-17:30,
  Mon-Fri, holidays skipped) after opened_at. Emergency incidents are reported in time anyway.

Incidents and reception items are kept short (closed within ~1.5 h) and around odd minutes so that they
are open only at this module's own handovers.
"""

from __future__ import annotations

from tests.catalog.june.base import WORKING_DAYS

ATTENDANCE_PLAN = {  # staff -> (site, shift start, usual sign-in)
    "K101": ("S01", "08:00:00", "07:40:00"), "K102": ("S01", "08:00:00", "07:40:00"),
    "K201": ("S02", "08:00:00", "07:40:00"), "K202": ("S02", "08:00:00", "07:40:00"),
    "Q101": ("S01", "08:30:00", "08:20:00"), "Q201": ("S02", "08:30:00", "08:20:00"),
    "L101": ("S01", "08:30:00", "08:20:00"), "L201": ("S02", "08:30:00", "08:20:00"),
    "C101": ("S01", "09:00:00", "08:50:00"), "C102": ("S01", "09:00:00", "08:50:00"),
}
# (staff, day) -> sign-in time (None: no sign-in); "skip" = no attendance row (on leave all day)
SPECIAL = {
    ("K101", "2026-06-03"): "07:58:00",  # ATT-01 breach: 07:58 > 07:50 (8 min); shift 08:00 -> 2 min early, ATT-02 passes
    ("K201", "2026-06-10"): "07:55:00",  # ATT-01 breach: 07:55 > 07:50 (5 min); ATT-02 passes
    ("K202", "2026-06-29"): "07:59:00",  # ATT-01 breach: 07:59 > 07:50 (9 min); W27 day, but the record is in June
    ("K102", "2026-06-22"): "07:50:00",  # ATT-01 boundary: exactly 07:50:00 on the Monday after the holiday -> pass
    ("K102", "2026-06-05"): None,        # on approved leave J3-L01 (covers 08:00): exempt for ATT-01 and ATT-02
    ("K202", "2026-06-19"): None,        # holiday shift taken as approved leave J3-L04: SHF-02 breach; ATT-02 exempt
    ("K101", "2026-06-12"): "skip",      # on leave J3-L02
    ("K201", "2026-06-22"): "skip",      # on leave J3-L03
    ("Q101", "2026-06-26"): "skip",      # time off J3-L07
    ("Q101", "2026-06-04"): "08:55:00",  # ATT-02 breach: 08:30 + 25 min = 08:55 (>= 20 min, no leave)
    ("C102", "2026-06-11"): "09:45:00",  # ATT-02 breach: 09:00 + 45 min, no leave
    ("L201", "2026-06-11"): "09:30:00",  # ATT-02 breach: 08:30 + 60 min; leave J3-L05 asked for 08:45, after the shift start
    ("Q201", "2026-06-17"): "08:49:59",  # ATT-02 boundary: 08:30 + 19 min 59 s -> pass
}


def _attendance() -> list[dict]:
    rows = []
    days = [(sid, d) for sid in ATTENDANCE_PLAN for d in WORKING_DAYS]
    days += [("K202", "2026-06-19"), ("Q101", "2026-06-19")]  # holiday duty (SHF-02 holiday leave: breach / pass)
    for sid, day in days:
        site, start, usual = ATTENDANCE_PLAN[sid]
        signed = SPECIAL.get((sid, day), usual)
        if signed == "skip":
            continue
        rows.append({"attendance_id": f"J3-A-{sid}-{day[5:7]}{day[8:]}", "staff_id": sid, "site_id": site, "work_date": day,
                     "shift_start": f"{day} {start}", "signed_in_at": f"{day} {signed}" if signed else None,
                     "signed_out_at": f"{day} 17:40:00" if signed else None})
    return rows


def _leave(lid, sid, site, starts, ends, requested, approved, by, kind="leave"):
    return {"leave_id": lid, "staff_id": sid, "site_id": site, "kind": kind, "starts_at": starts, "ends_at": ends,
            "requested_at": requested, "approved_by": by, "approved_at": approved}


LEAVE = [
    # K102 all of Fri 06-05; approved 06-01 10:00, 4 days ahead: ATT-03 pass (background)
    _leave("J3-L01", "K102", "S01", "2026-06-05 00:00:00", "2026-06-06 00:00:00", "2026-06-01 09:00:00", "2026-06-01 10:00:00", "P101"),
    # ATT-03 boundary: starts Fri 06-12 08:00, approved Thu 06-11 08:00:00 = exactly 24 h before -> pass
    _leave("J3-L02", "K101", "S01", "2026-06-12 08:00:00", "2026-06-12 17:30:00", "2026-06-10 16:00:00", "2026-06-11 08:00:00", "P101"),
    # ATT-03 boundary across the holiday: starts Mon 06-22 08:00, approved Sun 06-21 08:00:00 (a festival day) = 24 h -> pass
    _leave("J3-L03", "K201", "S02", "2026-06-22 08:00:00", "2026-06-22 17:30:00", "2026-06-17 10:00:00", "2026-06-21 08:00:00", "P201"),
    # SHF-02 breach (via attendance J3-A-K202-0619): leave covering the holiday shift Fri 06-19 08:00.
    # Approved 06-11 09:00, 8 days ahead: ATT-03 passes; ATT-02 exempt (asked for 06-10, before the shift)
    _leave("J3-L04", "K202", "S02", "2026-06-19 08:00:00", "2026-06-19 17:30:00", "2026-06-10 09:00:00", "2026-06-11 09:00:00", "P201"),
    # ATT-03 breach: starts 06-11 08:30, approved 06-11 09:00, after it started (-0.5 h). Also the ATT-02 case of L201 06-11
    _leave("J3-L05", "L201", "S02", "2026-06-11 08:30:00", "2026-06-11 09:30:00", "2026-06-11 08:45:00", "2026-06-11 09:00:00", "P201"),
    # ATT-03 breach: starts Tue 06-16 14:00, approved the same morning 09:00 (5 h before). Covers no shift start.
    _leave("J3-L06", "K102", "S01", "2026-06-16 14:00:00", "2026-06-16 17:30:00", "2026-06-16 08:30:00", "2026-06-16 09:00:00", "P101"),
    # ATT-03 breach: time off starting Fri 06-26 08:30, approved 06-26 07:00 (1.5 h before, same day)
    _leave("J3-L07", "Q101", "S01", "2026-06-26 08:30:00", "2026-06-26 17:30:00", "2026-06-25 20:00:00", "2026-06-26 07:00:00", "P101",
           "time_off"),
]

SITE = {"K101": "S01", "K102": "S01", "Q101": "S01", "L101": "S01", "C101": "S01", "C102": "S01",
        "K201": "S02", "K202": "S02", "Q201": "S02", "L201": "S02"}


def _swap(wid, sid, other, day, lead=True, other_lead=True, form=True):
    return {"swap_id": wid, "site_id": SITE[sid], "staff_id": sid, "counterpart_id": other, "shift_date": day,
            "lead_approved": lead, "counterpart_lead_approved": other_lead, "form_filed": form,
            "requested_at": "2026-05-25 10:00:00"}


# Counterparts are chosen so that the results stay the same if swaps were counted for the counterpart
# (替班) too: then everyone but K101/K102 still has <= 2, and no one's dates become adjacent.
SHIFT_SWAPS = [
    # SHF-01 count breach: K101 applies for 3 swaps in June (06-02, 06-10, 06-24; none adjacent): 3 > 2
    _swap("J3-W01", "K101", "K102", "2026-06-02", lead=False),  # also SHF-02 breach: K101's own lead did not approve
    _swap("J3-W02", "K101", "K102", "2026-06-10"), _swap("J3-W03", "K101", "K102", "2026-06-24"),
    # SHF-01 count breach: K102 3 swaps (06-04, 06-16, 06-18): 3 > 2
    _swap("J3-W04", "K102", "K101", "2026-06-04", form=False),  # also SHF-02 breach: swap form not filed
    _swap("J3-W05", "K102", "K101", "2026-06-16"),
    _swap("J3-W06", "K102", "K101", "2026-06-18"),  # SHF-02 boundary: Thu 06-18, the working day before the holiday -> pass
    # SHF-01 count boundary: K202 exactly 2 swaps (06-05, 06-25) -> pass
    _swap("J3-W07", "K202", "K201", "2026-06-05"), _swap("J3-W08", "K202", "K201", "2026-06-25"),
    # SHF-01 consecutive breach: L101 06-08 and 06-09; the later one (W10) fails; L101's count is 2 (passes)
    _swap("J3-W09", "L101", "Q101", "2026-06-08"), _swap("J3-W10", "L101", "Q101", "2026-06-09"),
    # SHF-01 consecutive breach across the month: C101 Sun 05-31 (May, not judged) and Mon 06-01 (W12 fails); June count 1
    _swap("J3-W11", "C101", "C102", "2026-05-31"), _swap("J3-W12", "C101", "C102", "2026-06-01"),
    # SHF-01 consecutive boundary: L201 06-15 and 06-17, one day between -> W14 passes; count 2
    _swap("J3-W13", "L201", "Q201", "2026-06-15"), _swap("J3-W14", "L201", "Q201", "2026-06-17"),
    # SHF-02 breach: C102 swaps the holiday shift Fri 06-19 (Dragon Boat Festival), approvals and form in order
    _swap("J3-W15", "C102", "C101", "2026-06-19"),
]


def _incident(iid, site, level, opened, closed, reported, handler):
    return {"incident_id": iid, "site_id": site, "level": level, "opened_at": opened, "closed_at": closed,
            "reported_to_committee_at": reported, "handler_id": handler}


INCIDENTS = [
    # COM-04 breach: Wed 06-03 10:00 + 22.5 wh: Wed 2 h + 4 h = 6, Thu 13.5, Fri 21, Mon 06-08 +1.5 -> due 06-08 10:00
    # (end-of-day reading: end of 06-08); reported Fri 06-12 10:00, 4 days late
    _incident("J3-I01", "S01", "major", "2026-06-03 10:00:00", "2026-06-03 11:30:00", "2026-06-12 10:00:00", "M101"),
    # COM-04 breach: Wed 06-24 14:00: Wed 3.5 h, Thu 11, Fri 18.5, Mon 06-29 3.5 -> 22, +0.5 from 13:30 -> due 06-29 14:00;
    # reported Fri 07-03 10:00
    _incident("J3-I02", "S02", "major", "2026-06-24 14:00:00", "2026-06-24 15:00:00", "2026-07-03 10:00:00", "M201"),
    # COM-04 boundary across the holiday: Thu 06-18 10:00: Thu 6 h, Fri 06-19 holiday, weekend, Mon 13.5, Tue 21,
    # Wed 06-24 +1.5 -> due 06-24 10:00:00; reported exactly then -> pass
    _incident("J3-I03", "S01", "major", "2026-06-18 10:00:00", "2026-06-18 11:00:00", "2026-06-24 10:00:00", "M101"),
    # COM-04 boundary: opened Sat 06-06 10:00, the clock starts Mon 06-08 08:30; 3 x 7.5 h -> Wed 06-10 17:30:00 -> pass
    _incident("J3-I04", "S02", "major", "2026-06-06 10:00:00", "2026-06-06 10:40:00", "2026-06-10 17:30:00", "M201"),
    # HND-03 breach (J3-H01 at 11:15): major, open 10:40-12:10; reported the same day (COM-04 pass)
    _incident("J3-I05", "S01", "major", "2026-06-09 10:40:00", "2026-06-09 12:10:00", "2026-06-09 16:00:00", "M101"),
    # HND-03 breach (J3-H02 at 14:30): emergency, open 13:50-15:20; reported the same day (in time for any reading)
    _incident("J3-I06", "S02", "emergency", "2026-06-16 13:50:00", "2026-06-16 15:20:00", "2026-06-16 17:00:00", "M201"),
    # HND-03 boundary (J3-H03 at 13:15): major closed exactly at 13:15:00 -> finished, pass; reported 16:00 (COM-04 pass)
    _incident("J3-I07", "S01", "major", "2026-06-11 12:20:00", "2026-06-11 13:15:00", "2026-06-11 16:00:00", "M101"),
    # HND-03 boundary (J3-H04 at 10:15): a normal incident open 09:40-10:30 does not block -> pass
    _incident("J3-I08", "S02", "normal", "2026-06-25 09:40:00", "2026-06-25 10:30:00", None, "M201"),
]


def _request(rid, site, desk, received, closed, by):
    return {"request_id": rid, "site_id": site, "desk": desk, "received_at": received, "received_by": by,
            "topic": "业主来访登记", "closed_at": closed}


REQUESTS = [
    # open at J3-H05 (S01 front desk, 06-10 15:10): R01 and R02 -> 2 open, 1 listed: HND-05 breach
    _request("J3-R01", "S01", "front_desk", "2026-06-10 14:20:00", "2026-06-10 15:40:00", "Q101"),
    _request("J3-R02", "S01", "front_desk", "2026-06-10 14:40:00", "2026-06-10 16:00:00", "Q101"),
    # open at J3-H06 (S02 duty office, 06-23 10:10): 1 open, 0 listed: HND-05 breach
    _request("J3-R03", "S02", "duty_office", "2026-06-23 09:30:00", "2026-06-23 11:00:00", "A201"),
    # J3-H07 (S02 front desk, 06-24 16:10): R04, R05 open; R06 closed exactly 16:10:00 and R07 received exactly
    # 16:10:00 are not open -> 2 open, 2 listed: HND-05 boundary, pass
    _request("J3-R04", "S02", "front_desk", "2026-06-24 15:20:00", "2026-06-24 17:00:00", "Q201"),
    _request("J3-R05", "S02", "front_desk", "2026-06-24 15:30:00", "2026-06-24 16:30:00", "Q201"),
    _request("J3-R06", "S02", "front_desk", "2026-06-24 15:00:00", "2026-06-24 16:10:00", "Q201"),
    _request("J3-R07", "S02", "front_desk", "2026-06-24 16:10:00", "2026-06-24 16:50:00", "Q201"),
]


def _handover(hid, site, desk, start, out, inc, listed):
    # incoming arrives 20 min early (covers 15/10/5 min of HND-02), outgoing leaves 10 min after: HND-01/02/04 hold
    day, clock = start.split(" ")
    h, m = int(clock[:2]), int(clock[3:5])
    arrived, left = h * 60 + m - 20, h * 60 + m + 10
    return {"handover_id": hid, "site_id": site, "desk": desk, "shift_start": start, "outgoing_staff_id": out,
            "incoming_staff_id": inc, "incoming_arrived_at": f"{day} {arrived // 60:02d}:{arrived % 60:02d}:00",
            "outgoing_left_at": f"{day} {left // 60:02d}:{left % 60:02d}:00", "outgoing_signed": True,
            "incoming_signed": True, "open_items_listed": listed}


HANDOVERS = [
    _handover("J3-H01", "S01", "front_desk", "2026-06-09 11:15:00", "Q101", "L101", 0),   # HND-03 breach: J3-I05 open
    _handover("J3-H02", "S02", "duty_office", "2026-06-16 14:30:00", "A201", "P201", 0),  # HND-03 breach: J3-I06 open
    _handover("J3-H03", "S01", "front_desk", "2026-06-11 13:15:00", "L101", "Q101", 0),   # HND-03 pass: J3-I07 closed at 13:15:00
    _handover("J3-H04", "S02", "front_desk", "2026-06-25 10:15:00", "Q201", "L201", 0),   # HND-03 pass: only normal J3-I08 open
    _handover("J3-H05", "S01", "front_desk", "2026-06-10 15:10:00", "Q101", "L101", 1),   # HND-05 breach: 2 open, 1 listed
    _handover("J3-H06", "S02", "duty_office", "2026-06-23 10:10:00", "A201", "P201", 0),  # HND-05 breach: 1 open, 0 listed
    _handover("J3-H07", "S02", "front_desk", "2026-06-24 16:10:00", "Q201", "L201", 2),   # HND-05 pass: 2 open, 2 listed
]

ROWS: dict[str, list[dict]] = {
    "attendance": _attendance(), "leave": LEAVE, "shift_swaps": SHIFT_SWAPS, "incidents": INCIDENTS,
    "requests": REQUESTS, "handovers": HANDOVERS,
}

BREACHES: list[tuple[str, str, str | None]] = [
    ("HND-03", "J3-H01", None), ("HND-03", "J3-H02", None),
    ("HND-05", "J3-H05", None), ("HND-05", "J3-H06", None),
    ("ATT-01", "J3-A-K101-0603", None), ("ATT-01", "J3-A-K201-0610", None), ("ATT-01", "J3-A-K202-0629", None),
    ("ATT-02", "J3-A-Q101-0604", None), ("ATT-02", "J3-A-C102-0611", None), ("ATT-02", "J3-A-L201-0611", None),
    ("ATT-03", "J3-L05", None), ("ATT-03", "J3-L06", None), ("ATT-03", "J3-L07", None),
    ("SHF-01", "K101", "2026-06-01"), ("SHF-01", "K102", "2026-06-01"), ("SHF-01", "J3-W10", None), ("SHF-01", "J3-W12", None),
    ("SHF-02", "J3-W01", None), ("SHF-02", "J3-W04", None), ("SHF-02", "J3-W15", None), ("SHF-02", "J3-A-K202-0619", None),
    ("COM-04", "J3-I01", None), ("COM-04", "J3-I02", None),
]

PASSES: list[tuple[str, str, str | None]] = [
    ("HND-03", "J3-H03", None), ("HND-03", "J3-H04", None),
    ("HND-05", "J3-H07", None),
    ("ATT-01", "J3-A-K102-0622", None),
    ("ATT-02", "J3-A-Q201-0617", None),
    ("ATT-03", "J3-L02", None), ("ATT-03", "J3-L03", None),
    ("SHF-01", "K202", "2026-06-01"), ("SHF-01", "J3-W14", None),
    ("SHF-02", "J3-W06", None), ("SHF-02", "J3-A-Q101-0619", None),  # Q101 on duty on the holiday, no leave
    ("COM-04", "J3-I03", None), ("COM-04", "J3-I04", None),
]
