"""Rescoring a stored period: waivers and the scoring policy applied again, without reading the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from checker.errors import DefinitionError, Problem
from checker.findings import compliance_by_rule
from checker.period import Period
from checker.rulepack import _model_file
from checker.scoring import ScoringPolicy, build_scorecards
from checker.store import Store, StoreError, audit, schema
from checker.store import waivers as waiver_rules
from checker.store.record import _scores, _staff_rules, current_run, insert_frame
from checker.vocabulary import STATUSES


def scoring_policy(rules_dir: Path) -> ScoringPolicy:
    """The pack's scoring.yaml, validated (its problems with file and line)."""
    problems: list[Problem] = []
    policy = _model_file(rules_dir / "scoring.yaml", ScoringPolicy, problems)
    if problems:
        raise DefinitionError(problems)
    return policy


def stored_run(conn: Connection, run_id: str) -> tuple[dict, pd.DataFrame]:
    """A run's row and its findings as far as scoring needs them: the non-pass rows, and one row per tallied pass."""
    run = conn.execute(sa.select(schema.runs).where(schema.runs.c.run_id == run_id)).mappings().one()
    f, t = schema.findings, schema.pass_tally
    columns = ["finding_key", "rule_id", "severity", "subject_type", "subject_id", "staff_id", "site_id", "record_id", "period_start", "status"]
    failing = pd.DataFrame(conn.execute(sa.select(*[f.c[c] for c in columns]).where(f.c.run_id == run_id)).all(), columns=columns)
    tally = pd.DataFrame(conn.execute(sa.select(t.c.rule_id, t.c.severity, t.c.staff_id, t.c.site_id, t.c.passed)
                                      .where(t.c.run_id == run_id)).all(), columns=["rule_id", "severity", "staff_id", "site_id", "passed"])
    passes = tally.loc[np.repeat(tally.index.to_numpy(), tally["passed"].astype("int64").to_numpy()), ["rule_id", "severity", "staff_id", "site_id"]]
    found = pd.concat([failing, passes.assign(status="pass")], ignore_index=True)
    found["status"] = pd.Categorical(found["status"], categories=list(STATUSES))
    found["period_start"] = pd.to_datetime(found["period_start"])
    return dict(run), found


def _people(conn: Connection, run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run's staff (as employed in its period) and sites, from its stored scorecards."""
    s = schema.scores
    rows = pd.DataFrame(conn.execute(sa.select(s.c.level, s.c.subject_id, s.c.name, s.c.role, s.c.team, s.c.site_id)
                                     .where(s.c.run_id == run_id)).all(), columns=["level", "subject_id", "name", "role", "team", "site_id"])
    staff = rows[rows["level"] == "staff"].rename(columns={"subject_id": "staff_id"}).drop(columns="level")
    staff = staff.assign(active_from=pd.NaT, active_to=pd.NaT).astype({c: "string" for c in ("staff_id", "name", "role", "team", "site_id")})
    sites = rows[rows["level"] == "site"].rename(columns={"name": "site_name"})[["site_id", "site_name"]].astype("string")
    return staff, sites


def _replace(conn: Connection, run_id: str, found: pd.DataFrame, cards: dict[str, pd.DataFrame], rule_ids: list[str]) -> None:
    """The run's scores, staff×rule rows, rule results and the waiver on each finding, as rescored."""
    for table in (schema.scores, schema.staff_rules, schema.rule_results):
        conn.execute(sa.delete(table).where(table.c.run_id == run_id))
    insert_frame(conn, schema.scores, _scores(cards, run_id))
    insert_frame(conn, schema.staff_rules, _staff_rules(cards, run_id))
    per_rule = compliance_by_rule(found, rule_ids).reset_index(names="rule_id")
    insert_frame(conn, schema.rule_results, per_rule[["rule_id", *schema.STATUS_COLUMNS, "compliance"]].assign(run_id=run_id))
    f = schema.findings
    conn.execute(sa.update(f).where(f.c.run_id == run_id).values(waiver=None))
    waived = found.loc[found["waiver"].notna(), ["finding_key", "waiver"]]
    if len(waived):
        conn.execute(sa.update(f).where((f.c.run_id == run_id) & (f.c.finding_key == sa.bindparam("key"))).values(waiver=sa.bindparam("ref")),
                     [{"key": k, "ref": r} for k, r in zip(waived["finding_key"], waived["waiver"])])


def rescore(store: Store, period: str, rules_dir: Path, by: str, today: dt.date | None = None) -> dict:
    """Rescore the period's current run with the waivers in force today and the pack's scoring policy; returns what moved."""
    from checker.store.runs import in_force

    policy, waivers = scoring_policy(rules_dir), in_force(store, waiver_rules.load_file(rules_dir))
    with store.transaction() as conn:
        run_id = current_run(conn, period)
        if run_id is None:
            raise StoreError(f"no run of period {period} in the store")
        run, found = stored_run(conn, run_id)
        before = pd.DataFrame(conn.execute(sa.select(schema.scores.c.level, schema.scores.c.subject_id, schema.scores.c.score)
                                           .where(schema.scores.c.run_id == run_id)).all(), columns=["level", "subject_id", "score"])
        found = waiver_rules.apply(found, waivers, today or dt.date.today())
        weights = {rule_id: info["weight"] for rule_id, info in run["summary"]["rules"].items()}
        staff, sites = _people(conn, run_id)
        window = Period(period, pd.Timestamp(run["period_start"]), pd.Timestamp(run["period_end"]))
        cards = build_scorecards(found, weights, policy, staff, sites, window)
        _replace(conn, run_id, found, cards, list(weights))
        moved = _moved(before, cards)
        outcome = {"run_id": run_id, "period": period, "waived": int((found["status"] == "waived").sum()), "moved": moved}
        audit.write(conn, by, "rescore", "period", period, {"scores": {k: v[0] for k, v in moved.items()}},
                    {"run_id": run_id, "waived": outcome["waived"], "scores": {k: v[1] for k, v in moved.items()}})
    return outcome


def _moved(before: pd.DataFrame, cards: dict[str, pd.DataFrame]) -> dict[str, tuple[float | None, float | None]]:
    """`level:subject` → (score before, score after), for each score the rescore changed."""
    after = _scores(cards, "")[["level", "subject_id", "score"]]
    both = before.merge(after, on=["level", "subject_id"], how="outer", suffixes=("_before", "_after"))
    changed = both[(both["score_before"].fillna(-1) - both["score_after"].fillna(-1)).abs() > 1e-9]
    none = lambda v: None if pd.isna(v) else float(v)  # noqa: E731
    return {f"{r.level}:{r.subject_id}": (none(r.score_before), none(r.score_after)) for r in changed.itertuples()}
