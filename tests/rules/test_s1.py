"""Slice s1 rules (PAT-02..05, REN-01, VIS-03, DUT-04, DUT-05), each evaluated from rules/ on a small hand-built export."""

import pandas as pd
import pytest

from tests.conftest import evaluate_rule, typed

evaluate = evaluate_rule


def by_day(found):
    return {d.strftime("%m-%d"): s for d, s in zip(found["period_start"], found["status"].astype(str))}


STAFF = typed("staff", [{"staff_id": "K1", "name": "甲", "role": "service_staff", "site_id": "S1"},
                        {"staff_id": "Q1", "name": "乙", "role": "receptionist", "site_id": "S1"}])
SITES = typed("sites", [{"site_id": "S1", "site_name": "一", "takeover_date": "2026-09-20"},   # new for 12 months
                        {"site_id": "S2", "site_name": "二", "takeover_date": "2020-01-01"},   # long taken over
                        {"site_id": "S3", "site_name": "三", "takeover_date": "2026-05-01", "new_site_months": "3"}])


# PAT-02 ---------------------------------------------------------------------------------------------------------

def patrols(*rows):
    return typed("patrols", [{"patrol_id": f"P{i}", "staff_id": k, "area_id": "A1", "started_at": s, "ended_at": e}
                             for i, (k, s, e) in enumerate(rows)])


def test_pat_02_first_patrol_by_0840_ending_by_0930_on_working_days():
    rows = [("K1", "2026-10-09 08:40:00", "2026-10-09 09:30:00"),     # exactly at both limits
            ("K1", "2026-10-09 14:00:00", "2026-10-09 15:00:00"),     # not the first of the day
            ("K1", "2026-10-10 08:40:01", "2026-10-10 09:00:00"),     # make-up Saturday: a working day, one second late
            ("K1", "2026-10-03 10:00:00", "2026-10-03 11:00:00"),     # National Day: not judged
            ("K1", "2026-10-12 08:30:00", "2026-10-12 09:30:01"),     # ended one second late
            ("K1", "2026-10-13 08:30:00", None),                      # never ended
            ("Q1", "2026-10-12 10:00:00", "2026-10-12 11:00:00")]     # a receptionist: not judged
    found = evaluate("PAT-02", {"patrols": patrols(*rows), "staff": STAFF})
    assert by_day(found) == {"10-09": "pass", "10-10": "fail", "10-12": "fail", "10-13": "fail"}  # days without a patrol: no finding
    assert set(found["subject_id"].astype(str)) == {"K1"}
    assert found["note"].astype(str).tolist() == ["first_in_time", "first_late_start", "first_late_end", "first_no_end"]


def test_pat_02_open_day_is_pending_and_empty_patrols_give_nothing():
    found = evaluate("PAT-02", {"patrols": patrols(("K1", "2026-10-12 08:30:00", None)), "staff": STAFF}, as_of="2026-10-12 09:30:00")
    assert by_day(found) == {"10-12": "pending"}
    assert evaluate("PAT-02", {"patrols": patrols(), "staff": STAFF}).empty


# PAT-03 ---------------------------------------------------------------------------------------------------------

def renovation(rid, unit, applied="2026-09-25 10:00:00", issued="2026-09-25 11:00:00", start=None, end=None):
    return {"renovation_id": rid, "site_id": "S1", "unit_id": unit, "staff_id": "K1", "applied_at": applied,
            "permit_issued_at": issued, "permit_start": start, "permit_end": end}


def inspections(*rows):
    """rows: (unit, at, purpose, readings) where readings is 'all', a reading left out, or None."""
    out = []
    for i, (unit, at, purpose, readings) in enumerate(rows):
        meters = {m: "12.5" for m in ("water_reading", "power_reading", "gas_reading")} if readings else {}
        meters.pop(readings, None)
        out.append({"inspection_id": f"I{i}", "site_id": "S1", "unit_id": unit, "staff_id": "K1", "inspected_at": at, "purpose": purpose, **meters})
    return typed("unit_inspections", out)


