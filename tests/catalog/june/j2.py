"""Group j2 of the hand-built June 2026 export: callbacks, repairs, complaints, move-ins and fees.

Standards: VIS-07, VIS-08, REP-03, REP-06, CMP-07, CMP-09, CMP-10, MOV-01, MOV-02, FEE-01..04.
Readings follow the rule author's choices in /work/wt/s2 (rules/*, rules/facts/*), written at each section;
the hand computation of every placed breach and boundary case is in the comment above its row.

Background is compliant under every reading: every work order is dispatched 3 min after the report,
reached 20 min after dispatch, completed 2 h after the report, quality-checked, called back (reached, no
defect) by phone one day after completion; every complaint is minor, assigned 10 min after receipt, answered and
resolved the same day, owner told, called back the next day. S01 has no rework order at all (REP-06's rework
share is judged per site per month at ≤ 2 %), so every rework order (VIS-08) sits at S02, REP-06's breached site.
"""

from __future__ import annotations

from datetime import datetime, timedelta

FMT = "%Y-%m-%d %H:%M:%S"


def at(moment: str, **shift: float) -> str:
    """`moment` ("YYYY-MM-DD HH:MM[:SS]") shifted by timedelta keywords, as text."""
    base = datetime.strptime(moment if moment.count(":") == 2 else moment + ":00", FMT)
    return (base + timedelta(**shift)).strftime(FMT)


WORK_ORDERS: list[dict] = []
COMPLAINTS: list[dict] = []
VISITS: list[dict] = []


def visit(ref: str, unit: str, when: str, purpose: str, outcome: str = "reached", staff: str = "C101",
          defect: bool = False) -> str:
    key = f"J2-V{len(VISITS) + 1:03d}"
    VISITS.append({"visit_id": key, "staff_id": staff, "unit_id": unit, "visited_at": when, "channel": "phone",
                   "purpose": purpose, "ref_id": ref, "outcome": outcome, "customer_signed": None,
                   "defect_reported": defect})
    return key


def order(key: str, unit: str, reported: str, by: str = "Q101", *, arrive_after: float = 20, done_after: float = 2.0,
          qc: bool | None = True, rework_of: str | None = None, category: str = "minor", callback: bool = True,
          **extra) -> None:
    """A work order of the unit's site: dispatched +3 min, arrived `arrive_after` min after dispatch, completed
    `done_after` h after the report; with a reached callback one day after completion unless callback=False."""
    site, reported = unit[:3], at(reported)
    dispatched = at(reported, minutes=3)
    completed = at(reported, hours=done_after)
    WORK_ORDERS.append({"order_id": key, "site_id": site, "unit_id": unit, "category": category, "facility": "other",
                        "reported_at": reported, "received_by": by, "dispatched_at": dispatched,
                        "technician_id": f"T{site[-1]}01", "arrived_at": at(dispatched, minutes=arrive_after),
                        "completed_at": completed, "qc_passed": qc, "rework_of": rework_of, **extra})
    if callback:
        visit(key, unit, at(completed, days=1), "repair_callback")


def complaint(key: str, unit: str, received: str, by: str = "Q101", channel: str = "phone", *,
              assign_after: float | None = 10, resolve_after: float | None = 3.0, callback: bool = True,
              **extra) -> None:
    """A minor valid complaint: assigned `assign_after` min, answered 1 h, resolved `resolve_after` h after
    receipt (owner told at once); with a reached complaint callback one day after resolution."""
    site, received = unit[:3], at(received)
    resolved = None if resolve_after is None else at(received, hours=resolve_after)
    COMPLAINTS.append({"complaint_id": key, "site_id": site, "unit_id": unit, "received_at": received,
                       "received_by": by, "severity": "minor", "valid": True, "handler_id": f"L{site[-1]}01",
                       "channel": channel, "assigned_at": None if assign_after is None else at(received, minutes=assign_after),
                       "first_response_at": at(received, minutes=30), "answered_at": at(received, hours=1),
                       "resolved_at": resolved, "outcome_notified_at": resolved, **extra})
    if callback and resolved:
        visit(key, unit, at(resolved, days=1), "complaint_callback")


