"""Rule requirements and conditions as sentences in zh or en, with the columns' labels from the dataset contracts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from checker.i18n import code, percent

if TYPE_CHECKING:
    from checker.contracts import ColumnSpec, Contract

_TIME_TYPES = ("date", "timestamp")
DAY_TYPES = {"workday": ("工作日", "a working day"), "weekend": ("周末", "a weekend day"), "holiday": ("法定节假日", "a public holiday"),
             "makeup_workday": ("调休上班日", "a make-up working day"), "day_off": ("本地休息日", "a local day off")}
# operator -> (zh for times, zh for numbers, en for times, en for numbers)
_ORDER_WORDS = {
    "gt": ("晚于", "大于", "after", "more than"), "ge": ("不早于", "不少于", "not before", "at least"),
    "lt": ("早于", "小于", "before", "less than"), "le": ("不晚于", "不超过", "no later than", "at most"),
}
_DURATION_UNITS = ((604800, "周", "week"), (86400, "天", "day"), (3600, "小时", "hour"), (60, "分钟", "minute"), (1, "秒", "second"))


@dataclass(frozen=True)
class Words:
    """What a sentence about a rule needs: the language and the contracts' column labels (the rule's dataset first)."""

    lang: str
    contracts: Mapping[str, Contract] = field(default_factory=dict)
    dataset: str | None = None
    derived: Mapping[str, str] = field(default_factory=dict)  # columns a rule adds (lookups, day types) -> label in lang

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def pick(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def spec(self, column: str) -> ColumnSpec | None:
        """The contract's column, looked up in the rule's dataset first, then in any other."""
        order = [self.contracts[self.dataset]] if self.dataset is not None and self.dataset in self.contracts else []
        for contract in [*order, *self.contracts.values()]:
            found = contract.column(column)
            if found is not None:
                return found
        return None

    def col(self, column: str) -> str:
        """A column as people call it: the contract's Chinese label, or in English its name in words."""
        if column in self.derived:
            return self.derived[column]
        found = self.spec(column)
        if self.zh and found is not None and found.zh:
            return found.zh
        return column.replace("_", " ")

    def dataset_title(self, name: str) -> str:
        contract = self.contracts.get(name)
        return (contract.title.zh if self.zh else contract.title.en) if contract else name.replace("_", " ")

    def is_time(self, column: str) -> bool:
        found = self.spec(column)
        return found is not None and found.type in _TIME_TYPES

    def value(self, column: str, value: object) -> str:
        """A value of a column: an enum's label, yes/no for booleans, a quoted text."""
        if isinstance(value, bool):
            return self.pick("是" if value else "否", "yes" if value else "no")
        if str(value) in DAY_TYPES and column in self.derived:
            return DAY_TYPES[str(value)][0 if self.zh else 1]
        found = self.spec(column)
        if found is not None and found.values and str(value) in found.values:
            return found.values[str(value)] if self.zh else str(value).replace("_", " ")
        if isinstance(value, str):
            return self.pick(f"“{value}”", f"'{value}'")
        return f"{value:g}" if isinstance(value, float) else str(value)

    def values(self, column: str, items: list) -> str:
        words = [self.value(column, v) for v in items]
        if len(words) == 1:
            return words[0]
        return self.pick("、".join(words[:-1]) + "或" + words[-1], ", ".join(words[:-1]) + " or " + words[-1])

    def duration(self, delta: pd.Timedelta | float, working: bool = False) -> str:
        """5 分钟 / 5 minutes; a float is a number of working days (3wd)."""
        if not isinstance(delta, pd.Timedelta):
            return self.pick(f"{float(delta):g} 个工作日", f"{float(delta):g} working day{'s' if float(delta) != 1 else ''}")
        seconds = int(delta.total_seconds())
        size, zh, en = next((u for u in _DURATION_UNITS if seconds and seconds % u[0] == 0), _DURATION_UNITS[-1])
        n = seconds // size
        if working and size == 86400:
            return self.pick(f"{n} 个工作日", f"{n} working day{'s' if n != 1 else ''}")
        prefix = self.pick("工作", "working ") if working else ""
        return self.pick(f"{n} {prefix}{zh}", f"{n} {prefix}{en}{'s' if n != 1 else ''}")

    def share(self, value: float) -> str:
        return percent(value, 0) if value * 100 == int(value * 100) else percent(value)

    def related(self, dataset: str) -> Words:
        """The same words with another dataset's columns first (a lookup's related dataset)."""
        return Words(self.lang, self.contracts, dataset, self.derived)

    def each(self, what: str) -> str:
        """每个员工 / each person (subject types)."""
        return self.pick(f"每个{code(what, 'zh')}", f"each {code(what, 'en')}")

    def per(self, window: str) -> str:
        """每月 / per month (windows and cycles)."""
        return self.pick(f"每{code(window, 'zh')}", f"per {code(window, 'en')}")

    def join(self, parts: list[str], word: str = "and") -> str:
        zh = {"and": ",且", "or": ",或"}[word]
        return (zh if self.zh else f" {word} ").join(p for p in parts if p)

    def order(self, column: str, op: str, other: str) -> str:
        """{column} 不晚于 {other} / {column} no later than {other}."""
        zh_time, zh_num, en_time, en_num = _ORDER_WORDS[op]
        timed = self.is_time(column)
        return self.pick(f"{self.col(column)}{zh_time if timed else zh_num}{other}",
                         f"{self.col(column)} {en_time if timed else en_num} {other}")
