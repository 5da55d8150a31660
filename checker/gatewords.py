"""The data gate's check names and quarantine reasons in the output language, with the contracts' column and value labels.

The gate (checker/gate.py, checker/loading.py) writes them in one fixed English form; this module words them at output
time, so that a report rebuilt with another --lang speaks that language. summary.json keeps the labels it needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from checker.contracts import Contract

TYPES = {"str": ("文本", "text"), "int": ("整数", "a whole number"), "float": ("数字", "a number"), "bool": ("是/否", "yes/no"),
         "date": ("日期", "a date"), "timestamp": ("时间", "a date and time"), "enum": ("选项", "an option")}
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"


def contract_labels(contracts: Mapping[str, Contract]) -> dict:
    """What wording needs of the contracts, for summary.json: dataset titles, and per dataset column and enum value labels."""
    return {"datasets": {name: contract.title.model_dump() for name, contract in contracts.items()},
            "columns": {name: {c.name: c.zh for c in contract.columns if c.zh} for name, contract in contracts.items()},
            "values": {name: {c.name: dict(c.values) for c in contract.columns if c.values} for name, contract in contracts.items()}}


class GateWords:
    """Column, value and dataset names of a run in one language (columns and values those of `dataset`)."""

    def __init__(self, labels: Mapping | None, lang: str, dataset: str = "") -> None:
        self.labels = labels or {"datasets": {}, "columns": {}, "values": {}}
        self.lang = lang
        self.columns = self.labels["columns"].get(dataset, {})
        self.values = self.labels["values"].get(dataset, {})

    def col(self, name: str) -> str:
        if self.lang == "zh" and name in self.columns:
            return self.columns[name]
        return name.replace("_", " ")

    def cols(self, names: str, sep: str = "+") -> str:
        """'unit_id+billing_month' (a group of columns) as 房号+收费月 / unit id+billing month, joined by sep."""
        return sep.join(self.col(n) for n in names.split("+"))

    def dataset(self, name: str) -> str:
        title = self.labels["datasets"].get(name)
        return title[self.lang] if title else name.replace("_", " ")

    def enum(self, column: str, items: str) -> str:
        """'door, phone' (the contract's codes) as 上门、电话 / door, phone."""
        names = [v.strip() for v in items.split(",")]
        known = self.values.get(column, {})
        if self.lang == "zh":
            return "、".join(known.get(v, v) for v in names)
        return ", ".join(v.replace("_", " ") for v in names)


def _rules(w: GateWords) -> list[tuple[re.Pattern, Callable[[re.Match], str]]]:
    """(pattern, wording) for every reason the gate writes; the value in quotes is data and kept as written."""
    zh = w.lang == "zh"

    def pick(a: str, b: str) -> str:
        return a if zh else b

    def typed(name: str) -> str:
        pair = TYPES.get(name)
        return pair[0 if zh else 1] if pair else name

    return [
        (re.compile(rf"({_NAME}): required value is empty"),
         lambda m: pick(f"{w.col(m[1])}:必填项为空", f"{w.col(m[1])}: required value is empty")),
        (re.compile(rf"({_NAME}): '(.*?)' is not one of ([\w, ]+?)(?=; |$)"),
         lambda m: pick(f"{w.col(m[1])}:“{m[2]}”不是{w.enum(m[1], m[3])}之一", f"{w.col(m[1])}: '{m[2]}' is not one of {w.enum(m[1], m[3])}")),
        (re.compile(rf"({_NAME}): key '(.*?)' appears more than once"),
         lambda m: pick(f"{w.col(m[1])}:编号“{m[2]}”重复出现", f"{w.col(m[1])}: key '{m[2]}' appears more than once")),
        (re.compile(rf"({_NAME}(?:\+{_NAME})+): '(.*?)' appears more than once"),
         lambda m: pick(f"{w.cols(m[1])}:“{m[2]}”重复出现", f"{w.cols(m[1])}: '{m[2]}' appears more than once")),
        (re.compile(rf"({_NAME}) is before ({_NAME})"),
         lambda m: pick(f"{w.col(m[1])}早于{w.col(m[2])}", f"{w.col(m[1])} is before {w.col(m[2])}")),
        (re.compile(rf"({_NAME}): '(.*?)' is not in ({_NAME})(?=; |$)"),
         lambda m: pick(f"{w.col(m[1])}:“{m[2]}”不在{w.dataset(m[3])}中", f"{w.col(m[1])}: '{m[2]}' is not in {w.dataset(m[3])}")),
        (re.compile(rf"({_NAME}): cannot read '(.*?)' as ({_NAME})(?=; |$)"),
         lambda m: pick(f"{w.col(m[1])}:无法把“{m[2]}”读作{typed(m[3])}", f"{w.col(m[1])}: cannot read '{m[2]}' as {typed(m[3])}")),
        (re.compile(rf"({_NAME}): a control character \(such as NUL\) in the cell"),
         lambda m: pick(f"{w.col(m[1])}:单元格中有控制字符(如 NUL)", f"{w.col(m[1])}: a control character (such as NUL) in the cell")),
        (re.compile(r"; "), lambda m: pick(";", "; ")),
    ]


def word_reasons(reasons: pd.Series, labels: Mapping | None, lang: str, dataset: str) -> pd.Series:
    """A dataset's quarantine reasons ('; '-joined) in lang; one regular expression over the column (str.replace)."""
    text = reasons.astype("string")
    rules = _rules(GateWords(labels, lang, dataset))
    pattern = re.compile("|".join(f"(?:{p.pattern})" for p, _ in rules))

    def one(match: re.Match) -> str:
        for rule, word in rules:
            found = rule.fullmatch(match[0])
            if found:
                return word(found)
        return match[0]

    return text.str.replace(pattern, one, regex=True)


def word_check(entry: Mapping, labels: Mapping | None, lang: str, dataset: str) -> str:
    """One expectation of a dataset in data_quality.json as words: 'received_by is filled' -> 受理人工号必须填写."""
    w = GateWords(labels, lang, dataset)
    name, zh = str(entry.get("expectation", "")), lang == "zh"
    patterns: list[tuple[str, Callable[[re.Match], str]]] = [
        (rf"({_NAME}) is filled", lambda m: f"{w.col(m[1])}必须填写" if zh else f"{w.col(m[1])} is filled in"),
        (rf"({_NAME}) in \{{(.*)\}}", lambda m: f"{w.col(m[1])}为{w.enum(m[1], m[2])}之一" if zh else f"{w.col(m[1])} is one of {w.enum(m[1], m[2])}"),
        (rf"({_NAME}(?:\+{_NAME})*) is unique",
         lambda m: f"{w.cols(m[1])}不重复" if zh else f"{w.cols(m[1], ' + ')} is unique"),
        (rf"({_NAME}) ≤ ({_NAME})", lambda m: f"{w.col(m[1])}不晚于{w.col(m[2])}" if zh else f"{w.col(m[1])} is not after {w.col(m[2])}"),
        (rf"({_NAME}) → ({_NAME})\.({_NAME})", lambda m: f"{w.col(m[1])}须在{w.dataset(m[2])}中" if zh else f"{w.col(m[1])} is in {w.dataset(m[2])}"),
        (r"readable cells", lambda m: (f"可读取的单元格({w.col(str(entry.get('column', '')))})" if zh
                                       else f"readable cells ({w.col(str(entry.get('column', '')))})")),
    ]
    for pattern, word in patterns:
        found = re.fullmatch(pattern, name)
        if found:
            return word(found)
    return name


def word_skipped(text: str, labels: Mapping | None, lang: str) -> str:
    """'units is not in the export' in lang."""
    found = re.fullmatch(rf"({_NAME}) is not in the export", text)
    if not found:
        return text
    name = GateWords(labels, lang).dataset(found[1])
    return f"导出中没有{name}" if lang == "zh" else f"the export has no {name}"
