"""sequence: numbers per group without gaps or repeats, the start at `first`, pages shared by entries."""

import pytest

from checker.kinds import sequence
from tests.conftest import context, make_rule, typed

SEQ = dict(kind="sequence", dataset="duty_log", time_column="written_at", number="seq_no",
           group_by=["site_id", "book_no"], staff_column="written_by")


def log(*rows):
    """rows: (entry_id, book, page, seq, written_at)."""
    return typed("duty_log", [{"entry_id": e, "site_id": "S1", "book_no": b, "page_no": p, "seq_no": s, "written_at": t, "written_by": "D1"}
                              for e, b, p, s, t in rows])


def run(rows, as_of="2026-11-01 00:00:00", **fields):
    found = sequence.evaluate(make_rule(**{**SEQ, **fields}), {"duty_log": log(*rows)}, context("2026-10", as_of))
    return found.set_index("record_id")


def test_numbers_without_gaps_pass():
    found = run([("E1", "B1", 1, 1, "2026-10-01 08:00:00"), ("E2", "B1", 1, 2, "2026-10-01 09:00:00"), ("E3", "B1", 2, 3, "2026-10-02 08:00:00")])
    assert found["status"].tolist() == ["pass"] * 3
    assert found.loc["E3", "evidence"] == "E2;E3" and found.loc["E1", "evidence"] == "E1"


def test_a_gap_fails_on_the_entry_after_it_and_names_the_gap_and_its_neighbours():
    found = run([("E1", "B1", 1, 1, "2026-10-01 08:00:00"), ("E2", "B1", 1, 2, "2026-10-01 09:00:00"), ("E5", "B1", 2, 5, "2026-10-03 08:00:00"),
                 ("E6", "B1", 2, 6, "2026-10-03 09:00:00")])
    assert found.loc["E5", ["status", "note", "measured", "threshold", "evidence"]].tolist() == ["fail", "seq_gap", 5.0, 3.0, "E2;E5"]
    assert found.loc["E6", "status"] == "pass"  # one gap, one failure


def test_each_book_numbers_on_its_own_and_must_start_at_first():
    found = run([("A1", "B1", 1, 1, "2026-10-01 08:00:00"), ("C2", "B2", 1, 2, "2026-10-01 08:00:00"), ("C3", "B2", 1, 3, "2026-10-01 09:00:00")])
    assert found.loc["A1", "status"] == "pass"
    assert found.loc["C2", ["status", "measured", "threshold"]].tolist() == ["fail", 2.0, 1.0]  # entry 1 of book B2 is missing
    assert run([("C2", "B2", 1, 2, "2026-10-01 08:00:00")], first=None)["status"].tolist() == ["pass"]


def test_a_repeated_number_fails():
    found = run([("E1", "B1", 1, 1, "2026-10-01 08:00:00"), ("E1b", "B1", 1, 1, "2026-10-01 09:00:00")])
    assert found.loc["E1b", ["status", "note", "threshold"]].tolist() == ["fail", "seq_repeat", 2.0]
    assert found.loc["E1", "status"] == "pass"


def test_the_predecessor_may_be_older_than_the_period_and_later_entries_are_not_judged():
    rows = [("E1", "B1", 1, 1, "2026-09-30 23:59:59"), ("E2", "B1", 1, 2, "2026-10-01 00:00:00"), ("E4", "B1", 1, 4, "2026-10-20 00:00:00"),
            ("E5", "B1", 1, 5, "2026-11-01 00:00:00")]
    found = run(rows)
    assert list(found.index) == ["E2", "E4"] and found["status"].tolist() == ["pass", "fail"]
    assert list(run(rows, as_of="2026-10-19 23:59:59").index) == ["E2"]  # entries after as-of are not judged


@pytest.mark.parametrize("pages, expected", [
    ([1, 1, 2, 2, 3], ["pass", "pass", "pass"]),   # one finding per page, by its first entry
    ([1, 2, 4], ["pass", "pass", "fail"]),         # page 3 torn out
    ([2, 2, 3], ["fail", "pass"]),                 # page 1 missing
])
def test_pages_may_be_shared_but_not_skipped(pages, expected):
    rows = [(f"E{i}", "B1", p, i, f"2026-10-{i:02d} 08:00:00") for i, p in enumerate(pages, start=1)]
    found = run(rows, number="page_no", repeats=True)
    assert found["status"].tolist() == expected


def test_no_entries_no_findings():
    assert run([]).empty
