"""The `svccheck` command: one thin function per subcommand over the Python API."""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from pathlib import Path

import click
import pandas as pd

from checker import outdir
from checker.clilang import SpeakingGroup
from checker.clilang.errorwords import detail
from checker.engines.options import engine_options
from checker.errors import CalendarCoverageError, DataError, DefinitionError, EngineError, UsageError
from checker.exitcodes import ExitCode
from checker.i18n import resolve, t
from checker.ops.schedule import scheduled

PATH = click.Path(path_type=Path)


def _guarded(func):
    """Map svccheck's errors to exit codes and clear messages; never a traceback on user input."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        lang = resolve(kwargs.get("lang"))
        try:
            return func(*args, **kwargs)
        except DefinitionError as exc:
            click.echo(t("definitions_problems", lang, n=len(exc.problems)), err=True)
            click.echo(detail(exc, lang), err=True)
            sys.exit(ExitCode.USAGE)
        except UsageError as exc:
            click.echo(t("usage", lang, detail=detail(exc, lang)), err=True)
            sys.exit(ExitCode.USAGE)
        except CalendarCoverageError as exc:
            click.echo(t("calendar_needed", lang, detail=detail(exc, lang)), err=True)
            sys.exit(ExitCode.USAGE)
        except DataError as exc:
            click.echo(t("gate_refused", lang, detail=detail(exc, lang)), err=True)
            sys.exit(ExitCode.DATA)
        except EngineError as exc:
            click.echo(t("engine_failed", lang, detail=detail(exc, lang)), err=True)
            sys.exit(ExitCode.ENGINE)
        except KeyboardInterrupt:
            click.echo(t("interrupted", lang), err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except Exception as exc:
            if os.environ.get("SVCCHECK_DEBUG"):
                raise
            click.echo(t("internal", lang, detail=f"{type(exc).__name__}: {exc}"), err=True)
            sys.exit(ExitCode.INTERNAL)

    return wrapper


@click.group(cls=SpeakingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="svccheck", prog_name="svccheck")
def main() -> None:
    """svccheck — rules-as-data compliance checks for property-management customer service."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so that a half-built output folder is removed on the way out."""
    click.echo(t("terminated", resolve()), err=True)
    sys.exit(ExitCode.TERMINATED)


def parse_fail_on(text: str | None) -> str | float | None:
    """`--fail-on any`, or a compliance floor between 0 and 1 (0.95) or a percentage (95%)."""
    if not text or text == "any":
        return text or None
    try:
        floor = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        floor = float("nan")
    if not 0 <= floor <= 1:
        raise UsageError(t("fail_on_bad", resolve(), text=text))
    return floor


def fail_on_crossed(fail_on: str | float | None, summary: dict) -> bool:
    """`--fail-on any`: any failing finding; `--fail-on 0.95`: overall compliance below 95 %.

    Either way also a rule not evaluated at all (its dataset missing from the export): a standard that could not
    be judged is not met. A company that never exports a dataset drops its rules from its own pack (`svccheck init`).
    """
    if fail_on is None:
        return False
    if any(rule.get("missing_datasets") for rule in summary["rules"].values()):
        return True
    if fail_on == "any":
        return summary["counts"]["fail"] > 0
    return summary["compliance"] is not None and summary["compliance"] < float(fail_on)


