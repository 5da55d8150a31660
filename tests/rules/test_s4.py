"""Slice s4 rules (log reviews, spot checks, deliverables, QA monitoring, owners' committee) on small hand-built exports."""

import pandas as pd
import pytest

from tests.conftest import evaluate_rule, typed

evaluate = evaluate_rule


def by(found, *columns):
    """status per (subject_id, period_start as MM-DD) or per record."""
    keys = found[list(columns)].astype(str).agg("|".join, axis=1) if len(columns) > 1 else found[columns[0]].astype(str)
    return dict(zip(keys, found["status"].astype(str)))


def on_day(found, day, subject="S1"):
    row = found[(found["subject_id"] == subject) & (found["period_start"] == pd.Timestamp(day))]
    return row["status"].tolist()


STAFF = typed("staff", [
    {"staff_id": "SUP1", "name": "主管一", "role": "supervisor", "site_id": "S1"},
    {"staff_id": "SUP2", "name": "主管二", "role": "supervisor", "site_id": "S2"},
    {"staff_id": "SUP3", "name": "主管三", "role": "supervisor", "site_id": "S1", "active_to": "2026-09-30"},  # left before October
    {"staff_id": "M1", "name": "经理", "role": "manager", "site_id": "S1"},
    {"staff_id": "R1", "name": "前台", "role": "receptionist", "site_id": "S1"},
    {"staff_id": "A1", "name": "业务代表一", "role": "call_agent", "site_id": "S1"},
    {"staff_id": "A2", "name": "业务代表二", "role": "call_agent", "site_id": "S1"},
    {"staff_id": "A3", "name": "业务代表三", "role": "call_agent", "site_id": "S1", "active_from": "2026-11-02"},  # joins later
])


def sites(*sizes):
    return typed("sites", [{"site_id": f"S{i + 1}", "site_name": f"项目{i + 1}", "committee_size": size} for i, size in enumerate(sizes)])


def reviews(*items):
    """(log, scope, log_date, reviewer, reviewed_at, signed) per review."""
    return typed("log_reviews", [{"review_id": f"R{i}", "site_id": "S1", "log": log, "log_date": day, "scope": scope, "reviewer_id": who,
                                  "reviewed_at": at, "signed": signed} for i, (log, scope, day, who, at, signed) in enumerate(items)])


# ---- DUT-01: each day's duty log checked and signed by a supervisor, by the next working day

def test_dut_01_daily_duty_log_review():
    found = evaluate("DUT-01", {"sites": sites(7), "staff": STAFF, "log_reviews": reviews(
        ("duty", "day", "2026-09-30", "SUP1", "2026-10-08 09:00:00", "是"),     # National Day Oct 1–7: due Oct 8
        ("duty", "day", "2026-10-12", "SUP1", "2026-10-13 23:59:59", "是"),     # exactly at the due time
        ("duty", "day", "2026-10-13", "SUP1", "2026-10-15 00:00:00", "是"),     # a day late
        ("duty", "day", "2026-10-14", "R1", "2026-10-14 18:00:00", "是"),       # a receptionist is no supervisor
        ("duty", "day", "2026-10-15", "SUP1", "2026-10-16 09:00:00", "否"),     # not signed
        ("duty", "day", "2026-10-16", "M1", "2026-10-19 09:00:00", "是"),       # Friday's log on Monday, by the manager
        ("duty", "day", "2026-10-17", "X9", "2026-10-19 09:00:00", "是"),       # Saturday's; reviewer not on the roster counts
        ("reception", "day", "2026-10-18", "SUP1", "2026-10-19 09:00:00", "是"),  # the reception log is another log
    )}, as_of="2026-10-20 12:00:00")
    expected = {"2026-09-30": "pass", "2026-10-12": "pass", "2026-10-13": "fail", "2026-10-14": "fail", "2026-10-15": "fail",
                "2026-10-16": "pass", "2026-10-17": "pass", "2026-10-18": "fail", "2026-10-19": "pending", "2026-10-20": "pending"}
    for day, status in expected.items():
        assert on_day(found, day) == [status], day
    late = found[found["period_start"] == pd.Timestamp("2026-10-13")].iloc[0]
    assert (late["measured"], late["staff_id"], late["period_end"]) == (0.0, "SUP1", pd.Timestamp("2026-10-14 23:59:59"))


