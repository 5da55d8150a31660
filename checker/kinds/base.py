"""What every rule has (identity, source, dataset, filters, scoring) and helpers the kinds share."""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator, model_validator

from checker.calendar import Calendars
from checker.conditions import Condition
from checker.contracts import Contract
from checker.intervals import During, Within
from checker.period import Period, assign_window
from checker.vocabulary import UNIT_SECONDS, Frozen, Severity, Status, SubjectType, TimeUnit, employed
from checker.wording import Words

CatalogId = str
Clock = Literal["calendar", "working"]
# What a kind's evaluator returns: these columns (the findings layer adds the rule's identity and
# words `note`, an outcome code the kind declares, into a sentence).
PARTIAL = ["subject_type", "subject_id", "staff_id", "site_id", "record_id", "period_start", "period_end",
           "status", "measured", "threshold", "unit", "note", "evidence"]


@dataclass(frozen=True)
class Outcome:
    """What a note (an outcome code) of a kind means: its status, and its message per language.

    Messages may use {r} the rule's title, {m} measured, {t} threshold ({mp}, {tp}: as percentages), {u} unit,
    {c} the requirement.
    """

    status: Status
    zh: str
    en: str


Outcomes = dict[str, Outcome]
# Outcomes several kinds share, and the one every rule may have (its dataset is missing from the export).
EXEMPT = Outcome("exempt", "{r}:符合豁免条件", "{r}: exempt under the rule's exemption condition")
SHARE_OUTCOMES: Outcomes = {
    "share_ok": Outcome("pass", "{r}:比例 {mp},不低于要求的 {tp},合格", "{r}: share {mp}, at least the required {tp}: pass"),
    "share_low": Outcome("fail", "{r}:比例 {mp},低于要求的 {tp}", "{r}: share {mp}, below the required {tp}"),
    "share_open": Outcome("pending", "{r}:目前比例 {mp},周期未结束(要求 {tp})", "{r}: share {mp} so far, window still open (required {tp})"),
}
RULE_OUTCOMES: Outcomes = {
    "not_evaluated": Outcome("not_evaluated", "{r}:未评估", "{r}: not evaluated"),
    # checker/windows.py: a rule that judged nothing in the period says why
    "window_not_in_period": Outcome("not_evaluated", "{r}:未评估 — 本期间内没有该规则的周期结束(按周期评估的规则在包含周期结束日的运行中评估)",
                                    "{r}: not evaluated — none of its windows ends inside this period (a window is judged in the run whose period holds its end)"),
    "nothing_in_period": Outcome("not_evaluated", "{r}:未评估 — 本期间内没有需要评估的记录或对象",
                                 "{r}: not evaluated — nothing to judge in this period (no records or subjects, or the rule does not apply in it)"),
    "missing_dataset": Outcome("not_evaluated", "{r}:未评估 — 导出中没有数据集 {d}(每个数据集应为一个 .csv、.xlsx 或 .parquet 文件)",
                               "{r}: not evaluated — the export has no {d} (each dataset is one .csv, .xlsx or .parquet file)"),
}


def declared_notes(note: pd.Series, outcomes: Outcomes) -> None:
    """A note the kind did not declare is a bug, never a silent gap."""
    undeclared = set(pd.unique(note.to_numpy(dtype=object))) - set(outcomes)
    if undeclared:
        raise KeyError(f"notes {sorted(undeclared, key=str)} are not declared in the kind's OUTCOMES")


def outcome_status(note: pd.Series, outcomes: Outcomes) -> pd.Series:
    """The status of each note; a note the kind did not declare is a bug, never a silent gap."""
    declared_notes(note, outcomes)
    return note.map({name: o.status for name, o in outcomes.items()}).astype("string")


def empty_partial() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PARTIAL})


class Title(Frozen):
    zh: str
    en: str


class Source(Frozen):
    """Where the standard is written: document short name (WI, FD, CS, JD, DH), clause, quoted text."""

    document: str
    clause: str
    quote: str


