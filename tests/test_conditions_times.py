"""Conditions: a column reference scaled by `times` (COM-02's "more than half of the committee")."""

import pandas as pd
import pytest

from checker.conditions import Condition

FRAME = pd.DataFrame({"members": pd.array([4, 3, 4, 5], dtype="Int64"), "size": pd.array([7, 6, 6, None], dtype="Int64"),
                      "name": pd.array(["a", "b", "c", "d"], dtype="string"),
                      "at": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"])})


@pytest.mark.parametrize("test, expected", [
    ({"members": {"gt": {"column": "size", "times": 0.5}}}, [True, False, True, False]),   # 4 > 3.5, 3 > 3, 4 > 3, unknown size
    ({"members": {"ge": {"column": "size", "times": 0.5}}}, [True, True, True, False]),
    ({"members": {"gt": {"column": "size"}}}, [False, False, False, False]),                # without times: unchanged
    ({"members": {"gt": {"column": "name", "times": 0.5}}}, [False] * 4),                    # text does not scale: never matches
    ({"at": {"le": {"column": "at", "times": 2}}}, [False] * 4),                             # nor do times
])
def test_times_scales_a_number_column(test, expected):
    assert Condition.model_validate(test).mask(FRAME).tolist() == expected


def test_times_is_described():
    assert Condition.model_validate({"members": {"gt": {"column": "size", "times": 0.5}}}).describe() == "members more than 0.5 × size"
    assert Condition.model_validate({"members": {"gt": {"column": "size"}}}).describe() == "members more than size"
