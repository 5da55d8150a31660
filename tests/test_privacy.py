"""--mask hides owners' room numbers and typed free text everywhere; --mask-names shows staff by ID."""

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.findings import finding_keys
from checker.privacy import mask_findings, tokens

SAMPLE = Path(__file__).resolve().parent.parent / "datasets" / "sample"
PHONE, ROOM = "13800138000", "3-2-301"


def every_text(folder: Path) -> str:
    """All text of an output folder, the workbook's XML included."""
    texts = []
    for path in folder.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts += [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
        elif path.is_file() and path.suffix != ".parquet":
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    texts += [pd.read_parquet(p).astype(str).to_csv() for p in folder.rglob("*.parquet")]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("private") / "export"
    shutil.copytree(SAMPLE, folder)
    orders = pd.read_csv(folder / "work_orders.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    orders.loc[0, ["房号", "备注", "维修类别"]] = [ROOM, f"业主电话 {PHONE}", "大修"]  # an unknown category: quarantined
    orders.to_csv(folder / "work_orders.csv", index=False, encoding="utf-8-sig")
    return folder


def run(export, out, *flags):
    result = CliRunner().invoke(main, ["run", "--data", str(export), "--period", "2026-10", "--out", str(out), "--quiet", *flags])
    assert result.exit_code == 0, result.output
    return every_text(out)


def test_without_mask_the_quarantine_shows_what_was_typed(export, tmp_path):
    text = run(export, tmp_path / "plain")
    assert PHONE in text and ROOM in text and "陈雪东" in text


def test_with_mask_no_room_number_or_remark_is_left_anywhere(export, tmp_path):
    text = run(export, tmp_path / "masked", "--mask")
    assert PHONE not in text and ROOM not in text
    units = pd.read_csv(SAMPLE / "units.csv", dtype=str, encoding="utf-8-sig")["房号"]
    assert not [u for u in units if u in text]
    assert "[masked]" in text and "陈雪东" in text, "names stay unless --mask-names"


def test_mask_names_shows_staff_by_id(export, tmp_path):
    text = run(export, tmp_path / "nameless", "--mask-names")
    names = pd.read_csv(SAMPLE / "staff.csv", dtype=str, encoding="utf-8-sig")["姓名"]
    assert not [n for n in names if n in text]


def test_unit_subjects_evidence_and_keys_get_the_same_token():
    frame = pd.DataFrame({"rule_id": ["VIS-09", "VIS-09"], "subject_type": ["unit", "staff"], "subject_id": ["U1", "K1"],
                          "record_id": [None, None], "period_start": pd.to_datetime(["2026-10-05", "2026-10-05"]),
                          "evidence": ["V1;U1", "U2;V2"]}, index=[7, 9])
    frame["finding_key"] = finding_keys("VIS-09", frame)
    masked = mask_findings(frame, pd.Series(["U1", "U2", ""]), "salt")
    token = tokens(pd.Series(["U1", "U2"]), "salt")
    assert masked["subject_id"].tolist() == [token["U1"], "K1"]
    assert masked["evidence"].tolist() == [f"V1;{token['U1']}", f"{token['U2']};V2"]
    assert masked["finding_key"].tolist() == [f"VIS-09|unit:{token['U1']}|2026-10-05", "VIS-09|staff:K1|2026-10-05"]
    assert token["U1"] != token["U2"] and token == tokens(pd.Series(["U2", "U1"]), "salt")
