"""Outputs at company scale: the layout's limits (exactly at and one over), links that resolve, no finding dropped from
any output, workbook tables continued on further sheets, findings streamed in batches, export text kept as data."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from checker import api, outdir, output
from checker.company import Scale
from checker.contracts import default_contracts_dir, load_contracts
from checker.exitcodes import ExitCode
from checker.period import Period
from checker.sample.export import generate, write

HOSTILE = '=HYPERLINK("http://x","y")<script>alert(1)</script>'


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One core-datasets month of 3 sites, checked once; the first failing finding's evidence is hostile text."""
    base = tmp_path_factory.mktemp("company")
    write(base / "export", generate(3, 31, 1, "2026-10-01", 0.08, full_tier=False), load_contracts(default_contracts_dir()), 1, 0.0,
          "utf-8", "csv", "en")
    result = api.run(base / "export", Period.parse("2026-10", None, None))
    findings = result.findings.copy()
    first = findings.index[(findings["status"] == "fail") & findings["site_id"].notna()][0]
    findings["evidence"] = findings["evidence"].astype("string")
    findings.loc[first, "evidence"] = HOSTILE
    result = dataclasses.replace(result, findings=findings)
    return base, result, output.summary(result, ExitCode.OK, "en")


def _write(checked, name: str, scale: Scale) -> Path:
    base, result, info = checked
    with outdir.claim(base / name, base / "export") as target:
        output.write_run(result, target, info, "en", scale)
    return base / name


@pytest.fixture(scope="module")
def company(checked):
    """One over the sites limit (3 sites, limit 2), sheets of 10 data rows, batches of 1,000 findings."""
    return _write(checked, "company", Scale(sites=2, sheet_rows=11, batch_rows=1000))


def test_the_layout_limits_exactly_at_and_one_over():
    scale = Scale(sites=3, findings=100)
    assert not scale.company(3, 100)  # exactly at both limits: one page holds everything
    assert scale.company(4, 100) and scale.company(3, 101)  # one over either


def test_exactly_at_the_sites_limit_one_report_holds_every_site(checked):
    folder = _write(checked, "single", Scale(sites=3, findings=10**9))
    summary = pd.read_json(folder / "summary.json", typ="series")
    assert summary["outputs"]["layout"] == "single" and not (folder / "sites").exists()
    assert all(f'id="site-{s}"' in (folder / "report.html").read_text(encoding="utf-8") for s in ("S001", "S002", "S003"))


def test_one_over_the_sites_limit_the_overview_links_a_page_per_site(company, checked):
    _, result, _ = checked
    html = (company / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', html)
    assert sorted(links) == [f"sites/{s}.html" for s in sorted(result.scorecards["site"]["site_id"].astype(str))]
    for link in links:
        page = (company / link).read_text(encoding="utf-8")
        back = re.findall(r'href="([^"]+)"', page)
        assert back == ["../report.html"] and (company / link).parent.joinpath(back[0]).resolve() == (company / "report.html").resolve()
    marker = pd.read_json(company / outdir.MARKER, typ="series")
    assert {f"sites/{s}.html" for s in ("S001", "S002", "S003")} <= set(marker["files"])  # the next run may replace them


def test_no_finding_is_dropped_from_any_output(company, checked):
    _, result, _ = checked
    found = result.findings
    assert len(pd.read_parquet(company / "findings.parquet")) == len(found)
    assert len(pd.read_csv(company / "findings.csv", dtype=str, encoding="utf-8-sig")) == len(found)
    pages = [*(company / "sites").glob("*.html"), company / "report.html"]
    shown = sum(p.read_text(encoding="utf-8").count('<tr class="f">') for p in pages)
    assert shown == int((found["status"] != "pass").sum())  # every result other than pass is on a page
    book = openpyxl.load_workbook(company / "report.xlsx", read_only=True)
    failing = [n for n in book.sheetnames if n.startswith("Failures")]
    rows = [book[n].max_row - 1 for n in failing]
    assert sum(rows) == int(found["status"].isin(["fail", "waived"]).sum()) and max(rows) == 10 and len(failing) > 1
    cards = [n for n in book.sheetnames if n.startswith("Staff x rule")]
    assert sum(book[n].max_row - 1 for n in cards) == len(result.scorecards["staff_rules"])
    note = [str(r[1].value) for n in book.sheetnames if n.startswith("Summary") for r in book[n].iter_rows() if r[0].value == "Failures"]
    assert note and ", ".join(failing) in note[0] and "findings.parquet" in note[0]


def test_batches_write_the_same_files_as_one_batch(company, checked):
    whole = _write(checked, "one-batch", Scale(sites=2, sheet_rows=11, batch_rows=10**7))
    assert pd.read_parquet(whole / "findings.parquet").equals(pd.read_parquet(company / "findings.parquet"))
    assert (whole / "findings.csv").read_bytes() == (company / "findings.csv").read_bytes()


def test_export_text_stays_data_in_every_output(company):
    csv = (company / "findings.csv").read_text(encoding="utf-8-sig")
    assert "'" + HOSTILE.replace('"', '""') in csv
    assert pd.read_parquet(company / "findings.parquet")["evidence"].eq(HOSTILE).sum() == 1  # programs get it as exported
    pages = "".join(p.read_text(encoding="utf-8") for p in (company / "sites").glob("*.html"))
    assert "<script>alert" not in pages and "&lt;script&gt;alert(1)&lt;/script&gt;" in pages
    book = openpyxl.load_workbook(company / "report.xlsx")
    cells = [c for n in book.sheetnames if n.startswith("Failures") for row in book[n].iter_rows() for c in row if c.value == HOSTILE]
    assert len(cells) == 1 and cells[0].data_type == "s"  # a text cell, not a formula


def test_report_from_run_rebuilds_the_company_layout(company, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(company, copy)
    written = output.rebuild_reports(copy, "zh")
    assert {p.relative_to(copy).as_posix() for p in written} == {"report.html", "report.xlsx", *(f"sites/{s}.html" for s in ("S001", "S002", "S003"))}
    html = (copy / "report.html").read_text(encoding="utf-8")
    assert "公司总览" in html and re.findall(r'href="([^"#]+)"', html) == re.findall(r'href="([^"#]+)"', (company / "report.html").read_text(encoding="utf-8"))
    assert outdir.foreign_files(copy) == []  # nothing left beside them that the next run would refuse
