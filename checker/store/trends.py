"""The last periods' scores per site and per person, for the report's trend section (written into summary.json)."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from checker.store import Store, schema

PERIODS = 6  # the report shows this many periods, the run's own included


def for_run(store: Store, result, periods: int = PERIODS) -> dict:  # type: ignore[no-untyped-def]
    """{"periods": [...], "site": {id: [score…]}, "staff": {id: [score…]}}: the earlier periods' current runs and this run."""
    p, s = schema.periods, schema.scores
    with store.transaction() as conn:
        earlier = conn.execute(sa.select(p.c.period, p.c.current_run_id).where(p.c.period_start < result.period.start.to_pydatetime())
                               .order_by(p.c.period_start.desc()).limit(periods - 1)).all()[::-1]
        rows = pd.DataFrame(conn.execute(sa.select(s.c.run_id, s.c.level, s.c.subject_id, s.c.score)
                                         .where(s.c.run_id.in_([r.current_run_id for r in earlier]) & s.c.level.in_(["site", "staff"]))).all(),
                            columns=["run_id", "level", "subject_id", "score"])
    rows["period"] = rows["run_id"].map({r.current_run_id: r.period for r in earlier})
    labels = [r.period for r in earlier] + [result.period.label]
    now = pd.concat([pd.DataFrame({"level": level, "subject_id": result.scorecards[level][key].astype("string"),
                                   "score": result.scorecards[level]["score"], "period": result.period.label})
                     for level, key in (("site", "site_id"), ("staff", "staff_id"))], ignore_index=True)
    both = pd.concat([rows.drop(columns="run_id"), now], ignore_index=True).dropna(subset=["subject_id"])
    out: dict = {"periods": labels}
    for level in ("site", "staff"):
        wide = both[both["level"] == level].pivot_table(index="subject_id", columns="period", values="score", aggfunc="last")
        wide = wide.reindex(columns=labels).round(1)
        present = set(now.loc[now["level"] == level, "subject_id"].dropna())
        wide = wide[wide.index.isin(present)]
        out[level] = {str(k): [None if pd.isna(v) else float(v) for v in values] for k, values in zip(wide.index, wide.to_numpy())}
    return out
