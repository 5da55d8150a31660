"""Contracts: every problem located; a dataset defined twice, extent columns that are not times."""

import shutil

import pytest

from checker.contracts import default_contracts_dir, load_contracts
from checker.errors import DefinitionError


def copy(tmp_path):
    folder = tmp_path / "datasets"
    shutil.copytree(default_contracts_dir(), folder, ignore=shutil.ignore_patterns("sample"))
    return folder


def test_a_dataset_defined_twice_is_reported_with_both_places(tmp_path):
    folder = copy(tmp_path)
    text = (folder / "areas.yaml").read_text(encoding="utf-8")
    (folder / "zz_areas_again.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_contracts(folder)
    assert [str(p) for p in caught.value.problems] == [f"{folder}/zz_areas_again.yaml:1: dataset areas is also defined in {folder}/areas.yaml:1"]


def test_extent_columns_must_be_declared_times(tmp_path):
    folder = copy(tmp_path)
    path = folder / "work_orders.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("extent: [reported_at]", "extent: [received_by, reported_att]"), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_contracts(folder)
    assert "reported_att" in str(caught.value) and "work_orders.yaml" in str(caught.value)
    path.write_text(path.read_text(encoding="utf-8").replace("extent: [received_by, reported_att]", "extent: [received_by]"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="extent columns must be dates or timestamps, not \\['received_by'\\]"):
        load_contracts(folder)