RENOVATIONS = typed("renovations", [renovation("R1", "U1", start="2026-10-05", end="2026-10-07"),
                                    renovation("R2", "U2", start="2026-09-30", end="2026-10-02"),   # over National Day
                                    renovation("R3", "U3")])                                           # no permit dates: not judged


def test_pat_03_every_permit_day_inspected():
    rows = [("U1", "2026-10-05 00:00:00", "renovation", None), ("U1", "2026-10-07 23:59:59", "renovation", None),
            ("U1", "2026-10-06 10:00:00", "vacant", "all"),                   # not a renovation inspection
            ("U1", "2026-10-08 10:00:00", "renovation", None),                # after the permit
            ("U2", "2026-10-01 10:00:00", "renovation", None)]                # a public holiday still counts as a day
    found = evaluate("PAT-03", {"unit_inspections": inspections(*rows), "renovations": RENOVATIONS})
    u1, u2 = (found[found["subject_id"] == u] for u in ("U1", "U2"))
    assert by_day(u1) == {"10-05": "pass", "10-06": "fail", "10-07": "pass"}
    assert by_day(u2) == {"10-01": "pass", "10-02": "fail"}           # Sep 30 lies outside the period
    assert set(u1["staff_id"].astype(str)) == {"K1"}


def test_pat_03_today_is_pending_and_no_inspections_fail_every_day():
    found = evaluate("PAT-03", {"unit_inspections": inspections(), "renovations": RENOVATIONS}, as_of="2026-10-06 12:00:00")
    assert by_day(found[found["subject_id"] == "U1"]) == {"10-05": "fail", "10-06": "pending"}


# PAT-04 and PAT-04-new ------------------------------------------------------------------------------------------

UNITS = typed("units", [{"unit_id": "U1", "site_id": "S1", "assigned_staff_id": "K1", "status": "vacant"},
                        {"unit_id": "U2", "site_id": "S2", "assigned_staff_id": "K1", "status": "vacant"},
                        {"unit_id": "U3", "site_id": "S2", "assigned_staff_id": "K1", "status": "vacant", "status_since": "2026-10-02"},
                        {"unit_id": "U4", "site_id": "S3", "assigned_staff_id": "K1", "status": "vacant"},
                        {"unit_id": "U5", "site_id": "S2", "assigned_staff_id": "K1", "status": "occupied"}])


def test_pat_04_monthly_with_all_three_readings():
    rows = [("U1", "2026-10-31 23:59:59", "vacant", "all"),
            ("U2", "2026-10-10 10:00:00", "vacant", "gas_reading"),          # gas not read: does not count
            ("U2", "2026-10-11 10:00:00", "cleaning", "all"),                # a cleaning is not an inspection
            ("U4", "2026-11-01 00:00:00", "vacant", "all")]                  # next month
    found = evaluate("PAT-04", {"unit_inspections": inspections(*rows), "units": UNITS})
    assert dict(zip(found["subject_id"].astype(str), found["status"].astype(str))) == {"U1": "pass", "U2": "fail", "U4": "fail"}
    # U3 vacant only since Oct 2: October not judged; U5 occupied
    pending = evaluate("PAT-04", {"unit_inspections": inspections(*rows), "units": UNITS}, as_of="2026-10-15 00:00:00")
    assert set(pending["status"].astype(str)) == {"pending"}


