"""YAML documents that remember the line of every key, and pydantic errors told by line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from checker.errors import Problem

Loc = tuple[Any, ...]


@dataclass
class SourceDoc:
    """One YAML document: its data, the file it came from and a line for every path."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    start_line: int = 1
    value_lines: dict[str, int] = field(default_factory=dict)

    def line_of_name(self, name: str) -> int:
        """The first line where name stands as a key or a value (to locate a bad column name)."""
        keyed = [line for loc, line in self.lines.items() if loc and loc[-1] == name]
        candidates = keyed + ([self.value_lines[name]] if name in self.value_lines else [])
        return min(candidates) if candidates else self.start_line

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known prefix of loc."""
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.lines:
                return self.lines[loc[:cut]]
        return self.start_line


def _walk(node: yaml.Node, loc: Loc, doc: SourceDoc) -> None:
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, key_node.value)
            doc.lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), doc)
    elif isinstance(node, yaml.ScalarNode):
        doc.value_lines.setdefault(str(node.value), node.start_mark.line + 1)


_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML was built with it


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader whose impossible dates (2026-13-01) are located YAML errors instead of a bare ValueError."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, f"'{node.value}' is not a date ({exc})", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def refuse_aliases(text: str, display: str) -> None:
    """Refuse YAML aliases before anything is built from the text: eight nested levels of `*a` expand a
    400-byte file into gigabytes, and a recursive one never ends. Rules and mappings have no use for them."""
    try:
        for event in yaml.parse(text, Loader=_BASE):
            if isinstance(event, yaml.AliasEvent):
                raise _located(display, event.start_mark.line + 1,
                               f"YAML aliases (*{event.anchor}) are not allowed here: write the value out in full")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _located(display, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from None


def _duplicate_keys(node: yaml.Node, display: str) -> list[Problem]:
    """A key given twice in one mapping (`limit: 5min` … `limit: 500min`, or two rules without `---`)."""
    problems, stack = [], [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    problems.append(Problem(display, line, f"key '{key.value}' is given twice (first on line {seen[key.value]}); "
                                                           "a missing '---' between two rules looks like this"))
                seen.setdefault(str(key.value), line)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def read_documents(path: Path, display: str) -> list[SourceDoc]:
    """Every document of a YAML file; a syntax error, an alias or a duplicate key becomes a located Problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _located(display, None, f"cannot read: {exc}") from None
    return parse_documents(text, display)


def parse_documents(text: str, display: str) -> list[SourceDoc]:
    """Every document of a YAML text (see read_documents)."""
    try:
        refuse_aliases(text, display)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
        constructor = _Loader("")
        datas = [constructor.construct_document(node) if node is not None else None for node in nodes]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _located(display, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from None
    duplicated = [p for node in nodes if node is not None for p in _duplicate_keys(node, display)]
    if duplicated:
        from checker.errors import DefinitionError

        raise DefinitionError(duplicated)
    docs = []
    for node, data in zip(nodes, datas):
        if node is None:
            continue
        doc = SourceDoc(display, data, start_line=node.start_mark.line + 1)
        _walk(node, (), doc)
        docs.append(doc)
    return docs


def _located(file: str, line: int | None, message: str) -> Exception:
    from checker.errors import DefinitionError

    return DefinitionError([Problem(file, line, message)])


def _clean_loc(loc: Loc) -> Loc:
    """Drop pydantic's internal steps (union tags, our 'tests' wrapper) from an error path."""
    skip = {"tests", "function-after", "function-before"}
    return tuple(p for p in loc if not (isinstance(p, str) and (p in skip or "[" in p)))


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean …?)' hint, or ''."""
    close = difflib.get_close_matches(str(word), sorted({str(c) for c in choices}), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model a location points into, to name its allowed fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return None
        current = _first_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _first_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def problems_from(error: ValidationError, doc: SourceDoc, model: type[BaseModel], prefix: Loc = (), tag: str | None = None) -> list[Problem]:
    """Translate a pydantic ValidationError into located, readable problems (tag: a union's tag to drop)."""
    problems = []
    for item in error.errors():
        raw = tuple(item["loc"])
        raw = raw[1:] if tag is not None and raw[:1] == (tag,) else raw
        loc = (*prefix, *_clean_loc(raw))
        line = doc.line_of((*loc, "kind") if item["type"] == "union_tag_invalid" else loc)
        where = ".".join(str(p) for p in loc) or "document"
        if item["type"] == "extra_forbidden":
            owner = _model_at(model, loc[len(prefix):-1])
            names = [f.alias or n for n, f in owner.model_fields.items()] if owner else []
            message = f"unknown field '{loc[-1]}'{suggest(str(loc[-1]), names)}"
        elif item["type"] == "union_tag_invalid":
            expected = item.get("ctx", {}).get("expected_tags", "")
            tag = item.get("ctx", {}).get("tag", "")
            choices = [t.strip(" '") for t in str(expected).split(",")]
            message = f"unknown kind '{tag}'{suggest(tag, choices)}; kinds are {expected}"
        elif item["type"] == "missing":
            message = f"missing field '{loc[-1]}'" + (f" in {'.'.join(map(str, loc[:-1]))}" if len(loc) > 1 else "")
        else:
            message = f"{where}: {item['msg']}"
        problems.append(Problem(doc.file, line, message))
    return problems