def test_dut_01_empty_export_fails_every_due_day():
    found = evaluate("DUT-01", {"sites": sites(7), "staff": STAFF, "log_reviews": reviews()})
    assert len(found) == 30 and set(found["status"]) == {"fail"}  # the logs of Sep 30 … Oct 29 fall due in October


# ---- DUT-02: ≥ 3 front-desk spot checks per supervisor per week

def checks(*items):
    return typed("spot_checks", [{"check_id": f"C{i}", "site_id": "S1", "desk": desk, "supervisor_id": who, "checked_at": at}
                                 for i, (who, desk, at) in enumerate(items)])


@pytest.mark.parametrize("as_of, sup2", [("2026-10-19 00:00:00", "fail"), ("2026-10-18 23:59:59", "pending")])
def test_dut_02_three_front_desk_checks_a_week(as_of, sup2):
    frame = checks(("SUP1", "front_desk", "2026-10-12 00:00:00"), ("SUP1", "front_desk", "2026-10-14 10:00:00"),
                   ("SUP1", "front_desk", "2026-10-18 23:59:59"), ("SUP1", "duty_office", "2026-10-15 10:00:00"),
                   ("SUP2", "front_desk", "2026-10-13 10:00:00"), ("SUP2", "front_desk", "2026-10-14 10:00:00"),
                   ("SUP2", "duty_office", "2026-10-15 10:00:00"), ("SUP2", "front_desk", "2026-10-19 00:00:00"),
                   ("M1", "front_desk", "2026-10-13 10:00:00"))
    found = evaluate("DUT-02", {"spot_checks": frame, "staff": STAFF}, period="2026-W42", as_of=as_of)
    assert by(found, "subject_id") == {"SUP1": "pass", "SUP2": sup2}  # SUP3 left in September; managers are not judged
    assert found.set_index("subject_id")["measured"].to_dict() == {"SUP1": 3.0, "SUP2": 2.0}


def test_dut_02_national_day_week_still_needs_three():
    found = evaluate("DUT-02", {"spot_checks": checks(("SUP1", "front_desk", "2026-10-08 10:00:00")), "staff": STAFF}, period="2026-W41")
    assert by(found, "subject_id") == {"SUP1": "fail", "SUP2": "fail"}


# ---- DUT-03: rosters for month M before the 25th / by the last day of M−1

def deliverables(*items):
    return typed("deliverables", [{"deliverable_id": f"D{i}", "site_id": s, "kind": k, "period": p, "submitted_at": t, "submitted_by": "SUP1"}
                                  for i, (s, k, p, t) in enumerate(items)])


def test_dut_03_front_desk_roster_before_the_25th():
    frame = deliverables(("S1", "front_desk_roster", "2026-11", "2026-10-24 23:59:59"), ("S2", "front_desk_roster", "2026-11", "2026-10-25 00:00:00"),
                         ("S3", "duty_roster", "2026-11", "2026-10-01 09:00:00"), ("S3", "front_desk_roster", "2026-10", "2026-09-20 09:00:00"))
    found = evaluate("DUT-03-front-desk", {"sites": sites(7, 7, 7), "deliverables": frame})
    assert by(found, "subject_id") == {"S1": "pass", "S2": "fail", "S3": "fail"}  # S3 has the wrong roster / the wrong month
    assert set(found["period_start"]) == {pd.Timestamp("2026-11-01")}


@pytest.mark.parametrize("as_of, s2", [("2026-10-31 23:59:59", "pending"), ("2026-11-01 00:00:00", "fail")])
def test_dut_03_duty_office_roster_by_the_months_last_day(as_of, s2):
    frame = deliverables(("S1", "duty_roster", "2026-11", "2026-10-31 23:59:59"), ("S2", "front_desk_roster", "2026-11", "2026-10-20 09:00:00"))
    found = evaluate("DUT-03-duty-office", {"sites": sites(7, 7), "deliverables": frame}, as_of=as_of)
    assert by(found, "subject_id") == {"S1": "pass", "S2": s2}


# ---- CMP-12: the reception log reviewed every day; last week's reviewed by the manager every Monday

