"""The one sentence of each finding, in Chinese or English, from the outcome its kind declares for its note."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from checker.kinds.base import RuleBase

def _number(values: pd.Series) -> pa.Array:
    """Numbers rounded to 2 decimals as text ('' where missing), computed in Arrow."""
    numbers = pa.array(values.to_numpy(dtype="float64", na_value=np.nan), from_pandas=True)
    return pc.fill_null(pc.cast(pc.round(numbers, 2), pa.large_string()), "")


def _text(values: pd.Series) -> pa.Array:
    return pc.fill_null(pa.array(values.astype("string").array).cast(pa.large_string()), "")


def word(frame: pd.DataFrame, rule: RuleBase, lang: str) -> pd.Series:
    """Vectorised: one sentence per finding, in Arrow (templates filled per note code, not per row)."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype="string")
    from checker.kinds import REGISTRY

    outcomes = REGISTRY[rule.kind].outcomes
    title = rule.title.zh if lang == "zh" else rule.title.en
    requirement = rule.requirement()
    fields = {"m": _number(frame["measured"]), "t": _number(frame["threshold"]), "u": _text(frame["unit"]),
              "r": pa.scalar(title, pa.large_string()), "c": pa.scalar(requirement, pa.large_string())}
    codes, notes = pd.factorize(frame["note"])
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(notes) + 1))
    chunks = []
    for k, note in enumerate(notes):
        rows = pa.array(order[bounds[k]:bounds[k + 1]])
        template = getattr(outcomes[note], lang)  # the title is filled in as a value: its own braces are text
        chunks.append(_fill(template, {n: v if isinstance(v, pa.Scalar) else v.take(rows) for n, v in fields.items()}, len(rows)))
    text = pa.concat_arrays(chunks).take(pa.array(np.argsort(order)))  # back to the frame's row order
    return pd.Series(pd.arrays.ArrowStringArray(text), index=frame.index)


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


def missing_dataset(name: str, lang: str) -> str:
    """Why a rule could not be evaluated: its dataset is not in the export."""
    if lang == "zh":
        return f"导出中没有数据集 {name}(应为 {name}.csv、.xlsx 或 .parquet)"
    return f"the export has no {name}.csv/.xlsx/.parquet"


def not_evaluated(rule: RuleBase, reason: str, lang: str) -> str:
    title = rule.title.zh if lang == "zh" else rule.title.en
    return f"{title}:未评估 — {reason}" if lang == "zh" else f"{title}: not evaluated — {reason}"
