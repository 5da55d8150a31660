"""Hostile and careless exports: every row accounted for, a clear error naming file, row and column, never a hang."""

import os
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from checker.errors import DataError, UnreadableFileError
from checker.gate import gate_export
from checker.loading import load_dataset
from tests.conftest import CONTRACTS

SAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "sample"
HEADER = "工单号,项目编号,维修类别,维修项目类型,报修时间,受理人工号,备注"


def orders(tmp_path, *rows, name="work_orders.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding))
    return path


def load(path):
    return load_dataset(path, CONTRACTS["work_orders"], {})


def test_one_aware_timestamp_among_naive_ones_is_read_as_site_wall_clock(tmp_path):
    loaded = load(orders(tmp_path, "W1,S1,小修,其他,2026-10-02 09:00:00,Q1,", "W2,S1,小修,其他,2026-10-02T01:00:00Z,Q1,",
                         "W3,S1,小修,其他,2026-10-02 09:30+08:00,Q1,", "W4,S1,小修,其他,2026-10-02 09:00:00-05:00,Q1,"))
    assert loaded.frame["reported_at"].tolist() == [pd.Timestamp("2026-10-02 09:00"), pd.Timestamp("2026-10-02 09:00"),
                                                    pd.Timestamp("2026-10-02 09:30"), pd.Timestamp("2026-10-02 22:00")]
    assert not loaded.parse_failures


def test_a_time_only_cell_in_a_workbook_quarantines_its_row(tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["W1", "S1", "小修", "其他", dt.datetime(2026, 10, 2, 9, 0), "Q1", ""])
    sheet.append(["W2", "S1", "小修", "其他", dt.time(14, 30), "Q1", ""])
    book.save(tmp_path / "work_orders.xlsx")
    loaded = load(tmp_path / "work_orders.xlsx")
    assert loaded.frame.loc[2, "reported_at"] == pd.Timestamp("2026-10-02 09:00")
    assert loaded.parse_failures["reported_at"].to_dict() == {3: "reported_at: cannot read '14:30:00' as timestamp"}


def test_full_width_codes_are_read_as_ascii_but_free_text_is_kept(tmp_path):
    loaded = load(orders(tmp_path, "Ｗ１,Ｓ００１,小修,其他,2026-10-02 09:00:00,Ｓ００１－Ｑ０１,全角　备注Ａ"))
    assert loaded.frame.loc[2, ["order_id", "site_id", "received_by"]].tolist() == ["W1", "S001", "S001-Q01"]
    assert loaded.frame.loc[2, "agreed_reason"] == "全角　备注Ａ"


def test_a_person_missing_from_the_staff_roster_is_quarantined(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(SAMPLE, export)
    frame = pd.read_csv(export / "work_orders.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.loc[0, "受理人工号"] = "NOBODY"
    frame.to_csv(export / "work_orders.csv", index=False, encoding="utf-8-sig")
    gate = gate_export(export, CONTRACTS, {})
    quarantined = gate.quarantine["work_orders"].set_index("source_row")
    assert quarantined.loc[2, "reasons"] == "received_by: 'NOBODY' is not in staff"
    quality = gate.quality["work_orders"]
    assert quality.rows_read == quality.rows_accepted + quality.rows_quarantined


@pytest.mark.parametrize("header", [HEADER + ",工单号", HEADER.replace("项目编号", "工单号")])
def test_a_repeated_header_is_refused_naming_both_columns(tmp_path, header):
    path = tmp_path / "work_orders.csv"
    cells = ["W1", "S1", "小修", "其他", "2026-10-02 09:00:00", "Q1", "", "W1"][: len(header.split(","))]
    path.write_text(header + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="the header '工单号' appears twice"):
        load(path)


@pytest.mark.parametrize("size", [400_000, 3_000_000])
def test_a_cell_of_megabytes_is_read(tmp_path, size):
    path = orders(tmp_path, "W1,S1,小修,其他,2026-10-02 09:00:00,Q1," + "备" * size, "W2,S1,小修,其他,2026-10-02 09:00:00,Q1,ok")
    loaded = load(path)
    assert loaded.frame["order_id"].tolist() == ["W1", "W2"] and len(loaded.frame.loc[2, "agreed_reason"]) == size


def test_a_ragged_row_is_named(tmp_path):
    path = orders(tmp_path, "W1,S1,小修,其他,2026-10-02 09:00:00,Q1,ok", "W2,S1,小修,其他,2026-10-02 09:00:00,Q1,ok,extra")
    with pytest.raises(UnreadableFileError, match="row 3 has 8 cells, the header has 7"):
        load(path)


def test_blank_lines_and_line_breaks_in_cells_keep_the_files_own_row_numbers(tmp_path):
    path = orders(tmp_path, "W1,S1,小修,其他,2026-10-02 09:00:00,Q1,", "", "W2,S1,小修,其他,yesterday,Q1,\"two\nlines\"", "",
                  "W3,S1,小修,其他,2026-10-02 09:00:00,Q1,", "W4,S1,小修,其他,tomorrow,Q1,")
    loaded = load(path)
    assert loaded.frame.index.tolist() == [2, 4, 7, 8]
    assert sorted(loaded.parse_failures["reported_at"].index) == [4, 8]


@pytest.mark.parametrize("make", ["fifo", "dev_zero", "folder", "broken_link"])
def test_only_regular_files_are_read(tmp_path, make):
    export = tmp_path / "export"
    shutil.copytree(SAMPLE, export)
    target = export / "patrols.csv"
    target.unlink()
    {"fifo": lambda: os.mkfifo(target), "dev_zero": lambda: target.symlink_to("/dev/zero"), "folder": target.mkdir,
     "broken_link": lambda: target.symlink_to(tmp_path / "gone.csv")}[make]()
    with pytest.raises(UnreadableFileError, match="patrols.csv: not a regular file"):
        gate_export(export, CONTRACTS, {})


def test_a_link_to_a_regular_file_is_read(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(SAMPLE, export)
    (tmp_path / "areas.csv").write_bytes((export / "areas.csv").read_bytes())
    (export / "areas.csv").unlink()
    (export / "areas.csv").symlink_to(tmp_path / "areas.csv")
    assert gate_export(export, CONTRACTS, {}).quality["areas"].rows_read > 0


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_file_with_another_separator_gets_a_hint(tmp_path, sep):
    path = orders(tmp_path, "W1,S1,小修,其他,2026-10-02 09:00:00,Q1,")
    path.write_text(path.read_text(encoding="utf-8").replace(",", sep), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(f"looks {sep!r}-separated")):
        load(path)


def test_control_characters_quarantine_the_row_and_never_reach_the_outputs(tmp_path):
    path = orders(tmp_path, "W1,S1,小修,其他,2026-10-02 09:00:00,Q1,abc\x00def", "W\x01 2,S1,小修,其他,2026-10-02 09:00:00,Q1,",
                  "W3,S1,小修,其他,2026-10-02 09:00:00,Q1,fine\ttab")
    loaded = load(path)
    reasons = {column: series.to_dict() for column, series in loaded.parse_failures.items()}
    assert reasons == {"agreed_reason (control character)": {2: "agreed_reason: a control character (such as NUL) in the cell"},
                       "order_id (control character)": {3: "order_id: a control character (such as NUL) in the cell"}}
    assert loaded.raw.loc[2, "agreed_reason"] == "abc\ufffddef" and loaded.raw.loc[4, "agreed_reason"] == "fine\ttab"