def test_cmp_12_daily_reception_log_review():
    found = evaluate("CMP-12-daily", {"sites": sites(7), "staff": STAFF, "log_reviews": reviews(
        ("reception", "day", "2026-10-09", "SUP1", "2026-10-09 23:59:59", None),    # same day; no signature needed here
        ("reception", "day", "2026-10-10", "SUP1", "2026-10-11 09:00:00", None),    # make-up Saturday is a working day: late
        ("reception", "day", "2026-10-11", "SUP1", "2026-10-12 09:00:00", None),    # Sunday's log on Monday
        ("reception", "day", "2026-10-04", "SUP1", "2026-10-08 17:00:00", None),    # National Day's log after the holiday
        ("reception", "week", "2026-10-12", "SUP1", "2026-10-12 17:00:00", None),   # a weekly review is not the daily one
    )})
    assert [on_day(found, d) for d in ("2026-10-09", "2026-10-10", "2026-10-11", "2026-10-04", "2026-10-12")] == [
        ["pass"], ["fail"], ["pass"], ["pass"], ["fail"]]
    assert on_day(found, "2026-10-31") == []  # Saturday Oct 31: due Monday Nov 2, judged in November
    assert len(found) == 30  # Oct 1 … Oct 30


def test_cmp_12_weekly_review_by_the_manager_on_monday():
    frame = reviews(("reception", "week", "2026-10-05", "M1", "2026-10-12 23:59:59", None),     # week 41 on Monday of week 42
                    ("reception", "week", "2026-09-28", "M1", "2026-10-08 10:00:00", None),     # Monday Oct 5 is a holiday: Oct 8
                    ("reception", "week", "2026-10-14", "SUP1", "2026-10-19 10:00:00", None),   # a supervisor is not the manager
                    ("reception", "week", "2026-10-21", "M1", "2026-10-27 00:00:00", None))     # Wednesday names its week; late
    found = evaluate("CMP-12-weekly", {"sites": sites(7), "staff": STAFF, "log_reviews": frame})
    assert [on_day(found, d) for d in ("2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19")] == [["pass"], ["pass"], ["fail"], ["fail"]]
    assert len(found) == 4
    assert evaluate("CMP-12-weekly", {"sites": sites(7), "staff": STAFF, "log_reviews": frame}, "2026-W42")["status"].tolist() == ["pass"]


# ---- QA-01: ≥ 1 monitored call per agent per month

def test_qa_01_each_agent_monitored_every_month():
    frame = typed("call_monitoring", [
        {"monitor_id": "M1", "call_id": "K1", "agent_id": "A1", "inspector_id": "SUP1", "monitored_at": "2026-10-31 23:59:59", "score": "92.5"},
        {"monitor_id": "M2", "call_id": "K2", "agent_id": "A2", "inspector_id": "SUP1", "monitored_at": "2026-11-01 00:00:00"},
        {"monitor_id": "M3", "call_id": "K3", "agent_id": "R1", "inspector_id": "SUP1", "monitored_at": "2026-10-10 10:00:00"}])
    found = evaluate("QA-01", {"call_monitoring": frame, "staff": STAFF})
    assert by(found, "subject_id") == {"A1": "pass", "A2": "fail"}  # A3 joins in November; R1 is no call agent
    assert by(evaluate("QA-01", {"call_monitoring": frame.iloc[:0], "staff": STAFF}, as_of="2026-10-15 00:00:00"), "subject_id") == {
        "A1": "pending", "A2": "pending"}


# ---- QA-02 / QA-03: the monthly quality report and the weekly callback summary

@pytest.mark.parametrize("submitted, as_of, expected", [
    ("2026-10-21 23:59:59", "2026-11-01 00:00:00", "pass"),
    ("2026-10-22 00:00:00", "2026-11-01 00:00:00", "fail"),
    (None, "2026-10-21 23:59:59", "pending"),
    (None, "2026-10-22 00:00:00", "fail"),
])
def test_qa_02_quality_report_before_the_22nd(submitted, as_of, expected):
    frame = deliverables(*([("S1", "quality_report", "2026-10", submitted)] if submitted else []))
    found = evaluate("QA-02", {"sites": sites(7), "deliverables": frame}, as_of=as_of)
    assert found["status"].tolist() == [expected] and found["period_start"].tolist() == [pd.Timestamp("2026-10-01")]