# ---------------------------------------------------------------- work orders (REP-03, REP-06, VIS-07, VIS-08)
# Background, both sites, every week of June (REP-06 judges each site's June: S01 must stay at 100 %).
for i, day in enumerate(["2026-06-02", "2026-06-09", "2026-06-16", "2026-06-23"]):
    order(f"J2-W0{i + 1}", f"S01-010{i + 1}", f"{day} 09:00", "Q101")
    order(f"J2-W0{i + 5}", f"S02-010{i + 1}", f"{day} 10:00", "Q201")

# VIS-07-repair: orders taken by a call agent (S01), callback reached ≤ 72 h after completion.
# completed 06-03 11:00 + 72 h = 06-06 11:00:00; reached 06-06 11:00:01: 1 s late.
order("J2-W11", "S01-0102", "2026-06-03 09:00", "C101", callback=False)
visit("J2-W11", "S01-0102", "2026-06-06 11:00:01", "repair_callback")
# completed 06-10 11:00; only 2 unanswered attempts (< 3) within 72 h, nothing reached: not closed, fails.
order("J2-W12", "S01-0103", "2026-06-10 09:00", "C102", callback=False)
visit("J2-W12", "S01-0103", "2026-06-10 15:00", "repair_callback", "no_answer")
visit("J2-W12", "S01-0103", "2026-06-11 15:00", "repair_callback", "no_answer")
# PASS: completed 06-17 15:00 + 72 h = 06-20 15:00:00 (a Saturday, calendar clock); reached exactly then.
order("J2-W13", "S01-0104", "2026-06-17 13:00", "C101", callback=False)
visit("J2-W13", "S01-0104", "2026-06-20 15:00:00", "repair_callback")
# Exempt (closed), not a failure: 5 unanswered attempts (≥ any threshold 3–5), the last 06-26 16:00 ≤ 06-27 11:00.
order("J2-W14", "S01-0105", "2026-06-24 09:00", "C102", callback=False)
for hour in ("06-24 14:00", "06-24 16:00", "06-25 10:00", "06-25 16:00", "06-26 16:00"):
    visit("J2-W14", "S01-0105", f"2026-{hour}", "repair_callback", "no_answer")
# Exempt (closed): wrong contact details found 06-12 14:00, within 72 h of completion 06-12 11:00.
order("J2-W15", "S01-0106", "2026-06-12 09:00", "C101", callback=False)
visit("J2-W15", "S01-0106", "2026-06-12 14:00", "repair_callback", "wrong_contact")

# REP-03 (S01): judged only when arrival > dispatch + 30 min; then notice ≤ dispatch + 30 min and agreed visit.
# dispatched 06-04 09:03; arrived 09:33:01 (30 min 1 s) with no delay notice: breach.
order("J2-W21", "S01-0107", "2026-06-04 09:00", arrived_at="2026-06-04 09:33:01")
# dispatched 06-11 09:03; arrived 11:03 (2 h), notice 09:13 but no agreed visit time: breach.
order("J2-W22", "S01-0101", "2026-06-11 09:00", arrive_after=120, done_after=3, delay_notice_at="2026-06-11 09:13:00")
# PASS: dispatched 06-18 09:03, notice exactly at 09:33:00 (dispatch + 30 min), agreed 10:33, arrived 10:33.
order("J2-W23", "S01-0102", "2026-06-18 09:00", arrive_after=90, done_after=3, delay_notice_at="2026-06-18 09:33:00",
      agreed_visit_at="2026-06-18 10:33:00")
# Not judged by REP-03 (arrival exactly dispatch + 30 min = 09:33:00 is in time): no finding, so no PASS entry.
order("J2-W24", "S01-0103", "2026-06-25 09:00", arrive_after=30)

