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
    result = found.set_index("subject_id")  # a 100 % standard: judged per unit and half-year, the assigned person accountable
    assert result[["subject_type", "staff_id", "status", "measured"]].sort_index().values.tolist() == [
        ["unit", "K1", "pass", 1], ["unit", "K1", "pass", 1], ["unit", "K1", "pass", 1],  # U1 on 07-01 00:00, U2 on 12-31 23:59:59
        ["unit", "K2", "pass", 1], ["unit", "K2", "fail", 0]]  # U5: June's visit is the first half-year's, August's not reached
    assert (result["period_start"] == pd.Timestamp("2026-07-01")).all() and (result["period_end"] == pd.Timestamp("2027-01-01")).all()
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
    """A 100 % standard judged per complaint (like VIS-05); beside each, Q1's October share of those counted."""
    rows = [complaint("C1", "important", resolved_at="2026-10-12 10:00:00"),
            complaint("C2", "major", resolved_at="2026-10-13 10:00:00"),                         # no callback
            complaint("C3", "minor", resolved_at="2026-10-13 10:00:00"),                         # minor: not required
            complaint("C4", "important", resolved_at="2026-10-29 00:00:00"),                     # exactly 3 days before as-of
            complaint("C5", "important", resolved_at="2026-10-14 10:00:00"),                     # callback not reached
            complaint("C6", "important", resolved_at="2026-10-28 23:59:59"),                     # one second over the grace
            complaint("C7", "important", resolved_at="2026-10-01 00:00:00"),                     # the period's first moment
            complaint("C8", "important", resolved_at="2026-09-30 23:59:59"),                     # September's: not this period
            complaint("C9", "important", resolved_at="2026-10-20 10:00:00", unit_id=None)]       # no unit, no owner to call
    visits = typed("visits", [visit("B1", "K1", "U1", "2026-10-12 15:00:00", purpose="complaint_callback", ref="C1"),
                              visit("B5", "K1", "U1", "2026-10-15 15:00:00", purpose="complaint_callback", outcome="no_answer", ref="C5"),
                              visit("B7", "K1", "U1", "2026-10-02 15:00:00", purpose="complaint_callback", ref="C7"),
                              visit("B9", "K1", "U1", "2026-10-21 15:00:00", purpose="complaint_callback", ref="C9")])
    found = evaluate("CMP-08", {"complaints": typed("complaints", rows), "visits": visits})
    got = found.sort_values("record_id")[["record_id", "subject_type", "staff_id", "status", "measured"]].values.tolist()
    share = 2 / 5  # C1 and C7 of C1, C2, C5, C6, C7 (C4 pending is not counted)
    assert got == [["C1", "record", "Q1", "pass", share], ["C2", "record", "Q1", "fail", share], ["C4", "record", "Q1", "pending", share],
                   ["C5", "record", "Q1", "fail", share], ["C6", "record", "Q1", "fail", share], ["C7", "record", "Q1", "pass", share]]
    assert (found["unit"] == "share").all() and (found["threshold"] == 1.0).all()
    assert found.loc[found["record_id"] == "C4", "period_end"].item() == pd.Timestamp("2026-11-01 00:00:00")  # its callback deadline


def test_cmp_08_all_called_back_passes_with_a_full_share():
    rows = [complaint("C1", "important", resolved_at="2026-10-12 10:00:00")]
    visits = typed("visits", [visit("B1", "K1", "U1", "2026-10-12 15:00:00", purpose="complaint_callback", ref="C1")])
    found = evaluate("CMP-08", {"complaints": typed("complaints", rows), "visits": visits})
    assert found[["record_id", "status", "measured"]].values.tolist() == [["C1", "pass", 1.0]]
    assert evaluate("CMP-08", {"complaints": typed("complaints", []), "visits": visits}).empty  # nothing resolved: no finding here


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