def test_qa_03_callback_summary_by_monday_18_00():
    frame = deliverables(("S1", "callback_summary", "2026-W41", "2026-10-12 18:00:00"), ("S2", "callback_summary", "2026-W41", "2026-10-12 18:00:01"),
                         ("S1", "callback_summary", "2026-W40", "2026-10-08 09:00:00"))   # due Monday Oct 5 18:00, a holiday
    found = evaluate("QA-03", {"sites": sites(7, 7), "deliverables": frame}, period="2026-W42")
    assert by(found, "subject_id") == {"S1": "pass", "S2": "fail"}
    week_41 = evaluate("QA-03", {"sites": sites(7, 7), "deliverables": frame}, period="2026-W41")
    assert by(week_41, "subject_id") == {"S1": "fail", "S2": "fail"}  # the holiday does not move it (due_working_day: false)


# ---- COM-01 / COM-02: contacts with the chair monthly, with more than half of the committee quarterly

def contacts(*items):
    return typed("committee_contacts", [{"contact_id": f"T{i}", "site_id": s, "staff_id": "M1", "contacted_at": at, "chair_present": chair,
                                         "members_present": members} for i, (s, at, chair, members) in enumerate(items)])


def test_com_01_chair_contact_every_month():
    frame = contacts(("S1", "2026-10-31 23:59:59", "是", 2), ("S2", "2026-10-10 10:00:00", None, 5), ("S2", "2026-11-01 00:00:00", "是", 5),
                     ("S3", "2026-10-10 10:00:00", "是", 1))
    found = evaluate("COM-01", {"sites": sites(7, None, 0), "committee_contacts": frame})
    assert by(found, "subject_id") == {"S1": "pass", "S2": "fail"}  # S3 has no committee


@pytest.mark.parametrize("as_of, s2", [("2027-01-01 00:00:00", "fail"), ("2026-12-15 00:00:00", "pending")])
def test_com_02_more_than_half_of_the_members_each_quarter(as_of, s2):
    frame = contacts(("S1", "2026-10-01 00:00:00", "否", 4),        # 4 of 7
                     ("S2", "2026-11-10 10:00:00", "否", 3),        # 3 of 6 is half, not more than half
                     ("S2", "2026-09-30 23:59:59", "否", 6),        # last quarter
                     ("S4", "2026-12-31 23:59:59", "否", 4),        # 4 of 6
                     ("S3", "2026-11-10 10:00:00", "否", 9),        # committee size unknown: not evaluated
                     ("S5", "2026-11-10 10:00:00", "否", 9))        # no committee: left out
    found = evaluate("COM-02", {"sites": sites(7, 6, None, 6, 0), "committee_contacts": frame}, period="2026-12", as_of=as_of)
    assert by(found, "subject_id") == {"S1": "pass", "S2": s2, "S3": "not_evaluated", "S4": "pass" if as_of > "2027" else "pending"}
    assert found.set_index("subject_id").loc["S3", "note"] == "size_unknown"
    assert set(found["period_start"]) == {pd.Timestamp("2026-10-01")}
    assert evaluate("COM-02", {"sites": sites(7), "committee_contacts": frame}).empty  # no quarter ends in October


# ---- COM-03: reasonable committee requests answered within 3 working days

def requests(*items):
    return typed("committee_requests", [{"request_id": f"Q{i}", "site_id": "S1", "received_at": at, "answered_at": answered,
                                         "reasonable": ok, "handler_id": "M1"} for i, (at, answered, ok) in enumerate(items)])


def test_com_03_three_working_days():
    frame = requests(("2026-10-12 10:00:00", "2026-10-15 10:00:00", "是"),    # Monday → Thursday 10:00 exactly
                     ("2026-10-12 10:00:00", "2026-10-15 10:00:01", None),    # reasonableness not recorded: judged
                     ("2026-10-12 10:00:00", "2026-10-30 10:00:00", "否"),    # unreasonable: not judged
                     ("2026-10-28 10:00:00", None, "是"))                     # due Oct 30 17:30 + … not yet
    found = evaluate("COM-03", {"committee_requests": frame}, as_of="2026-10-30 12:00:00")
    assert by(found, "record_id") == {"Q0": "pass", "Q1": "fail", "Q3": "pending"}
    assert found.set_index("record_id").loc["Q0", ["measured", "threshold", "unit"]].tolist() == [22.5, 22.5, "working_h"]