def test_pat_04_new_every_14_days_on_newly_taken_over_sites():
    rows = [("U1", "2026-10-01 09:00:00", "vacant", "all"), ("U1", "2026-10-15 09:00:00", "vacant", "all"),
            ("U1", "2026-10-29 09:00:00", "vacant", "all"),
            ("U2", "2026-10-01 09:00:00", "vacant", None)]                   # S2 is not new
    data = {"unit_inspections": inspections(*rows), "units": UNITS, "sites": SITES}
    found = evaluate("PAT-04-new", data)
    assert found[["subject_id", "status", "measured"]].astype(str).values.tolist() == [["U1", "pass", "14.0"]]
    late = inspections(("U1", "2026-10-01 09:00:00", "vacant", "all"), ("U1", "2026-10-15 09:00:01", "vacant", "all"),
                       ("U1", "2026-10-20 09:00:00", "vacant", "power_reading"))   # readings missing: does not count
    found = evaluate("PAT-04-new", {**data, "unit_inspections": late}, as_of="2026-10-20 12:00:00")
    assert found["status"].astype(str).tolist() == ["fail"]
    open_month = evaluate("PAT-04-new", {**data, "unit_inspections": late}, as_of="2026-10-15 09:00:00")
    assert open_month["status"].astype(str).tolist() == ["pending"]  # 14 days exactly, month still open
    assert evaluate("PAT-04-new", {**data, "unit_inspections": inspections()}, "2026-07", "2026-08-01 00:00:00")["subject_id"].tolist() == ["U4"]  # S3 new May–July only


# PAT-05 ---------------------------------------------------------------------------------------------------------

def test_pat_05_cleaned_in_the_first_month_of_the_quarter():
    rows = [("U1", "2026-10-31 18:00:00", "cleaning", None), ("U2", "2026-10-05 10:00:00", "vacant", "all")]
    data = {"unit_inspections": inspections(*rows), "units": UNITS}
    found = evaluate("PAT-05", data)
    assert dict(zip(found["subject_id"].astype(str), found["status"].astype(str))) == {"U1": "pass", "U2": "fail", "U4": "fail"}
    assert evaluate("PAT-05", data, "2026-11", "2026-12-01 00:00:00").empty   # November is not a quarter's first month
    assert set(evaluate("PAT-05", data, "2026-07", "2026-08-01 00:00:00")["status"].astype(str)) == {"fail"}


# VIS-03 ---------------------------------------------------------------------------------------------------------

MANY_UNITS = typed("units", [{"unit_id": f"U{i:02d}", "site_id": "S1" if i <= 31 else "S2", "status": "occupied"} for i in range(1, 35)])


def door(i, unit, at="2026-10-20 10:00:00", channel="door", outcome="reached"):
    return {"visit_id": f"V{i}", "staff_id": "K1", "unit_id": unit, "visited_at": at, "channel": channel, "purpose": "routine", "outcome": outcome}


@pytest.mark.parametrize("units, expected", [(30, "pass"), (29, "fail")])
def test_vis_03_thirty_distinct_units_a_month(units, expected):
    rows = [door(i, f"U{i:02d}") for i in range(1, units + 1)]
    rows += [door(90, "U01"), door(91, "U31", outcome="no_answer"), door(92, "U31", channel="phone"),
             door(93, "U31", at="2026-11-01 00:00:00")]
    found = evaluate("VIS-03", {"visits": typed("visits", rows), "units": MANY_UNITS, "sites": SITES})
    result = found.set_index("subject_id")
    assert result.loc["S1", ["status", "measured"]].tolist() == [expected, float(units)]
    assert result.loc["S2", ["status", "measured"]].tolist() == ["fail", 0.0] and result.loc["S3", "status"] == "fail"
    mid = evaluate("VIS-03", {"visits": typed("visits", rows), "units": MANY_UNITS, "sites": SITES}, as_of="2026-10-25 00:00:00")
    assert mid.set_index("subject_id").loc["S1", "status"] == ("pass" if units == 30 else "pending")


# REN-01 ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("issued, as_of, expected", [
    ("2026-10-01 12:00:00", "2026-11-01 00:00:00", "pass"),    # exactly 2 h, on a public holiday (calendar clock)
    ("2026-10-01 12:00:01", "2026-11-01 00:00:00", "fail"),
    (None, "2026-10-01 12:00:00", "pending"),
    (None, "2026-10-01 12:00:01", "fail"),
])
def test_ren_01_permit_within_2_hours(issued, as_of, expected):
    rows = typed("renovations", [renovation("R1", "U1", applied="2026-10-01 10:00:00", issued=issued)])
    found = evaluate("REN-01", {"renovations": rows}, as_of=as_of)
    assert found["status"].astype(str).tolist() == [expected] and found["staff_id"].tolist() == ["K1"]


