"""Reports for people, rendered only from a run's written artefacts (findings, scorecards, quality, summary)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class RunArtifacts:
    """What a report may read: exactly the files of an output folder."""

    findings: pd.DataFrame
    scorecards: dict[str, pd.DataFrame]
    quality: dict
    summary: dict
    quarantine: dict[str, pd.DataFrame] = field(default_factory=dict)

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
