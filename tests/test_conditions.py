"""The condition language: operators, empty cells, column references, combinators."""

import pandas as pd
import pytest

from checker.conditions import Condition

FRAME = pd.DataFrame({
    "category": pd.Series(["minor", "medium", None], dtype="string"),
    "valid": pd.Series([True, False, None], dtype="boolean"),
    "a": pd.to_datetime(["2026-10-10 07:45:00", "2026-10-10 07:45:01", None]),
    "b": pd.to_datetime(["2026-10-10 08:00:00"] * 3),
    "n": pd.Series([1, 3, None], dtype="Int64"),
})


@pytest.mark.parametrize("spec, expected", [
    ({"category": "minor"}, [True, False, False]),
    ({"category": {"in": ["minor", "medium"]}}, [True, True, False]),
    ({"category": {"not_in": ["minor"]}}, [False, True, True]),        # empty passes not_in
    ({"valid": {"ne": False}}, [True, False, True]),                   # empty is "not false"
    ({"valid": True}, [True, False, False]),
    ({"category": {"empty": True}}, [False, False, True]),
    ({"n": {"ge": 3}}, [False, True, False]),
    ({"a": {"le": {"column": "b", "before": "15min"}}}, [True, False, False]),
    ({"a": {"lt": "2026-10-10 07:45:01"}}, [True, False, False]),
    ({"any": [{"category": "minor"}, {"n": 3}]}, [True, True, False]),
    ({"not": {"category": "minor"}}, [False, True, True]),
    ({"all": [{"valid": {"ne": False}}, {"category": {"empty": False}}]}, [True, False, False]),
    ({}, [True, True, True]),
])
def test_masks(spec, expected):
    assert Condition.model_validate(spec).mask(FRAME).tolist() == expected


def test_columns_include_references_and_children():
    spec = {"a": {"le": {"column": "b"}}, "any": [{"n": 1}, {"not": {"category": "x"}}]}
    assert Condition.model_validate(spec).columns() == {"a", "b", "n", "category"}


def test_describe_reads_like_the_rule():
    text = Condition.model_validate({"a": {"le": {"column": "b", "before": "15min"}}, "valid": {"ne": False}}).describe()
    assert text == "a at most 15 minutes before b and valid is not no"


def test_unknown_operator_is_rejected():
    with pytest.raises(Exception, match="Extra inputs are not permitted"):
        Condition.model_validate({"a": {"before": 3}})
