"""The union of rule models and the registry of evaluators list the same kinds."""

import typing

from checker.kinds import REGISTRY, AnyRule


def test_union_and_registry_name_the_same_kinds():
    union_kinds = {typing.get_args(model.model_fields["kind"].annotation)[0]: model for model in typing.get_args(AnyRule)}
    assert set(union_kinds) == set(REGISTRY)
    for kind, entry in REGISTRY.items():
        assert entry.model is union_kinds[kind]
        assert entry.evaluate.__module__ == entry.model.__module__, "a kind's model and evaluator live in one module"


def test_every_kind_model_is_frozen_and_forbids_extra_fields():
    for entry in REGISTRY.values():
        assert entry.model.model_config["frozen"] is True
        assert entry.model.model_config["extra"] == "forbid"
