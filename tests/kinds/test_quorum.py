"""quorum: a count against a size on the roster; a subject whose size is unknown is not_evaluated, never failed."""

import pandas as pd

from checker.kinds import quorum
from checker.kinds.base import PARTIAL
from tests.conftest import context, make_rule, typed

RULE = dict(kind="quorum", dataset="committee_contacts", time_column="contacted_at", window="month", size_column="committee_size",
            subjects={"dataset": "sites", "key": "site_id", "type": "site"}, match={"site_id": "site_id"}, min=1,
            where={"members_present": {"gt": {"column": "committee_size", "times": 0.5}}})


def run(sizes, contacts, as_of="2026-11-01 00:00:00"):
    rule = make_rule(**RULE)
    sites = typed("sites", [{"site_id": s, "site_name": s, "committee_size": n} for s, n in sizes.items()])
    frame = typed("committee_contacts", [{"contact_id": f"T{i}", "site_id": s, "contacted_at": "2026-10-10 10:00:00", "members_present": m}
                                         for i, (s, m) in enumerate(contacts)])
    frame = frame.merge(sites[["site_id", "committee_size"]], on="site_id", how="left")  # what the rule's lookup adds
    frame = frame[rule.where.mask(frame)]
    return quorum.evaluate(rule, {"committee_contacts": frame, "sites": sites}, context(as_of=as_of))


def test_majority_against_each_sites_size_and_unknown_sizes_not_evaluated():
    found = run({"S1": 7, "S2": 6, "S3": None}, [("S1", 4), ("S2", 3), ("S3", 9)])
    assert dict(zip(found["subject_id"], found["status"])) == {"S1": "pass", "S2": "fail", "S3": "not_evaluated"}
    assert list(found.columns) == PARTIAL
    assert found.set_index("subject_id").loc["S3", "period_start"] == pd.Timestamp("2026-10-01")


def test_only_unknown_or_only_known_sizes():
    assert run({"S3": None}, [])["note"].tolist() == ["size_unknown"]
    assert run({"S1": 5}, [], as_of="2026-10-20 00:00:00")["status"].tolist() == ["pending"]
    assert run({}, []).empty


def test_the_requirement_names_the_size():
    assert make_rule(**RULE).requirement() == "at least 1 time for each site per month, judged where the sites record their committee size"
    assert "committee_size" in make_rule(**RULE).columns_used()["sites"]