@pytest.mark.parametrize("answered, expected", [("2026-10-10 10:00:00", "pass"), ("2026-10-10 10:00:01", "fail")])
def test_com_03_over_national_day_and_the_make_up_saturday(answered, expected):
    # Sep 30 10:00 → 6 working hours that day, 7.5 on Oct 8 and Oct 9, then 1.5 on the make-up Saturday Oct 10
    found = evaluate("COM-03", {"committee_requests": requests(("2026-09-30 10:00:00", answered, "是"))}, period="2026-09")
    assert found["status"].tolist() == [expected]


# ---- COM-05: an owners' meeting every year; minutes within 3 days, holidays extending it

def meetings(*items):
    return typed("owner_meetings", [{"meeting_id": f"G{i}", "site_id": s, "held_at": at, "minutes_published_at": pub, "organised_by": "M1"}
                                    for i, (s, at, pub) in enumerate(items)])


def test_com_05_one_meeting_a_year():
    frame = meetings(("S1", "2026-03-01 10:00:00", None), ("S2", "2025-12-31 23:59:59", None), ("S3", "2027-01-01 00:00:00", None))
    found = evaluate("COM-05", {"sites": sites(7, 7, 7), "owner_meetings": frame}, period="2026-12", as_of="2027-01-02 00:00:00")
    assert by(found, "subject_id") == {"S1": "pass", "S2": "fail", "S3": "fail"}
    assert evaluate("COM-05", {"sites": sites(7), "owner_meetings": frame}).empty  # judged only in the run that holds Dec 31
    assert set(evaluate("COM-05", {"sites": sites(7, 7), "owner_meetings": frame.iloc[:0]}, "2026-12", "2027-01-02")["status"]) == {"fail"}


@pytest.mark.parametrize("held, published, expected", [
    ("2026-10-09 19:00:00", "2026-10-13 17:30:00", "pass"),   # Fri → Sat Oct 10 (make-up), Mon 12, Tue 13 at closing time
    ("2026-10-09 19:00:00", "2026-10-13 17:30:01", "fail"),
    ("2026-09-30 15:00:00", "2026-10-10 17:30:00", "pass"),   # National Day does not use up the three days: Oct 8, 9, 10
    ("2026-10-28 15:00:00", None, "pending"),                 # due Oct 31's … Nov 2 17:30: not yet
])
def test_com_05_minutes_within_three_days_holidays_extend(held, published, expected):
    period = "2026-09" if held < "2026-10" else "2026-10"
    found = evaluate("COM-05-minutes", {"owner_meetings": meetings(("S1", held, published))}, period=period, as_of="2026-10-31 00:00:00")
    assert found["status"].tolist() == [expected] and found["staff_id"].tolist() == ["M1"]


# ---- COM-06: notice boards refreshed twice a month (per site)

def test_com_06_two_updates_a_month_per_site():
    frame = typed("notice_updates", [{"update_id": f"N{i}", "site_id": s, "board_id": b, "updated_at": at, "staff_id": "R1"} for i, (s, b, at) in enumerate([
        ("S1", "B1", "2026-10-01 00:00:00"), ("S1", "B2", "2026-10-31 23:59:59"),
        ("S2", "B3", "2026-10-15 10:00:00"), ("S2", "B3", "2026-11-01 00:00:00")])])
    found = evaluate("COM-06", {"sites": sites(7, 7, 7), "notice_updates": frame})
    assert by(found, "subject_id") == {"S1": "pass", "S2": "fail", "S3": "fail"}
    assert found.set_index("subject_id")["measured"].to_dict() == {"S1": 2.0, "S2": 1.0, "S3": 0.0}


def test_a_missing_dataset_is_not_evaluated():
    found = evaluate("COM-06", {"sites": sites(7)})
    assert found["status"].tolist() == ["not_evaluated"]
