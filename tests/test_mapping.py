"""The header mapping file: UTF-8 or GBK, located errors for unknown datasets and columns, no YAML aliases."""

import pytest

from checker.errors import DefinitionError, UsageError
from checker.loading import read_mapping
from tests.conftest import CONTRACTS

MAPPING = "work_orders:\n  单据编号: order_id\n  来电时间: reported_at\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_mapping_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "mapping.yaml"
    path.write_bytes(MAPPING.encode(encoding))
    assert read_mapping(path, CONTRACTS) == {"work_orders": {"单据编号": "order_id", "来电时间": "reported_at"}}


def test_unknown_dataset_and_column_are_located_with_a_hint(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("work_orders:\n  单据编号: order_idd\n  来电时间: reported_at\nwork_order:\n  x: order_id\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        read_mapping(path, CONTRACTS)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: dataset work_orders has no column 'order_idd' (did you mean 'order_id'?)",
        f"{path}:4: unknown dataset 'work_order' (did you mean 'work_orders'?)",
    ]


@pytest.mark.parametrize("text, says", [
    ("a: &a [x, x]\nwork_orders: {单据编号: *a}\n", "aliases"),
    ("work_orders:\n  单据编号: order_id\n  单据编号: reported_at\n", "given twice"),
])
def test_aliases_and_duplicate_keys_are_refused(tmp_path, text, says):
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match=says):
        read_mapping(path, CONTRACTS)


@pytest.mark.parametrize("content", [b"\xff\xfe\x00\x81\x30\x81", b"- just\n- a list\n", b"work_orders: 5\n"])
def test_unusable_mapping_files_are_usage_errors(tmp_path, content):
    path = tmp_path / "mapping.yaml"
    path.write_bytes(content)
    with pytest.raises(UsageError):
        read_mapping(path, CONTRACTS)


def test_a_missing_mapping_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        read_mapping(tmp_path / "nope.yaml", CONTRACTS)