# REP-06 at S02, June: orders W05–W08, W41–W44, W51–W53, W61–W62 = 13 orders reported and completed in June.
# timely: W41–W44 are minor, completed 30 h after the report (> 24 h): 9/13 = 69 % < 98 %.
# qualified: W41–W44 failed the quality check: 9/13 = 69 % < 98 %.   rework: W61, W62: not-rework 11/13 = 85 % < 98 %.
for i, day in enumerate(["2026-06-03", "2026-06-10", "2026-06-15", "2026-06-22"]):
    order(f"J2-W4{i + 1}", f"S02-010{i + 4}", f"{day} 08:00", "Q201", done_after=30, qc=False)

# VIS-08 (S02): a repair callback reporting a defect -> a rework order (rework_of) reported ≤ 24 h later.
order("J2-W51", "S02-0101", "2026-06-08 08:00", "Q201", callback=False)  # completed 10:00
order("J2-W52", "S02-0102", "2026-06-11 08:00", "Q201", callback=False)
order("J2-W53", "S02-0103", "2026-06-15 07:00", "Q201", callback=False)  # completed 09:00
# PASS: defect reported 06-09 10:00; rework W61 reported 06-10 10:00:00, exactly 24 h later.
V_REWORK_ON_TIME = visit("J2-W51", "S02-0101", "2026-06-09 10:00:00", "repair_callback", staff="C102", defect=True)
order("J2-W61", "S02-0101", "2026-06-10 10:00:00", "Q201", rework_of="J2-W51")
# Breach: defect reported 06-12 14:00; rework W62 reported 06-13 14:00:01: 24 h 1 s.
V_REWORK_LATE = visit("J2-W52", "S02-0102", "2026-06-12 14:00:00", "repair_callback", staff="C102", defect=True)
order("J2-W62", "S02-0102", "2026-06-13 14:00:01", "Q201", rework_of="J2-W52")
# Breach: defect reported 06-16 09:30 and no rework order at all (24 h passed long before as-of).
V_REWORK_NONE = visit("J2-W53", "S02-0103", "2026-06-16 09:30:00", "repair_callback", staff="C102", defect=True)

# ---------------------------------------------------------------- complaints (CMP-07, CMP-09, CMP-10, VIS-07)
for i, (unit, day) in enumerate([("S01-0101", "06-01"), ("S02-0101", "06-08"), ("S01-0102", "06-15"), ("S02-0102", "06-29")]):
    complaint(f"J2-C0{i + 1}", unit, f"2026-{day} 10:00", f"Q{unit[2]}01")

# CMP-09: call-centre tickets assigned ≤ 60 min (calendar) after receipt.
# received 06-03 10:00 + 60 min = 11:00:00; assigned 11:00:01: 1 s late.
complaint("J2-C11", "S01-0103", "2026-06-03 10:00", "C101", "call_centre", assigned_at="2026-06-03 11:00:01")
# received 06-10 14:00 and never assigned (60 min passed long before as-of).
complaint("J2-C12", "S01-0104", "2026-06-10 14:00", "C102", "call_centre", assign_after=None)
# PASS: received 06-17 09:00, assigned exactly 10:00:00.
complaint("J2-C13", "S02-0103", "2026-06-17 09:00", "C101", "call_centre", assign_after=60)

# VIS-07-complaint: call-centre complaints called back (reached) ≤ 72 h after resolution.
# resolved 06-04 16:00 + 72 h = 06-07 16:00:00; reached 06-07 16:00:01: 1 s late.
complaint("J2-C21", "S01-0105", "2026-06-04 13:00", "C102", "call_centre", callback=False)
visit("J2-C21", "S01-0105", "2026-06-07 16:00:01", "complaint_callback")
# resolved 06-09 13:00, no callback at all.
complaint("J2-C22", "S02-0104", "2026-06-09 10:00", "C101", "call_centre", callback=False)
# PASS: resolved 06-22 10:00 + 72 h = 06-25 10:00:00, reached exactly then.
complaint("J2-C23", "S02-0105", "2026-06-22 07:00", "C102", "call_centre", callback=False)
visit("J2-C23", "S02-0105", "2026-06-25 10:00:00", "complaint_callback")
# Exempt (closed): wrong contact details on 06-26 09:00, within 72 h of resolution 06-25 16:00.
complaint("J2-C24", "S01-0106", "2026-06-25 13:00", "C101", "call_centre", callback=False)
visit("J2-C24", "S01-0106", "2026-06-26 09:00", "complaint_callback", "wrong_contact")

