"""The standards catalog (`rules/catalog.yaml`) and which rules encode each standard, in a pack and in a run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import Field

from checker.vocabulary import Frozen

Tier = Literal["core", "full", "manual"]
# What a standard's coverage is: in the pack (encoded or not), and in a run (judged, partly, not judged).
CoverageStatus = Literal["encoded", "not_encoded", "judged", "partly_judged", "not_judged"]


class Standard(Frozen):
    """One row of the catalog: a measurable standard of the SOPs, with its tier and where it is written."""

    id: str = Field(pattern=r"^[A-Z]{2,3}-\d{2}$")
    tier: Tier
    area: str = ""
    standard: str = ""  # the source text, as quoted in the catalog
    measure: str = ""
    source: str = ""
    not_encoded: str | None = None  # why no rule encodes it (only for a standard no rule names)


class Catalog(Frozen):
    """Every standard the pack answers for; an empty catalog (a private pack) checks nothing."""

    catalog: str = ""
    standards: list[Standard] = Field(default_factory=list)

    def ids(self) -> list[str]:
        return [s.id for s in self.standards]


def encoders(rules: Iterable) -> dict[str, list]:
    """catalog id -> the rules that name it in their catalog_ids, in pack order."""
    found: dict[str, list] = {}
    for rule in rules:
        for catalog_id in rule.catalog_ids:
            found.setdefault(catalog_id, []).append(rule)
    return found


def pack_coverage(catalog: Catalog, rules: Iterable) -> list[dict]:
    """Per standard: its rules, the datasets they read, and `encoded`, or `not_encoded` with the reason."""
    by_id = encoders(rules)
    rows = []
    for standard in catalog.standards:
        mine = by_id.get(standard.id, [])
        datasets = sorted({d for r in mine for d in r.columns_used()})
        rows.append({"id": standard.id, "tier": standard.tier, "area": standard.area, "standard": standard.standard,
                     "measure": standard.measure,
                     "source": standard.source, "rules": [r.id for r in mine], "datasets": datasets,
                     "status": "encoded" if mine else "not_encoded", "reason": None if mine else standard.not_encoded})
    return rows


def run_coverage(catalog: Catalog, rules: Iterable, missing: Mapping[str, list[str]]) -> list[dict]:
    """Per standard, in a run: judged (every rule had its data), partly_judged, not_judged (no rule had its data,
    `missing_datasets` says which), or not_encoded."""
    rows = pack_coverage(catalog, rules)
    for row in rows:
        if row["status"] == "not_encoded":
            row["missing_datasets"] = []
            continue
        lacking = {rule_id: missing.get(rule_id, []) for rule_id in row["rules"]}
        row["missing_datasets"] = sorted({d for ds in lacking.values() for d in ds})
        blocked = sum(bool(ds) for ds in lacking.values())
        row["status"] = "judged" if not blocked else ("not_judged" if blocked == len(lacking) else "partly_judged")
    return rows


def missing_by_dataset(rows: list[dict]) -> dict[str, list[str]]:
    """dataset missing from the export -> the standards it keeps from being (fully) judged."""
    grouped: dict[str, list[str]] = {}
    for row in rows:
        for dataset in row.get("missing_datasets", []):
            grouped.setdefault(dataset, []).append(row["id"])
    return dict(sorted(grouped.items()))


def counts(rows: list[dict]) -> dict[str, int]:
    """How many standards of each tier, and how many of those are encoded."""
    result: dict[str, int] = {"standards": len(rows), "encoded": sum(r["status"] != "not_encoded" for r in rows)}
    for tier in ("core", "full", "manual"):
        result[f"{tier}_standards"] = sum(r["tier"] == tier for r in rows)
        result[f"{tier}_encoded"] = sum(r["tier"] == tier and r["status"] != "not_encoded" for r in rows)
    return result
