"""The gate's reasons and check names worded in zh and en with the contracts' labels (expected texts written by hand)."""

import pandas as pd
import pytest

from checker.gatewords import contract_labels, word_check, word_reasons, word_skipped

REASONS = pd.Series([
    "category: '大修' is not one of emergency, minor, medium",
    "received_by: required value is empty",
    "reported_at: cannot read '昨天' as timestamp",
    "order_id: key 'GD5' appears more than once; dispatched_at is before reported_at",
    "completed_at is before reported_at; site_id: 'S009' is not in sites",
    "notes: a control character (such as NUL) in the cell",
], index=[3, 4, 5, 6, 8, 9])


@pytest.fixture(scope="module")
def labels(contracts):
    return contract_labels(contracts)


def test_reasons_in_chinese(labels):
    assert word_reasons(REASONS, labels, "zh", "work_orders").tolist() == [
        "维修类别:“大修”不是急修、小修、中修之一",
        "受理人工号:必填项为空",
        "报修时间:无法把“昨天”读作时间",
        "工单号:编号“GD5”重复出现;派单时间早于报修时间",
        "完工时间早于报修时间;项目编号:“S009”不在项目中",
        "notes:单元格中有控制字符(如 NUL)",  # a column the contract does not name keeps its own name
    ]


def test_reasons_in_english(labels):
    assert word_reasons(REASONS, labels, "en", "work_orders").tolist() == [
        "category: '大修' is not one of emergency, minor, medium",
        "received by: required value is empty",
        "reported at: cannot read '昨天' as a date and time",
        "order id: key 'GD5' appears more than once; dispatched at is before reported at",
        "completed at is before reported at; site id: 'S009' is not in Sites",
        "notes: a control character (such as NUL) in the cell",
    ]


def test_a_typed_value_that_looks_like_a_reason_stays_as_typed(labels):
    tricky = pd.Series(["category: 'x; received_by: required value is empty' is not one of emergency, minor, medium"])
    assert word_reasons(tricky, labels, "zh", "work_orders").tolist() == [
        "维修类别:“x; received_by: required value is empty”不是急修、小修、中修之一"]


def test_check_names(labels):
    assert word_check({"expectation": "received_by is filled"}, labels, "zh", "work_orders") == "受理人工号必须填写"
    assert word_check({"expectation": "category in {emergency, minor, medium}"}, labels, "zh", "work_orders") == "维修类别为急修、小修、中修之一"
    assert word_check({"expectation": "reported_at ≤ dispatched_at"}, labels, "en", "work_orders") == "reported at is not after dispatched at"
    assert word_check({"expectation": "site_id → sites.site_id"}, labels, "zh", "work_orders") == "项目编号须在项目中"
    assert word_skipped("units is not in the export", labels, "zh") == "导出中没有房屋"


@pytest.mark.parametrize(("lang", "reason", "check"), [
    ("zh", "房号+收费月:“U1|2026-06”重复出现", "房号+收费月不重复"),
    ("en", "unit id+billing month: 'U1|2026-06' appears more than once", "unit id + billing month is unique"),
])
def test_a_repeated_group_of_columns_is_worded_with_each_label(labels, lang, reason, check):
    text = pd.Series(["unit_id+billing_month: 'U1|2026-06' appears more than once"])
    assert word_reasons(text, labels, lang, "arrears").tolist() == [reason]
    assert word_check({"expectation": "unit_id+billing_month is unique"}, labels, lang, "arrears") == check

