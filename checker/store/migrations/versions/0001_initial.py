"""The first schema: runs, periods, scores, findings, pass tallies, waivers, appeals and the append-only audit."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_COUNTS = ("checks", "passed", "failed", "pending", "exempt", "not_evaluated", "waived")
_STATUSES = ("pass", "fail", "pending", "exempt", "not_evaluated", "waived")
_RUN = ("run_id", sa.String(120))


def _ints(names):
    return [sa.Column(n, sa.Integer, nullable=False, server_default="0") for n in names]


def _run_fk(primary_key: bool = False) -> sa.Column:
    return sa.Column(*_RUN, sa.ForeignKey("runs.run_id"), nullable=False, primary_key=primary_key)


def upgrade() -> None:
    op.create_table("runs", sa.Column(*_RUN, primary_key=True), sa.Column("period", sa.String(40), nullable=False),
                    *[sa.Column(n, sa.DateTime, nullable=False) for n in ("period_start", "period_end", "as_of", "recorded_at")],
                    sa.Column("pack_name", sa.String(200), nullable=False), sa.Column("pack_version", sa.String(80), nullable=False),
                    sa.Column("pack_hash", sa.String(80), nullable=False), sa.Column("export_hash", sa.String(80), nullable=False),
                    sa.Column("findings_path", sa.Text, nullable=False), sa.Column("summary", sa.JSON, nullable=False))
    op.create_index("ix_runs_period", "runs", ["period"])
    op.create_table("periods", sa.Column("period", sa.String(40), primary_key=True), sa.Column("period_start", sa.DateTime, nullable=False),
                    sa.Column("current_run_id", sa.String(120), sa.ForeignKey("runs.run_id"), nullable=False))
    op.create_table("scores", _run_fk(True), sa.Column("level", sa.String(8), primary_key=True),
                    sa.Column("subject_id", sa.String(120), primary_key=True),
                    sa.Column("name", sa.Text), sa.Column("role", sa.Text), sa.Column("team", sa.Text), sa.Column("site_id", sa.String(120)),
                    sa.Column("score", sa.Float), *_ints(_COUNTS))
    op.create_index("ix_scores_subject", "scores", ["level", "subject_id"])
    op.create_table("staff_rules", _run_fk(True), sa.Column("staff_id", sa.String(120), primary_key=True),
                    sa.Column("rule_id", sa.String(80), primary_key=True), *_ints(_COUNTS),
                    sa.Column("compliance_rate", sa.Float), sa.Column("points_lost", sa.Float))
    op.create_table("rule_results", _run_fk(True), sa.Column("rule_id", sa.String(80), primary_key=True), *_ints(_STATUSES),
                    sa.Column("compliance", sa.Float))
    op.create_index("ix_rule_results_rule", "rule_results", ["rule_id"])
    _findings()
    op.create_table("pass_tally", _run_fk(), sa.Column("rule_id", sa.String(80), nullable=False),
                    sa.Column("severity", sa.String(12), nullable=False), sa.Column("staff_id", sa.String(120)),
                    sa.Column("site_id", sa.String(120)), sa.Column("passed", sa.Integer, nullable=False))
    op.create_index("ix_pass_tally_run_id", "pass_tally", ["run_id"])
    _exceptions()
    _audit()


def _findings() -> None:
    op.create_table("findings", _run_fk(), sa.Column("finding_key", sa.Text, nullable=False),
                    sa.Column("rule_id", sa.String(80), nullable=False), sa.Column("severity", sa.String(12), nullable=False),
                    sa.Column("subject_type", sa.String(12)), sa.Column("subject_id", sa.Text), sa.Column("staff_id", sa.String(120)),
                    sa.Column("site_id", sa.String(120)), sa.Column("record_id", sa.Text),
                    sa.Column("period_start", sa.DateTime), sa.Column("period_end", sa.DateTime),
                    sa.Column("status", sa.String(16), nullable=False), sa.Column("measured", sa.Float), sa.Column("threshold", sa.Float),
                    sa.Column("unit", sa.String(16)), sa.Column("note", sa.String(40)), sa.Column("evidence", sa.Text),
                    sa.Column("waiver", sa.String(80)))
    op.create_index("ix_findings_run_key", "findings", ["run_id", "finding_key"])


def _exceptions() -> None:
    op.create_table("waivers", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("scope", sa.String(12), nullable=False), sa.Column("rule_id", sa.String(80)),
                    sa.Column("finding_key", sa.Text), sa.Column("record_id", sa.Text), sa.Column("subject_id", sa.String(120)),
                    sa.Column("date_from", sa.Date), sa.Column("date_to", sa.Date), sa.Column("reason", sa.Text, nullable=False),
                    sa.Column("approved_by", sa.String(120), nullable=False), sa.Column("filed_by", sa.String(120), nullable=False),
                    sa.Column("expires", sa.Date, nullable=False), sa.Column("created_at", sa.DateTime, nullable=False),
                    sa.Column("revoked_at", sa.DateTime), sa.Column("revoked_by", sa.String(120)), sa.Column("appeal_id", sa.Integer))
    op.create_table("appeals", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _run_fk(),
                    sa.Column("finding_key", sa.Text, nullable=False), sa.Column("staff_id", sa.String(120)),
                    sa.Column("filed_by", sa.String(120), nullable=False), sa.Column("reason", sa.Text, nullable=False),
                    sa.Column("state", sa.String(12), nullable=False), sa.Column("filed_at", sa.DateTime, nullable=False),
                    sa.Column("decided_by", sa.String(120)), sa.Column("decided_at", sa.DateTime), sa.Column("decision_note", sa.Text),
                    sa.Column("waiver_id", sa.Integer))


def _audit() -> None:
    """The audit table, with triggers that refuse UPDATE and DELETE on it (append-only in the database itself)."""
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), sa.Column("at", sa.DateTime, nullable=False),
                    sa.Column("actor", sa.String(120), nullable=False), sa.Column("action", sa.String(40), nullable=False),
                    sa.Column("entity", sa.String(20), nullable=False), sa.Column("entity_id", sa.String(120), nullable=False),
                    sa.Column("before", sa.JSON), sa.Column("after", sa.JSON))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION svccheck_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$")
        op.execute("CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
                   "FOR EACH ROW EXECUTE FUNCTION svccheck_audit_append_only()")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_no_{event.lower()} BEFORE {event} ON audit "
                       "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")


def downgrade() -> None:
    raise NotImplementedError("the store's first schema is not downgraded")