# CMP-07: a returned complaint is returned ≤ 4 working hours after assignment (08:30–12:00, 13:30–17:30).
# assigned Wed 06-03 09:00: 09:00–12:00 = 3 h, 13:30 + 1 h = 14:30:00; returned 14:30:01: 1 s late
# (from receipt 08:50 the deadline would be 14:20: late either way).
complaint("J2-C31", "S01-0107", "2026-06-03 08:50", assigned_at="2026-06-03 09:00:00", resolve_after=7 + 1 / 6,
          returned_at="2026-06-03 14:30:01", return_reason="需开发商处理")
# assigned Fri 06-05 10:00, deadline 15:30 that day; returned Mon 06-08 10:00: 5.5 working hours late.
complaint("J2-C32", "S02-0106", "2026-06-05 10:00", "Q201", assign_after=0, resolve_after=77,
          returned_at="2026-06-08 10:00:00", return_reason="不属本部门", owner_deadline="2026-06-08 18:00:00")
# CMP-07-reason: returned in time (assigned 06-09 09:00, returned 10:00, 1 working hour) but no reason given.
complaint("J2-C33", "S01-0101", "2026-06-09 08:50", assigned_at="2026-06-09 09:00:00", resolve_after=3,
          returned_at="2026-06-09 10:00:00", return_reason=None)
# PASS across the holiday: assigned Thu 06-18 16:00 (16:00–17:30 = 1.5 h), Fri 06-19 Dragon Boat Festival, weekend,
# Mon 06-22 08:30 + 2.5 h = 11:00:00; returned exactly 11:00:00. (received = assigned, so no reading differs.)
complaint("J2-C34", "S02-0107", "2026-06-18 16:00", "Q201", assign_after=0, resolve_after=95,
          returned_at="2026-06-22 11:00:00", return_reason="需维修部门配合", owner_deadline="2026-06-22 18:00:00")
# PASS: assigned Wed 06-10 13:00 (lunch break: the clock runs from 13:30), 13:30 + 4 h = 17:30:00; returned 17:30:00.
complaint("J2-C35", "S01-0102", "2026-06-10 12:30", assigned_at="2026-06-10 13:00:00", resolve_after=21.5,
          returned_at="2026-06-10 17:30:00", return_reason="需业委会决定", owner_deadline="2026-06-11 18:00:00")

# CMP-10: a valid minor/important complaint is resolved ≤ 1 calendar month after receipt (else re-classified major).
# received 06-02 09:00, never resolved: due 07-02 09:00 < as-of 07-15.
complaint("J2-C41", "S02-0101", "2026-06-02 09:00", "Q201", resolve_after=None)
# received 06-08 10:00, due 07-08 10:00; resolved 07-09 10:00: one day late.
complaint("J2-C42", "S02-0102", "2026-06-08 10:00", "Q201", resolved_at="2026-07-09 10:00:00",
          outcome_notified_at="2026-07-09 10:00:00", callback=False)
# PASS: received 06-09 10:00, resolved exactly 07-09 10:00:00 (06-09 + 1 month).
complaint("J2-C43", "S01-0103", "2026-06-09 10:00", resolved_at="2026-07-09 10:00:00",
          outcome_notified_at="2026-07-09 10:00:00", callback=False)
# Not failures: an invalid complaint never resolved (not examined); one received 06-22, open, due 07-22 > as-of (pending).
complaint("J2-C44", "S01-0104", "2026-06-05 10:00", resolve_after=None, valid=False)
complaint("J2-C45", "S02-0103", "2026-06-22 10:00", "Q201", resolve_after=None)

