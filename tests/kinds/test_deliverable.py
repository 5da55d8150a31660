"""deliverable: one row per subject per period, due times from the period, judged periods, moves to working days."""

import pandas as pd
import pytest
from pydantic import ValidationError

from checker.kinds import deliverable
from tests.conftest import context, make_rule, typed

SITES = typed("sites", [{"site_id": "S1", "site_name": "一"}, {"site_id": "S2", "site_name": "二"}])
ROSTER = dict(kind="deliverable", dataset="deliverables", cycle="month", period_column="period", time_column="submitted_at",
              subjects={"dataset": "sites", "key": "site_id", "type": "site"}, match={"site_id": "site_id"},
              staff_column="submitted_by", where={"kind": "front_desk_roster"}, due={"offset": -1, "day": 24})


def rows(*items):
    return typed("deliverables", [{"deliverable_id": f"D{i}", "site_id": s, "kind": k, "period": p, "submitted_at": t, "submitted_by": "A1"}
                                  for i, (s, k, p, t) in enumerate(items)])


def run(fields, frame, period="2026-10", as_of="2026-11-01 00:00:00"):
    rule = make_rule(**fields)
    frame = frame[rule.where.mask(frame)] if rule.where else frame
    return deliverable.evaluate(rule, {"deliverables": frame, "sites": SITES}, context(period, as_of))


def site(found, site_id):
    row = found[found["subject_id"] == site_id]
    return row["status"].tolist()


@pytest.mark.parametrize("submitted, expected", [
    ("2026-10-24 23:59:59", "pass"),     # the last moment of the 24th: "before the 25th"
    ("2026-10-25 00:00:00", "fail"),     # one second late
    ("2026-09-01 08:00:00", "pass"),     # early is fine
    (None, "fail"),                      # row without a submission time: not delivered
])
def test_a_roster_for_november_is_due_before_the_25th_of_october(submitted, expected):
    found = run(ROSTER, rows(("S1", "front_desk_roster", "2026-11", submitted)))
    assert site(found, "S1") == [expected]
    assert site(found, "S2") == ["fail"]  # no row at all
    assert set(found["period_start"]) == {pd.Timestamp("2026-11-01")}  # a run over October judges what is due in October
    assert set(found["period_end"]) == {pd.Timestamp("2026-10-24 23:59:59")}


def test_late_submission_reports_hours_late_and_the_submitter():
    found = run(ROSTER, rows(("S1", "front_desk_roster", "2026-11", "2026-10-26 11:59:59")))
    row = found[found["subject_id"] == "S1"].iloc[0]
    assert (row["status"], row["measured"], row["staff_id"], row["evidence"]) == ("fail", 36.0, "A1", "D0")


def test_before_the_due_time_a_missing_roster_is_pending():
    found = run(ROSTER, rows(), as_of="2026-10-24 23:59:59")
    assert site(found, "S1") == ["pending"]
    assert run(ROSTER, rows(), as_of="2026-10-25 00:00:00")["status"].tolist() == ["fail", "fail"]


def test_the_earliest_of_several_rows_counts_and_a_submission_after_as_of_is_not_yet_seen():
    frame = rows(("S1", "front_desk_roster", "2026-11", "2026-10-28 09:00:00"), ("S1", "front_desk_roster", "2026-11", "2026-10-20 09:00:00"),
                 ("S2", "front_desk_roster", "2026-11", "2026-10-20 09:00:00"), ("S2", "duty_roster", "2026-11", "2026-10-20 09:00:00"))
    found = run(ROSTER, frame, as_of="2026-10-22 00:00:00")
    assert site(found, "S1") == ["pass"] and site(found, "S2") == ["pass"]
    late_s2 = rows(("S2", "front_desk_roster", "2026-11", "2026-10-23 09:00:00"))
    assert site(run(ROSTER, late_s2, as_of="2026-10-22 00:00:00"), "S2") == ["pending"]


def test_last_day_of_the_previous_month_and_a_short_month():
    fields = {**ROSTER, "due": {"offset": -1, "day": "last"}}
    found = run(fields, rows(("S1", "front_desk_roster", "2026-10", "2026-09-30 23:59:59")), period="2026-09")
    assert site(found, "S1") == ["pass"] and set(found["period_end"]) == {pd.Timestamp("2026-09-30 23:59:59")}
    day_31 = run({**ROSTER, "due": {"offset": -1, "day": 31}}, rows(), period="2026-09")
    assert set(day_31["period_end"]) == {pd.Timestamp("2026-09-30 23:59:59")}  # clipped to the month's last day


def test_empty_dataset_every_subject_fails_once_due():
    found = run(ROSTER, rows())
    assert found["status"].tolist() == ["fail", "fail"] and found["measured"].isna().all()


WEEKLY = dict(kind="deliverable", dataset="deliverables", cycle="week", period_column="period", time_column="submitted_at",
              subjects={"dataset": "sites", "key": "site_id", "type": "site"}, match={"site_id": "site_id"},
              where={"kind": "callback_summary"}, due={"offset": 1, "day": 1, "time": "18:00"})


@pytest.mark.parametrize("submitted, expected", [
    ("2026-10-12 18:00:00", "pass"), ("2026-10-12 18:00:01", "fail"), ("2026-10-05 09:00:00", "pass")])
def test_weekly_summary_due_monday_18_00_of_the_next_week(submitted, expected):
    found = run(WEEKLY, rows(("S1", "callback_summary", "2026-W41", submitted)), period="2026-W42")
    assert site(found, "S1") == [expected]
    assert set(found["period_start"]) == {pd.Timestamp("2026-10-05")}  # week 41 is judged in the run over week 42


