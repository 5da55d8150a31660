"""Unattended runs: `--log-file`, `--notify` and `--require-datasets` on `svccheck run`, and warnings nobody may miss."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import Any

import click

from checker.exitcodes import ExitCode
from checker.ops import alerts, notify

SUMMARY = "svccheck.summary"  # click context meta: the run's summary once written (for the log and the notification)
TAGS = ("svccheck:", "warning:")


class _Tap:
    """stderr as it was, also keeping the lines svccheck itself writes there (errors and warnings)."""

    def __init__(self, stream: Any):
        self.stream = stream
        self.lines: list[str] = []

    def write(self, text: Any) -> int:
        written = self.stream.write(text)
        if isinstance(text, str):
            self.lines += [line for line in text.splitlines() if line.startswith(TAGS)]
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class RunLog:
    """`--log-file`: stages with timings, warnings, errors and the exit status, appended as UTF-8 lines."""

    def __init__(self, path: Path | None):
        self.path, self.started = path, time.monotonic()
        words = [a.split("?")[0] + "?…" if a.startswith(("http://", "https://")) and "?" in a else a for a in sys.argv[1:]]
        self.write(f"start: svccheck {' '.join(words)}")  # a robot URL's key (its query) is not logged

    def write(self, line: str) -> None:
        if self.path is None:
            return
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        with self.path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(f"{stamp} [{time.monotonic() - self.started:7.1f}s] {line}\n")

    def progress(self, say: Any) -> Any:
        """The run's progress callback, also logging each step."""
        def logged(stage: str, detail: str, rows: int = 0) -> None:
            self.write(f"{stage}: {detail}" + (f" ({rows:,} rows)" if rows else ""))
            say(stage, detail, rows)
        return logged


def finished(info: dict, timings: dict[str, float]) -> None:
    """Called by `run` once the summary is known: warnings on stderr (also with --quiet), kept for the log and the robot."""
    for line in alerts.run_warnings(info):
        click.echo(f"warning: {line}", err=True)
    ctx = click.get_current_context()
    ctx.meta[SUMMARY] = info
    log = ctx.meta.get("svccheck.log")
    if log is not None:
        log.write("timings: " + ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in timings.items()))


def progress(say: Any) -> Any:
    log = click.get_current_context().meta.get("svccheck.log")
    return say if log is None else log.progress(say)


def scheduled(func):
    """Add --require-datasets (used by the run itself), --log-file and --notify around the `run` command."""

    @functools.wraps(func)
    def wrapper(*args: Any, log_file: Path | None = None, notify_url: str | None = None, **kwargs: Any) -> None:
        ctx = click.get_current_context()
        log = ctx.meta["svccheck.log"] = RunLog(log_file)
        tap, code = _Tap(sys.stderr), 0
        sys.stderr = tap
        try:
            func(*args, **kwargs)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
            raise
        finally:
            sys.stderr = tap.stream
            _conclude(log, code, tap.lines, ctx.meta.get(SUMMARY), notify_url, kwargs.get("out"))

    wrapper = click.option("--notify", "notify_url", metavar="URL",
                           help="POST a run summary to a WeCom/DingTalk group robot webhook when the run ends (also on failure).")(wrapper)
    wrapper = click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False),
                           help="Append stages, timings, warnings, errors and the exit status to this file (UTF-8).")(wrapper)
    return click.option("--require-datasets", metavar="all|A,B",
                        help="Exit 3 before evaluating when these datasets (or 'all') are missing from the export.")(wrapper)


def _conclude(log: RunLog, code: int, lines: list[str], info: dict | None, url: str | None, out: Path | None) -> None:
    """The end of a run, whatever it was: the log's last lines, then the notification (its failure only warns)."""
    meaning = ExitCode(code).name if code in {int(c) for c in ExitCode} else str(code)
    for line in lines:
        log.write(line)
    log.write(f"exit {code} ({meaning})")
    if not url:
        return
    title, text = notify.message(code, meaning, info, lines, str(out.resolve()) if out and info else None)
    problem = notify.send(url, title, text)
    if problem:
        click.echo(f"warning: --notify {url.split('?')[0]} failed: {problem}", err=True)
        log.write(f"warning: --notify failed: {problem}")