def test_ren_01_empty_export():
    assert evaluate("REN-01", {"renovations": typed("renovations", [])}).empty


# DUT-04 ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rings, answered, expected", [
    ("3", "2026-10-10 10:00:30", "pass"),     # the ring count decides where recorded
    ("4", "2026-10-10 10:00:05", "fail"),
    (None, "2026-10-10 10:00:15", "pass"),    # 3 rings × 5 s
    (None, "2026-10-10 10:00:16", "fail"),
    (None, None, "fail"),                     # missed
    ("2", None, "fail"),                      # missed, even after 2 rings
])
def test_dut_04_answered_within_three_rings(rings, answered, expected):
    rows = typed("calls", [{"call_id": "C1", "site_id": "S1", "desk": "duty_office", "staff_id": "Q1" if answered else None,
                            "rang_at": "2026-10-10 10:00:00", "answered_at": answered, "rings": rings}])
    assert evaluate("DUT-04", {"calls": rows})["status"].astype(str).tolist() == [expected]


# DUT-05 ---------------------------------------------------------------------------------------------------------

def entry(eid, page, seq, written, signed=None, edited=None, book="B1"):
    return {"entry_id": eid, "site_id": "S1", "book_no": book, "page_no": page, "seq_no": seq, "written_at": written,
            "written_by": "Q1", "signed_at": signed, "edited_at": edited}


LOG = typed("duty_log", [entry("E1", 1, 1, "2026-09-30 20:00:00"), entry("E2", 1, 2, "2026-10-01 08:00:00"),
                         entry("E5", 3, 5, "2026-10-02 08:00:00"), entry("E6", 3, 6, "2026-10-02 09:00:00"),
                         entry("F3", 1, 3, "2026-10-05 08:00:00", book="B2")])


def test_dut_05_numbers_and_pages_without_gaps():
    found = evaluate("DUT-05", {"duty_log": LOG}).set_index("record_id")
    assert found["status"].astype(str).to_dict() == {"E2": "pass", "E5": "fail", "E6": "pass", "F3": "fail"}
    assert found.loc["E5", ["measured", "threshold", "evidence"]].tolist() == [5.0, 3.0, "E2;E5"]   # 3 and 4 missing
    pages = evaluate("DUT-05-pages", {"duty_log": LOG}).set_index("record_id")
    assert pages["status"].astype(str).to_dict() == {"E5": "fail", "F3": "pass"}   # page 2 torn out; E2 and E6 share a judged page
    assert evaluate("DUT-05", {"duty_log": typed("duty_log", [])}).empty


@pytest.mark.parametrize("signed, edited, expected", [
    ("2026-10-01 09:00:00", None, "pass"),
    ("2026-10-01 09:00:00", "2026-10-01 09:00:00", "pass"),   # corrected at the moment of signing
    ("2026-10-01 09:00:00", "2026-10-01 09:00:01", "fail"),
    (None, "2026-10-01 09:30:00", "pass"),                    # not signed yet: may be corrected
])
def test_dut_05_signed_entries_not_edited(signed, edited, expected):
    rows = typed("duty_log", [entry("E1", 1, 1, "2026-10-01 08:00:00", signed, edited)])
    assert evaluate("DUT-05-signed", {"duty_log": rows})["status"].astype(str).tolist() == [expected]


def test_each_rule_without_its_dataset_is_not_evaluated():
    for rule_id in ("PAT-02", "PAT-03", "PAT-04", "PAT-04-new", "PAT-05", "VIS-03", "REN-01", "DUT-04", "DUT-05", "DUT-05-pages", "DUT-05-signed"):
        found = evaluate(rule_id, {})
        assert found["status"].astype(str).tolist() == ["not_evaluated"], rule_id


def test_measured_values_are_rounded_like_every_finding():
    found = evaluate("PAT-02", {"patrols": patrols(("K1", "2026-10-12 08:40:01", "2026-10-12 09:00:00")), "staff": STAFF})
    assert found["measured"].tolist() == [round(1 / 60, 4)] and isinstance(found["period_start"].iloc[0], pd.Timestamp)
