"""The one sentence of each finding, in Chinese or English, from the note code a kind sets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

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


def _number(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:.4g}")


def word(frame: pd.DataFrame, rule: RuleBase, lang: str) -> pd.Series:
    """Vectorised: one sentence per finding (templates filled per note code, not per row)."""
    result = pd.Series("", index=frame.index, dtype="object")
    if frame.empty:
        return result.astype("string")
    title = rule.title.zh if lang == "zh" else rule.title.en
    requirement = rule.requirement() if hasattr(rule, "requirement") else ""
    measured, threshold = _number(frame["measured"]), _number(frame["threshold"])
    units = frame["unit"].fillna("").astype(str)
    for note, rows in frame.groupby("note", sort=False).groups.items():
        template = TEMPLATES[note][0 if lang == "zh" else 1]
        parts = template.replace("{r}", title).replace("{c}", requirement).split("{")
        text = pd.Series(parts[0], index=rows, dtype="object")
        for part in parts[1:]:
            field, rest = part.split("}", 1)
            source = {"m": measured, "t": threshold, "u": units}[field]
            text = text + source.loc[rows] + rest
        result.loc[rows] = text
    return result.astype("string")


def not_evaluated(rule: RuleBase, reason: str, lang: str) -> str:
    title = rule.title.zh if lang == "zh" else rule.title.en
    return f"{title}:未评估 — {reason}" if lang == "zh" else f"{title}: not evaluated — {reason}"
