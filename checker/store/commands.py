"""The store's subcommands: history, diff, appeal, waiver, rescore (thin over checker.store)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from checker.cli import PATH, _guarded

STORE_HELP = "Store URL or SQLite file (default: $SVCCHECK_STORE, else ./svccheck.db)."


def _open(url: str | None):  # type: ignore[no-untyped-def]
    from checker.store import open_store, resolve_url

    resolved = resolve_url(url, Path.cwd())
    assert resolved is not None
    return open_store(resolved, create=False)


def _emit(frame: pd.DataFrame, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(json.loads(frame.to_json(orient="records", date_format="iso")), ensure_ascii=False, indent=2))
    else:
        click.echo(frame.to_string(index=False) if len(frame) else "(none)")


def store_option(func):
    return click.option("--store", "store_url", help=STORE_HELP)(func)


@click.command()
@click.argument("level", type=click.Choice(["staff", "site", "team", "rule"]))
@click.argument("subject")
@click.option("--from", "date_from", help="First period (2026-01, 2026-W05 or a day).")
@click.option("--to", "date_to", help="Last period, inclusive.")
@click.option("--json", "as_json", is_flag=True)
@store_option
@_guarded
def history(level, subject, date_from, date_to, as_json, store_url) -> None:
    """A person's, team's or site's score, or a rule's compliance, per period (each period's current run), with the change."""
    from checker.store.history import rule_history, subject_history

    store = _open(store_url)
    frame = rule_history(store, subject, date_from, date_to) if level == "rule" else subject_history(store, level, subject, date_from, date_to)
    _emit(frame, as_json)


@click.command()
@click.argument("run_a")
@click.argument("run_b")
@click.option("--json", "as_json", is_flag=True)
@store_option
@_guarded
def diff(run_a, run_b, as_json, store_url) -> None:
    """Findings newly failing and newly passing from RUN_A to RUN_B, and the scores that moved."""
    from checker.store.history import diff as compare

    parts = compare(_open(store_url), run_a, run_b)
    if as_json:
        click.echo(json.dumps({k: json.loads(v.to_json(orient="records")) for k, v in parts.items()}, ensure_ascii=False, indent=2))
        return
    for name, frame in parts.items():
        click.echo(f"{name.replace('_', ' ')}: {len(frame)}")
        if len(frame):
            click.echo(frame.head(50).to_string(index=False))


@click.group()
def appeal() -> None:
    """File, decide and list appeals against findings."""


@appeal.command("file")
@click.argument("finding_key")
@click.option("--by", required=True, help="Who files it (a staff id).")
@click.option("--reason", required=True)
@click.option("--run", "run_id", help="The run (default: the newest period's current run holding the finding).")
@store_option
@_guarded
def appeal_file(finding_key, by, reason, run_id, store_url) -> None:
    from checker.store.exceptions import file_appeal

    click.echo(f"appeal {file_appeal(_open(store_url), finding_key, by, reason, run_id)} filed")


@appeal.command("approve")
@click.argument("appeal_id", type=int)
@click.option("--by", required=True, help="The approving quality manager.")
@click.option("--expires", required=True, help="Last day the waiver applies (YYYY-MM-DD).")
@click.option("--note")
@store_option
@_guarded
def appeal_approve(appeal_id, by, expires, note, store_url) -> None:
    from checker.store.exceptions import approve_appeal

    waiver_id = approve_appeal(_open(store_url), appeal_id, by, expires, note)
    click.echo(f"appeal {appeal_id} approved: waiver {waiver_id} (applies from the next run or `svccheck rescore`)")


@appeal.command("reject")
@click.argument("appeal_id", type=int)
@click.option("--by", required=True)
@click.option("--note", required=True, help="Why it is rejected.")
@store_option
@_guarded
def appeal_reject(appeal_id, by, note, store_url) -> None:
    from checker.store.exceptions import reject_appeal

    reject_appeal(_open(store_url), appeal_id, by, note)
    click.echo(f"appeal {appeal_id} rejected")


@appeal.command("list")
@click.option("--state", type=click.Choice(["open", "approved", "rejected"]))
@click.option("--json", "as_json", is_flag=True)
@store_option
@_guarded
def appeal_list(state, as_json, store_url) -> None:
    from checker.store.exceptions import list_appeals

    _emit(list_appeals(_open(store_url), state), as_json)


@click.group()
def waiver() -> None:
    """Add, list and revoke waivers (also kept as rules/waivers.yaml in the rule pack)."""


@waiver.command("add")
@click.option("--finding", "finding_key", help="Scope: one finding (its finding_key).")
@click.option("--record", "record_id", help="Scope: every finding on one record.")
@click.option("--rule", "rule_id", help="The rule (with --subject: every finding of it for the subject in --from..--to).")
@click.option("--subject", "subject_id", help="A staff or site id (with --rule).")
@click.option("--from", "date_from")
@click.option("--to", "date_to")
@click.option("--reason", required=True, help="The justification.")
@click.option("--approved-by", "approved_by", required=True)
@click.option("--expires", required=True, help="Last day it applies (YYYY-MM-DD).")
@click.option("--by", help="Who files it (default: the approver).")
@store_option
@_guarded
def waiver_add(finding_key, record_id, rule_id, subject_id, date_from, date_to, reason, approved_by, expires, by, store_url) -> None:
    from checker.errors import UsageError
    from checker.store.exceptions import add_waiver

    scopes = [s for s, v in (("finding", finding_key), ("record", record_id), ("rule", subject_id)) if v]
    if len(scopes) != 1:
        raise UsageError("give exactly one scope: --finding KEY, --record ID, or --rule R --subject ID [--from D --to D]")
    waiver_id = add_waiver(_open(store_url), by or approved_by, scopes[0], reason, approved_by, expires, finding_key=finding_key,
                           record_id=record_id, rule_id=rule_id, subject_id=subject_id, date_from=date_from, date_to=date_to)
    click.echo(f"waiver {waiver_id} added (applies from the next run or `svccheck rescore`)")


@waiver.command("list")
@click.option("--all", "everything", is_flag=True, help="Revoked waivers too.")
@click.option("--json", "as_json", is_flag=True)
@store_option
@_guarded
def waiver_list(everything, as_json, store_url) -> None:
    from checker.store.exceptions import list_waivers

    _emit(list_waivers(_open(store_url), everything), as_json)


@waiver.command("revoke")
@click.argument("waiver_id", type=int)
@click.option("--by", required=True)
@store_option
@_guarded
def waiver_revoke(waiver_id, by, store_url) -> None:
    from checker.store.exceptions import revoke_waiver

    revoke_waiver(_open(store_url), waiver_id, by)
    click.echo(f"waiver {waiver_id} revoked")


@click.command()
@click.option("--period", required=True, help="The stored period (2026-06).")
@click.option("--rules", "rules_dir", type=PATH, help="Rule pack whose scoring.yaml and waivers.yaml apply (default: rules/).")
@click.option("--by", default="svccheck", show_default=True, help="Who rescored (for the audit trail).")
@click.option("--json", "as_json", is_flag=True)
@store_option
@_guarded
def rescore(period, rules_dir, by, as_json, store_url) -> None:
    """Apply the waivers in force and the scoring policy again to a stored period, without reading the export."""
    from checker.api import default_rules_dir
    from checker.store.rescore import rescore as again

    outcome = again(_open(store_url), period, rules_dir or default_rules_dir(), by)
    if as_json:
        click.echo(json.dumps(outcome, ensure_ascii=False, indent=2))
        return
    click.echo(f"{outcome['period']}: run {outcome['run_id']} rescored; {outcome['waived']} findings waived; {len(outcome['moved'])} scores moved")
    for subject, (old, new) in sorted(outcome["moved"].items()):
        click.echo(f"  {subject}: {old} -> {new}")


@click.command("audit")
@click.option("--json", "as_json", is_flag=True)
@store_option
@_guarded
def audit_trail(as_json, store_url) -> None:
    """The audit trail of appeals, waivers and rescores, oldest first."""
    from checker.store.audit import trail

    _emit(trail(_open(store_url)), as_json)


COMMANDS = (history, diff, appeal, waiver, rescore, audit_trail)
