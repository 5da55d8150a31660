"""Loading a rule pack: rule files, profiles and the scoring policy, every problem reported at once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from checker import profiles
from checker.calendar import provisional
from checker.calendar.config import CalendarConfig
from checker.contracts import Contract
from checker.coverage import Catalog
from checker.errors import DefinitionError, Problem
from checker.kinds import REGISTRY, AnyRule, Rule
from checker.kinds.base import RuleBase
from checker.ruletypes import type_problems
from checker.scoring import ScoringPolicy
from checker.yamlsource import SourceDoc, problems_from, read_documents, suggest

RULE_ADAPTER: TypeAdapter[AnyRule] = TypeAdapter(Rule)  # type: ignore[arg-type]
_PARAM = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")
SPECIAL = {"pack.yaml", "scoring.yaml", "calendar.yaml", "catalog.yaml", "waivers.yaml"}


@dataclass
class LoadedRule:
    """A validated rule, the document it came from, and the profile overrides that target it."""

    rule: AnyRule
    doc: SourceDoc
    overrides: list[profiles.Override] = field(default_factory=list)
    _variants: dict[int, AnyRule] = field(default_factory=dict)

    def variant(self, key: int) -> AnyRule:
        """The rule with the overrides of bit mask `key` applied."""
        if key not in self._variants:
            raw = profiles.apply(self.doc.data, profiles.selected(key, self.overrides))
            self._variants[key] = RULE_ADAPTER.validate_python(substitute(raw))
        return self._variants[key]


@dataclass
class RulePack:
    """Everything a run needs from `rules/`."""

    folder: Path
    name: str
    version: str
    rules: list[LoadedRule]
    scoring: ScoringPolicy
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    catalog: Catalog = field(default_factory=Catalog)

    @cached_property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.folder.rglob("*.yaml")):
            digest.update(str(path.relative_to(self.folder)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:16]

    def get(self, rule_id: str) -> LoadedRule | None:
        return next((r for r in self.rules if r.rule.id == rule_id), None)


def substitute(raw: dict[str, Any]) -> dict[str, Any]:
    """Replace every '$name' value with params[name]; an unknown name raises KeyError."""
    params = raw.get("params", {}) or {}

    def walk(value: Any) -> Any:
        if isinstance(value, str) and (match := _PARAM.match(value)):
            return params[match.group(1)]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return {k: (v if k == "params" else walk(v)) for k, v in raw.items()}


def _validate_rule(doc: SourceDoc) -> tuple[AnyRule | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.file, doc.start_line, "a rule document must be a mapping")]
    try:
        data = substitute(doc.data)
    except KeyError as exc:
        name = exc.args[0]
        return None, [Problem(doc.file, doc.line_of_name(f"${name}"), f"unknown parameter '${name}'{suggest(name, doc.data.get('params', {}))}")]
    try:
        return RULE_ADAPTER.validate_python(data), []
    except ValidationError as exc:
        kind = REGISTRY.get(str(data.get("kind")))
        return None, problems_from(exc, doc, kind.model if kind else RuleBase, tag=str(data.get("kind")))


def check_columns(rule: AnyRule, doc: SourceDoc, contracts: dict[str, Contract]) -> list[Problem]:
    """Every dataset and column a rule names must exist in the contracts (or be made by a lookup)."""
    problems = []
    derived = rule.derived_columns()
    for dataset, columns in sorted(rule.columns_used().items()):
        contract = contracts.get(dataset)
        if contract is None:
            problems.append(Problem(doc.file, doc.line_of_name(dataset), f"unknown dataset '{dataset}'{suggest(dataset, contracts)}"))
            continue
        known = set(contract.names()) | (derived if dataset == rule.dataset else set())
        for column in sorted(columns - known):
            problems.append(Problem(doc.file, doc.line_of_name(column),
                                    f"dataset {dataset} has no column '{column}'{suggest(column, known)}"))
    return problems or type_problems(rule, doc, contracts)


def load_rule_pack(folder: Path, contracts: dict[str, Contract]) -> RulePack:
    """Load and check every file of a rule pack; raise DefinitionError listing all problems."""
    if not folder.is_dir():
        raise DefinitionError([Problem(str(folder), None, "no such rule folder")])
    problems: list[Problem] = []
    loaded: list[LoadedRule] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*.yaml")):
        if path.name in SPECIAL or path.parent.name in ("profiles", "facts"):  # facts: checker/facts.py
            continue
        for doc in _documents(path, problems):
            rule, found = _validate_rule(doc)
            problems += found
            if rule is None:
                continue
            if rule.id in seen:
                problems.append(Problem(doc.file, doc.line_of(("id",)), f"rule id {rule.id} is also defined in {seen[rule.id]}"))
                continue
            seen[rule.id] = doc.file
            problems += check_columns(rule, doc, contracts)
            loaded.append(LoadedRule(rule, doc))
    if not loaded and not problems:
        problems.append(Problem(str(folder), None, "no rules here: a rule pack needs at least one rule file (*.yaml)"))
    problems += _attach_profiles(folder, loaded, contracts)
    name, version = _pack_meta(folder, problems)
    scoring = _model_file(folder / "scoring.yaml", ScoringPolicy, problems)
    calendar = _model_file(folder / "calendar.yaml", CalendarConfig, problems)
    catalog = _model_file(folder / "catalog.yaml", Catalog, problems)
    if catalog is not None:
        problems += catalog_problems(folder / "catalog.yaml", catalog, loaded)
    if problems:
        raise DefinitionError(problems)
    calendar = provisional.complete(calendar) if calendar is not None else None  # next year, until its notice is entered
    return RulePack(folder, name, version, loaded, scoring, calendar, catalog)  # type: ignore[arg-type]


def catalog_problems(path: Path, catalog: Catalog, loaded: list[LoadedRule]) -> list[Problem]:
    """Rules name only standards of the catalog; a standard is listed once, and `not_encoded` only when no rule encodes it."""
    if not catalog.standards:
        return []
    problems: list[Problem] = []
    ids = catalog.ids()
    docs = _documents(path, problems)
    doc = docs[0] if docs else None

    def line(index: int, key: str) -> int | None:
        return doc.line_of(("standards", index, key)) if doc else None

    encoded = {c for r in loaded for c in r.rule.catalog_ids}
    for index, standard in enumerate(catalog.standards):
        if ids.index(standard.id) != index:
            problems.append(Problem(str(path), line(index, "id"), f"standard {standard.id} is listed twice"))
        if standard.not_encoded and standard.id in encoded:
            problems.append(Problem(str(path), line(index, "not_encoded"),
                                    f"standard {standard.id} says it is not encoded, but a rule names it in its catalog_ids"))
    for r in loaded:
        for catalog_id in r.rule.catalog_ids:
            if catalog_id not in ids:
                problems.append(Problem(r.doc.file, r.doc.line_of(("catalog_ids",)),
                                        f"catalog id {catalog_id} is not a standard of {path.name}{suggest(catalog_id, ids)}"))
    return problems


def _documents(path: Path, problems: list[Problem]) -> list[SourceDoc]:
    try:
        return read_documents(path, str(path))
    except DefinitionError as exc:
        problems += exc.problems
        return []


def _attach_profiles(folder: Path, loaded: list[LoadedRule], contracts: dict[str, Contract]) -> list[Problem]:
    problems: list[Problem] = []
    by_id = {r.rule.id: r for r in loaded}
    for path in sorted((folder / "profiles").glob("*.yaml")):
        for doc in _documents(path, problems):
            try:
                profile = profiles.ProfileFile.model_validate(doc.data)
            except ValidationError as exc:
                problems += problems_from(exc, doc, profiles.ProfileFile)
                continue
            for index, override in enumerate(profile.overrides):
                problems += _check_override(override, doc, ("overrides", index), by_id, contracts)
    return problems


def _check_override(override: profiles.Override, doc: SourceDoc, loc: tuple, by_id: dict[str, LoadedRule], contracts: dict[str, Contract]) -> list[Problem]:
    target = by_id.get(override.rule)
    line = doc.line_of(loc)
    if target is None:
        return [Problem(doc.file, doc.line_of((*loc, "rule")), f"unknown rule '{override.rule}'{suggest(override.rule, by_id)}")]
    readable = set().union(*(set(contracts[d].names()) for d in target.rule.columns_used() if d in contracts))
    unknown = sorted(override.when.columns() - readable)
    if unknown:
        return [Problem(doc.file, doc.line_of((*loc, "when")), f"'when' names {unknown}, which no dataset of rule {override.rule} has")]
    try:
        variant = RULE_ADAPTER.validate_python(substitute(profiles.apply(target.doc.data, [override])))
    except (ValidationError, KeyError) as exc:
        return [Problem(doc.file, line, f"override of {override.rule} makes the rule invalid: {exc}")]
    problems = check_columns(variant, doc, contracts)
    if not problems:
        target.overrides.append(override)
    return problems


def _pack_meta(folder: Path, problems: list[Problem]) -> tuple[str, str]:
    path = folder / "pack.yaml"
    docs = _documents(path, problems) if path.exists() else []
    data = docs[0].data if docs and isinstance(docs[0].data, dict) else {}
    return str(data.get("name", folder.name)), str(data.get("version", "0"))


def _model_file(path: Path, model: type[BaseModel], problems: list[Problem]) -> Any:
    """A one-document settings file (scoring.yaml, calendar.yaml) as its model; its defaults if absent."""
    if not path.exists():
        return model()
    docs = _documents(path, problems)
    if not docs:
        return None
    try:
        return model.model_validate(docs[0].data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, docs[0], model))
        return None