class Lookup(Frozen):
    """Facts from a related dataset joined onto each record, e.g. the earliest repair callback.

    With `during` or `within` the related rows are, per record, those matching it whose interval
    contains the record's time, or whose time lies near it; `exclude_self` (a lookup on the rule's own
    dataset) leaves the record itself out.
    """

    dataset: str
    match: dict[str, str] = Field(min_length=1)  # column of the related dataset -> column of this dataset
    where: Condition | None = None
    during: During | None = None
    within: Within | None = None
    exclude_self: bool = False
    earliest: dict[str, str] = Field(default_factory=dict)  # new column -> related column (minimum)
    latest: dict[str, str] = Field(default_factory=dict)  # new column -> related column (maximum)
    count: str | None = None  # new column: number of related records
    keys: str | None = None  # new column: the related records' keys, ';'-separated (evidence)

    @model_validator(mode="after")
    def _one_window(self) -> Lookup:
        if self.during is not None and self.within is not None:
            raise ValueError("a lookup takes 'during' or 'within', not both")
        if self.exclude_self and self.during is None and self.within is None:
            raise ValueError("'exclude_self' goes with 'during' or 'within'")
        return self

    def new_columns(self) -> list[str]:
        return [*self.earliest, *self.latest, *([self.count] if self.count else []), *([self.keys] if self.keys else [])]

    def labels(self, w: Words) -> dict[str, str]:
        """What the columns this lookup adds are called in w.lang: 最早的回访时间 / earliest callback time (visits)."""
        related, title = w.related(self.dataset), w.dataset_title(self.dataset)
        names = {new: w.pick(f"最早的{related.col(old)}", f"earliest {related.col(old)} ({title})") for new, old in self.earliest.items()}
        names |= {new: w.pick(f"最晚的{related.col(old)}", f"latest {related.col(old)} ({title})") for new, old in self.latest.items()}
        if self.count:
            names[self.count] = w.pick(f"{title}记录数", f"number of {title.lower()} records")
        if self.keys:
            names[self.keys] = w.pick(f"{title}记录编号", f"{title.lower()} record IDs")
        return names

    def own_columns(self) -> set[str]:
        """The columns of the rule's own dataset that the lookup reads."""
        at = [w.at for w in (self.during, self.within) if w is not None]
        return {*self.match.values(), *at}

    def related_columns(self) -> set[str]:
        """The columns of the related dataset that the lookup reads."""
        used = {*self.match, *self.earliest.values(), *self.latest.values()}
        if self.during is not None:
            used |= {self.during.start, *([self.during.end] if self.during.end else [])}
        if self.within is not None:
            used.add(self.within.time)
        return used | (self.where.columns() if self.where else set())


class Roster(Frozen):
    """Who or what is judged in a windowed rule, so that a subject with no records is still found."""

    dataset: str
    key: str
    type: SubjectType
    staff_column: str | None = None
    where: Condition | None = None
    # Roster columns bounding each subject's own obligation (PAT-03: permit_start..permit_end; PAT-04: status_since):
    # a window is judged for a subject when the window starts on or after active_from and on or before active_to
    # (dates inclusive; an empty cell or no column leaves that side open).
    active_from: str | None = None
    active_to: str | None = None

    def columns(self) -> set[str]:
        """The roster columns the roster itself reads (key, staff, filter, active bounds)."""
        cols = {self.key, *(c for c in (self.staff_column, self.active_from, self.active_to) if c)}
        return cols | (self.where.columns() if self.where else set())


