"""`gap`: the longest stretch without an event per roster subject per window is at most a limit (PAT-04: 14 days)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.durations import Duration
from checker.i18n import code
from checker.kinds.base import (
    Context,
    Frozen,
    Outcome,
    Outcomes,
    Roster,
    RuleBase,
    add_months,
    empty_partial,
    join_keys,
    judged_windows,
    outcome_status,
    status_from,
)
from checker.kinds.count import roster_frame, subject_windows
from checker.vocabulary import SITES, Window
from checker.wording import Words

OUTCOMES: Outcomes = {
    "gap_ok": Outcome("pass", "{r}:最长间隔 {m}{u},上限 {t}{u},合格", "{r}: longest stretch {m} {u}, limit {t} {u}: pass"),
    "gap_long": Outcome("fail", "{r}:最长间隔 {m}{u},超过上限 {t}{u}", "{r}: longest stretch {m} {u}, over the limit of {t} {u}"),
    "gap_open": Outcome("pending", "{r}:目前最长间隔 {m}{u},周期未结束(上限 {t}{u})", "{r}: longest stretch {m} {u} so far, window still open (limit {t} {u})"),
}
DAY = pd.Timedelta(days=1)


class SiteWindow(Frozen):
    """The rule applies to a subject only while its site is within `months` of a date of the site (PAT-04: new sites)."""

    from_: str = Field(alias="from")  # sites column: the date the span begins (takeover_date)
    months_column: str | None = None  # sites column: the site's own number of months (new_site_months), where filled
    months: int = Field(default=12, ge=0)  # otherwise this many


class GapRule(RuleBase):
    """Per roster subject and window: from the last event before the window (or the start of the subject's obligation
    inside it) through each event to the window's end or as-of, no stretch without an event is longer than `max_gap`."""

    kind: Literal["gap"]
    window: Window
    time_column: str
    subjects: Roster
    match: dict[str, str] = Field(min_length=1)  # event column -> roster column
    max_gap: Duration
    site_window: SiteWindow | None = None
    role: list[str] = Field(default_factory=list)

    def columns_used(self) -> dict[str, set[str]]:
        used = super().columns_used()
        used[self.dataset] |= {self.time_column, *self.match}
        used.setdefault(self.subjects.dataset, set()).update(self.subjects.columns(), self.match.values())
        if self.site_window:
            used[self.subjects.dataset].add("site_id")
            used.setdefault(SITES, set()).update({"site_id", self.site_window.from_, *([self.site_window.months_column] if self.site_window.months_column else [])})
        return used

    def time_columns(self) -> list[str]:
        return [self.time_column]

    def requires(self, w: Words) -> str:
        return w.pick(f"{w.each(self.subjects.type)}两次{w.col(self.time_column)}之间最多间隔 {w.duration(self.max_gap)}(按{code(self.window, 'zh')}评估)",
                      f"at most {w.duration(self.max_gap)} without {w.col(self.time_column)} for {w.each(self.subjects.type)}, judged {w.per(self.window)}")