@main.command()
@scheduled
@click.option("--data", "data_dir", type=PATH, required=True, help="Export folder (one file per dataset).")
@click.option("--period", help="A month (2026-10), an ISO week (2026-W23), or yesterday, last-week, last-month, this-month, month-to-date.")
@click.option("--from", "date_from", help="First day (YYYY-MM-DD), with --to.")
@click.option("--to", "date_to", help="Last day (YYYY-MM-DD), inclusive.")
@click.option("--as-of", "as_of", help="The moment judged as 'now' (default: end of period or newest record).")
@click.option("--rules", "rules_dir", type=PATH, help="Rule pack folder (default: the shipped rules/).")
@click.option("--contracts", "contracts_dir", type=PATH, help="Dataset contracts folder (default: datasets/).")
@click.option("--mapping", type=PATH, help="YAML {dataset: {their header: column}} for a system's own headers.")
@click.option("--out", type=PATH, required=True, help="Output folder (replaced whole when the run succeeds).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of reports and output (default: SVCCHECK_LANG, else the locale; zh).")
@click.option("--fail-on", help="Exit 1 when crossed: 'any' failure, or a compliance floor like 0.95.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors (for cron).")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON on stdout, nothing else.")
@click.option("--mask", is_flag=True, help="Hide owners' room numbers and typed free text in every output.")
@click.option("--mask-names", is_flag=True, help="Show staff by ID, not by name, in scorecards and reports.")
@click.option("--store", "store_url", help="Record the run in this store (URL or SQLite file; default: $SVCCHECK_STORE, else svccheck.db beside --out).")
@click.option("--no-store", is_flag=True, help="Do not record the run (and apply only the rule pack's waivers.yaml).")
@engine_options
@_guarded
def run(data_dir, period, date_from, date_to, as_of, rules_dir, contracts_dir, mapping, out, lang, fail_on, quiet, as_json,
        mask, mask_names, store_url, no_store, engine, require_datasets=None) -> None:
    """Check an export for a period and write findings, scorecards and reports."""
    from checker import api, output, privacy
    from checker.ops import schedule
    from checker.ops.exports import require
    from checker.ops.periods import relative_period
    from checker.period import Period, parse_moment
    from checker.store import runs as store_runs
    from checker.terminal import print_summary, progress

    lang = resolve(lang)
    fail_on = parse_fail_on(fail_on)
    contracts, pack = api.load_definitions(rules_dir, contracts_dir)
    pack_waivers = store_runs.pack_waivers(pack.folder)
    zone = pack.calendar.timezone
    window = relative_period(period, zone, has_range=bool(date_from or date_to)) or Period.parse(period, date_from, date_to)
    moment = parse_moment(as_of, "--as-of", zone) if as_of else None
    api.check_request(window, moment, pack)  # an uncovered year or a bad --as-of: refused before the export is read
    require(data_dir, contracts, require_datasets)
    with outdir.claim(out, data_dir) as target, progress(not quiet and not as_json, len(pack.rules), len(contracts), lang) as say:
        checked = api.run(data_dir, window, moment, mapping_file=mapping, progress=schedule.progress(say), definitions=(contracts, pack),
                          engine=engine)
        url, store = store_runs.open_for_run(store_url, no_store, out)  # an unreachable or newer store: exit 2, nothing written
        try:
            judged = store_runs.with_waivers(checked, store_runs.in_force(store, pack_waivers))
            result = privacy.apply(judged, mask, mask_names)
            info = output.summary(result, ExitCode.OK, lang)
            status = ExitCode.FAIL_ON if fail_on_crossed(fail_on, info) else ExitCode.OK
            info = output.with_exit_status(store_runs.with_trends(info, store, judged), status)
            output.write_run(result, target, info, lang)
            store_runs.record(url, store, judged, info, out)
        finally:
            store_runs.close(store)  # also on an error or interrupt: no WAL files left beside the output
        say("write", str(out), 0)
    schedule.finished(info, result.timings)
    if not quiet:
        print_summary(info, out, as_json, lang)
    sys.exit(status)


@main.command()
@click.option("--from-run", "run_dir", type=PATH, required=True, help="An output folder of `svccheck run`.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language (default: SVCCHECK_LANG, else the locale; zh).")
@click.option("--site", help="Only this site: writes report-<site>.html and report-<site>.xlsx beside the full report.")
@click.option("--mask-names", is_flag=True, help="Show staff by ID, not by name.")
@_guarded
def report(run_dir, lang, site, mask_names) -> None:
    """Rebuild report.html and report.xlsx from a run's output files, without re-running the checks."""
    from checker.output import rebuild_reports

    lang = resolve(lang)
    for path in rebuild_reports(run_dir, lang, site, mask_names):
        click.echo(t("wrote", lang, path=path))


@main.group()
def rules() -> None:
    """Validate, list and explain the rule pack."""


def definitions(func):
    """--rules and --contracts options, and error handling, for the subcommands that read definitions."""
    func = _guarded(func)
    func = click.option("--contracts", "contracts_dir", type=PATH, help="Dataset contracts folder (default: datasets/).")(func)
    return click.option("--rules", "rules_dir", type=PATH, help="Rule pack folder (default: rules/).")(func)


@rules.command("validate")
@definitions
def rules_validate(rules_dir, contracts_dir) -> None:
    """Report every problem in every rule, profile and contract file at once."""
    from checker.api import load_definitions

    contracts, pack = load_definitions(rules_dir, contracts_dir)
    click.echo(t("validate_ok", resolve(), rules=len(pack.rules), folder=pack.folder, name=pack.name, version=pack.version, contracts=len(contracts)))


@rules.command("list")
@definitions
def rules_list(rules_dir, contracts_dir) -> None:
    """One line per rule: id, kind, catalog ids, dataset, title."""
    from checker.api import load_definitions
    from checker.i18n import code

    lang = resolve()
    contracts, pack = load_definitions(rules_dir, contracts_dir)
    for loaded in pack.rules:
        r = loaded.rule
        profiles = t("profile_overrides", lang, n=len(loaded.overrides)) if loaded.overrides else ""
        dataset = getattr(contracts[r.dataset].title, lang) if r.dataset in contracts else r.dataset
        title = r.title.zh if lang == "zh" else r.title.en
        click.echo(f"{r.id:<18} {code(r.kind, lang):<11} {';'.join(r.catalog_ids):<15} {dataset:<12} {title}{profiles}")


