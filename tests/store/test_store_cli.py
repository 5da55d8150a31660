"""`svccheck run` recording into a store, the store's subcommands, waivers.yaml, and stores that cannot be used."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import threading

import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from checker import output
from checker.cli import main
from checker.exitcodes import ExitCode
from checker.store import StoreError, open_store, schema
from checker.store.history import subject_history
from checker.store.record import record_run


def copy_store(source, target) -> None:
    """A consistent copy of a SQLite store (its WAL included), by SQLite's backup API."""
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def cli_runs(year_export, small_pack, tmp_path_factory):
    """Two monthly runs by the command line into the default store (svccheck.db beside the output folders)."""
    base = tmp_path_factory.mktemp("cli")
    for month in ("2025-05", "2025-06"):
        ran = invoke("run", "--data", year_export, "--rules", small_pack, "--period", month, "--out", base / month, "--quiet")
        assert ran.exit_code == 0, ran.output
    return base


def test_run_records_into_svccheck_db_beside_the_output_and_history_equals_staff_csv(cli_runs):
    store = cli_runs / "svccheck.db"
    assert store.is_file()
    staff = {m: pd.read_csv(cli_runs / m / "scorecards" / "staff.csv", dtype={"staff_id": str}).set_index("staff_id")["score"] for m in ("2025-05", "2025-06")}
    person = staff["2025-06"].dropna().index[0]
    shown = json.loads(invoke("history", "staff", person, "--store", store, "--json").output)
    assert [row["period"] for row in shown] == ["2025-05", "2025-06"]
    assert [row["score"] for row in shown] == pytest.approx([staff["2025-05"][person], staff["2025-06"][person]], nan_ok=True)
    assert shown[1]["change"] == pytest.approx(round(staff["2025-06"][person] - staff["2025-05"][person], 4))
    summary = json.loads((cli_runs / "2025-06" / "summary.json").read_text(encoding="utf-8"))
    with open_store(f"sqlite:///{store}").transaction() as conn:
        path = conn.execute(sa.select(schema.runs.c.findings_path).where(schema.runs.c.run_id == summary["run_id"])).scalar_one()
    assert path == str(cli_runs / "2025-06" / "findings.parquet")
    assert invoke("history", "staff", "NOBODY", "--store", store).exit_code == ExitCode.USAGE


def test_the_report_of_a_recorded_run_has_the_trend_section(cli_runs):
    trends = json.loads((cli_runs / "2025-06" / "summary.json").read_text(encoding="utf-8"))["trends"]
    sites = {m: pd.read_csv(cli_runs / m / "scorecards" / "site.csv", dtype={"site_id": str}).set_index("site_id")["score"] for m in ("2025-05", "2025-06")}
    staff = {m: pd.read_csv(cli_runs / m / "scorecards" / "staff.csv", dtype={"staff_id": str}).set_index("staff_id")["score"] for m in ("2025-05", "2025-06")}
    assert trends["periods"] == ["2025-05", "2025-06"]
    assert trends["site"]["S001"] == pytest.approx([sites["2025-05"]["S001"], sites["2025-06"]["S001"]])
    person = staff["2025-06"].dropna().index[-1]
    assert trends["staff"][person] == pytest.approx([staff["2025-05"][person], staff["2025-06"][person]], nan_ok=True)
    page = (cli_runs / "2025-06" / "report.html").read_text(encoding="utf-8")
    assert 'id="trends"' in page and "评分最低的项目:各期间评分" in page
    assert 'id="trends"' not in (cli_runs / "2025-05" / "report.html").read_text(encoding="utf-8")  # one period: no trend yet


def test_appeal_waiver_and_rescore_by_the_command_line(cli_runs, small_pack, tmp_path):
    store = tmp_path / "copy.db"
    copy_store(cli_runs / "svccheck.db", store)
    findings = pd.read_parquet(cli_runs / "2025-06" / "findings.parquet")
    finding = findings[(findings["status"] == "fail") & findings["staff_id"].notna()].iloc[0]
    filed = invoke("appeal", "file", finding["finding_key"], "--by", finding["staff_id"], "--reason", "on leave", "--store", store)
    assert filed.exit_code == 0 and "appeal 1 filed" in filed.output
    self_approved = invoke("appeal", "approve", "1", "--by", finding["staff_id"], "--expires", "2099-01-01", "--store", store)
    assert self_approved.exit_code == ExitCode.USAGE and "cannot decide" in self_approved.output
    assert invoke("appeal", "approve", "1", "--by", "QM01", "--expires", "2099-01-01", "--store", store).exit_code == 0
    rescored = json.loads(invoke("rescore", "--period", "2025-06", "--rules", small_pack, "--by", "QM01", "--store", store, "--json").output)
    team = pd.read_csv(cli_runs / "2025-06" / "scorecards" / "staff.csv", dtype=str).set_index("staff_id").loc[finding["staff_id"], "team"]
    assert rescored["waived"] == 1 and set(rescored["moved"]) == {f"staff:{finding['staff_id']}", f"team:{team}", f"site:{finding['site_id']}"}
    listed = json.loads(invoke("waiver", "list", "--store", store, "--json").output)
    assert [(w["scope"], w["finding_key"], w["approved_by"]) for w in listed] == [("finding", finding["finding_key"], "QM01")]
    trail = json.loads(invoke("audit", "--store", store, "--json").output)
    assert [e["action"] for e in trail] == ["appeal_file", "waiver_add", "appeal_approve", "rescore"]
    assert invoke("waiver", "revoke", "1", "--by", "QM02", "--store", store).exit_code == 0
    assert json.loads(invoke("waiver", "list", "--store", store, "--json").output) == []
    missing_expiry = invoke("waiver", "add", "--finding", finding["finding_key"], "--reason", "outage", "--approved-by", "QM01", "--store", store)
    assert missing_expiry.exit_code == ExitCode.USAGE and "--expires" in missing_expiry.output
    diffed = json.loads(invoke("diff", rescored["run_id"], rescored["run_id"], "--store", store, "--json").output)
    assert diffed == {"newly_failing": [], "newly_passing": [], "scores_moved": []}


