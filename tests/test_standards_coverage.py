"""The standards catalog: rules name only its standards, coverage per standard in the pack and in a run."""

import re
import shutil
from pathlib import Path

import pytest

from checker import coverage
from checker.api import default_rules_dir, load_definitions
from checker.coverage import Catalog, Standard
from checker.errors import DefinitionError
from checker.rulepack import load_rule_pack
from tests.conftest import CONTRACTS, make_rule

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "standards-catalog.md"


def rule(rule_id, catalog_ids, dataset="work_orders"):
    base = make_rule(kind="record", dataset=dataset, time_column="reported_at" if dataset == "work_orders" else "received_at",
                     require={"site_id": {"empty": False}}, staff_column="received_by")
    return base.model_copy(update={"id": rule_id, "catalog_ids": catalog_ids})


CATALOG = Catalog(standards=[Standard(id="REP-01", tier="core"), Standard(id="CMP-01", tier="core"),
                             Standard(id="PAT-09", tier="full", not_encoded="needs an inspector")])


def test_pack_coverage_names_the_rules_of_each_standard_and_the_reason_for_the_others():
    rows = {r["id"]: r for r in coverage.pack_coverage(CATALOG, [rule("REP-01", ["REP-01"]), rule("REP-01-b", ["REP-01", "CMP-01"])])}
    assert rows["REP-01"]["rules"] == ["REP-01", "REP-01-b"] and rows["REP-01"]["status"] == "encoded"
    assert rows["CMP-01"]["rules"] == ["REP-01-b"]
    assert rows["PAT-09"] == {**rows["PAT-09"], "status": "not_encoded", "reason": "needs an inspector", "rules": []}
    assert coverage.counts(list(rows.values()))["encoded"] == 2


@pytest.mark.parametrize(("missing", "status"), [
    ({}, "judged"),
    ({"REP-01-b": ["visits"]}, "partly_judged"),
    ({"REP-01": ["work_orders"], "REP-01-b": ["visits", "work_orders"]}, "not_judged"),
])
def test_run_coverage_says_whether_each_standard_was_judged(missing, status):
    rows = {r["id"]: r for r in coverage.run_coverage(CATALOG, [rule("REP-01", ["REP-01"]), rule("REP-01-b", ["REP-01"])], missing)}
    assert rows["REP-01"]["status"] == status
    assert rows["REP-01"]["missing_datasets"] == sorted({d for ds in missing.values() for d in ds})
    assert rows["PAT-09"]["status"] == "not_encoded"


def test_missing_datasets_are_grouped_with_the_standards_they_block():
    rows = coverage.run_coverage(CATALOG, [rule("REP-01", ["REP-01"]), rule("CMP-01", ["CMP-01"], "complaints")],
                                 {"REP-01": ["work_orders"], "CMP-01": ["complaints", "work_orders"]})
    assert coverage.missing_by_dataset(rows) == {"complaints": ["CMP-01"], "work_orders": ["REP-01", "CMP-01"]}


def copied_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_rule_pack(folder, CONTRACTS)
    return [str(p).replace(str(folder) + "/", "") for p in caught.value.problems]


def test_a_rule_naming_a_standard_not_in_the_catalog_is_located_with_a_hint(tmp_path):
    folder = copied_pack(tmp_path)
    path = folder / "repairs" / "REP-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("catalog_ids: [REP-01]", "catalog_ids: [REP-91]"), encoding="utf-8")
    found = problems(folder)
    assert len(found) == 1 and re.fullmatch(r"repairs/REP-01\.yaml:\d+: catalog id REP-91 is not a standard of catalog\.yaml "
                                            r"\(did you mean 'REP-01'\?\)", found[0]), found


def test_a_standard_listed_twice_or_wrongly_marked_not_encoded_is_refused(tmp_path):
    folder = copied_pack(tmp_path)
    path = folder / "catalog.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: PAT-01\n    tier: core\n", "  - id: PAT-01\n    tier: core\n    not_encoded: nobody checks it\n", 1)
    text += "  - id: QA-03\n    tier: full\n"
    path.write_text(text, encoding="utf-8")
    found = problems(folder)
    assert any("standard QA-03 is listed twice" in p for p in found)
    assert any("standard PAT-01 says it is not encoded, but a rule names it" in p for p in found)


def test_the_shipped_catalog_is_the_specs_catalog():
    if not SPEC.exists():
        pytest.skip(f"the shared spec is not beside this checkout ({SPEC})")
    spec = re.findall(r"^\| ([A-Z]{2,3}-\d{2}) \| (core|full|manual) \|", SPEC.read_text(encoding="utf-8"), re.M)
    _, pack = load_definitions()
    assert [(s.id, s.tier) for s in pack.catalog.standards] == spec


def test_every_shipped_standard_is_encoded_or_says_why():
    _, pack = load_definitions()
    rows = coverage.pack_coverage(pack.catalog, [r.rule for r in pack.rules])
    assert [r["id"] for r in rows if r["status"] == "not_encoded" and not r["reason"] and r["tier"] == "core"] == []
    assert all(r["status"] == "encoded" for r in rows if r["tier"] == "core")


def test_rules_coverage_prints_every_standard_and_the_totals():
    from click.testing import CliRunner

    from checker.cli import main

    _, pack = load_definitions()
    rows = coverage.pack_coverage(pack.catalog, [r.rule for r in pack.rules])
    out = CliRunner().invoke(main, ["rules", "coverage"], env={"SVCCHECK_LANG": "en"}).output.splitlines()
    assert len(out) == len(rows) + 1
    assert out[-1].startswith(f"{sum(r['status'] == 'encoded' for r in rows)} of {len(rows)} standards encoded")
    for line, row in zip(out, rows):
        assert line.split()[0] == row["id"]
        assert (", ".join(row["rules"]) in line) if row["rules"] else ("NOT ENCODED" in line)


def test_a_run_without_a_dataset_groups_what_it_blocks_in_summary_and_report(tmp_path):
    import json

    from click.testing import CliRunner

    from checker.cli import main

    export = tmp_path / "export"
    assert CliRunner().invoke(main, ["sample", "--sites", "1", "--days", "10", "--start", "2026-10-01", "--out", str(export)]).exit_code == 0
    (export / "patrols.csv").unlink()
    result = CliRunner().invoke(main, ["run", "--data", str(export), "--period", "2026-10", "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in summary["coverage"]}
    needs_patrols = {r.rule.id for r in load_definitions()[1].rules if "patrols" in r.rule.columns_used()}
    assert by_id["PAT-01"]["status"] == "not_judged" and by_id["PAT-01"]["missing_datasets"] == ["patrols"]
    assert by_id["REP-01"]["status"] == "judged"
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    title = re.escape(load_definitions()[0]["patrols"].title.zh)  # the report names the dataset in its language
    group = re.search(r'<ul id="missing-groups"><li><b>' + title + r'</b> — (\d+) 标准: ([^<]*) \((\d+) 规则\)</li></ul>', html)
    assert group and int(group.group(3)) == len(needs_patrols), html[html.find("attention"):][:800]
    assert 'id="coverage-table"' in html and html.count('class="cov-not_judged"') == sum(c["status"] == "not_judged" for c in summary["coverage"])
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx", read_only=True)["标准覆盖"]
    rows = {r[0]: r for r in list(sheet.iter_rows(values_only=True))[1:]}
    assert len(rows) == len(summary["coverage"]) and rows["PAT-01"][4] == "未评估" and rows["PAT-01"][5] == load_definitions()[0]["patrols"].title.zh
    assert rows["REP-01"][4] == "已评估" and rows["REP-01"][3] == "REP-01"
