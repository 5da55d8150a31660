"""The one sentence of each finding, in Chinese or English, from the note code a kind sets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from checker.kinds.base import RuleBase

# note code -> (zh, en); {m} measured, {t} threshold, {u} unit, {r} the rule's title
TEMPLATES: dict[str, tuple[str, str]] = {
    "in_time": ("{r}:用时 {m}{u},限时 {t}{u},合格", "{r}: took {m} {u}, limit {t} {u}: pass"),
    "late": ("{r}:用时 {m}{u},超过限时 {t}{u}", "{r}: took {m} {u}, over the limit of {t} {u}"),
    "overdue_open": ("{r}:已超过限时 {t}{u} 仍未完成", "{r}: not done and the limit of {t} {u} has passed"),
    "open_in_time": ("{r}:尚未完成,未到期限(限时 {t}{u})", "{r}: not done yet, still within the limit of {t} {u}"),
    "no_limit": ("{r}:该类别没有规定期限,未评估", "{r}: no limit is set for this category; not evaluated"),
    "exempt": ("{r}:符合豁免条件", "{r}: exempt under the rule's exemption condition"),
    "calendar_uncovered": ("{r}:期限落在尚无节假日安排的年份,未评估(请在 rules/calendar.yaml 的 years 中补充国务院通知)",
                           "{r}: the deadline falls in a year no holiday source covers; not evaluated (add the year's notice to rules/calendar.yaml)"),
    "count_ok": ("{r}:次数 {m},要求 {t},合格", "{r}: {m} times, required {t}: pass"),
    "count_low": ("{r}:次数 {m},少于要求的 {t}", "{r}: {m} times, fewer than the required {t}"),
    "count_high": ("{r}:次数 {m},超过上限 {t}", "{r}: {m} times, more than the maximum of {t}"),
    "count_open": ("{r}:目前 {m} 次,周期未结束(要求 {t})", "{r}: {m} so far, window still open (required {t})"),
    "share_ok": ("{r}:比例 {m},要求 ≥ {t},合格", "{r}: share {m}, required ≥ {t}: pass"),
    "share_low": ("{r}:比例 {m},低于要求的 {t}", "{r}: share {m}, below the required {t}"),
    "share_open": ("{r}:目前比例 {m},周期未结束(要求 {t})", "{r}: share {m} so far, window still open (required {t})"),
    "empty_population": ("{r}:没有需要覆盖的对象,豁免", "{r}: nothing to cover; exempt"),
    "all_pending": ("{r}:所有记录尚在期限内,待定", "{r}: every record is still within its grace time; pending"),
    "record_ok": ("{r}:合格", "{r}: pass"),
    "record_bad": ("{r}:不符合要求({c})", "{r}: requirement not met ({c})"),
    "escalated": ("{r}:已按时升级", "{r}: escalated in time"),
    "closed_in_grace": ("{r}:在升级宽限期内已解决", "{r}: solved within the escalation grace time"),
    "not_escalated": ("{r}:超过 {t}{u} 未解决也未按时升级", "{r}: open past the threshold and not escalated in time"),
    "escalation_due": ("{r}:尚未到升级期限", "{r}: escalation not yet due"),
    "not_evaluated": ("{r}:未评估", "{r}: not evaluated"),
}


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
    title = rule.title.zh if lang == "zh" else rule.title.en
    requirement = rule.requirement() if hasattr(rule, "requirement") else ""
    fields = {"m": _number(frame["measured"]), "t": _number(frame["threshold"]), "u": _text(frame["unit"])}
    codes, notes = pd.factorize(frame["note"])
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(notes) + 1))
    chunks = []
    for k, note in enumerate(notes):
        rows = pa.array(order[bounds[k]:bounds[k + 1]])
        template = TEMPLATES[note][0 if lang == "zh" else 1].replace("{r}", title).replace("{c}", requirement)
        chunks.append(_fill(template, {name: values.take(rows) for name, values in fields.items()}, len(rows)))
    text = pa.concat_arrays(chunks).take(pa.array(np.argsort(order)))  # back to the frame's row order
    return pd.Series(pd.arrays.ArrowStringArray(text), index=frame.index)


def _fill(template: str, fields: dict[str, pa.Array], n: int) -> pa.Array:
    """The template with {m}, {t} and {u} replaced by each row's values, joined in Arrow."""
    pieces: list = []
    literal, rest = template.split("{", 1) if "{" in template else (template, "")
    pieces.append(literal)
    while rest:
        field, rest = rest.split("}", 1)
        pieces.append(fields[field])
        literal, rest = rest.split("{", 1) if "{" in rest else (rest, "")
        pieces.append(literal)
    parts = [p if isinstance(p, pa.Array) else pa.scalar(p, pa.large_string()) for p in pieces if not (isinstance(p, str) and p == "")]
    if not any(isinstance(p, pa.Array) for p in parts):  # a template without fields: one sentence for every row
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
