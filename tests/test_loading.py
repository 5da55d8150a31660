"""Reading exports: encodings, formats, Chinese headers, mapping files, typed values, clear errors."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import MissingColumnError, UnreadableFileError
from checker.loading import detect_encoding, load_dataset
from tests.conftest import CONTRACTS

ZH = "工单号,项目编号,维修类别,维修项目类型,报修时间,受理人工号,维修合格\nGD1,S001,小修,其他,2026-10-10 09:00,Q01,是\nGD2,S001,急修,渗漏水,2026-10-10 09:30:15,Q02,否\n"


def write(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_each_encoding_is_detected_and_read(tmp_path, encoding, expected):
    path = write(tmp_path, "work_orders.csv", ZH, encoding)
    assert detect_encoding(path) == expected
    loaded = load_dataset(path, CONTRACTS["work_orders"], {})
    assert loaded.frame["order_id"].tolist() == ["GD1", "GD2"]
    assert loaded.frame["category"].tolist() == ["minor", "emergency"]      # Chinese labels -> canonical values
    assert loaded.frame["facility"].tolist() == ["other", "leak"]
    assert loaded.frame["qc_passed"].tolist() == [True, False]
    assert loaded.frame["reported_at"].tolist() == [pd.Timestamp("2026-10-10 09:00"), pd.Timestamp("2026-10-10 09:30:15")]
    assert loaded.frame.index.tolist() == [2, 3]  # spreadsheet row numbers: the header is row 1
    assert loaded.parse_failures == {}


def test_english_headers_xlsx_and_parquet_give_the_same_frame(tmp_path):
    csv = load_dataset(write(tmp_path, "work_orders.csv", ZH, "utf-8"), CONTRACTS["work_orders"], {}).frame
    english = csv.copy()
    english["category"] = ["minor", "emergency"]
    text = english.astype("object").where(english.notna(), "")
    text["reported_at"] = ["2026-10-10 09:00:00", "2026-10-10 09:30:15"]
    text["qc_passed"] = ["yes", "no"]
    xlsx_path = tmp_path / "work_orders.xlsx"
    frame_for_excel = text.copy()
    frame_for_excel["reported_at"] = pd.to_datetime(frame_for_excel["reported_at"])  # real Excel date cells
    frame_for_excel.to_excel(xlsx_path, index=False)
    parquet_path = tmp_path / "parquet" / "work_orders.parquet"
    parquet_path.parent.mkdir()
    text.to_parquet(parquet_path, index=False)
    from_xlsx = load_dataset(xlsx_path, CONTRACTS["work_orders"], {}).frame
    from_parquet = load_dataset(parquet_path, CONTRACTS["work_orders"], {}).frame
    pd.testing.assert_frame_equal(from_xlsx, csv)
    pd.testing.assert_frame_equal(from_parquet.reset_index(drop=True), csv.reset_index(drop=True))


def test_mapping_file_renames_a_systems_own_headers(tmp_path):
    text = ZH.replace("工单号", "单据编号").replace("报修时间", "来电时间")
    loaded = load_dataset(write(tmp_path, "work_orders.csv", text, "utf-8"), CONTRACTS["work_orders"], {"单据编号": "order_id", "来电时间": "reported_at"})
    assert loaded.frame["order_id"].tolist() == ["GD1", "GD2"]


def test_missing_required_column_names_file_and_column(tmp_path):
    path = write(tmp_path, "work_orders.csv", ZH.replace("受理人工号,", "").replace(",Q01", "").replace(",Q02", ""), "utf-8")
    with pytest.raises(MissingColumnError, match=r"work_orders.csv: required column missing: received_by \(受理人工号\)"):
        load_dataset(path, CONTRACTS["work_orders"], {})


def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "work_orders.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(UnreadableFileError, match="work_orders.xlsx: cannot read"):
        load_dataset(path, CONTRACTS["work_orders"], {})


def test_unparseable_cells_are_reported_per_row(tmp_path):
    text = ZH + "GD3,S001,小修,其他,2026/13/45,Q01,也许\n"
    loaded = load_dataset(write(tmp_path, "work_orders.csv", text, "utf-8"), CONTRACTS["work_orders"], {})
    assert loaded.parse_failures["reported_at"].to_dict() == {4: "reported_at: cannot read '2026/13/45' as timestamp"}
    assert loaded.parse_failures["qc_passed"].to_dict() == {4: "qc_passed: cannot read '也许' as bool"}


stamp = st.datetimes(min_value=pd.Timestamp("2000-01-01").to_pydatetime(), max_value=pd.Timestamp("2099-12-31").to_pydatetime()).map(lambda d: d.replace(microsecond=0))
cell = st.text(alphabet=st.characters(codec="gb18030", exclude_characters=",\"\r\n", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cell, stamp, st.sampled_from(["小修", "中修", "急修"]), st.booleans()), min_size=1, max_size=20),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_round_trip_of_any_values_in_any_encoding(tmp_path, rows, encoding):
    lines = ["工单号,项目编号,维修类别,维修项目类型,报修时间,受理人工号,维修合格"]
    lines += [f"{c},S1,{cat},其他,{t:%Y-%m-%d %H:%M:%S},Q1,{'是' if ok else '否'}" for c, t, cat, ok in rows]
    path = write(tmp_path, "work_orders.csv", "\n".join(lines) + "\n", encoding)
    loaded = load_dataset(path, CONTRACTS["work_orders"], {})
    assert loaded.frame["order_id"].tolist() == [c.strip() for c, *_ in rows]
    assert loaded.frame["reported_at"].tolist() == [pd.Timestamp(t) for _, t, *_ in rows]
    assert loaded.frame["qc_passed"].tolist() == [ok for *_, ok in rows]
    assert loaded.parse_failures == {}


def test_timezone_aware_parquet_times_become_site_local(tmp_path):
    """An aware time is read as wall-clock time of the configured zone (Asia/Shanghai by default)."""
    frame = pd.DataFrame({"order_id": ["W1"], "site_id": ["S1"], "category": ["minor"], "facility": ["other"], "received_by": ["Q1"],
                          "reported_at": pd.to_datetime(["2026-10-10 01:00:00"]).tz_localize("UTC")})
    frame.to_parquet(tmp_path / "work_orders.parquet", index=False)
    loaded = load_dataset(tmp_path / "work_orders.parquet", CONTRACTS["work_orders"], {})
    assert loaded.frame["reported_at"].tolist() == [pd.Timestamp("2026-10-10 09:00:00")]
    other = load_dataset(tmp_path / "work_orders.parquet", CONTRACTS["work_orders"], {}, "Asia/Urumqi")
    assert other.frame["reported_at"].tolist() == [pd.Timestamp("2026-10-10 07:00:00")]


def test_a_ragged_row_is_named_by_its_row_number(tmp_path):
    path = write(tmp_path, "work_orders.csv", ZH + "GD3,S001,小修,其他,2026-10-10 09:00,Q01,是,多余\n", "utf-8")
    with pytest.raises(UnreadableFileError, match=r"work_orders.csv: cannot read: row 4 has 8 cells, the header has 7"):
        load_dataset(path, CONTRACTS["work_orders"], {})


def test_gbk_text_after_the_sampled_head_is_still_read(tmp_path):
    head = b"order_id,site_id,category,facility,reported_at,received_by\n"  # ASCII, so the sampled first MiB looks like UTF-8
    ascii_rows = "".join(f"GD{i},S1,minor,other,2026-10-10 09:00:00,Q1\n" for i in range(40000)).encode("ascii")
    path = tmp_path / "work_orders.csv"
    assert len(head + ascii_rows) > 1 << 20
    path.write_bytes(head + ascii_rows + "GDX,S1,小修,其他,2026-10-10 09:00:00,Q1\n".encode("gb18030"))
    loaded = load_dataset(path, CONTRACTS["work_orders"], {})
    assert loaded.encoding == "gb18030" and len(loaded.frame) == 40001
    assert loaded.frame["category"].iloc[-1] == "minor" and loaded.frame["order_id"].iloc[-1] == "GDX"
