"""Reports for people, rendered only from a run's written artefacts (findings, scorecards, quality, summary)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from checker.errors import UsageError
from checker.findings import compliance_by_rule, overall, status_counts

SCORECARDS = ("staff", "team", "site", "staff_rules")


FINDINGS_NEEDED = ("rule_id", "status", "staff_id", "site_id", "period_start", "period_end", "message", "evidence")
CARDS_NEEDED = {"staff": ("staff_id", "score"), "team": ("team", "score"), "site": ("site_id", "score"),
                "staff_rules": ("staff_id", "rule_id", "points_lost")}
SUMMARY_NEEDED = ("run_id", "as_of", "period", "rule_pack", "counts", "compliance", "rules", "data_quality")


def _card_reader(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"staff_id": str, "site_id": str, "team": str}, encoding="utf-8-sig")


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _read(path: Path, reader: Callable[[Path], Any], needed: tuple[str, ...]) -> Any:
    """One file of an output folder; unreadable or without what a report needs, it is named (exit 2), not a crash."""
    try:
        data = reader(path)
    except Exception as exc:  # noqa: BLE001 - JSON, CSV and Parquet readers raise many types for a damaged file
        raise UsageError(f"{path}: cannot read it ({type(exc).__name__}: {str(exc)[:200]}); run `svccheck run` again") from None
    present = data.columns if isinstance(data, pd.DataFrame) else data if isinstance(data, dict) else {}
    missing = [k for k in needed if k not in present]
    if missing:
        raise UsageError(f"{path}: not what svccheck writes (missing {', '.join(missing)}); run `svccheck run` again")
    return data


@dataclass
class RunArtifacts:
    """What a report may read: exactly the files of an output folder."""

    findings: pd.DataFrame
    scorecards: dict[str, pd.DataFrame]
    quality: dict
    summary: dict
    quarantine: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> RunArtifacts:
        """Read a run's output folder back (for `svccheck report --from-run`)."""
        needed = [folder / "findings.parquet", folder / "summary.json", folder / "data_quality.json",
                  *(folder / "scorecards" / f"{name}.csv" for name in SCORECARDS)]
        missing = [str(p.relative_to(folder)) for p in needed if not p.is_file()]
        if missing:
            raise UsageError(f"{folder} is not a complete svccheck output folder: missing {', '.join(missing)}")
        findings = _read(folder / "findings.parquet", pd.read_parquet, FINDINGS_NEEDED)
        cards = {name: _read(folder / "scorecards" / f"{name}.csv", _card_reader, CARDS_NEEDED[name]) for name in SCORECARDS}
        quarantine = {p.stem: _read(p, lambda q: pd.read_csv(q, dtype=str, encoding="utf-8-sig"), ("source_row", "reasons"))
                      for p in sorted((folder / "quarantine").glob("*.csv"))}
        quality = _read(folder / "data_quality.json", _json, ("datasets", "totals"))
        summary = _read(folder / "summary.json", _json, SUMMARY_NEEDED)
        return cls(findings, cards, quality, summary, quarantine)

    def for_site(self, site: str) -> RunArtifacts:
        """The same run seen from one site: its findings and people, counts and compliance recomputed."""
        sites = self.scorecards["site"]["site_id"].astype(str)
        if site not in set(sites):
            raise UsageError(f"no site '{site}' in this run (sites: {', '.join(sorted(sites)[:10])}{' …' if len(sites) > 10 else ''})")
        found = self.findings[self.findings["site_id"] == site]
        staff = self.scorecards["staff"][self.scorecards["staff"]["site_id"].astype(str) == site]
        cards = {"staff": staff, "site": self.scorecards["site"][sites == site],
                 "team": self.scorecards["team"][self.scorecards["team"]["team"].isin(staff["team"])],
                 "staff_rules": self.scorecards["staff_rules"][self.scorecards["staff_rules"]["staff_id"].isin(staff["staff_id"])]}
        per_rule = compliance_by_rule(found, list(self.summary["rules"]))
        counts, compliance = overall(per_rule)
        rules = {rule_id: {**info, **status_counts(per_rule.loc[rule_id])} for rule_id, info in self.summary["rules"].items()}
        summary = {**self.summary, "scope": site, "counts": counts, "compliance": compliance, "rules": rules}
        return RunArtifacts(found, cards, self.quality, summary, self.quarantine)

    def rules_table(self) -> pd.DataFrame:
        """One row per rule: identity, source and counts per status, worst compliance first."""
        rows = []
        for rule_id, info in self.summary["rules"].items():
            rows.append({"rule_id": rule_id, "catalog_ids": ";".join(info["catalog_ids"]), "title_zh": info["title"]["zh"],
                         "title_en": info["title"]["en"], "kind": info["kind"], "severity": info["severity"],
                         "pass": info["pass"], "fail": info["fail"], "pending": info["pending"], "exempt": info["exempt"],
                         "not_evaluated": info["not_evaluated"], "compliance": info["compliance"],
                         "source": " / ".join(f"{s['document']} {s['clause']}: {s['quote']}" for s in info["source"])})
        table = pd.DataFrame(rows)
        return table.sort_values(["compliance", "rule_id"], na_position="first") if len(table) else table
