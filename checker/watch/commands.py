"""`svccheck watch`: the live deadline monitor on the command line (the engine runs in a child process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from checker.exitcodes import ExitCode

PATH = click.Path(path_type=Path)
CHILD = "SVCCHECK_WATCH_CHILD"


@click.command()
@click.option("--events", help="JSON lines of record upserts and ticks: a file, or - for stdin.")
@click.option("--follow", "follow_dir", type=PATH, help="Watch a folder: read every *.jsonl file in it as it grows.")
@click.option("--rules", "rules_dir", type=PATH, help="Rule pack folder (default: the shipped rules/).")
@click.option("--contracts", "contracts_dir", type=PATH, help="Dataset contracts folder (default: datasets/).")
@click.option("--out", type=PATH, help="Folder for alerts.jsonl and state.json (resumed on restart); default: alerts on stdout, no state.")
@click.option("--at-risk", "share", default=0.75, show_default=True, type=float, help="Share of the limit at which an at-risk alert goes out.")
@click.option("--webhook", help="Also post each alert to this group-robot URL.")
@click.option("--webhook-style", type=click.Choice(["wecom", "dingtalk", "text"]), default="wecom", show_default=True)
@click.option("--poll", default=2.0, show_default=True, type=float, help="With --follow: seconds between looks at the folder.")
@click.option("--idle-exit", type=float, help="With --follow: stop after this many seconds without new lines.")
def watch(events, follow_dir, rules_dir, contracts_dir, out, share, webhook, webhook_style, poll, idle_exit) -> None:
    """Alert before and at each deadline of the deadline and escalation rules, from a stream of record events."""
    from checker.watch.engine import available

    if (events is None) == (follow_dir is None):
        raise click.UsageError("give --events FILE|- or --follow DIR (one of them)")
    missing = available()
    if missing:
        click.echo(f"svccheck watch: {missing}", err=True)
        sys.exit(ExitCode.USAGE)
    if os.environ.get(CHILD) != "1":
        given = {"--events": events, "--follow": follow_dir, "--rules": rules_dir, "--contracts": contracts_dir, "--out": out,
                 "--at-risk": share, "--webhook": webhook, "--webhook-style": webhook_style, "--poll": poll, "--idle-exit": idle_exit}
        sys.exit(_supervise([part for name, value in given.items() if value is not None for part in (name, str(value))]))
    _run(events, follow_dir, rules_dir, contracts_dir, out, share, webhook, webhook_style, poll, idle_exit)


def _supervise(arguments: list[str]) -> int:
    """Run the same command in a child: durable-rules can crash the process (SIGSEGV), and that must be reported."""
    child = subprocess.run([sys.executable, "-m", "checker", "watch", *arguments], env={**os.environ, CHILD: "1"}, check=False)
    if child.returncode >= 0:
        return child.returncode
    name = signal.Signals(-child.returncode).name
    click.echo(f"svccheck watch: the rules engine (durable-rules) crashed with {name}; the state file holds what was "
               "done up to the last complete chunk, and a restart with the same --out resumes from there", err=True)
    return ExitCode.INTERNAL


def _run(events, follow_dir, rules_dir, contracts_dir, out, share, webhook, webhook_style, poll, idle_exit) -> None:
    from checker.cli import _guarded
    from checker.watch import session as ws
    from checker.watch.sinks import Fanout, JsonLines, Webhook

    @_guarded
    def body() -> None:
        state_file = _claim(out) if out else None
        stream = (out / ws.ALERTS).open("a", encoding="utf-8") if out else sys.stdout
        sink = Fanout(JsonLines(stream), Webhook(webhook, webhook_style) if webhook else None)
        session = ws.open_session(rules_dir, contracts_dir, sink, share, state_file)
        for rule_id, why in session.skipped.items():
            click.echo(f"svccheck watch: {rule_id} not watched: {why}", err=True)
        if follow_dir is not None:
            ws.follow(session, follow_dir, poll, idle_exit)
        elif events == "-":
            ws.feed(session, "-", sys.stdin)
        else:
            path = Path(events)
            if not path.is_file():
                raise ws.UsageError(f"--events {events}: no such file")
            with path.open(encoding="utf-8", errors="replace") as handle:
                ws.feed(session, str(path.resolve()), handle)
        ws.save(session)
        click.echo(f"svccheck watch: {session.monitor.events} events, {session.monitor.open_records()} open records, "
                   f"watermark {ws.format_time(session.monitor.watermark)}", err=True)

    body()


def _claim(out: Path) -> Path:
    """--out may be new, empty, or a folder this command wrote (state.json of svccheck watch, alerts.jsonl)."""
    from checker.errors import UsageError
    from checker.watch.session import ALERTS, STATE

    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    out.mkdir(parents=True, exist_ok=True)
    foreign = sorted(p.name for p in out.iterdir() if p.name not in (STATE, ALERTS, f".{STATE}.tmp"))
    if foreign:
        raise UsageError(f"--out {out}: holds files svccheck watch did not write ({', '.join(foreign[:3])}); choose another folder")
    if (out / ALERTS).exists() and not (out / STATE).exists():
        raise UsageError(f"--out {out}: alerts.jsonl without state.json; choose another folder")
    return out / STATE
