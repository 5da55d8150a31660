"""report.html: one self-contained page (no network), rendered from the run's artefacts with Jinja2."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from checker.report import RunArtifacts
from checker.report.labels import labels

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "reports"
MAX_FAILURES = 2000


def _pct(value: object) -> str:
    """A share as a percentage; an empty or missing value (no pass/fail results) as a dash."""
    return f"{value:.1%}" if isinstance(value, (int, float)) and not pd.isna(value) else "—"


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), "").to_dict("records")


def render(artifacts: RunArtifacts, lang: str = "zh") -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
    failures = artifacts.findings[artifacts.findings["status"] == "fail"]
    staff = artifacts.scorecards["staff"].sort_values(["score", "staff_id"], na_position="last")
    return env.get_template("report.html.j2").render(
        L=labels(lang), lang=lang, s=artifacts.summary, q=artifacts.quality, pct=_pct,
        rules=_records(artifacts.rules_table()), staff=_records(staff),
        failures=_records(failures.head(MAX_FAILURES)), failures_truncated=len(failures) > MAX_FAILURES,
    )


def write(path: Path, artifacts: RunArtifacts, lang: str = "zh") -> None:
    path.write_text(render(artifacts, lang), encoding="utf-8")
