"""Scores from findings: hand-computed examples, points lost adding up to 100 − score."""

import pandas as pd
import pytest

from checker.period import Period
from checker.scoring import ScoringPolicy, build_scorecards
from tests.conftest import typed

STAFF = typed("staff", [
    {"staff_id": "K1", "name": "甲", "role": "service_staff", "site_id": "S1", "team": "T1"},
    {"staff_id": "K2", "name": "乙", "role": "service_staff", "site_id": "S1", "team": "T1"},
    {"staff_id": "K3", "name": "丙", "role": "service_staff", "site_id": "S1", "team": "T2", "active_to": "2026-09-30"},
])


def findings(rows):
    return pd.DataFrame(rows, columns=["rule_id", "severity", "staff_id", "site_id", "status"])


def test_hand_computed_score():
    # K1: R1 (major, weight 1 -> 2) pass, pass, fail; R2 (minor, weight 3 -> 3) fail; R3 pending (not counted)
    found = findings([("R1", "major", "K1", "S1", "pass"), ("R1", "major", "K1", "S1", "pass"), ("R1", "major", "K1", "S1", "fail"),
                      ("R2", "minor", "K1", "S1", "fail"), ("R3", "critical", "K1", "S1", "pending"),
                      ("R1", "major", "K2", "S1", "exempt"), ("R1", "major", None, "S1", "fail")])
    cards = build_scorecards(found, {"R1": 1.0, "R2": 3.0, "R3": 1.0}, ScoringPolicy(), STAFF, None, Period.parse("2026-10"))
    staff = cards["staff"].set_index("staff_id")
    # earned 2 + 2 = 4 of 2 + 2 + 2 + 3 = 9  ->  44.4
    assert staff.loc["K1", "score"] == pytest.approx(44.4)
    assert staff.loc["K1", ["checks", "passed", "failed", "pending"]].tolist() == [5, 2, 2, 1]
    assert pd.isna(staff.loc["K2", "score"])  # only an exempt result: nothing counted
    assert "K3" not in staff.index            # left before the period
    lost = cards["staff_rules"].set_index(["staff_id", "rule_id"])["points_lost"]
    assert lost.loc[("K1", "R1")] == pytest.approx(100 * 2 / 9, abs=0.01)
    assert lost.loc[("K1", "R2")] == pytest.approx(100 * 3 / 9, abs=0.01)
    assert lost.xs("K1").sum() == pytest.approx(100 - 44.4, abs=0.1)
    assert cards["staff_rules"].set_index(["staff_id", "rule_id"]).loc[("K1", "R1"), "compliance_rate"] == pytest.approx(2 / 3, abs=1e-4)
    # the site counts the finding without a person too: earned 4 of 11
    assert cards["site"].set_index("site_id").loc["S1", "score"] == pytest.approx(36.4)
    assert cards["team"].set_index("team").loc["T1", "checks"] == 6


def test_policy_is_data():
    found = findings([("R1", "major", "K1", "S1", "pass"), ("R1", "major", "K1", "S1", "pending")])
    policy = ScoringPolicy(status_values={"pass": 1, "fail": 0, "pending": 0.5, "exempt": None, "not_evaluated": None})
    cards = build_scorecards(found, {"R1": 1.0}, policy, STAFF, None, Period.parse("2026-10"))
    assert cards["staff"].set_index("staff_id").loc["K1", "score"] == 75.0