def test_a_waiver_in_the_rule_pack_is_shown_with_approver_and_reason(year_export, small_pack, tmp_path, cli_runs):
    findings = pd.read_parquet(cli_runs / "2025-06" / "findings.parquet")
    finding = findings[(findings["status"] == "fail") & findings["staff_id"].notna()].iloc[0]
    pack = tmp_path / "pack"
    shutil.copytree(small_pack, pack)
    (pack / "waivers.yaml").write_text(f"waivers:\n  - id: W-1\n    scope: finding\n    finding_key: '{finding['finding_key']}'\n"
                                       "    reason: water mains cut by the city\n    approved_by: QM07\n    expires: 2099-01-01\n", encoding="utf-8")
    ran = invoke("run", "--data", year_export, "--rules", pack, "--period", "2025-06", "--out", tmp_path / "out", "--no-store", "--quiet", "--lang", "en")
    assert ran.exit_code == 0, ran.output
    assert not (tmp_path / "svccheck.db").exists()
    written = pd.read_csv(tmp_path / "out" / "findings.csv", dtype=str).set_index("finding_key")
    row = written.loc[finding["finding_key"]]
    assert (row["status"], row["judged_status"], row["waived_by"], row["waiver_reason"]) == ("waived", "fail", "QM07", "water mains cut by the city")
    assert (written["status"] == "waived").sum() == 1
    before = pd.read_csv(cli_runs / "2025-06" / "scorecards" / "staff.csv", dtype={"staff_id": str}).set_index("staff_id")["score"]
    after = pd.read_csv(tmp_path / "out" / "scorecards" / "staff.csv", dtype={"staff_id": str}).set_index("staff_id")["score"]
    assert after[finding["staff_id"]] > before[finding["staff_id"]]
    assert after.drop(finding["staff_id"]).equals(before.drop(finding["staff_id"]))
    (pack / "waivers.yaml").write_text("waivers:\n  - id: W-1\n    scope: finding\n    finding_key: X\n    reason: outage\n    approved_by: QM07\n", encoding="utf-8")
    refused = invoke("run", "--data", year_export, "--rules", pack, "--period", "2025-06", "--out", tmp_path / "out2", "--no-store")
    assert refused.exit_code == ExitCode.USAGE and "waivers.yaml:2: waivers.0 中缺少字段 'expires'" in refused.output
    assert not (tmp_path / "out2").exists()


def test_a_store_of_a_newer_schema_is_refused_with_upgrade_advice(cli_runs, tmp_path):
    store = tmp_path / "newer.db"
    copy_store(cli_runs / "svccheck.db", store)
    with open_store(f"sqlite:///{store}").transaction() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(StoreError, match="newer than this svccheck knows"):
        open_store(f"sqlite:///{store}")
    shown = invoke("history", "site", "S001", "--store", store)
    assert shown.exit_code == ExitCode.USAGE and "upgrade svccheck" in shown.output


def test_a_store_that_cannot_be_reached_stops_the_run_and_nothing_is_written(year_export, small_pack, tmp_path):
    for url in ("postgresql://nobody@127.0.0.1:1/svccheck", f"{tmp_path}/no/such/folder/svccheck.db"):
        ran = invoke("run", "--data", year_export, "--rules", small_pack, "--period", "2025-06", "--out", tmp_path / "out", "--store", url, "--quiet")
        assert ran.exit_code == ExitCode.USAGE and "cannot reach the store" in ran.output, ran.output
        assert not (tmp_path / "out").exists()
    assert invoke("history", "site", "S001", "--store", tmp_path / "absent.db").exit_code == ExitCode.USAGE
    assert not (tmp_path / "absent.db").exists()


def test_two_runs_recording_at_the_same_moment_both_land(store_url, monthly_runs, tmp_path):
    june = monthly_runs[5]
    early, late = (dataclasses.replace(june, run_id=f"{june.run_id}-{tag}", as_of=june.as_of - pd.Timedelta(hours=hours))
                   for tag, hours in (("early", 12), ("late", 0)))
    stores, barrier, errors = [open_store(store_url) for _ in range(2)], threading.Barrier(2), []

    def record(store, result) -> None:
        barrier.wait()
        try:
            record_run(store, result, output.summary(result, ExitCode.OK), tmp_path / "findings.parquet")
        except StoreError as exc:  # a clear refusal would be allowed; a crash or a lost run is not
            errors.append(exc)

    threads = [threading.Thread(target=record, args=(s, r)) for s, r in zip(stores, (early, late))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with stores[0].transaction() as conn:
        runs = set(conn.execute(sa.select(schema.runs.c.run_id)).scalars())
        per_run = dict(conn.execute(sa.select(schema.findings.c.run_id, sa.func.count()).group_by(schema.findings.c.run_id)).all())
    assert runs == {early.run_id, late.run_id}
    assert set(per_run.values()) == {int((june.findings["status"] != "pass").sum())}
    history = subject_history(stores[0], "site", "S001")
    assert history["run_id"].tolist() == [late.run_id]  # the later as-of is the period's current run
    for store in stores:
        store.close()