def test_a_month_run_judges_the_weeks_whose_summary_is_due_in_it():
    found = run(WEEKLY, rows())
    assert sorted(set(found["period_start"].dt.strftime("%m-%d"))) == ["09-28", "10-05", "10-12", "10-19"]  # due Oct 5 … Oct 26


REVIEW = dict(kind="deliverable", dataset="log_reviews", cycle="day", period_column="log_date", time_column="reviewed_at",
              subjects={"dataset": "sites", "key": "site_id", "type": "site"}, match={"site_id": "site_id"},
              staff_column="reviewer_id", due={"offset": 1, "working_day": True})


def reviews(*items):
    return typed("log_reviews", [{"review_id": f"R{i}", "site_id": "S1", "log": "duty", "log_date": d, "scope": "day", "reviewer_id": "M1",
                                  "reviewed_at": t, "signed": "是"} for i, (d, t) in enumerate(items)])


def run_reviews(frame, period="2026-10", as_of="2026-11-01 00:00:00"):
    sites = SITES[SITES["site_id"] == "S1"]
    return deliverable.evaluate(make_rule(**REVIEW), {"log_reviews": frame, "sites": sites}, context(period, as_of))


def on(found, day):
    return found[found["period_start"] == pd.Timestamp(day)][["status", "period_end"]].values.tolist()


def test_next_working_day_over_national_day_and_make_up_saturday():
    found = run_reviews(reviews(("2026-09-30", "2026-10-08 23:59:59"), ("2026-10-09", "2026-10-10 23:59:59"),
                                ("2026-10-10", "2026-10-12 00:00:00"), ("2026-10-07", "2026-10-09 00:00:00")))
    assert on(found, "2026-09-30") == [["pass", pd.Timestamp("2026-10-08 23:59:59")]]  # Oct 1–7 National Day
    assert on(found, "2026-10-09") == [["pass", pd.Timestamp("2026-10-10 23:59:59")]]  # Saturday Oct 10 is a working day
    assert on(found, "2026-10-10") == [["pass", pd.Timestamp("2026-10-12 23:59:59")]]  # Sunday Oct 11 is not
    assert on(found, "2026-10-03") == [["fail", pd.Timestamp("2026-10-08 23:59:59")]]  # a holiday's log is reviewed too
    assert on(found, "2026-10-07") == [["fail", pd.Timestamp("2026-10-08 23:59:59")]]  # one second late
    assert on(found, "2026-10-30") == []  # due Nov 2: judged in November
    assert len(found) == 30  # the logs of Sep 30 … Oct 29 (Oct 1–6 rolled onto Oct 8; Oct 30 is due Monday Nov 2)


def test_a_due_day_in_a_year_no_calendar_covers_is_left_to_that_years_run():
    found = run_reviews(reviews(), period="2026-12", as_of="2027-01-05 00:00:00")
    assert on(found, "2026-12-30") == [["fail", pd.Timestamp("2026-12-31 23:59:59")]]
    assert on(found, "2026-12-31") == []  # due in 2027: a later run's, which needs that year's calendar


def test_the_due_day_must_fit_the_cycle():
    with pytest.raises(ValidationError, match="does not fit a week"):
        make_rule(**{**WEEKLY, "due": {"offset": 1, "day": 8}})
    with pytest.raises(ValidationError, match="HH:MM"):
        make_rule(**{**WEEKLY, "due": {"time": "25:00"}})


def test_period_labels_are_read_per_cycle():
    text = pd.Series(["2026-10", "2026-w41", " 2026-W53", "2026-13", None], dtype="string")
    assert deliverable.period_starts(text, "month").tolist()[:2] == [pd.Timestamp("2026-10-01"), pd.NaT]
    assert deliverable.period_starts(text, "week").tolist()[1:3] == [pd.Timestamp("2026-10-05"), pd.Timestamp("2026-12-28")]


def test_a_row_submitted_after_as_of_is_neither_counted_nor_evidence():
    found = run(ROSTER, rows(("S1", "front_desk_roster", "2026-11", "2026-11-02 09:00:00"), ("S2", "front_desk_roster", "2026-11", None)))
    assert found[["subject_id", "status", "evidence"]].values.tolist() == [["S1", "fail", ""], ["S2", "fail", "D1"]]


def test_staff_subjects_judged_while_employed_and_in_their_role():
    staff = typed("staff", [{"staff_id": "K1", "name": "一", "role": "supervisor", "site_id": "S1"},
                            {"staff_id": "K2", "name": "二", "role": "supervisor", "site_id": "S2", "active_to": "2026-09-30"},
                            {"staff_id": "K3", "name": "三", "role": "receptionist", "site_id": "S1"}])
    rule = make_rule(**{**REVIEW, "subjects": {"dataset": "staff", "key": "staff_id", "type": "staff", "staff_column": "staff_id"},
                        "match": {"reviewer_id": "staff_id"}, "role": ["supervisor"], "cycle": "month",
                        "due": {"offset": 0, "day": "last"}})
    frame = reviews(("2026-10-05", "2026-10-31 23:59:59"))
    found = deliverable.evaluate(rule, {"log_reviews": frame.assign(reviewer_id="K1"), "staff": staff}, context(staff=staff))
    assert found[["subject_id", "status", "staff_id", "site_id"]].values.tolist() == [["K1", "pass", "K1", "S1"]]
