"""The rule kinds: every module of this package but `base` is one kind — a frozen rule model, its OUTCOMES, and a
pure, vectorised `evaluate` — found here by itself, so that adding a kind is adding one module."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Annotated, Any, NamedTuple, Union

import pandas as pd
from pydantic import Field, TypeAdapter

from checker.kinds.base import RULE_OUTCOMES, Context, Outcomes, RuleBase


class Kind(NamedTuple):
    name: str
    model: type[RuleBase]
    evaluate: Callable[[Any, Mapping[str, pd.DataFrame], Context], pd.DataFrame]
    outcomes: Outcomes  # the kind's own notes, and the ones every rule may have


def kind_of(module: ModuleType) -> Kind:
    """The kind a module defines: its one RuleBase subclass (whose `kind` field names it), OUTCOMES and evaluate."""
    models = [v for v in vars(module).values()
              if isinstance(v, type) and issubclass(v, RuleBase) and v.__module__ == module.__name__ and "kind" in v.model_fields]
    if len(models) != 1 or not hasattr(module, "OUTCOMES") or not callable(getattr(module, "evaluate", None)):
        raise TypeError(f"kind module {module.__name__} needs exactly one rule model with a 'kind' field, OUTCOMES and evaluate()")
    model = models[0]
    name = typing.get_args(model.model_fields["kind"].annotation)[0]
    return Kind(name, model, module.evaluate, {**RULE_OUTCOMES, **module.OUTCOMES})


def discover() -> dict[str, Kind]:
    """Import every kind module of this package (its path may be extended) and register its kind."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name != "base":
            kind = kind_of(importlib.import_module(f"{__name__}.{info.name}"))
            found[kind.name] = kind
    REGISTRY.clear()
    REGISTRY.update(found)
    _adapters.clear()
    return REGISTRY


def rule_adapter() -> TypeAdapter[Any]:
    """Validates any rule: the union of every registered kind's model, discriminated on `kind`."""
    key = tuple(REGISTRY)
    if key not in _adapters:
        union = Union[tuple(k.model for k in REGISTRY.values())]  # type: ignore[valid-type]  # noqa: UP007 - built at run time
        _adapters[key] = TypeAdapter(Annotated[union, Field(discriminator="kind")])  # type: ignore[arg-type]
    return _adapters[key]


REGISTRY: dict[str, Kind] = {}
_adapters: dict[tuple[str, ...], TypeAdapter[Any]] = {}
discover()

AnyRule = RuleBase  # statically every rule is a RuleBase; each kind's module types its own model
Rule = Annotated[Union[tuple(k.model for k in REGISTRY.values())], Field(discriminator="kind")]  # type: ignore[valid-type]  # noqa: UP007
