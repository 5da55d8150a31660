"""Lookups `during` an interval and `within` a span around a record's time; the kind of each record's day."""

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from checker.calendar import Calendars
from checker.calendar.config import CalendarConfig
from checker.daytypes import day_types
from checker.evaluate import apply_lookup, prepare
from checker.kinds.base import Lookup
from tests.conftest import CALENDARS, make_rule, typed


def handover(hid, start, site="S1", desk="front_desk"):
    return {"handover_id": hid, "site_id": site, "desk": desk, "shift_start": start, "outgoing_staff_id": "A",
            "incoming_staff_id": "B", "outgoing_signed": "是", "incoming_signed": "是"}


def incident(iid, opened, closed=None, site="S1", level="major"):
    return {"incident_id": iid, "site_id": site, "level": level, "opened_at": opened, "closed_at": closed}


HANDOVERS = typed("handovers", [handover("H1", "2026-10-10 08:00:00"), handover("H2", "2026-10-10 20:00:00"),
                                handover("H3", "2026-10-10 08:00:00", site="S2")])


@pytest.mark.parametrize("closed, expected", [
    ("neither", {"H1": "I2;I4", "H2": "I3;I4"}),     # I1 closed exactly at 08:00: finished; I3 opened exactly at 08:00: not yet open
    ("left", {"H1": "I2;I3;I4", "H2": "I3;I4"}),     # opened at that moment counts; I2 closed exactly at 20:00 does not
    ("right", {"H1": "I1;I2;I4", "H2": "I2;I3;I4"}),  # closed at that moment still counts
    ("both", {"H1": "I1;I2;I3;I4", "H2": "I2;I3;I4"}),
])
def test_during_keeps_the_related_rows_open_at_the_records_time(closed, expected):
    incidents = typed("incidents", [incident("I1", "2026-10-10 07:00:00", "2026-10-10 08:00:00"),
                                    incident("I2", "2026-10-10 07:00:00", "2026-10-10 20:00:00"),
                                    incident("I3", "2026-10-10 08:00:00"),                          # still open
                                    incident("I4", "2026-10-09 07:00:00", "2026-10-11 00:00:00"),
                                    incident("I5", "2026-10-09 07:00:00", site="S3")])              # another site
    lookup = Lookup(dataset="incidents", match={"site_id": "site_id"}, count="n", keys="ids",
                    during={"at": "shift_start", "start": "opened_at", "end": "closed_at", "closed": closed})
    joined = apply_lookup(HANDOVERS, lookup, {"incidents": incidents}, "incident_id").set_index("handover_id")
    assert joined["ids"].dropna().to_dict() == expected
    assert joined["n"].to_dict() == {h: len(expected.get(h, "").split(";")) if h in expected else 0 for h in ("H1", "H2", "H3")}
    assert joined.index.tolist() == ["H1", "H2", "H3"] and (joined.index == HANDOVERS.set_index("handover_id").index).all()


def test_during_matches_on_every_match_column_and_gives_earliest_and_latest():
    requests = typed("requests", [
        {"request_id": r, "site_id": "S1", "desk": d, "received_at": t, "received_by": "Q1"}
        for r, d, t in (("R1", "front_desk", "2026-10-10 07:00:00"), ("R2", "front_desk", "2026-10-10 06:00:00"),
                        ("R3", "duty_office", "2026-10-10 07:00:00"))])
    lookup = Lookup(dataset="requests", match={"site_id": "site_id", "desk": "desk"}, count="n",
                    during={"at": "shift_start", "start": "received_at", "end": "closed_at"},
                    earliest={"first": "received_at"}, latest={"last": "received_at"})
    joined = apply_lookup(HANDOVERS, lookup, {"requests": requests}, "request_id").set_index("handover_id")
    assert joined.loc["H1", ["n", "first", "last"]].tolist() == [2, pd.Timestamp("2026-10-10 06:00:00"), pd.Timestamp("2026-10-10 07:00:00")]
    assert joined.loc["H3", "n"] == 0 and pd.isna(joined.loc["H3", "first"])