def site_spans(window: SiteWindow, sites: pd.DataFrame, site_ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Per row of site_ids, its site's window: from the site's `from` date for its number of months (exclusive end)."""
    table = sites.drop_duplicates("site_id").set_index("site_id")
    begins = table[window.from_].reindex(site_ids.to_numpy()).astype("datetime64[us]").reset_index(drop=True)
    months = table[window.months_column].reindex(site_ids.to_numpy()).reset_index(drop=True) if window.months_column else None
    months = months.astype("Int64").fillna(window.months) if months is not None else pd.Series(window.months, index=begins.index)
    ends = add_months(begins, months)
    return pd.Series(begins.to_numpy(), index=site_ids.index), pd.Series(ends.to_numpy(), index=site_ids.index)


def obligations(rule: GapRule, subjects: pd.DataFrame, data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Each subject with `_from` and `_until` (exclusive, either may be empty): its own active bounds and its site's window."""
    roster = rule.subjects
    nat = pd.Series(pd.NaT, index=subjects.index, dtype="datetime64[us]")
    starts = {"own": subjects[roster.active_from].astype("datetime64[us]") if roster.active_from else nat}
    ends = {"own": (subjects[roster.active_to] + DAY).astype("datetime64[us]") if roster.active_to else nat}
    if rule.site_window is not None:
        starts["site"], ends["site"] = site_spans(rule.site_window, data[SITES], subjects["site_id"])
        subjects = subjects[starts["site"].notna()]  # a site without the date is never inside its window
    return subjects.assign(_from=pd.DataFrame(starts).loc[subjects.index].max(axis=1),
                           _until=pd.DataFrame(ends).loc[subjects.index].min(axis=1))


def spans(rule: GapRule, subjects: pd.DataFrame, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Subject × window rows with the judged stretch from `_j0` to `_j1` (as-of while the window is open, `_final` once it closed)."""
    windows = judged_windows(rule, rule.window, ctx)
    grid = subject_windows(obligations(rule, subjects, data), windows, ctx.staff, rule.role)
    closes = grid[["window_end", "_until"]].min(axis=1)
    grid = grid.assign(_j0=grid[["window_start", "_from"]].max(axis=1), _close=closes, _final=closes <= ctx.as_of)
    grid["_j1"] = grid["_close"].where(grid["_final"], ctx.as_of)
    begun = (grid["_j0"] < grid["_close"]) & (grid["_j0"] <= ctx.as_of)  # an obligation starting after as-of is not judged yet
    grid = grid[begun].drop_duplicates([rule.subjects.key, "window_start"])
    return grid.reset_index(drop=True).assign(_g=lambda g: g.index)


def matched_events(rule: GapRule, data: Mapping[str, pd.DataFrame], subjects: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Every event up to as-of with its subject: the subject key, `_t`, `_event` (sorted by time)."""
    events = data[rule.dataset]
    events = events[events[rule.time_column].notna() & (events[rule.time_column] <= ctx.as_of)]
    key = rule.subjects.key
    roster_keys = subjects[list(dict.fromkeys([key, *rule.match.values()]))].drop_duplicates()
    joined = events.merge(roster_keys, left_on=list(rule.match), right_on=list(rule.match.values()), suffixes=("_event", ""))
    frame = pd.DataFrame({key: joined[key], "_t": joined[rule.time_column].astype("datetime64[us]"), "_event": joined[ctx.key_of(rule.dataset)]})
    return frame.sort_values("_t", kind="stable").reset_index(drop=True)


def longest_gaps(rule: GapRule, grid: pd.DataFrame, events: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Per grid row (`_g`): the longest stretch without an event in days, and the events inside its stretch."""
    key = rule.subjects.key
    left = grid[["_g", key, "_j0", "_from"]].sort_values("_j0", kind="stable")
    before = pd.merge_asof(left, events[[key, "_t"]], left_on="_j0", right_on="_t", by=key, allow_exact_matches=False)
    anchor = before["_t"].where(before["_t"].notna() & ~(before["_t"] < before["_from"]), before["_j0"])
    inside = grid[["_g", key, "_j0", "_close"]].merge(events, on=key)
    inside = inside[(inside["_t"] >= inside["_j0"]) & (inside["_t"] < inside["_close"])]
    points = pd.concat([pd.DataFrame({"_g": before["_g"], "_t": anchor}), inside[["_g", "_t"]], pd.DataFrame({"_g": grid["_g"], "_t": grid["_j1"]})])
    points = points.sort_values(["_g", "_t"], kind="stable")
    gaps = points["_t"].diff().where(points["_g"].eq(points["_g"].shift()))
    longest = (gaps.dt.total_seconds() / 86400).groupby(points["_g"]).max()
    return longest.reindex(grid["_g"]).fillna(0.0).set_axis(grid.index), inside


def evaluate(rule: GapRule, data: Mapping[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    subjects = roster_frame(rule.subjects, data)
    grid = spans(rule, subjects, data, ctx)
    if grid.empty:
        return empty_partial()
    longest, inside = longest_gaps(rule, grid, matched_events(rule, data, subjects, ctx))
    grid = grid.merge(join_keys(inside, ["_g"], "_event"), on="_g", how="left")
    limit = rule.max_gap.total_seconds() / 86400
    note = status_from([(longest > limit, "gap_long"), (~grid["_final"], "gap_open")], grid.index, "gap_ok")
    return pd.DataFrame({
        "subject_type": rule.subjects.type, "subject_id": grid[rule.subjects.key], "staff_id": grid["staff_id"],
        "site_id": grid["site_id"], "record_id": pd.NA, "period_start": grid["window_start"], "period_end": grid["window_end"],
        "status": outcome_status(note, OUTCOMES), "measured": longest, "threshold": limit, "unit": "d", "note": note,
        "evidence": grid["evidence"].fillna(""),
    })