class RuleBase(Frozen):
    """The fields every rule kind shares (each kind narrows `kind` to its own name)."""

    kind: str
    id: str = Field(pattern=r"^[A-Z]{2,3}-\d{2}[A-Za-z0-9-]*$")
    title: Title
    catalog_ids: list[CatalogId] = Field(min_length=1)
    source: list[Source] = Field(min_length=1)
    description: str
    dataset: str
    lookups: list[Lookup] = Field(default_factory=list)
    where: Condition | None = None
    severity: Severity = "major"
    weight: float = Field(default=1.0, ge=0, le=100, allow_inf_nan=False)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    # new column -> time column: the kind of day (workday, weekend, holiday, makeup_workday, day_off) at the record's site
    day_types: dict[str, str] = Field(default_factory=dict)

    @field_validator("catalog_ids")
    @classmethod
    def _catalog_id_shape(cls, ids: list[str]) -> list[str]:
        import re

        bad = [i for i in ids if not re.fullmatch(r"[A-Z]{2,3}-\d{2}", i)]
        if bad:
            raise ValueError(f"catalog ids look like PAT-01, not {bad}")
        return ids

    @model_validator(mode="before")
    @classmethod
    def _one_or_many(cls, data: Any) -> Any:
        """A single value may stand where a list is expected (`staff_column: received_by`), in every kind's list fields."""
        if not isinstance(data, dict):
            return data
        lists = {name for name, f in cls.model_fields.items() if typing.get_origin(f.annotation) is list}
        return {k: [v] if k in lists and isinstance(v, (dict, str)) else v for k, v in data.items()}

    @model_validator(mode="after")
    def _effective_order(self) -> RuleBase:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        if any(lookup.exclude_self and lookup.dataset != self.dataset for lookup in self.lookups):
            raise ValueError("'exclude_self' applies to a lookup on the rule's own dataset")
        return self

    def columns_used(self) -> dict[str, set[str]]:
        """Every column the rule reads, per dataset (the kinds add theirs)."""
        used: dict[str, set[str]] = {self.dataset: set()}
        if self.where:
            used[self.dataset] |= self.where.columns()
        for lookup in self.lookups:
            used.setdefault(lookup.dataset, set()).update(lookup.related_columns())
            used[self.dataset] |= lookup.own_columns()
        if self.day_types:
            used[self.dataset] |= {"site_id", *self.day_types.values()}  # the day's kind is the site's
        return used

    def requirement(self, words: Words | None = None) -> str:
        """What the rule requires, as a sentence in words.lang (messages, reports, `rules explain`)."""
        base = Words((words or Words("en")).lang, (words or Words("en")).contracts, self.dataset)
        derived = {new: base.pick(f"{base.col(column)}所在日的类型", f"the kind of day of {base.col(column)}") for new, column in self.day_types.items()}
        for lookup in self.lookups:
            derived |= lookup.labels(base)
        return self.requires(Words(base.lang, base.contracts, self.dataset, derived))

    def requires(self, w: Words) -> str:
        """The requirement sentence; every kind says its own."""
        raise NotImplementedError

    def time_columns(self) -> list[str]:
        """The columns of the rule's dataset that it reads as times (checked against the contracts at load)."""
        return []

    def needs_calendar(self) -> bool:
        """Whether the rule counts working days or working time (the run then needs the period's calendar)."""
        return bool(self.day_types)

    def derived_columns(self) -> set[str]:
        """Columns that lookups and day types add to the rule's dataset."""
        return {c for lookup in self.lookups for c in lookup.new_columns()} | set(self.day_types)


@dataclass(frozen=True)
class Context:
    """What a kind's evaluator may know besides its data."""

    run_id: str
    period: Period
    as_of: pd.Timestamp
    contracts: dict[str, Contract]
    calendars: Calendars
    staff: pd.DataFrame | None = None  # the staff roster (employment, roles, home sites), when exported

    def key_of(self, dataset: str) -> str:
        return self.contracts[dataset].key


def first_filled(frame: pd.DataFrame, columns: str | list[str]) -> pd.Series:
    """Per row, the first non-empty value among columns."""
    names = [columns] if isinstance(columns, str) else columns
    result = frame[names[0]]
    for name in names[1:]:
        result = result.fillna(frame[name])
    return result


def in_unit(delta: pd.Series, unit: TimeUnit) -> pd.Series:
    """A Timedelta Series as a float number of unit."""
    return delta.dt.total_seconds() / UNIT_SECONDS[unit]


def effective_mask(rule: RuleBase, stamps: pd.Series) -> pd.Series:
    """Where a rule is in force, by its effective_from/effective_to dates."""
    mask = pd.Series(True, index=stamps.index)
    if rule.effective_from:
        mask &= stamps >= pd.Timestamp(rule.effective_from)
    if rule.effective_to:
        mask &= stamps < pd.Timestamp(rule.effective_to) + pd.Timedelta(days=1)
    return mask


def record_scope(rule: RuleBase, frame: pd.DataFrame, time_column: str, ctx: Context) -> pd.DataFrame:
    """The records a record-level rule judges: start time inside the period, not after as-of."""
    stamps = frame[time_column]
    keep = ctx.period.contains(stamps) & (stamps <= ctx.as_of) & effective_mask(rule, stamps)
    return frame[keep]


def judged_windows(rule: RuleBase, window: str, ctx: Context) -> pd.DataFrame:
    """Windows ending inside the period that have begun by as-of and in which the rule is in force."""
    windows = ctx.period.windows(window)  # type: ignore[arg-type]
    windows = windows[(windows["window_start"] <= ctx.as_of) & effective_mask(rule, windows["window_start"])]
    return windows.reset_index(drop=True)