def swap(sid, staff, day):
    return {"swap_id": sid, "site_id": "S1", "staff_id": staff, "counterpart_id": "Z", "shift_date": day}


def test_within_finds_the_same_persons_rows_near_the_record_but_not_the_record_itself():
    swaps = typed("shift_swaps", [swap("W1", "A", "2026-10-05"), swap("W2", "A", "2026-10-06"), swap("W3", "A", "2026-10-08"),
                                  swap("W4", "B", "2026-10-07"), swap("W5", "A", "2026-10-08")])
    lookup = Lookup(dataset="shift_swaps", match={"staff_id": "staff_id"}, exclude_self=True, count="n", keys="ids",
                    within={"at": "shift_date", "time": "shift_date", "before": "1d", "after": "0d"})
    joined = apply_lookup(swaps, lookup, {"shift_swaps": swaps}, "swap_id").set_index("swap_id")
    assert joined["n"].to_dict() == {"W1": 0, "W2": 1, "W3": 1, "W4": 0, "W5": 1}
    assert joined.loc["W2", "ids"] == "W1" and joined.loc["W3", "ids"] == "W5"


def test_an_empty_related_dataset_gives_zero_counts():
    lookup = Lookup(dataset="incidents", match={"site_id": "site_id"}, count="n",
                    during={"at": "shift_start", "start": "opened_at", "end": "closed_at"})
    joined = apply_lookup(HANDOVERS, lookup, {"incidents": typed("incidents", [])}, "incident_id")
    assert joined["n"].tolist() == [0, 0, 0]


def test_a_lookup_takes_one_window_and_exclude_self_needs_one():
    window = {"at": "shift_start", "time": "opened_at"}
    with pytest.raises(ValidationError, match="not both"):
        Lookup(dataset="incidents", match={"site_id": "site_id"}, within=window,
               during={"at": "shift_start", "start": "opened_at"})
    with pytest.raises(ValidationError, match="goes with"):
        Lookup(dataset="incidents", match={"site_id": "site_id"}, exclude_self=True)
    with pytest.raises(ValidationError, match="own dataset"):
        make_rule(kind="record", dataset="handovers", time_column="shift_start", require={"n": 0}, staff_column="outgoing_staff_id",
                  lookups=[{"dataset": "incidents", "match": {"site_id": "site_id"}, "within": window, "exclude_self": True, "count": "n"}])


@pytest.mark.parametrize("day, expected", [
    ("2026-09-30", "workday"),          # Wednesday
    ("2026-10-01", "holiday"),          # National Day
    ("2026-10-03", "holiday"),          # a Saturday inside the holiday
    ("2026-10-08", "workday"),          # Thursday after the 2026 holiday (chinese-calendar: 1–7 October)
    ("2026-10-10", "makeup_workday"),   # Saturday worked (调休)
    ("2026-09-20", "makeup_workday"),   # Sunday worked (调休)
    ("2026-10-11", "weekend"),
    (None, None),
    ("2031-05-01", None),               # a year no holiday source covers: not guessed
])
def test_day_types_follow_the_calendar(day, expected):
    stamps = pd.Series([pd.Timestamp(day) if day else pd.NaT])
    found = day_types(CALENDARS, pd.Series(["S1"]), stamps).iloc[0]
    assert (None if pd.isna(found) else found) == expected


def test_day_types_use_each_sites_own_calendar():
    config = CalendarConfig.model_validate({"sites": {"S2": {"weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
                                                             "days_off": ["2026-10-14"]}}})
    stamps = pd.Series(pd.to_datetime(["2026-10-17 09:00", "2026-10-17 09:00", "2026-10-14 09:00", "2026-10-14 09:00"]))
    found = day_types(Calendars(config), pd.Series(["S1", "S2", "S1", "S2"]), stamps)
    assert found.tolist() == ["weekend", "workday", "workday", "day_off"]


