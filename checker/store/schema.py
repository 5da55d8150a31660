"""The run store's tables (SQLAlchemy Core); the migrations in `migrations/versions` create exactly these."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
COUNT_COLUMNS = ("checks", "passed", "failed", "pending", "exempt", "not_evaluated", "waived")
STATUS_COLUMNS = ("pass", "fail", "pending", "exempt", "not_evaluated", "waived")


def _counts() -> list[sa.Column]:
    return [sa.Column(name, sa.Integer, nullable=False, server_default="0") for name in COUNT_COLUMNS]


runs = sa.Table(
    "runs", metadata,
    sa.Column("run_id", sa.String(120), primary_key=True),
    sa.Column("period", sa.String(40), nullable=False, index=True),
    sa.Column("period_start", sa.DateTime, nullable=False),
    sa.Column("period_end", sa.DateTime, nullable=False),
    sa.Column("as_of", sa.DateTime, nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("pack_name", sa.String(200), nullable=False),
    sa.Column("pack_version", sa.String(80), nullable=False),
    sa.Column("pack_hash", sa.String(80), nullable=False),
    sa.Column("export_hash", sa.String(80), nullable=False),
    sa.Column("findings_path", sa.Text, nullable=False),
    sa.Column("summary", sa.JSON, nullable=False),
)

periods = sa.Table(
    "periods", metadata,
    sa.Column("period", sa.String(40), primary_key=True),
    sa.Column("period_start", sa.DateTime, nullable=False),
    sa.Column("current_run_id", sa.String(120), sa.ForeignKey("runs.run_id"), nullable=False),
)

scores = sa.Table(
    "scores", metadata,
    sa.Column("run_id", sa.String(120), sa.ForeignKey("runs.run_id"), primary_key=True),
    sa.Column("level", sa.String(8), primary_key=True),  # staff, team, site
    sa.Column("subject_id", sa.String(120), primary_key=True),
    sa.Column("name", sa.Text), sa.Column("role", sa.Text), sa.Column("team", sa.Text), sa.Column("site_id", sa.String(120)),
    sa.Column("score", sa.Float),
    *_counts(),
    sa.Index("ix_scores_subject", "level", "subject_id"),
)

staff_rules = sa.Table(
    "staff_rules", metadata,
    sa.Column("run_id", sa.String(120), sa.ForeignKey("runs.run_id"), primary_key=True),
    sa.Column("staff_id", sa.String(120), primary_key=True),
    sa.Column("rule_id", sa.String(80), primary_key=True),
    *_counts(),
    sa.Column("compliance_rate", sa.Float),
    sa.Column("points_lost", sa.Float),
)

rule_results = sa.Table(
    "rule_results", metadata,
    sa.Column("run_id", sa.String(120), sa.ForeignKey("runs.run_id"), primary_key=True),
    sa.Column("rule_id", sa.String(80), primary_key=True),
    *[sa.Column(name, sa.Integer, nullable=False, server_default="0") for name in STATUS_COLUMNS],
    sa.Column("compliance", sa.Float),
    sa.Index("ix_rule_results_rule", "rule_id"),
)

findings = sa.Table(
    "findings", metadata,
    sa.Column("run_id", sa.String(120), sa.ForeignKey("runs.run_id"), nullable=False),
    sa.Column("finding_key", sa.Text, nullable=False),
    sa.Column("rule_id", sa.String(80), nullable=False),
    sa.Column("severity", sa.String(12), nullable=False),
    sa.Column("subject_type", sa.String(12)),
    sa.Column("subject_id", sa.Text), sa.Column("staff_id", sa.String(120)), sa.Column("site_id", sa.String(120)),
    sa.Column("record_id", sa.Text),
    sa.Column("period_start", sa.DateTime), sa.Column("period_end", sa.DateTime),
    sa.Column("status", sa.String(16), nullable=False),  # as judged; `waiver` set means the effective status is waived
    sa.Column("measured", sa.Float), sa.Column("threshold", sa.Float), sa.Column("unit", sa.String(16)),
    sa.Column("note", sa.String(40)), sa.Column("evidence", sa.Text),
    sa.Column("waiver", sa.String(80)),
    sa.Index("ix_findings_run_key", "run_id", "finding_key"),
)

pass_tally = sa.Table(
    "pass_tally", metadata,
    sa.Column("run_id", sa.String(120), sa.ForeignKey("runs.run_id"), nullable=False, index=True),
    sa.Column("rule_id", sa.String(80), nullable=False),
    sa.Column("severity", sa.String(12), nullable=False),
    sa.Column("staff_id", sa.String(120)),
    sa.Column("site_id", sa.String(120)),
    sa.Column("passed", sa.Integer, nullable=False),
)

waivers = sa.Table(
    "waivers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scope", sa.String(12), nullable=False),  # finding, record, rule
    sa.Column("rule_id", sa.String(80)), sa.Column("finding_key", sa.Text), sa.Column("record_id", sa.Text),
    sa.Column("subject_id", sa.String(120)),
    sa.Column("date_from", sa.Date), sa.Column("date_to", sa.Date),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("approved_by", sa.String(120), nullable=False),
    sa.Column("filed_by", sa.String(120), nullable=False),
    sa.Column("expires", sa.Date, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime), sa.Column("revoked_by", sa.String(120)),
    sa.Column("appeal_id", sa.Integer),
)

appeals = sa.Table(
    "appeals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(120), sa.ForeignKey("runs.run_id"), nullable=False),
    sa.Column("finding_key", sa.Text, nullable=False),
    sa.Column("staff_id", sa.String(120)),
    sa.Column("filed_by", sa.String(120), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("state", sa.String(12), nullable=False),  # open, approved, rejected
    sa.Column("filed_at", sa.DateTime, nullable=False),
    sa.Column("decided_by", sa.String(120)), sa.Column("decided_at", sa.DateTime), sa.Column("decision_note", sa.Text),
    sa.Column("waiver_id", sa.Integer),
)

audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("entity", sa.String(20), nullable=False),
    sa.Column("entity_id", sa.String(120), nullable=False),
    sa.Column("before", sa.JSON), sa.Column("after", sa.JSON),
)