# ---------------------------------------------------------------- move-ins (MOV-01 ≤ 2 h, MOV-02 archived same day)
MOVES = [  # key, unit, started, completed, archived
    ("J2-M01", "S01-0101", "2026-06-04 09:00:00", "2026-06-04 11:00:01", "2026-06-04 15:00:00"),  # MOV-01: 2 h 1 s
    ("J2-M02", "S02-0101", "2026-06-11 14:00:00", "2026-06-11 17:30:00", "2026-06-11 18:00:00"),  # MOV-01: 3.5 h
    ("J2-M03", "S01-0102", "2026-06-16 09:30:00", "2026-06-16 11:30:00", "2026-06-16 16:00:00"),  # PASS MOV-01: exactly 2 h
    ("J2-M04", "S02-0102", "2026-06-18 15:00:00", "2026-06-18 16:30:00", "2026-06-22 09:00:00"),  # MOV-02: archived 4 days later
    ("J2-M05", "S01-0103", "2026-06-24 10:00:00", "2026-06-24 11:00:00", None),                   # MOV-02: never archived
    ("J2-M06", "S02-0103", "2026-06-25 16:00:00", "2026-06-25 17:45:00", "2026-06-25 23:59:59"),  # PASS MOV-02: last second of the day
    ("J2-M07", "S01-0104", "2026-06-08 10:00:00", "2026-06-08 11:00:00", "2026-06-08 14:00:00"),  # background
    ("J2-M08", "S02-0104", "2026-06-29 10:00:00", "2026-06-29 11:30:00", "2026-06-29 15:00:00"),  # background
]
MOVE_INS = [{"move_in_id": k, "site_id": u[:3], "unit_id": u, "staff_id": f"Q{u[2]}01", "started_at": s,
             "completed_at": c, "archived_at": a} for k, u, s, c, a in MOVES]

# ---------------------------------------------------------------- fees (FEE-01..04)
# Readings (rule author's): FEE-01 a reminder for the unit and billing month dated in that month by the end of
# day 30; FEE-02 amount_stated = the ledger's amount_outstanding; FEE-03 judged per ledger row in the period of
# first phone reminder + 3 months, letter (express_letter, same unit and month) due 7 days after that;
# FEE-04 per unit (its latest row), reported ≤ 3 working days after the arrears turn 6 months old (earliest
# arrears_since + 6 months) or after the start of the latest month in which the unit's total reaches 5000.
ARREARS: list[dict] = []
REMINDERS: list[dict] = []


def arrears(unit: str, month: str, amount: float, since: str, reported: str | None = None, due: float | None = None) -> str:
    key = f"J2-A-{unit}-{month}"
    ARREARS.append({"arrears_id": key, "unit_id": unit, "site_id": unit[:3], "billing_month": month,
                    "amount_due": amount if due is None else due, "amount_outstanding": amount,
                    "arrears_since": since, "reported_to_committee_at": reported})
    return key


def remind(unit: str, month: str, when: str, amount: float | None, channel: str = "phone") -> str:
    key = f"J2-F{len(REMINDERS) + 1:03d}"
    keeper = f"K{unit[2]}0{1 if int(unit[-2:]) <= 5 else 2}"
    REMINDERS.append({"reminder_id": key, "unit_id": unit, "site_id": unit[:3], "staff_id": keeper,
                      "billing_month": month, "reminded_at": when, "channel": channel, "amount_stated": amount})
    return key


def ledger(unit: str, months: list[str], amount: float, since: str, reported: str | None = None) -> None:
    """Consecutive months in arrears, each reminded on its 3rd: by written notice before June (so FEE-03's phone
    clock never starts on them), by phone in June; the committee report (if any) on the June row."""
    for month in months:
        arrears(unit, month, amount, since, reported if month == "2026-06" else None)
        remind(unit, month, f"{month}-03 10:00:00", amount, "phone" if month == "2026-06" else "notice")


OLDER = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]