def in_windows(frame: pd.DataFrame, time_column: str, windows: pd.DataFrame, window: str, ctx: Context) -> pd.DataFrame:
    """The rows whose time falls inside the judged windows and not after as-of, with their `window_start`."""
    stamps = frame[time_column]
    inside = frame[(stamps >= windows["window_start"].min()) & (stamps < windows["window_end"].max()) & (stamps <= ctx.as_of)]
    return inside.assign(window_start=assign_window(inside[time_column], window))  # type: ignore[arg-type]


def active_staff(frame: pd.DataFrame, staff_column: str, staff: pd.DataFrame | None, roles: list[str]) -> pd.Series:
    """Rows whose staff member was employed during [window_start, window_end) and holds one of roles.

    Staff not found in the staff list are kept: absence from the roster is a data-quality
    matter, not a reason to drop a finding.
    """
    if staff is None or staff_column not in frame:
        return pd.Series(True, index=frame.index)
    info = staff.set_index("staff_id")[["role", "active_from", "active_to"]]
    joined = info.reindex(frame[staff_column].to_numpy())
    joined.index = frame.index
    known = joined["role"].notna()
    ok = employed(joined["active_from"], joined["active_to"], frame["window_start"], frame["window_end"])
    if roles:
        ok &= joined["role"].isin(roles).fillna(False).astype(bool)
    return (~known) | ok


def join_keys(frame: pd.DataFrame, by: list[str], column: str, name: str = "evidence") -> pd.DataFrame:
    """';'-joined values of column per group of `by` (evidence lists): the `by` columns and `name`.

    Vectorised: rows are ordered by group and each group's run of values is joined by Arrow's
    `binary_join` over one list array (linear; a reduceat of Python strings is quadratic in a group).
    """
    rows = frame[frame[column].notna()]
    if rows.empty:
        return pd.DataFrame({**{b: rows[b] for b in by}, name: pd.Series(dtype="object")})
    codes = rows.groupby(by, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    values = pa.array(rows[column].astype(str).to_numpy(dtype=object)[order], type=pa.large_string())
    groups = pa.LargeListArray.from_arrays(pa.array(np.r_[starts, len(order)], type=pa.int64()), values)
    keys = rows[by].iloc[order[starts]].reset_index(drop=True)
    keys[name] = pc.binary_join(groups, pa.scalar(";", pa.large_string())).to_numpy(zero_copy_only=False)
    return keys


def status_from(conditions: list[tuple[pd.Series, str]], index: pd.Index, default: str) -> pd.Series:
    """First matching (mask, status) wins; rows matching none get default."""
    masks = [m.to_numpy(dtype=bool) for m, _ in conditions]
    return pd.Series(np.select(masks, [s for _, s in conditions], default=default), index=index, dtype="string")


def active_in_window(grid: pd.DataFrame, roster: Roster) -> pd.Series:
    """Rows of a subject × window grid whose window starts inside the subject's own active bounds (Roster.active_*)."""
    keep = pd.Series(True, index=grid.index)
    if roster.active_from:
        keep &= (grid[roster.active_from].isna() | (grid["window_start"] >= grid[roster.active_from])).fillna(False).astype(bool)
    if roster.active_to:
        keep &= (grid[roster.active_to].isna() | (grid["window_start"] <= grid[roster.active_to])).fillna(False).astype(bool)
    return keep


def add_months(stamps: pd.Series, months: pd.Series) -> pd.Series:
    """Vectorised: each time plus a whole number of calendar months, the day clipped to the target month's
    length (2025-08-31 + 6 months = 2026-02-28); empty where either side is empty."""
    valid = stamps.notna() & months.notna()
    base = stamps.where(valid, pd.Timestamp("2000-01-01")).to_numpy(dtype="datetime64[us]")
    month = base.astype("datetime64[M]") + months.where(valid, 0).astype("int64").to_numpy()
    month_days = ((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype("int64")
    day = np.minimum(base.astype("datetime64[D]") - base.astype("datetime64[M]").astype("datetime64[D]") + 1, month_days)
    result = month.astype("datetime64[D]") + (day - 1) + (base - base.astype("datetime64[D]"))
    return pd.Series(result, index=stamps.index).where(valid)
