"""Full-tier rules that the core datasets already support, each on a small hand-built export."""

import pandas as pd
import pytest

from tests.conftest import evaluate_rule, typed

evaluate = evaluate_rule


STAFF = typed("staff", [{"staff_id": s, "name": s, "role": r, "site_id": "S1"} for s, r in
                        (("K1", "service_staff"), ("K2", "service_staff"), ("Q1", "receptionist"))])


def visit(vid, staff, unit, at, channel="phone", purpose="routine", outcome="reached", signed=None, ref=None):
    return {"visit_id": vid, "staff_id": staff, "unit_id": unit, "visited_at": at, "channel": channel, "purpose": purpose,
            "outcome": outcome, "customer_signed": signed, "ref_id": ref}


def test_vis_02_every_unit_each_half_year():
    units = typed("units", [{"unit_id": u, "site_id": "S1", "assigned_staff_id": k, "status": "occupied"}
                            for u, k in (("U1", "K1"), ("U2", "K1"), ("U3", "K1"), ("U4", "K2"), ("U5", "K2"))])
    visits = typed("visits", [
        visit("V1", "K1", "U1", "2026-07-01 00:00:00"), visit("V2", "K1", "U2", "2026-12-31 23:59:59"),
        visit("V3", "Q1", "U3", "2026-09-01 10:00:00", purpose="repair_callback"),   # anyone reaching the owner counts
        visit("V4", "K2", "U4", "2026-10-01 10:00:00"),
        visit("V5", "K2", "U5", "2026-06-30 23:59:59"),                               # the first half-year
        visit("V6", "K2", "U5", "2026-08-01 10:00:00", outcome="no_answer"),          # not reached
    ])
    found = evaluate("VIS-02", {"visits": visits, "units": units, "staff": STAFF}, "2026-12", "2027-01-01 00:00:00")
    result = found.set_index("subject_id")
    assert result.loc["K1", ["status", "measured"]].tolist() == ["pass", 1.0]
    assert result.loc["K2", ["status", "measured"]].tolist() == ["fail", 0.5]
    assert (result["period_start"] == pd.Timestamp("2026-07-01")).all() and "Q1" not in result.index
    assert evaluate("VIS-02", {"visits": visits, "units": units, "staff": STAFF}).empty  # no half-year ends in October


def test_vis_04_door_visits_are_signed():
    visits = typed("visits", [visit("V1", "K1", "U1", "2026-10-10 10:00:00", "door", signed="是"),
                              visit("V2", "K1", "U1", "2026-10-10 11:00:00", "door", signed="否"),
                              visit("V3", "K1", "U1", "2026-10-10 12:00:00", "door"),            # signature not recorded
                              visit("V4", "K1", "U1", "2026-10-10 13:00:00", "phone"),           # phone: no signature needed
                              visit("V5", "K1", "U1", "2026-10-10 14:00:00", "door", outcome="no_answer")])
    found = evaluate("VIS-04", {"visits": visits})
    assert dict(zip(found["record_id"], found["status"])) == {"V1": "pass", "V2": "fail", "V3": "fail"}


def complaint(cid, severity="minor", **more):
    return {"complaint_id": cid, "site_id": "S1", "unit_id": "U1", "received_at": "2026-10-10 09:00:00", "received_by": "Q1",
            "severity": severity, "valid": "是", **more}


def test_cmp_06_outcome_told_the_same_day():
    rows = [complaint("C1", resolved_at="2026-10-10 14:00:00", outcome_notified_at="2026-10-10 23:59:59"),
            complaint("C2", resolved_at="2026-10-10 14:00:00", outcome_notified_at="2026-10-11 00:00:00"),
            complaint("C3", resolved_at="2026-10-12 14:00:00"),                                   # never told
            complaint("C4", resolved_at="2026-10-12 14:00:00", valid="否"),                      # invalid: not scored
            complaint("C5")]                                                                     # not resolved: nothing to tell
    found = evaluate("CMP-06", {"complaints": typed("complaints", rows)})
    assert dict(zip(found["record_id"], found["status"])) == {"C1": "pass", "C2": "fail", "C3": "fail"}


def test_cmp_08_resolved_important_complaints_called_back():
    rows = [complaint("C1", "important", resolved_at="2026-10-12 10:00:00"),
            complaint("C2", "major", resolved_at="2026-10-13 10:00:00"),
            complaint("C3", "minor", resolved_at="2026-10-13 10:00:00"),                         # minor: not required
            complaint("C4", "important", resolved_at="2026-10-29 00:00:00"),                     # within 3 days of as-of
            complaint("C5", "important", resolved_at="2026-10-14 10:00:00")]
    visits = typed("visits", [visit("B1", "K1", "U1", "2026-10-12 15:00:00", purpose="complaint_callback", ref="C1"),
                              visit("B5", "K1", "U1", "2026-10-15 15:00:00", purpose="complaint_callback", outcome="no_answer", ref="C5")])
    found = evaluate("CMP-08", {"complaints": typed("complaints", rows), "visits": visits})
    assert found[["subject_id", "status", "measured", "evidence"]].values.tolist() == [["Q1", "fail", 0.3333, "C2;C5"]]  # 1 of C1, C2, C5 (C4 still within grace); rounded to 4 places


@pytest.mark.parametrize("arrived, left, expected", [
    ("2026-10-10 07:50:00", "2026-10-10 08:10:00", "pass"),
    ("2026-10-10 08:05:00", "2026-10-10 08:05:00", "pass"),   # left the moment the incoming person arrived
    ("2026-10-10 08:00:00", "2026-10-10 07:59:59", "fail"),   # one second before
    (None, "2026-10-10 08:10:00", "fail"),                    # the incoming person never arrived
    ("2026-10-10 07:50:00", None, None),                      # departure not recorded: not judged
])
def test_hnd_04_outgoing_stays_until_the_incoming_arrives(arrived, left, expected):
    row = {"handover_id": "H1", "site_id": "S1", "desk": "front_desk", "shift_start": "2026-10-10 08:00:00", "outgoing_staff_id": "Q1",
           "incoming_staff_id": "Q2", "incoming_arrived_at": arrived, "outgoing_left_at": left, "outgoing_signed": "是", "incoming_signed": "是"}
    found = evaluate("HND-04", {"handovers": typed("handovers", [row])})
    assert found["status"].tolist() == ([] if expected is None else [expected])
    if expected:
        assert found["staff_id"].tolist() == ["Q1"]
