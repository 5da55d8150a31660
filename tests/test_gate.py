"""The data gate: every quarantine reason, every row accounted for, missing datasets."""

from pathlib import Path

import pytest

from checker.gate import gate_export
from tests.conftest import CONTRACTS

SITES = "项目编号,项目名称\nS001,翠湖花园\n"
AREAS = "地段编号,项目编号,责任人工号\nA1,S001,K1\nA2,S002,K2\n"
ORDERS = """工单号,项目编号,维修类别,维修项目类型,报修时间,受理人工号,派单时间,完工时间
GD1,S001,小修,其他,2026-10-10 09:00,Q1,2026-10-10 09:03,2026-10-10 12:00
GD2,S001,大修,其他,2026-10-10 09:00,Q1,,
GD3,S001,小修,其他,2026-10-10 09:00,,,
GD4,S001,小修,其他,昨天,Q1,,
GD5,S001,小修,其他,2026-10-10 09:00,Q1,2026-10-10 08:00,
GD5,S001,小修,其他,2026-10-10 09:00,Q1,,
GD6,S009,小修,其他,2026-10-10 09:00,Q1,,2026-10-09 09:00
"""


def export(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_each_reason_is_given_with_the_source_row(tmp_path):
    result = gate_export(export(tmp_path, {"sites": SITES, "work_orders": ORDERS}), CONTRACTS, {})
    reasons = dict(zip(result.quarantine["work_orders"]["source_row"], result.quarantine["work_orders"]["reasons"]))
    assert reasons == {
        3: "category: '大修' is not one of emergency, minor, medium",
        4: "received_by: required value is empty",
        5: "reported_at: cannot read '昨天' as timestamp",
        6: "order_id: key 'GD5' appears more than once; dispatched_at is before reported_at",
        7: "order_id: key 'GD5' appears more than once",
        8: "completed_at is before reported_at; site_id: 'S009' is not in sites",
    }
    assert result.accepted["work_orders"]["order_id"].tolist() == ["GD1"]


def test_every_row_is_accepted_or_quarantined(tmp_path):
    result = gate_export(export(tmp_path, {"sites": SITES, "work_orders": ORDERS, "areas": AREAS}), CONTRACTS, {})
    for name, quality in result.quality.items():
        assert quality.rows_read == quality.rows_accepted + quality.rows_quarantined, name
        assert quality.rows_quarantined == len(result.quarantine.get(name, []))
    assert result.quality["areas"].rows_quarantined == 1  # A2 names an unknown site


def test_quarantine_keeps_the_raw_values(tmp_path):
    result = gate_export(export(tmp_path, {"sites": SITES, "work_orders": ORDERS}), CONTRACTS, {})
    row = result.quarantine["work_orders"].set_index("source_row").loc[5]
    assert row["reported_at"] == "昨天" and row["order_id"] == "GD4"


def test_expectation_results_are_recorded(tmp_path):
    result = gate_export(export(tmp_path, {"sites": SITES, "work_orders": ORDERS}), CONTRACTS, {})
    by_name = {e["expectation"]: e for e in result.quality["work_orders"].expectations}
    assert by_name["order_id is unique"]["unexpected_count"] == 2
    assert by_name["category in {emergency, minor, medium}"]["success"] is False
    assert by_name["reported_at ≤ dispatched_at"]["unexpected_count"] == 1
    assert by_name["site_id is filled"]["success"] is True


def test_missing_datasets_are_listed_not_fatal(tmp_path):
    result = gate_export(export(tmp_path, {"sites": SITES}), CONTRACTS, {})
    assert set(result.missing) == set(CONTRACTS) - {"sites"}
    assert result.missing["complaints"] == "not_in_export"  # a code; the reports word it in their language


def test_a_file_named_by_its_chinese_title_is_found(tmp_path):
    (tmp_path / "项目.csv").write_text(SITES, encoding="gb18030")
    result = gate_export(tmp_path, CONTRACTS, {})
    assert result.accepted["sites"]["site_name"].tolist() == ["翠湖花园"]


def test_two_files_for_one_dataset_is_an_error(tmp_path):
    from checker.errors import UnreadableFileError

    (tmp_path / "sites.csv").write_text(SITES, encoding="utf-8")
    (tmp_path / "项目.csv").write_text(SITES, encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="several files"):
        gate_export(tmp_path, CONTRACTS, {})


ARREARS = """房号,项目编号,收费月,欠费金额,欠费编号
U1,S001,2026-06,100,
U1,S001,2026-06,80,
U1,S001,2026-07,100,
U2,S001,2026-06,50,A9
U2,S001,2026-06,50,
"""


def test_a_repeated_unit_and_month_is_quarantined_even_without_an_arrears_id(tmp_path):
    units = "房号,项目编号,房屋状态\nU1,S001,已入住\nU2,S001,空置\n"
    result = gate_export(export(tmp_path, {"sites": SITES, "units": units, "arrears": ARREARS}), CONTRACTS, {})
    reasons = dict(zip(result.quarantine["arrears"]["source_row"], result.quarantine["arrears"]["reasons"]))
    assert reasons == {n: f"unit_id+billing_month: '{pair}' appears more than once"
                       for n, pair in [(2, "U1|2026-06"), (3, "U1|2026-06"), (5, "U2|2026-06"), (6, "U2|2026-06")]}
    assert result.accepted["arrears"]["billing_month"].tolist() == ["2026-07"]
