"""Kinds are found by themselves: adding a kind is adding one module; every note a kind emits is declared."""

import textwrap

import pytest

import checker.kinds as kinds
from checker.evaluate import evaluate_pack
from checker.kinds import REGISTRY, discover, rule_adapter
from checker.messages import rule_texts, word_findings
from checker.rulepack import LoadedRule, RulePack
from checker.scoring import ScoringPolicy
from tests.conftest import BASE, context, typed

TOY = '''
"""`toy`: a record passes when its category is minor (a kind written for a test)."""
from typing import Literal
import pandas as pd
from checker.kinds.base import Outcome, RuleBase, outcome_status, status_from

OUTCOMES = {"toy_ok": Outcome("pass", "{r}:玩具合格", "{r}: toy pass"),
            "toy_bad": Outcome("fail", "{r}:玩具不合格 {m}", "{r}: toy fail {m}")}


class ToyRule(RuleBase):
    kind: Literal["toy"]

    def requires(self, w) -> str:
        return w.pick("类别为小修", "category is minor")


def evaluate(rule, data, ctx):
    frame = data[rule.dataset]
    note = status_from([(frame["category"] == "minor", "toy_ok")], frame.index, "{bad}")
    return pd.DataFrame({"subject_type": "record", "subject_id": frame["order_id"], "staff_id": frame["received_by"],
                         "site_id": frame["site_id"], "record_id": frame["order_id"], "period_start": frame["reported_at"],
                         "period_end": frame["reported_at"], "status": outcome_status(note, OUTCOMES), "measured": 1.0,
                         "threshold": 0.0, "unit": "count", "note": note, "evidence": frame["order_id"]})
'''


def test_every_kind_model_is_frozen_and_forbids_extra_fields():
    for entry in REGISTRY.values():
        assert entry.model.model_config["frozen"] is True
        assert entry.model.model_config["extra"] == "forbid"
        assert entry.evaluate.__module__ == entry.model.__module__, "a kind's model and evaluator live in one module"


def test_every_outcome_has_a_status_and_both_languages():
    for kind in REGISTRY.values():
        for note, outcome in kind.outcomes.items():
            assert outcome.status in ("pass", "fail", "pending", "exempt", "not_evaluated"), (kind.name, note)
            assert outcome.zh.startswith("{r}") and outcome.en.startswith("{r}"), (kind.name, note)


@pytest.fixture()
def toy_kind(tmp_path, request):
    def add(bad_note: str):
        (tmp_path / "toy.py").write_text(textwrap.dedent(TOY).replace("{bad}", bad_note), encoding="utf-8")
        kinds.__path__.append(str(tmp_path))
        discover()
        return RulePack(tmp_path, "toy", "1", [LoadedRule(rule_adapter().validate_python(
            {"id": "TOY-01", **BASE, "kind": "toy", "dataset": "work_orders"}), None)], ScoringPolicy())

    yield add
    kinds.__path__.remove(str(tmp_path))
    import sys

    sys.modules.pop("checker.kinds.toy", None)
    discover()
    assert "toy" not in REGISTRY


def orders():
    return typed("work_orders", [{"order_id": o, "site_id": "S1", "category": c, "facility": "other", "reported_at": "2026-10-10 09:00:00",
                                  "received_by": "Q1"} for o, c in (("W1", "minor"), ("W2", "medium"))])


def test_a_kind_is_one_module(toy_kind):
    pack = toy_kind("toy_bad")
    found = evaluate_pack(pack, {"work_orders": orders()}, context())
    found = found.assign(message=word_findings(found, rule_texts(r.rule for r in pack.rules), "en")).set_index("record_id")
    assert found.loc["W1", ["kind", "status", "note", "message"]].tolist() == ["toy", "pass", "toy_ok", "test: toy pass"]
    assert found.loc["W2", ["status", "note", "message"]].tolist() == ["fail", "toy_bad", "test: toy fail 1"]


def test_a_note_without_a_declared_outcome_fails_loudly(toy_kind):
    pack = toy_kind("toy_forgotten")
    with pytest.raises(KeyError, match="toy_forgotten"):
        evaluate_pack(pack, {"work_orders": orders()}, context())