# FEE-02 breaches: June ledger 320.00, reminder states 350.00 / 32.00.
arrears("S01-0101", "2026-06", 320.0, "2026-06-01")
F_WRONG_350 = remind("S01-0101", "2026-06", "2026-06-05 10:00:00", 350.0)
arrears("S02-0101", "2026-06", 320.0, "2026-06-01")
F_WRONG_32 = remind("S02-0101", "2026-06", "2026-06-05 10:00:00", 32.0)
# PASS FEE-01 and FEE-02: billed 320.00, 199.50 paid, outstanding 120.50; one reminder at 06-30 23:59:59, the last
# second of day 30 (06-01 00:00 + 29 d, end of day), stating the outstanding 120.50.
A_DAY30 = arrears("S01-0102", "2026-06", 120.5, "2026-06-01", due=320.0)
F_DAY30 = remind("S01-0102", "2026-06", "2026-06-30 23:59:59", 120.5)
# FEE-01 breaches: June row with no reminder at all; June row reminded only on 07-01 09:00 (after day 30).
A_NONE = arrears("S02-0102", "2026-06", 320.0, "2026-06-01")
A_JULY = arrears("S02-0104", "2026-06", 320.0, "2026-06-01")
remind("S02-0104", "2026-06", "2026-07-01 09:00:00", 320.0)

# FEE-03: in arrears March–June (300.00 a month), phoned on the 10th of each month at 10:00. March row: first phone
# reminder 03-10 10:00 + 3 months = 06-10 10:00, + 7 days grace = 06-17 10:00:00. (April's row is judged in July.)
FEE3 = {}
for unit, letter in (("S01-0103", None), ("S02-0103", "2026-06-17 10:00:01"), ("S01-0104", "2026-06-17 10:00:00")):
    for month in ("2026-03", "2026-04", "2026-05", "2026-06"):
        FEE3[unit, month] = arrears(unit, month, 300.0, "2026-03-01")
        remind(unit, month, f"{month}-10 10:00:00", 300.0)
    if letter:  # the formal letter about the March arrears, stating March's 300.00 (FEE-02 passes it)
        remind(unit, "2026-03", letter, 300.0, "express_letter")
# S01-0103: no letter at all -> breach. S02-0103: letter 06-17 10:00:01, 1 s late -> breach. S01-0104: exactly -> PASS.

# FEE-04-age (3 working days = 22.5 working hours on 08:30–12:00, 13:30–17:30):
# S01-0105 since 2025-12-01 -> 6 months 06-01 00:00 -> due Wed 06-03 17:30; never reported: breach.
ledger("S01-0105", OLDER, 300.0, "2025-12-01")
# S02-0105 since 2025-12-10 -> Wed 06-10 00:00 -> due Fri 06-12 17:30; reported Mon 06-15 09:00: breach.
ledger("S02-0105", OLDER, 300.0, "2025-12-10", "2026-06-15 09:00:00")
# PASS: S02-0106 since 2025-12-17 -> Wed 06-17 00:00; 06-17 and 06-18 (7.5 h each), Fri 06-19 holiday, weekend,
# Mon 06-22 7.5 h -> due 06-22 17:30:00; reported exactly 06-22 17:30:00.
ledger("S02-0106", OLDER, 300.0, "2025-12-17", "2026-06-22 17:30:00")
# FEE-04-amount (the unit's total over its rows ≥ 5000, due 3 working days after 06-01 00:00 = Wed 06-03 17:30):
# S01-0107: June 5200.00, never reported: breach. S02-0107: May + June 3000.00 each = 6000.00, reported 06-04 09:00:
# breach. PASS: S01-0106: May + June 2500.00 each = exactly 5000.00, reported exactly 06-03 17:30:00.
ledger("S01-0107", ["2026-06"], 5200.0, "2026-06-01")
ledger("S02-0107", ["2026-05", "2026-06"], 3000.0, "2026-05-01", "2026-06-04 09:00:00")
ledger("S01-0106", ["2026-05", "2026-06"], 2500.0, "2026-05-01", "2026-06-03 17:30:00")

