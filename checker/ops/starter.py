"""`svccheck demo` and `svccheck init`: a first run and an editable rule pack, without make or a source tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from checker.errors import UsageError
from checker.ops.resources import shipped

PATH = click.Path(path_type=Path)
# what `make demo` always did: 3 sites, 45 days from 2026-09-20 (seed 7), October 2026 checked
DEMO_SITES, DEMO_DAYS, DEMO_SEED, DEMO_START, DEMO_PERIOD = 3, 45, 7, "2026-09-20", "2026-10"


@click.command()
@click.option("--out", type=PATH, default=Path("svccheck-demo"), show_default=True,
              help="Folder for the sample export (OUT/export) and the run (OUT/2026-10).")
@click.option("--sites", default=DEMO_SITES, show_default=True, type=click.IntRange(1, 50), help="Sites in the sample export.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.pass_context
def demo(ctx: click.Context, out: Path, sites: int, lang: str) -> None:
    """Generate a sample export and check October 2026 with the shipped rules: report at OUT/2026-10/report.html."""
    from checker.cli import run, sample

    export, result = out / "export", out / DEMO_PERIOD
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out {out}: is a file; the demo needs a folder")
    out.mkdir(parents=True, exist_ok=True)
    ctx.invoke(sample, sites=sites, days=DEMO_DAYS, seed=DEMO_SEED, start=DEMO_START, violation_rate=0.08,
               dirty_rate=0.002, encoding="utf-8-sig", fmt="csv", headers="zh", rules_dir=None, out=export)
    try:
        ctx.invoke(run, data_dir=export, period=DEMO_PERIOD, out=result, lang=lang)
    except SystemExit as done:
        if not done.code:
            click.echo(f"Report: {(result / 'report.html').resolve()}")
        raise


@click.command()
@click.argument("folder", type=PATH)
def init(folder: Path) -> None:
    """Copy the shipped rule pack and dataset contracts into FOLDER/rules and FOLDER/datasets, to edit and use with --rules."""
    from checker.cli import _guarded

    _guarded(_copy_pack)(folder)


def _copy_pack(folder: Path) -> None:
    """Copy rules/ and datasets/ (without the sample export) into a new or empty folder; never over existing files."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: exists and is not an empty folder; init writes only into a new or empty one")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(shipped("rules"), folder / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))
    shutil.copytree(shipped("datasets"), folder / "datasets", ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc", "sample"))
    rules, contracts = folder / "rules", folder / "datasets"
    click.echo(f"rule pack -> {rules.resolve()}\ncontracts -> {contracts.resolve()}\n"
               f"edit them, check them with `svccheck rules validate --rules {rules} --contracts {contracts}`, "
               f"and run with `svccheck run --rules {rules} --contracts {contracts} ...`")
