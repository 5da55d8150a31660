"""History per period (a person's or site's score, a rule's compliance) and the difference between two runs."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from checker.errors import UsageError
from checker.period import Period, parse_day
from checker.store import Store, StoreError, schema

LEVELS = ("staff", "site", "team")


def _window(date_from: str | None, date_to: str | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """--from / --to as periods (2026-01, 2026-W05, 2026-01-15): periods starting from the first's start to before the last's end."""
    start = _as_period(date_from, "--from").start if date_from else None
    end = _as_period(date_to, "--to").end if date_to else None
    return start, end


def _as_period(text: str, flag: str) -> Period:
    if len(text.strip()) == 10:  # a day
        day = parse_day(text, flag)
        return Period(text, day, day + pd.Timedelta(days=1))
    try:
        return Period.parse(text)
    except UsageError as exc:
        raise UsageError(f"{flag} {text!r}: {exc}") from None


def _current_runs(date_from: str | None, date_to: str | None) -> sa.Select:
    periods = schema.periods
    query = sa.select(periods.c.period, periods.c.period_start, periods.c.current_run_id)
    start, end = _window(date_from, date_to)
    if start is not None:
        query = query.where(periods.c.period_start >= start.to_pydatetime())
    if end is not None:
        query = query.where(periods.c.period_start < end.to_pydatetime())
    return query


def with_change(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """Periods in order with the change of `value` from the period before."""
    frame = frame.sort_values("period_start").reset_index(drop=True)
    frame["change"] = frame[value].diff().round(4)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.strftime("%Y-%m-%d")
    return frame


def subject_history(store: Store, level: str, subject: str, date_from: str | None = None, date_to: str | None = None) -> pd.DataFrame:
    """The score of one person, team or site in each period's current run, with the change from the period before."""
    s = schema.scores
    return _per_period(store, s, s.c.score, schema.COUNT_COLUMNS, (s.c.level == level) & (s.c.subject_id == subject),
                       f"no {level} '{subject}'", date_from, date_to)


def rule_history(store: Store, rule_id: str, date_from: str | None = None, date_to: str | None = None) -> pd.DataFrame:
    """A rule's compliance and counts in each period's current run."""
    r = schema.rule_results
    return _per_period(store, r, r.c.compliance, schema.STATUS_COLUMNS, r.c.rule_id == rule_id, f"no rule '{rule_id}'", date_from, date_to)


def _per_period(store: Store, table: sa.Table, value: sa.Column, counts: tuple[str, ...], subject: sa.ColumnElement[bool], missing: str,
                date_from: str | None, date_to: str | None) -> pd.DataFrame:
    """value and counts of one subject of table in each period's current run, with the change of value from the period before."""
    current = _current_runs(date_from, date_to).subquery()
    query = (sa.select(current.c.period, current.c.period_start, current.c.current_run_id.label("run_id"), value,
                       *[table.c[c] for c in counts])
             .join(table, (table.c.run_id == current.c.current_run_id) & subject))
    with store.transaction() as conn:
        frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=["period", "period_start", "run_id", value.name, *counts])
    if frame.empty:
        raise StoreError(f"{missing} in any recorded period{_span(date_from, date_to)}")
    frame[value.name] = pd.to_numeric(frame[value.name], errors="coerce")
    return with_change(frame, value.name)


def _span(date_from: str | None, date_to: str | None) -> str:
    return f" from {date_from or 'the first'} to {date_to or 'the last'}" if date_from or date_to else ""


def _failing(conn: sa.Connection, run_id: str) -> pd.DataFrame:
    f = schema.findings
    rows = conn.execute(sa.select(f.c.finding_key, f.c.rule_id, f.c.staff_id, f.c.site_id)
                        .where((f.c.run_id == run_id) & (f.c.status == "fail") & f.c.waiver.is_(None))).all()
    return pd.DataFrame(rows, columns=["finding_key", "rule_id", "staff_id", "site_id"])


def _run_scores(conn: sa.Connection, run_id: str) -> pd.DataFrame:
    s = schema.scores
    rows = conn.execute(sa.select(s.c.level, s.c.subject_id, s.c.score).where(s.c.run_id == run_id)).all()
    return pd.DataFrame(rows, columns=["level", "subject_id", "score"])


def diff(store: Store, run_a: str, run_b: str) -> dict[str, pd.DataFrame]:
    """Findings failing in B but not in A (newly failing), failing in A but not in B (newly passing), and scores that moved."""
    with store.transaction() as conn:
        known = set(conn.execute(sa.select(schema.runs.c.run_id).where(schema.runs.c.run_id.in_([run_a, run_b]))).scalars())
        unknown = [r for r in (run_a, run_b) if r not in known]
        if unknown:
            raise StoreError(f"no run {', '.join(unknown)} in the store (`svccheck history` and the runs' summary.json name them)")
        fail_a, fail_b = _failing(conn, run_a), _failing(conn, run_b)
        scores = _run_scores(conn, run_a).merge(_run_scores(conn, run_b), on=["level", "subject_id"], how="outer", suffixes=("_a", "_b"))
    moved = scores[(scores["score_a"].fillna(-1) - scores["score_b"].fillna(-1)).abs() > 1e-9].copy()
    moved["change"] = (moved["score_b"] - moved["score_a"]).round(4)
    return {"newly_failing": fail_b[~fail_b["finding_key"].isin(fail_a["finding_key"])].sort_values("finding_key").reset_index(drop=True),
            "newly_passing": fail_a[~fail_a["finding_key"].isin(fail_b["finding_key"])].sort_values("finding_key").reset_index(drop=True),
            "scores_moved": moved.sort_values(["level", "subject_id"]).reset_index(drop=True)}
