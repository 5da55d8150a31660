"""Requirements and conditions read as sentences in zh and en, with the contracts' labels (expected texts written by hand)."""

import pytest

from checker.api import load_definitions
from checker.conditions import Condition
from checker.wording import Words


@pytest.fixture(scope="module")
def definitions():
    return load_definitions()


def words(definitions, lang, dataset):
    return Words(lang, definitions[0], dataset)


def test_a_time_condition_reads_as_words(definitions):
    condition = Condition.model_validate({"incoming_arrived_at": {"le": {"column": "shift_start", "before": "15min"}}})
    assert condition.describe(words(definitions, "zh", "handovers")) == "接班人到岗时间不晚于接班时间前 15 分钟"
    assert condition.describe(words(definitions, "en", "handovers")) == "incoming arrived at no later than 15 minutes before shift start"


def test_booleans_enums_and_combinations(definitions):
    signed = Condition.model_validate({"outgoing_signed": True})
    assert signed.describe(words(definitions, "zh", "handovers")) == "交班人签名为是"
    assert signed.describe(words(definitions, "en", "handovers")) == "outgoing signed is yes"
    either = Condition.model_validate({"any": [{"channel": {"in": ["phone", "online"]}}, {"valid": {"empty": True}}]})
    assert either.describe(words(definitions, "zh", "complaints")) == "(受理渠道为电话或线上,或有效投诉为空)"
    assert either.describe(words(definitions, "en", "complaints")) == "(channel is phone or online or valid is empty)"


@pytest.mark.parametrize(("rule_id", "zh", "en"), [
    ("HND-01-outgoing", "交班人签名为是", "outgoing signed is yes"),
    ("REP-01", "派单时间不晚于报修时间后 5 分钟", "dispatched at no later than 5 minutes after reported at"),
    ("VIS-06", "最早的回访时间不晚于完工时间后 2 天", "earliest visited at (Visits and callbacks) no later than 2 days after completed at"),
    ("CMP-03-report", "上报负责人时间不晚于受理时间当天结束", "reported to head at by the end of the day of received at"),
    ("SHF-01", "每个员工每月至多 2 次", "at most 2 times for each person per month"),
])
def test_rule_requirements(definitions, rule_id, zh, en):
    contracts, pack = definitions
    rule = pack.get(rule_id).rule
    assert rule.requirement(Words("zh", contracts)) == zh
    assert rule.requirement(Words("en", contracts)) == en


def test_no_requirement_shows_code(definitions):
    """Every rule of the pack: no snake_case column name and no bare operator in either language."""
    contracts, pack = definitions
    for loaded in pack.rules:
        for lang in ("zh", "en"):
            text = loaded.rule.requirement(Words(lang, contracts))
            assert "_" not in text and not any(op in text for op in ("≤", "≥", "≠", " = ")), (loaded.rule.id, text)
