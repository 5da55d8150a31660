"""Group j4 of the hand-built June 2026 export: log reviews, spot checks, rosters and reports, call
monitoring, the owners' committee.

Standards: DUT-01, DUT-02, DUT-03, CMP-12, QA-01, QA-02, QA-03, COM-01, COM-02, COM-03, COM-05, COM-06.
Datasets: log_reviews, spot_checks, deliverables, call_monitoring, committee_contacts, committee_requests,
owner_meetings, notice_updates (no core dataset is needed).

Readings (the rule author's choices in /work/wt/s4, checked against the catalog by hand):
- Deliverable-style standards (DUT-01, CMP-12, DUT-03, QA-02, QA-03) judge, in the June run, the periods
  whose review/submission falls DUE in June: DUT-01 the duty logs of 05-29..06-29 (due the end of the next
  working day: Fri 05-29 and the weekend 05-30/31 fall due Mon 06-01, 06-30 falls due 07-01); CMP-12 daily
  the reception logs 05-30..06-30 (due the same day, a non-working day's on the next working day), CMP-12
  weekly the weeks W22..W26 (due Monday of the next week); DUT-03 the July rosters (front desk due
  06-24 23:59:59 "before the 25th", duty office due 06-30 23:59:59 — two rules); QA-02 the June report
  (due 06-21 23:59:59, "before the 22nd" of the same month); QA-03 weeks W22..W26 (due Monday 18:00:00 of
  the next week, exactly 18:00 passes). Background is laid over a wider span (05-25..07-06) anyway.
- Counts: DUT-02 per supervisor per ISO week W23..W26 (≥ 3 front-desk checks, holiday week too); QA-01 per
  call agent in June (≥ 1, the default N); COM-01 per site in June (≥ 1 contact with chair_present);
  COM-02 per site in Q2 (members_present > committee_size / 2: S01 needs 4 of 7, S02 5 of 9);
  COM-06 per site in June (≥ 2 updates; one board per site, so the per-board reading agrees).
- Records (window day None): COM-03 requests received in June, answered ≤ 3 working days (3 × 7.5 working
  hours, 08:30–12:00 and 13:30–17:30, Mon–Fri, 06-19 off); COM-05 minutes ≤ the end of the 3rd working day
  after the meeting's day. COM-05's yearly meeting count is not judged in a June run (the year ends in Dec).
Only two sites and two call agents exist, so QA-01, QA-02, COM-01, COM-02 and COM-06 get one breach and one
boundary pass each (both subjects of the single judged window are used).
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.catalog.june.base import HOLIDAYS

SITES = ("S01", "S02")
SUP = {"S01": "P101", "S02": "P201"}
MGR = {"S01": "M101", "S02": "M201"}
ADMIN = {"S01": "A101", "S02": "A201"}


def _days(first: str, last: str) -> list[str]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [(a + timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def _plus(day: str, n: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


def _week(monday: str) -> str:
    y, w, _ = date.fromisoformat(monday).isocalendar()
    return f"{y}-W{w:02d}"


MONDAYS = ["2026-05-25", "2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22", "2026-06-29"]  # W22..W27

# ---------------------------------------------------------------- log_reviews (DUT-01, CMP-12)
def _review(key, site, log, log_date, scope, reviewer, at, signed):
    return {"review_id": key, "site_id": site, "log": log, "log_date": log_date, "scope": scope,
            "reviewer_id": reviewer, "reviewed_at": at, "signed": signed}


SPECIAL_DUTY = {("S01", "2026-06-10"), ("S02", "2026-06-24"), ("S01", "2026-06-16"), ("S02", "2026-06-18"), ("S01", "2026-05-30")}
SPECIAL_RECEPTION = {("S02", "2026-06-03"), ("S01", "2026-06-11"), ("S02", "2026-06-19")}
SPECIAL_WEEKLY = {("S01", "2026-06-08"), ("S02", "2026-06-15"), ("S02", "2026-05-25")}

# Background: every day 05-25..06-30, each site: duty log signed by the supervisor the same day 17:00 (due at
# the earliest that day's end under any reading), reception log reviewed by the supervisor the same day 17:10;
# every week W22..W27 reviewed by the manager on the Monday after at 09:00 (due that Monday's end).
LOG_REVIEWS = [
    _review(f"J4-LR-D-{s}-{d}", s, "duty", d, "day", SUP[s], f"{d} 17:00:00", True)
    for s in SITES for d in _days("2026-05-25", "2026-06-30") if (s, d) not in SPECIAL_DUTY
] + [
    _review(f"J4-LR-R-{s}-{d}", s, "reception", d, "day", SUP[s], f"{d} 17:10:00", None)
    for s in SITES for d in _days("2026-05-25", "2026-06-30") if (s, d) not in SPECIAL_RECEPTION
] + [
    _review(f"J4-LR-W-{s}-{m}", s, "reception", m, "week", MGR[s], f"{_plus(m, 7)} 09:00:00", None)
    for s in SITES for m in MONDAYS if (s, m) not in SPECIAL_WEEKLY
] + [
    # DUT-01 breach: S01 06-10 (Wed) due Thu 06-11 23:59:59 (next working day); signed Fri 06-12 09:00: 33 h late
    _review("J4-LR-01", "S01", "duty", "2026-06-10", "day", "P101", "2026-06-12 09:00:00", True),
    # DUT-01 breach: S02 06-24 reviewed but NOT signed (signed False): no signed review at all
    _review("J4-LR-02", "S02", "duty", "2026-06-24", "day", "P201", "2026-06-24 17:00:00", False),
    # DUT-01 breach: S01 06-16 signed only by the receptionist Q101 (not a supervisor): no qualifying review
    _review("J4-LR-03", "S01", "duty", "2026-06-16", "day", "Q101", "2026-06-16 17:00:00", True),
    # DUT-01 pass, across the holiday: S02 Thu 06-18; next working day is Mon 06-22 (Fri 06-19 holiday,
    # weekend) -> due 06-22 23:59:59; signed 06-22 23:59:59: exactly at the limit
    _review("J4-LR-04", "S02", "duty", "2026-06-18", "day", "P201", "2026-06-22 23:59:59", True),
    # DUT-01 pass: S01 Sat 05-30 (a May log judged in June): due Mon 06-01 23:59:59; signed Mon 06-01 09:00
    _review("J4-LR-05", "S01", "duty", "2026-05-30", "day", "P101", "2026-06-01 09:00:00", True),
    # CMP-12 breach (daily): S02 Wed 06-03 reception log never reviewed (due 06-03 23:59:59) -> no row at all
    # CMP-12 breach (daily): S01 Thu 06-11 reviewed only by the receptionist Q101 (not supervisor/manager)
    _review("J4-LR-06", "S01", "reception", "2026-06-11", "day", "Q101", "2026-06-11 17:10:00", None),
    # CMP-12 pass (daily), holiday: S02 Fri 06-19 (public holiday) -> due the next working day Mon 06-22
    # 23:59:59; reviewed Mon 06-22 17:00
    _review("J4-LR-07", "S02", "reception", "2026-06-19", "day", "P201", "2026-06-22 17:00:00", None),
    # CMP-12 breach (weekly): S01 W24 (06-08..06-14) due Mon 06-15 23:59:59; manager reviewed Thu 06-18 10:00
    _review("J4-LR-08", "S01", "reception", "2026-06-08", "week", "M101", "2026-06-18 10:00:00", None),
    # CMP-12 breach (weekly): S02 W25 (06-15..06-21) reviewed only by the supervisor P201 (not the manager)
    _review("J4-LR-09", "S02", "reception", "2026-06-15", "week", "P201", "2026-06-22 09:00:00", None),
    # CMP-12 pass (weekly): S02 W22 (05-25..05-31) due Mon 06-01 23:59:59; manager reviewed 06-01 23:59:59 exactly
    _review("J4-LR-10", "S02", "reception", "2026-05-25", "week", "M201", "2026-06-01 23:59:59", None),
]

# ---------------------------------------------------------------- spot_checks (DUT-02)
def _check(key, sup, at, desk="front_desk"):
    return {"check_id": key, "site_id": "S01" if sup == "P101" else "S02", "desk": desk, "supervisor_id": sup,
            "checked_at": at, "result": "ok"}


SPECIAL_CHECK_WEEKS = {("P101", "2026-06-08"), ("P101", "2026-06-15"), ("P201", "2026-06-01"), ("P201", "2026-06-08"),
                       ("P201", "2026-06-22")}
# Background: 3 front-desk checks (Mon, Wed, Thu 10:00) per supervisor per week W22..W27
SPOT_CHECKS = [
    _check(f"J4-SC-{p}-{m}-{n}", p, f"{_plus(m, n)} 10:00:00")
    for p in ("P101", "P201") for m in MONDAYS if (p, m) not in SPECIAL_CHECK_WEEKS for n in (0, 2, 3)
] + [
    # DUT-02 breach: P101 W24 (06-08..06-14): 2 front-desk checks + 1 duty-office check = 2 front-desk < 3
    _check("J4-SC-01", "P101", "2026-06-08 10:00:00"),
    _check("J4-SC-02", "P101", "2026-06-10 10:00:00"),
    _check("J4-SC-03", "P101", "2026-06-11 10:00:00", desk="duty_office"),
    # DUT-02 breach: P201 W23 (06-01..06-07): 2 checks in the week; the 3rd at Sun 05-31 23:59:59 is W22's
    _check("J4-SC-04", "P201", "2026-05-31 23:59:59"),
    _check("J4-SC-05", "P201", "2026-06-01 10:00:00"),
    _check("J4-SC-06", "P201", "2026-06-03 10:00:00"),
    # DUT-02 breach: P201 W26 (06-22..06-28): 1 check < 3
    _check("J4-SC-07", "P201", "2026-06-23 10:00:00"),
    # DUT-02 pass, holiday week: P101 W25 (06-15..06-21, Fri 06-19 off): exactly 3, the last Sun 06-21 23:59:59
    _check("J4-SC-08", "P101", "2026-06-15 10:00:00"),
    _check("J4-SC-09", "P101", "2026-06-16 10:00:00"),
    _check("J4-SC-10", "P101", "2026-06-21 23:59:59"),
    # DUT-02 pass: P201 W24: exactly 3, at both edges of the week (Mon 00:00:00, Sun 23:59:59)
    _check("J4-SC-11", "P201", "2026-06-08 00:00:00"),
    _check("J4-SC-12", "P201", "2026-06-10 10:00:00"),
    _check("J4-SC-13", "P201", "2026-06-14 23:59:59"),
]

# ---------------------------------------------------------------- deliverables (DUT-03, QA-02, QA-03)
def _deliv(key, site, kind, period, at):
    return {"deliverable_id": key, "site_id": site, "kind": kind, "period": period, "submitted_at": at,
            "submitted_by": ADMIN[site] if at else None}


SPECIAL_SUMMARY = {("S01", "2026-06-01"), ("S02", "2026-06-15"), ("S02", "2026-06-08"), ("S01", "2026-06-22"), ("S01", "2026-05-25")}
DELIVERABLES = [
    # background: June rosters (due in May: not judged in June, on time anyway) and May's quality reports
    *[_deliv(f"J4-DV-FR-{s}-06", s, "front_desk_roster", "2026-06", "2026-05-20 10:00:00") for s in SITES],
    *[_deliv(f"J4-DV-DR-{s}-06", s, "duty_roster", "2026-06", "2026-05-28 10:00:00") for s in SITES],
    *[_deliv(f"J4-DV-QR-{s}-05", s, "quality_report", "2026-05", "2026-05-20 10:00:00") for s in SITES],
    # background: callback summary of each week W22..W27, submitted the next Monday 10:00 (due 18:00)
    *[_deliv(f"J4-DV-CS-{s}-{_week(m)}", s, "callback_summary", _week(m), f"{_plus(m, 7)} 10:00:00")
      for s in SITES for m in MONDAYS if (s, m) not in SPECIAL_SUMMARY],
    # DUT-03 breach: S01 July front-desk roster due 06-24 23:59:59 (before the 25th); submitted 07-02 10:00
    # (late under any due day: 24th, 25th, even the month's end)
    _deliv("J4-DV-01", "S01", "front_desk_roster", "2026-07", "2026-07-02 10:00:00"),
    # DUT-03 pass: S02 July front-desk roster submitted 06-24 23:59:59: the last second before the 25th
    _deliv("J4-DV-02", "S02", "front_desk_roster", "2026-07", "2026-06-24 23:59:59"),
    # DUT-03 pass: S01 July duty-office roster due the last day of June; submitted 06-30 23:59:59 exactly
    _deliv("J4-DV-03", "S01", "duty_roster", "2026-07", "2026-06-30 23:59:59"),
    # DUT-03 breach: S02 July duty-office roster: no row at all; due 06-30 23:59:59, as-of 07-15 -> missing
    # QA-02 breach: S01 June report due 06-21 23:59:59 (before the 22nd); submitted 06-23 10:00 (late even
    # under "by the 22nd")
    _deliv("J4-DV-04", "S01", "quality_report", "2026-06", "2026-06-23 10:00:00"),
    # QA-02 pass: S02 June report submitted Sun 06-21 23:59:59: exactly the last moment before the 22nd
    _deliv("J4-DV-05", "S02", "quality_report", "2026-06", "2026-06-21 23:59:59"),
    # QA-03 breach: S01 W23 due Mon 06-08 18:00:00; submitted 18:00:01: 1 s late
    _deliv("J4-DV-06", "S01", "callback_summary", "2026-W23", "2026-06-08 18:00:01"),
    # QA-03 breach: S02 W25 (the holiday week): no summary at all; due Mon 06-22 18:00, as-of 07-15
    # QA-03 breach: S01 W26 due Mon 06-29 18:00; submitted Tue 06-30 09:00: 15 h late
    _deliv("J4-DV-07", "S01", "callback_summary", "2026-W26", "2026-06-30 09:00:00"),
    # QA-03 pass: S02 W24 due Mon 06-15 18:00:00; submitted 18:00:00 exactly
    _deliv("J4-DV-08", "S02", "callback_summary", "2026-W24", "2026-06-15 18:00:00"),
    # QA-03 pass: S01 W22 (05-25..05-31, a May week judged in June: due Mon 06-01 18:00); submitted Sun 05-31 20:00
    _deliv("J4-DV-09", "S01", "callback_summary", "2026-W22", "2026-05-31 20:00:00"),
]

# ---------------------------------------------------------------- call_monitoring (QA-01)
CALL_MONITORING = [
    # QA-01 pass: C101 exactly 1 monitored call in June, at its last second 06-30 23:59:59 (N = 1)
    {"monitor_id": "J4-CM-01", "call_id": None, "agent_id": "C101", "inspector_id": "L101",
     "monitored_at": "2026-06-30 23:59:59", "score": 92.0},
    # QA-01 breach: C102 none in June: one at 05-31 23:59:59 (May) and one at 07-01 00:00:00 (July) only
    {"monitor_id": "J4-CM-02", "call_id": None, "agent_id": "C102", "inspector_id": "L101",
     "monitored_at": "2026-05-31 23:59:59", "score": 88.0},
    {"monitor_id": "J4-CM-03", "call_id": None, "agent_id": "C102", "inspector_id": "L101",
     "monitored_at": "2026-07-01 00:00:00", "score": 90.0},
]

# ---------------------------------------------------------------- committee_contacts (COM-01, COM-02)
def _contact(key, site, at, chair, members):
    return {"contact_id": key, "site_id": site, "staff_id": MGR[site], "contacted_at": at, "chair_present": chair,
            "members_present": members, "channel": "meeting" if members > 2 else "in_person", "content": None, "result": None}


COMMITTEE_CONTACTS = [
    # COM-02 pass: S01 (committee 7) Q2: 4 members on 04-15: 4 > 3.5, the smallest "more than half"
    _contact("J4-CC-01", "S01", "2026-04-15 10:00:00", False, 4),
    # COM-01 pass: S01 June: exactly 1 contact with the chair, at 06-30 23:59:00 (2 members: no COM-02 count)
    _contact("J4-CC-02", "S01", "2026-06-30 23:59:00", True, 2),
    # COM-01 breach: S02 June: the only June contact has no chair (chair_present False); the chair came on
    # 05-12 (May) and 07-01 (July) only -> 0 in June
    _contact("J4-CC-03", "S02", "2026-06-10 10:00:00", False, 4),
    # COM-02 breach: S02 (committee 9) Q2 04-01..06-30: best attendance 4 of 9 (≤ 4.5, below half under any
    # reading); the 9-member meeting of 07-01 is Q3
    _contact("J4-CC-04", "S02", "2026-05-12 10:00:00", True, 3),
    _contact("J4-CC-05", "S02", "2026-07-01 09:00:00", True, 9),
]

# ---------------------------------------------------------------- committee_requests (COM-03)
def _request(key, site, at, answered, reasonable=True):
    return {"request_id": key, "site_id": site, "received_at": at, "answered_at": answered, "reasonable": reasonable,
            "handler_id": MGR[site], "content": None}


COMMITTEE_REQUESTS = [
    # COM-03 breach: Mon 06-01 09:00 + 22.5 working h: Mon 7 (09-12, 13:30-17:30) + Tue 7.5 + Wed 7.5 = 22,
    # Thu +0.5 -> due Thu 06-04 09:00; answered Fri 06-05 09:00: 7.5 working h late
    _request("J4-CR-01", "S01", "2026-06-01 09:00:00", "2026-06-05 09:00:00"),
    # COM-03 breach: Fri 06-12 16:00: Fri 1.5 + Mon 7.5 + Tue 7.5 = 16.5, Wed +6 (3.5 morning + 2.5) -> due
    # Wed 06-17 16:00; answered Thu 06-18 16:00: one working day late
    _request("J4-CR-02", "S02", "2026-06-12 16:00:00", "2026-06-18 16:00:00"),
    # COM-03 breach: Thu 06-25 14:00: Thu 3.5 + Fri 7.5 + Mon 7.5 = 18.5, Tue +4 -> due Tue 06-30 14:00;
    # never answered, as-of 07-15: overdue
    _request("J4-CR-03", "S01", "2026-06-25 14:00:00", None),
    # COM-03 pass across the holiday: Wed 06-17 10:00: Wed 6 + Thu 7.5 (Fri 06-19 off) + Mon 7.5 = 21, Tue +1.5
    # -> due Tue 06-23 10:00; answered 10:00:00 exactly
    _request("J4-CR-04", "S02", "2026-06-17 10:00:00", "2026-06-23 10:00:00"),
    # COM-03 pass, raised on a Saturday: the clock starts Mon 06-22 08:30; 3 × 7.5 h -> Wed 06-24 17:30;
    # answered 17:30:00 exactly
    _request("J4-CR-05", "S01", "2026-06-20 10:00:00", "2026-06-24 17:30:00"),
    # not judged: marked unreasonable (reasonable False), explained, never "answered"
    _request("J4-CR-06", "S02", "2026-06-08 10:00:00", None, reasonable=False),
]

# ---------------------------------------------------------------- owner_meetings (COM-05)
OWNER_MEETINGS = [
    # COM-05 breach: Sat 06-06 meeting: working reading -> 3rd working day after Mon 06-08 = Thu 06-11 17:30
    # (calendar reading: Tue 06-09); minutes Fri 06-12 09:00: late either way
    {"meeting_id": "J4-OM-01", "site_id": "S01", "held_at": "2026-06-06 10:00:00",
     "minutes_published_at": "2026-06-12 09:00:00", "organised_by": "M101"},
    # COM-05 breach: Tue 06-16 19:00: 3rd working day after = Mon 06-22 (Wed 17, Thu 18, Fri 19 off);
    # minutes never published, as-of 07-15: overdue
    {"meeting_id": "J4-OM-02", "site_id": "S02", "held_at": "2026-06-16 19:00:00",
     "minutes_published_at": None, "organised_by": "M201"},
    # COM-05 pass across the holiday: Thu 06-18 19:00: working days after: Mon 22, Tue 23, Wed 24 (Fri 19 is
    # Dragon Boat) -> end of Wed 06-24 (17:30 close, or 23:59:59); published Wed 06-24 17:30:00
    {"meeting_id": "J4-OM-03", "site_id": "S01", "held_at": "2026-06-18 19:00:00",
     "minutes_published_at": "2026-06-24 17:30:00", "organised_by": "M101"},
]

# ---------------------------------------------------------------- notice_updates (COM-06)
def _update(key, site, at):
    return {"update_id": key, "site_id": site, "board_id": f"J4-BOARD-{site}", "updated_at": at, "staff_id": ADMIN[site]}


NOTICE_UPDATES = [
    # COM-06 pass: S01 exactly 2 updates in June, at its first and last second
    _update("J4-NU-01", "S01", "2026-06-01 00:00:00"),
    _update("J4-NU-02", "S01", "2026-06-30 23:59:59"),
    # COM-06 breach: S02 1 update in June (06-15); the next one is 07-01 00:00:00 (July) -> 1 < 2
    _update("J4-NU-03", "S02", "2026-06-15 10:00:00"),
    _update("J4-NU-04", "S02", "2026-07-01 00:00:00"),
]

ROWS: dict[str, list[dict]] = {
    "log_reviews": LOG_REVIEWS, "spot_checks": SPOT_CHECKS, "deliverables": DELIVERABLES, "call_monitoring": CALL_MONITORING,
    "committee_contacts": COMMITTEE_CONTACTS, "committee_requests": COMMITTEE_REQUESTS, "owner_meetings": OWNER_MEETINGS,
    "notice_updates": NOTICE_UPDATES,
}

BREACHES: list[tuple[str, str, str | None]] = [
    ("DUT-01", "S01", "2026-06-10"), ("DUT-01", "S02", "2026-06-24"), ("DUT-01", "S01", "2026-06-16"),
    ("DUT-02", "P101", "2026-06-08"), ("DUT-02", "P201", "2026-06-01"), ("DUT-02", "P201", "2026-06-22"),
    ("DUT-03", "S01", "2026-07-01"), ("DUT-03", "S02", "2026-07-01"),  # window = the roster's month (July)
    ("CMP-12", "S02", "2026-06-03"), ("CMP-12", "S01", "2026-06-11"), ("CMP-12", "S01", "2026-06-08"), ("CMP-12", "S02", "2026-06-15"),
    ("QA-01", "C102", "2026-06-01"),
    ("QA-02", "S01", "2026-06-01"),
    ("QA-03", "S01", "2026-06-01"), ("QA-03", "S02", "2026-06-15"), ("QA-03", "S01", "2026-06-22"),
    ("COM-01", "S02", "2026-06-01"),
    ("COM-02", "S02", "2026-04-01"),
    ("COM-03", "J4-CR-01", None), ("COM-03", "J4-CR-02", None), ("COM-03", "J4-CR-03", None),
    ("COM-05", "J4-OM-01", None), ("COM-05", "J4-OM-02", None),
    ("COM-06", "S02", "2026-06-01"),
]

PASSES: list[tuple[str, str, str | None]] = [
    ("DUT-01", "S02", "2026-06-18"), ("DUT-01", "S01", "2026-05-30"),
    ("DUT-02", "P101", "2026-06-15"), ("DUT-02", "P201", "2026-06-08"),
    ("DUT-03", "J4-DV-02", "2026-07-01"), ("DUT-03", "J4-DV-03", "2026-07-01"),
    ("CMP-12", "S02", "2026-06-19"), ("CMP-12", "J4-LR-10", "2026-05-25"),
    ("QA-01", "C101", "2026-06-01"),
    ("QA-02", "S02", "2026-06-01"),
    ("QA-03", "S02", "2026-06-08"), ("QA-03", "S01", "2026-05-25"),
    ("COM-01", "S01", "2026-06-01"),
    ("COM-02", "S01", "2026-04-01"),
    ("COM-03", "J4-CR-04", None), ("COM-03", "J4-CR-05", None),
    ("COM-05", "J4-OM-03", None),
    ("COM-06", "S01", "2026-06-01"),
]

assert not HOLIDAYS - {"2026-06-19"}, "these rows assume 06-19 is June's only holiday"