def test_prepare_adds_day_types_before_the_where():
    rule = make_rule(kind="record", dataset="shift_swaps", time_column="shift_date", require={"form_filed": True}, staff_column="staff_id",
                     day_types={"kind_of_day": "shift_date"}, where={"kind_of_day": "holiday"})
    swaps = typed("shift_swaps", [swap("W1", "A", "2026-10-02"), swap("W2", "A", "2026-10-12")])
    frame = prepare(rule, {"shift_swaps": swaps}, lambda d: "swap_id", None, CALENDARS)["shift_swaps"]
    assert frame[["swap_id", "kind_of_day"]].values.tolist() == [["W1", "holiday"]]
    assert rule.needs_calendar() and {"site_id", "shift_date"} <= rule.columns_used()["shift_swaps"]


def naive_counts(frame, related, closed):
    """The definition, by brute force: every pair of the same site, tested one by one."""
    pairs = frame.reset_index().merge(related, on="site_id")
    at, start, end = pairs["shift_start"], pairs["opened_at"], pairs["closed_at"]
    after = (start <= at) if closed in ("left", "both") else (start < at)
    before = end.isna() | ((end >= at) if closed in ("right", "both") else (end > at))
    return pairs[after & before].groupby("index").size().reindex(frame.index, fill_value=0).tolist()


@pytest.mark.parametrize("closed", ["neither", "left", "right", "both"])
def test_during_agrees_with_brute_force_on_random_data_with_sub_second_times(closed):
    rng = np.random.default_rng(7)
    base = pd.Timestamp("2025-12-31 23:00:00")
    seconds = lambda n: pd.to_timedelta(rng.integers(0, 40, n) * 0.5, unit="s")  # noqa: E731 - many ties and half seconds
    frame = pd.DataFrame({"handover_id": [f"H{i}" for i in range(300)], "site_id": pd.array(rng.choice(["S1", "S2", None], 300), dtype="string"),
                          "shift_start": (base + seconds(300)).where(rng.random(300) > 0.05)})
    opened = base + seconds(400)
    related = pd.DataFrame({"incident_id": [f"I{i}" for i in range(400)], "site_id": pd.array(rng.choice(["S1", "S2", "S3"], 400), dtype="string"),
                            "opened_at": opened, "closed_at": pd.Series(opened + seconds(400)).where(rng.random(400) > 0.2)})
    lookup = Lookup(dataset="incidents", match={"site_id": "site_id"}, count="n",
                    during={"at": "shift_start", "start": "opened_at", "end": "closed_at", "closed": closed})
    joined = apply_lookup(frame, lookup, {"incidents": related}, "incident_id")
    assert joined["n"].tolist() == naive_counts(frame, related, closed)
    assert joined["n"].sum() > 0


@pytest.mark.parametrize("before, after", [("1d", "0d"), ("90min", "30min"), ("0s", "0s"), ("2h", "-1h")])
def test_within_agrees_with_brute_force_on_random_data(before, after):
    rng = np.random.default_rng(11)
    times = pd.Series(pd.Timestamp("2026-10-01") + pd.to_timedelta(rng.integers(0, 4 * 48, 250) * 1800, unit="s"))
    swaps = pd.DataFrame({"swap_id": [f"W{i}" for i in range(250)], "staff_id": pd.array(rng.choice(["A", "B", "C"], 250), dtype="string"),
                          "shift_date": times.where(rng.random(250) > 0.05)})
    lookup = Lookup(dataset="shift_swaps", match={"staff_id": "staff_id"}, exclude_self=True, count="n",
                    within={"at": "shift_date", "time": "shift_date", "before": before, "after": after})
    joined = apply_lookup(swaps, lookup, {"shift_swaps": swaps}, "swap_id")
    pairs = swaps.reset_index().merge(swaps, on="staff_id", suffixes=("", "_other"))
    near = (pairs["shift_date_other"] >= pairs["shift_date"] - pd.Timedelta(before)) & \
           (pairs["shift_date_other"] <= pairs["shift_date"] + pd.Timedelta(after)) & (pairs["swap_id"] != pairs["swap_id_other"])
    expected = pairs[near].groupby("index").size().reindex(swaps.index, fill_value=0)
    assert joined["n"].tolist() == expected.tolist() and expected.sum() > 0