# ---------------------------------------------------------------- the module's answer
ROWS: dict[str, list[dict]] = {"work_orders": WORK_ORDERS, "complaints": COMPLAINTS, "visits": VISITS,
                               "move_ins": MOVE_INS, "arrears": ARREARS, "fee_reminders": REMINDERS}

BREACHES: list[tuple[str, str, str | None]] = [
    ("VIS-07", "J2-W11", None), ("VIS-07", "J2-W12", None),          # repair callbacks: 1 s late; 2 attempts only
    ("VIS-07", "J2-C21", None), ("VIS-07", "J2-C22", None),          # complaint callbacks: 1 s late; none
    ("VIS-08", V_REWORK_LATE, None), ("VIS-08", V_REWORK_NONE, None),  # rework 24 h 1 s after; never
    ("REP-03", "J2-W21", None), ("REP-03", "J2-W22", None),          # no notice; no agreed visit time
    ("REP-06", "J2-W41", "2026-06-01"),                              # S02 June timely 9/13 (W41 in the evidence)
    ("REP-06", "J2-W42", "2026-06-01"),                              # S02 June qualified 9/13
    ("REP-06", "J2-W61", "2026-06-01"),                              # S02 June not-rework 11/13
    ("CMP-07", "J2-C31", None), ("CMP-07", "J2-C32", None), ("CMP-07", "J2-C33", None),  # 1 s late; weekend; no reason
    ("CMP-09", "J2-C11", None), ("CMP-09", "J2-C12", None),          # assigned 60 min 1 s; never
    ("CMP-10", "J2-C41", None), ("CMP-10", "J2-C42", None),          # never resolved; resolved 1 month + 1 day
    ("MOV-01", "J2-M01", None), ("MOV-01", "J2-M02", None),          # 2 h 1 s; 3.5 h
    ("MOV-02", "J2-M04", None), ("MOV-02", "J2-M05", None),          # archived 4 days later; never
    ("FEE-01", A_NONE, None), ("FEE-01", A_JULY, None),              # no reminder; reminded 07-01 only
    ("FEE-02", F_WRONG_350, None), ("FEE-02", F_WRONG_32, None),     # 350 / 32 stated for 320 owed
    ("FEE-03", FEE3["S01-0103", "2026-03"], None), ("FEE-03", FEE3["S02-0103", "2026-03"], None),  # none; 1 s late
    ("FEE-04", "J2-A-S01-0105-2026-06", None), ("FEE-04", "J2-A-S02-0105-2026-06", None),  # age: never; late
    ("FEE-04", "J2-A-S01-0107-2026-06", None), ("FEE-04", "J2-A-S02-0107-2026-06", None),  # amount: never; late
]

PASSES: list[tuple[str, str, str | None]] = [
    ("VIS-07", "J2-W13", None), ("VIS-07", "J2-C23", None),          # reached exactly 72 h after
    ("VIS-08", V_REWORK_ON_TIME, None),                              # rework exactly 24 h after the callback
    ("REP-03", "J2-W23", None),                                      # notice exactly at dispatch + 30 min, agreed visit
    ("REP-06", "S01", "2026-06-01"),                                 # S01 June: 13/13 timely, qualified, not rework
    ("CMP-07", "J2-C34", None), ("CMP-07", "J2-C35", None),          # 4 wh across the holiday; from the lunch break
    ("CMP-09", "J2-C13", None),                                      # assigned exactly 60 min after
    ("CMP-10", "J2-C43", None),                                      # resolved exactly one month after
    ("MOV-01", "J2-M03", None), ("MOV-02", "J2-M06", None),          # exactly 2 h; archived 23:59:59 the same day
    ("FEE-01", A_DAY30, None), ("FEE-02", F_DAY30, None),            # reminded 06-30 23:59:59; states outstanding 120.50
    ("FEE-03", FEE3["S01-0104", "2026-03"], None),                   # letter exactly 3 months + 7 days after
    ("FEE-04", "J2-A-S02-0106-2026-06", None), ("FEE-04", "J2-A-S01-0106-2026-06", None),  # 3 wd over 06-19; 5000.00
]
