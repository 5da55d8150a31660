"""The svccheck command end to end over generated exports: outputs, exit codes, determinism."""

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.findings import COLUMNS
from checker.outdir import MARKER
from checker.store.waivers import COLUMNS as WAIVER_COLUMNS

RULES = Path(__file__).resolve().parent.parent / "rules"


def invoke(*args, lang="zh"):
    return CliRunner(env={"SVCCHECK_LANG": lang}).invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    result = invoke("sample", "--sites", 2, "--days", 40, "--seed", 11, "--start", "2026-09-25", "--out", folder)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def run_dir(export, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "oct"
    result = invoke("run", "--data", export, "--period", "2026-10", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out


def test_output_folder_has_every_file(run_dir):
    for name in ("findings.csv", "findings.parquet", "scorecards/staff.csv", "scorecards/team.csv", "scorecards/site.csv",
                 "scorecards/staff_rules.csv", "data_quality.json", "summary.json", "report.html", "report.xlsx"):
        assert (run_dir / name).is_file(), name
    assert list(pd.read_csv(run_dir / "findings.csv", encoding="utf-8-sig").columns) == COLUMNS + WAIVER_COLUMNS
    assert not [p for p in run_dir.parent.iterdir() if p.name.startswith(".")], "no temporary folder left behind"


def test_every_csv_output_starts_with_the_utf8_bom_for_excel(run_dir):
    written = [run_dir / "findings.csv", *(run_dir / "scorecards").glob("*.csv"), *(run_dir / "quarantine").glob("*.csv")]
    assert len(written) >= 6
    for path in written:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf"), path
        header = raw[3:].split(b"\n", 1)[0].decode("utf-8")
        assert list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns) == next(csv.reader([header]))
    assert list(pd.read_csv(run_dir / "findings.csv", encoding="utf-8-sig").columns) == COLUMNS + WAIVER_COLUMNS


def test_every_input_row_is_accounted_for(export, run_dir):
    quality = json.loads((run_dir / "data_quality.json").read_text(encoding="utf-8"))
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    for name, info in quality["datasets"].items():
        lines = len(pd.read_csv(export / f"{name}.csv", dtype=str))
        assert info["rows_read"] == lines == info["rows_accepted"] + info["rows_quarantined"], name
        assert info["rows_quarantined"] == manifest["quarantined_rows"][name], name
        if info["rows_quarantined"]:
            assert len(pd.read_csv(run_dir / "quarantine" / f"{name}.csv")) == info["rows_quarantined"]
    assert quality["totals"]["adds_up"] is True


def test_summary_counts_match_findings(run_dir):
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    found = pd.read_parquet(run_dir / "findings.parquet")
    assert summary["counts"] == found["status"].value_counts().reindex(summary["counts"].keys(), fill_value=0).to_dict()
    assert summary["exit_status"] == 0 and summary["period"]["label"] == "2026-10"
    rep01 = found[found["rule_id"] == "REP-01"]
    assert summary["rules"]["REP-01"]["compliance"] == round((rep01["status"] == "pass").sum() / rep01["status"].isin(["pass", "fail"]).sum(), 4)


def test_same_export_and_as_of_give_identical_findings(export, run_dir, tmp_path):
    again = tmp_path / "again"
    assert invoke("run", "--data", export, "--period", "2026-10", "--out", again, "--quiet").exit_code == 0
    assert (again / "findings.csv").read_bytes() == (run_dir / "findings.csv").read_bytes()
    for name in ("staff", "team", "site", "staff_rules"):
        assert (again / "scorecards" / f"{name}.csv").read_bytes() == (run_dir / "scorecards" / f"{name}.csv").read_bytes()


def test_checker_finds_exactly_the_injected_violations(export, tmp_path):
    """Over the whole generated range, judged after every deadline, fails equal the generator's own count."""
    out = tmp_path / "all"
    result = invoke("run", "--data", export, "--from", "2026-09-25", "--to", "2026-11-03", "--as-of", "2027-01-01", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    found = pd.read_parquet(out / "findings.parquet")
    fails = found[found["status"] == "fail"].groupby("rule_id").size()
    injected = json.loads((export / "manifest.json").read_text(encoding="utf-8"))["violations"]
    for rule_id, info in injected.items():  # the 100 % standards (VIS-05, CMP-08) are judged per record, like any other
        got = fails.get(rule_id, 0) + (fails.get("VIS-06-leak", 0) if rule_id == "VIS-06" else 0)
        assert got == info["violations"], rule_id
    assert {"VIS-04", "CMP-06", "CMP-08", "HND-04"} <= set(injected)


def test_missing_dataset_makes_its_rules_not_evaluated(export, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(export, partial)
    (partial / "handovers.csv").unlink()
    out = tmp_path / "out"
    assert invoke("run", "--data", partial, "--period", "2026-10", "--out", out, "--quiet").exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    absent = {p.stem for p in Path("datasets").glob("*.yaml")} - {p.stem for p in partial.glob("*.csv")} - {"handovers"}
    blocked = {r for r, info in summary["rules"].items() if set(info["missing_datasets"]) & absent}  # what the sample lacks
    found = pd.read_parquet(out / "findings.parquet")
    waiting = set(found.loc[found["note"].isin(["window_not_in_period", "nothing_in_period"]), "rule_id"].astype(str))  # say why
    assert set(summary["not_evaluated_rules"]) - waiting == blocked | {"HND-01-outgoing", "HND-01-incoming", "HND-02", "HND-03", "HND-04", "HND-05"}
    assert "handovers" in summary["not_evaluated_rules"]["HND-02"]


def test_missing_required_column_exits_3_naming_file_and_column(export, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(export, broken)
    frame = pd.read_csv(broken / "work_orders.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["受理人工号"]).to_csv(broken / "work_orders.csv", index=False)
    result = invoke("run", "--data", broken, "--period", "2026-10", "--out", tmp_path / "o")
    assert result.exit_code == 3
    assert "work_orders.csv:缺少必填列:received_by (受理人工号)" in result.output  # zh, the default
    assert not (tmp_path / "o").exists()


def test_bad_rule_exits_2_and_writes_nothing(export, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    (rules / "repairs" / "REP-01.yaml").write_text((rules / "repairs" / "REP-01.yaml").read_text(encoding="utf-8").replace("limit:", "limt:"), encoding="utf-8")
    result = invoke("run", "--data", export, "--period", "2026-10", "--rules", rules, "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert "rules/repairs/REP-01.yaml:11: 未知字段 'limt'(是否想写 'limit'?)" in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("args, code", [(["--period", "2026-13"], 2), (["--period", "2026-10", "--from", "2026-10-01"], 2),
                                        (["--period", "2026-10", "--fail-on", "any"], 1), (["--period", "2026-10", "--fail-on", "0.5"], 0),
                                        (["--period", "2026-10", "--fail-on", "0.999"], 1), (["--period", "2026-10", "--as-of", "soon"], 2)])
def test_exit_codes(export, tmp_path, args, code):
    result = invoke("run", "--data", export, *args, "--out", tmp_path / "o", "--quiet")
    assert result.exit_code == code, result.output


def test_a_failed_run_leaves_the_previous_output_intact(export, run_dir, tmp_path):
    keep = tmp_path / "keep"
    shutil.copytree(run_dir, keep)
    before = (keep / "findings.csv").read_bytes()
    broken = tmp_path / "broken"
    shutil.copytree(export, broken)
    (broken / "sites.csv").write_bytes(b"\xff\xfe\x00garbage")
    assert invoke("run", "--data", broken, "--period", "2026-10", "--out", keep, "--quiet").exit_code == 3
    assert (keep / "findings.csv").read_bytes() == before


def rule_files_ids() -> list[str]:
    """The rule ids written in the shipped rule files, read as plain text (one `id:` line per rule document)."""
    special = {"pack.yaml", "scoring.yaml", "calendar.yaml", "catalog.yaml"}
    paths = [p for p in RULES.rglob("*.yaml") if p.name not in special and p.parent.name not in ("profiles", "facts")]
    return [line[3:].strip() for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("id: ")]


def test_rules_commands():
    assert f"ok: {len(rule_files_ids())} rules" in invoke("rules", "validate", lang="en").output
    assert f"中 {len(rule_files_ids())} 条规则" in invoke("rules", "validate").output
    listing = invoke("rules", "list", lang="en").output
    assert "HND-02" in listing and "[+3 profile overrides]" in listing and "deadline" in listing
    listing = invoke("rules", "list").output
    assert "[+3 条配置覆盖]" in listing and "时限" in listing and "接班人员提前到岗" in listing and "deadline" not in listing
    explained = invoke("rules", "explain", "CMP-05").output
    assert "应在2天内或在住户要求的期限内解决" in explained and "owner_deadline" in explained  # the quote, and the YAML as written
    assert "严重度:一般" in explained and "解决时间不晚于受理时间后 2 天;填写了住户要求期限时以其为准" in explained
    explained = invoke("rules", "explain", "CMP-05", lang="en").output
    assert "severity: minor" in explained and "resolved at no later than 2 days after received at" in explained
    wrong = invoke("rules", "explain", "CMP-5")
    assert wrong.exit_code == 2 and "是否想写 'CMP-05'" in wrong.output


def test_a_period_in_an_uncovered_year_is_an_error_that_says_what_to_add(export, tmp_path):
    # next year has a provisional calendar (checker/calendar/provisional.py); the year after it has none
    far = __import__("datetime").date.today().year + 2
    result = invoke("run", "--data", export, "--period", f"{far}-01", "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert f"no holiday source covers {far}" in result.output and "rules/calendar.yaml" in result.output


def test_calendar_show(tmp_path):
    result = invoke("calendar", "show", "--from", "2025-09-27", "--to", "2025-10-12", lang="en")
    assert result.exit_code == 0
    lines = {line[:10]: line for line in result.output.splitlines()[1:]}
    assert "work" in lines["2025-09-28"] and "make-up working day" in lines["2025-09-28"]
    assert "off" in lines["2025-10-08"] and "holiday" in lines["2025-10-08"]
    assert "work" in lines["2025-10-11"]
    assert "6 working days, 45 working hours" in result.output
    chinese = invoke("calendar", "show", "--from", "2025-09-27", "--to", "2025-10-12")
    lines = {line[:10]: line for line in chinese.output.splitlines()[1:]}
    assert "周日  上班" in lines["2025-09-28"] and "调休上班" in lines["2025-09-28"]
    assert "休息" in lines["2025-10-08"] and "节假日:国庆节" in lines["2025-10-08"]
    assert "共 6 个工作日,45 个工作小时" in chinese.output
    assert not any(word in chinese.output for word in ("holiday", "work ", "weekend", "Mon", "Sun", "National"))


def test_json_mode_prints_only_the_summary(export, tmp_path):
    result = CliRunner().invoke(main, ["run", "--data", str(export), "--period", "2026-10", "--out", str(tmp_path / "j"), "--json"])
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info == {**json.loads((tmp_path / "j" / "summary.json").read_text(encoding="utf-8")), "outputs": str((tmp_path / "j").resolve())}


def test_quiet_mode_prints_nothing(export, tmp_path):
    result = CliRunner().invoke(main, ["run", "--data", str(export), "--period", "2026-10", "--out", str(tmp_path / "q"), "--quiet"])
    assert result.exit_code == 0 and result.output == ""


def test_report_is_rebuilt_from_the_output_files_alone(run_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    (copy / "report.html").unlink()
    result = invoke("report", "--from-run", copy, "--lang", "en")
    assert result.exit_code == 0, result.output
    html = (copy / "report.html").read_text(encoding="utf-8")
    assert "Customer-service compliance report" in html
    summary = json.loads((copy / "summary.json").read_text(encoding="utf-8"))
    assert summary["run_id"] in html
    assert [p.name for p in copy.iterdir() if p.name.startswith(".")] == [MARKER], "no temporary file left behind"
    assert invoke("report", "--from-run", tmp_path / "nothing").exit_code == 2


def test_a_rule_with_no_applicable_records_is_listed_with_zeros(export, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    path = rules / "repairs" / "REP-05.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "effective_from: 2030-01-01\n", encoding="utf-8")
    assert invoke("run", "--data", export, "--period", "2026-10", "--rules", rules, "--out", tmp_path / "o", "--quiet").exit_code == 0
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert summary["rules"]["REP-05"]["pass"] == summary["rules"]["REP-05"]["fail"] == 0
    assert summary["rules"]["REP-05"]["compliance"] is None
    assert sorted(summary["rules"]) == sorted(rule_files_ids())


def test_a_report_for_one_site(run_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    result = invoke("report", "--from-run", copy, "--site", "S001")
    assert result.exit_code == 0, result.output
    html = (copy / "report-S001.html").read_text(encoding="utf-8")
    findings = pd.read_csv(copy / "findings.csv")
    site = findings[findings["site_id"] == "S001"]
    judged = site["status"].isin(["pass", "fail"]).sum()
    assert f"{(site['status'] == 'pass').sum() / judged:.1%}" in html
    staff = pd.read_csv(copy / "scorecards" / "staff.csv")
    assert all(f'id="staff-{s}"' in html for s in staff.loc[staff["site_id"] == "S001", "staff_id"])
    assert not any(f'id="staff-{s}"' in html for s in staff.loc[staff["site_id"] != "S001", "staff_id"])
    assert (copy / "report-S001.xlsx").is_file() and (copy / "report.html").is_file()
    assert "各规则 × 项目合规率" not in html and "各班组合规率" in html  # one site: per team, never a one-column site chart
    wrong = invoke("report", "--from-run", copy, "--site", "S999")
    assert wrong.exit_code == 2 and "本次运行中没有项目 'S999'" in wrong.output
