"""`coverage`: distinct items covered / population, per subject per window, at least a share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.conditions import Condition
from checker.kinds.base import (
    SHARE_OUTCOMES,
    Context,
    Frozen,
    Outcome,
    Outcomes,
    Roster,
    RuleBase,
    empty_partial,
    in_windows,
    join_keys,
    judged_windows,
    outcome_status,
    status_from,
)
from checker.kinds.count import roster_frame, subject_windows
from checker.vocabulary import Window
from checker.wording import Words

OUTCOMES: Outcomes = {
    **SHARE_OUTCOMES,
    "empty_population": Outcome("exempt", "{r}:没有需要覆盖的对象,豁免", "{r}: nothing to cover; exempt"),
}


class Population(Frozen):
    """The items each subject must cover, e.g. units by their assigned staff member."""

    dataset: str
    subject_column: str  # population column naming the subject (assigned_staff_id)
    item_column: str  # population column naming the item (unit_id)
    where: Condition | None = None


class CoverageRule(RuleBase):
    """Share of a subject's population reached by events of `dataset` in each window (VIS-01: 5 %/week)."""

    kind: Literal["coverage"]
    window: Window
    time_column: str
    subjects: Roster
    population: Population
    item_column: str  # event column naming the item covered (unit_id)
    event_subject_column: str | None = None  # only events by the subject count (staff_id)
    share: float = Field(gt=0, le=1)
    role: list[str] = Field(default_factory=list)  # only staff holding one of these roles are judged

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, self.item_column, *([self.event_subject_column] if self.event_subject_column else [])}
        pop = used.setdefault(self.population.dataset, set())
        pop |= {self.population.subject_column, self.population.item_column}
        if self.population.where:
            pop |= self.population.where.columns()
        used.setdefault(self.subjects.dataset, set()).update(self.subjects.columns())
        return used

    def time_columns(self) -> list[str]:
        return [self.time_column]

    def requires(self, w: Words) -> str:
        what = w.dataset_title(self.population.dataset)
        return w.pick(f"{w.each(self.subjects.type)}{w.per(self.window)}至少覆盖 {w.share(self.share)} 的{what}",
                      f"{w.each(self.subjects.type)} covers at least {w.share(self.share)} of {what} {w.per(self.window)}")


def evaluate(rule: CoverageRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    windows = judged_windows(rule, rule.window, ctx)
    key = rule.subjects.key
    grid = subject_windows(roster_frame(rule.subjects, data), windows, ctx.staff, rule.role)
    if grid.empty:
        return empty_partial()
    pop = data[rule.population.dataset]
    if rule.population.where:
        pop = pop[rule.population.where.mask(pop)]
    pop = pop[[rule.population.subject_column, rule.population.item_column]].dropna().drop_duplicates()
    pop = pop.rename(columns={rule.population.subject_column: key, rule.population.item_column: "_item"})
    sizes = pop.groupby(key, observed=True).size().rename("population")
    events = in_windows(data[rule.dataset], rule.time_column, windows, rule.window, ctx)
    events = events.assign(_item=events[rule.item_column])
    on = ["_item"]
    if rule.event_subject_column:
        events = events.assign(**{key: events[rule.event_subject_column]})
        on.append(key)
    joined = events.drop(columns=[key] if key in events and not rule.event_subject_column else []).merge(pop, on=on)
    by = [key, "window_start"]
    covered = joined.groupby(by, observed=True)["_item"].nunique().rename("covered")
    grid = grid.merge(sizes, left_on=key, right_index=True, how="left")
    grid = grid.merge(covered, on=by, how="left").merge(join_keys(joined, by, ctx.key_of(rule.dataset)), on=by, how="left")
    return _judge(rule, grid.fillna({"population": 0, "covered": 0}), ctx)


def _judge(rule: CoverageRule, grid: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    empty_pop = grid["population"] == 0
    share = (grid["covered"] / grid["population"].where(~empty_pop)).astype("float64")
    low = share < rule.share
    still_open = grid["window_end"] > ctx.as_of
    note = status_from([(empty_pop, "empty_population"), (low & still_open, "share_open"), (low, "share_low")], grid.index, "share_ok")
    status = outcome_status(note, OUTCOMES)
    return pd.DataFrame({
        "subject_type": rule.subjects.type, "subject_id": grid[rule.subjects.key], "staff_id": grid["staff_id"],
        "site_id": grid["site_id"], "record_id": pd.NA, "period_start": grid["window_start"],
        "period_end": grid["window_end"], "status": status, "measured": share, "threshold": rule.share,
        "unit": "share", "note": note, "evidence": grid["evidence"].fillna(""),
    })
