"""The one sentence of each finding, worded at output time in the output language from the outcome its kind
declares for its note — findings themselves carry only the code and its values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.i18n import UNITS
from checker.kinds.base import RULE_OUTCOMES
from checker.wording import Words

if TYPE_CHECKING:
    from checker.contracts import Contract
    from checker.kinds.base import RuleBase

def _number(values: pd.Series) -> pa.Array:
    """Numbers rounded to 2 decimals as text ('' where missing), computed in Arrow."""
    numbers = pa.array(values.to_numpy(dtype="float64", na_value=np.nan), from_pandas=True)
    return pc.fill_null(pc.cast(pc.round(numbers, 2), pa.large_string()), "")


def _percent(values: pd.Series, decimal: bool) -> pa.Array:
    """Shares 0–1 as percentages ('94.0%', or '100%' without `decimal` for a whole number; '' where missing), in Arrow."""
    numbers = pa.array(values.to_numpy(dtype="float64", na_value=np.nan) * 100, from_pandas=True)
    text = pc.cast(pc.round(numbers, 1), pa.large_string())
    whole = pc.invert(pc.match_substring(text, "."))
    if decimal:
        text = pc.if_else(whole, pc.binary_join_element_wise(text, pa.scalar(".0", pa.large_string()), pa.scalar("", pa.large_string())), text)
    return pc.fill_null(pc.binary_join_element_wise(text, pa.scalar("%", pa.large_string()), pa.scalar("", pa.large_string())), "")


def _text(values: pd.Series) -> pa.Array:
    return pc.fill_null(pa.array(values.astype("string").array).cast(pa.large_string()), "")


def rule_texts(rules: Iterable[RuleBase], missing: Mapping[str, list[str]] | None = None,
               contracts: Mapping[str, Contract] | None = None) -> dict[str, dict]:
    """What wording needs of each rule, as summary.json keeps it: title, kind, requirement (zh, en), missing datasets."""
    words = {lang: Words(lang, contracts or {}) for lang in ("zh", "en")}
    return {r.id: {"title": r.title.model_dump(), "kind": r.kind,
                   "requirement": {lang: r.requirement(w) for lang, w in words.items()},
                   "missing_datasets": list((missing or {}).get(r.id, []))} for r in rules}


def unit_words(units: pd.Series, lang: str) -> pd.Series:
    """Unit codes (min, working_h, count, share) as words in lang; vectorised."""
    return units.astype("string").map({k: v[0 if lang == "zh" else 1] for k, v in UNITS.items()}).fillna(units.astype("string"))


def word_findings(findings: pd.DataFrame, rules: Mapping[str, dict], lang: str) -> pd.Series:
    """Vectorised: one sentence per finding in lang, from its rule's texts and the outcome its kind declares for
    its note; templates are filled per (rule, note) group in Arrow, never per row."""
    if findings.empty:
        return pd.Series([], index=findings.index, dtype="string")
    fields = {"m": _number(findings["measured"]), "t": _number(findings["threshold"]), "u": _text(unit_words(findings["unit"], lang)),
              "mp": _percent(findings["measured"], True), "tp": _percent(findings["threshold"], False)}
    pairs = findings["rule_id"].astype(str) + "\x1f" + findings["note"].astype(str)
    codes, groups = pd.factorize(pairs)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
    chunks = []
    for k, group in enumerate(groups):
        rule_id, note = group.split("\x1f")
        rows = pa.array(order[bounds[k]:bounds[k + 1]])
        template, constants = _template(rules.get(rule_id, {}), rule_id, note, lang)
        chunks.append(_fill(template, {**{n: v.take(rows) for n, v in fields.items()}, **constants}, len(rows)))
    text = pa.concat_arrays(chunks).take(pa.array(np.argsort(order)))  # back to the frame's row order
    return pd.Series(pd.arrays.ArrowStringArray(text), index=findings.index)


def _template(rule: dict, rule_id: str, note: str, lang: str) -> tuple[str, dict[str, pa.Scalar]]:
    """A note's template in lang, and the rule's own values ({r} title, {c} requirement, {d} missing datasets)."""
    from checker.kinds import REGISTRY

    kind = REGISTRY.get(rule.get("kind", ""))
    outcome = (kind.outcomes if kind else RULE_OUTCOMES).get(note) or RULE_OUTCOMES["not_evaluated"]
    title = (rule.get("title") or {}).get(lang) or rule_id
    datasets = ("、" if lang == "zh" else ", ").join(rule.get("missing_datasets") or [])
    requirement = rule.get("requirement") or ""
    values = {"r": title, "c": requirement.get(lang, "") if isinstance(requirement, dict) else requirement, "d": datasets}
    return getattr(outcome, lang), {n: pa.scalar(v, pa.large_string()) for n, v in values.items()}


def _fill(template: str, fields: dict[str, pa.Array | pa.Scalar], n: int) -> pa.Array:
    """The template with {m}, {t}, {u} (each row's values), {r} and {c} (the rule's) filled in, joined in Arrow."""
    pieces: list = []
    literal, rest = template.split("{", 1) if "{" in template else (template, "")
    pieces.append(literal)
    while rest:
        field, rest = rest.split("}", 1)
        pieces.append(fields[field])
        literal, rest = rest.split("{", 1) if "{" in rest else (rest, "")
        pieces.append(literal)
    parts = [p if isinstance(p, (pa.Array, pa.Scalar)) else pa.scalar(p, pa.large_string()) for p in pieces if not (isinstance(p, str) and p == "")]
    if not any(isinstance(p, pa.Array) for p in parts):  # a template without per-row fields: one sentence for every row
        return pa.repeat(pa.scalar("".join(p.as_py() for p in parts), pa.large_string()), n)
    return pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()))  # scalars broadcast over the rows