@rules.command("explain")
@click.argument("rule_id")
@definitions
def rules_explain(rule_id, rules_dir, contracts_dir) -> None:
    """Print a rule, its source quote and what it measures."""
    from checker.api import load_definitions
    from checker.explain import explain
    from checker.yamlsource import suggest

    contracts, pack = load_definitions(rules_dir, contracts_dir)
    loaded = pack.get(rule_id) or next((r for r in pack.rules if r.rule.id.casefold() == rule_id.strip().casefold()), None)
    if loaded is None:
        raise UsageError(t("no_rule", resolve(), rule=rule_id, hint=suggest(rule_id, [r.rule.id for r in pack.rules])))
    click.echo(explain(loaded, resolve(), contracts))


@rules.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="Print the coverage table as JSON.")
@definitions
def rules_coverage(as_json, rules_dir, contracts_dir) -> None:
    """Every standard of the catalog with the rules that encode it, or the reason none does."""
    import json

    from checker import coverage
    from checker.api import load_definitions

    _, pack = load_definitions(rules_dir, contracts_dir)
    rows = coverage.pack_coverage(pack.catalog, [r.rule for r in pack.rules])
    totals = coverage.counts(rows)
    if as_json:
        click.echo(json.dumps({"totals": totals, "standards": rows}, ensure_ascii=False, indent=2))
        return
    from checker.i18n import code

    lang = resolve()
    for row in rows:
        what = ", ".join(row["rules"]) if row["rules"] else t("not_encoded", lang, reason=row["reason"] or t("no_reason", lang))
        click.echo(f"{row['id']:<7} {code(row['tier'], lang):<5} {what}")
    click.echo(t("coverage_totals", lang, **totals))


@main.group()
def calendar() -> None:
    """Show the working-time calendar the checker uses."""


@calendar.command("show")
@click.option("--site", help="Site id (default: the company default calendar).")
@click.option("--from", "date_from", required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, help="Last day (YYYY-MM-DD), inclusive.")
@click.option("--data", "data_dir", type=PATH, help="An export whose sites.csv lists the sites --site may name.")
@definitions
def calendar_show(site, date_from, date_to, data_dir, rules_dir, contracts_dir) -> None:
    """Print each day: working or not, the working hours, and why (holiday, make-up day, local day off)."""
    from checker.api import load_definitions
    from checker.calendar import Calendars
    from checker.ops.sites import check_site
    from checker.period import Period

    contracts, pack = load_definitions(rules_dir, contracts_dir)
    check_site(site, pack.calendar, data_dir, contracts)
    span = Period.parse(None, date_from, date_to)
    table = Calendars(pack.calendar).show(site, span.start, span.end - pd.Timedelta(days=1))
    from checker.i18n import calendar_reason, weekday

    lang = resolve()
    configured = t("calendar_own" if site in pack.calendar.sites else "calendar_default", lang)
    click.echo(t("calendar_head", lang, site=site or t("calendar_default_site", lang), configured=configured,
                 days=int(table["working"].sum()), hours=table["working_hours"].sum(), first=date_from, last=date_to))
    for row in table.itertuples():
        mark = t("work" if row.working else "off", lang)
        click.echo(f"{row.date} {weekday(row.weekday, lang)}  {mark}  {row.hours:<24} {calendar_reason(row.reason, lang)}")


@main.command()
@click.option("--sites", default=3, show_default=True, type=click.IntRange(1, 5000))
@click.option("--days", default=31, show_default=True, type=click.IntRange(1, 3660))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--start", default="2026-10-01", show_default=True, help="First day of the export.")
@click.option("--violation-rate", default=0.08, show_default=True, type=click.FloatRange(0, 1))
@click.option("--dirty-rate", default=0.002, show_default=True, type=click.FloatRange(0, 0.5), help="Share of extra broken rows.")
@click.option("--encoding", type=click.Choice(["utf-8-sig", "utf-8", "gb18030"]), default="utf-8-sig", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("--headers", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--rules", "rules_dir", type=PATH, help="Rule pack whose thresholds the breaches cross (default: the shipped rules/).")
@click.option("--out", type=PATH, required=True)
@_guarded
def sample(sites, days, seed, start, violation_rate, dirty_rate, encoding, fmt, headers, rules_dir, out) -> None:
    """Generate a realistic sample export with a known, seeded rate of violations."""
    from checker.api import load_definitions
    from checker.period import parse_day
    from checker.sample.export import generate, write

    contracts, pack = load_definitions(rules_dir)
    with outdir.claim(out) as target, target.build() as folder:
        data = generate(sites, days, seed, f"{parse_day(start, '--start'):%Y-%m-%d}", violation_rate, pack)
        info = write(folder, data, contracts, seed, dirty_rate, encoding, fmt, headers)
    rows = sum(len(f) for f in data.values())
    click.echo(t("sample_written", resolve(), rows=rows, datasets=len(data), out=out.resolve(), broken=sum(info["quarantined_rows"].values())))


def _register() -> None:
    """Subcommands that live in their own modules."""
    from checker.ops.starter import demo, init
    from checker.store.commands import COMMANDS
    from checker.watch.commands import watch  # the live monitor (issue 13)

    for command in (demo, init, *COMMANDS, watch):
        main.add_command(command)


_register()

if __name__ == "__main__":
    main()
