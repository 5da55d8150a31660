"""`--mask`: what a PIPL-minded company hides in outputs it shares — owners' room numbers and typed free text,
and with `--mask-names` the names of staff (their IDs stay, so scores can still be matched to people)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checker.contracts import Contract
from checker.vocabulary import UNITS

if TYPE_CHECKING:
    from checker.api import RunResult

MASKED = "[masked]"
UNIT_ID = "unit_id"


def unit_columns(contract: Contract) -> list[str]:
    """The columns of a dataset that name an owner's unit (room number)."""
    named = {r.column for r in contract.references if r.dataset == UNITS}
    return [c.name for c in contract.columns if c.name in named or c.name == UNIT_ID]


def free_text_columns(contract: Contract) -> list[str]:
    return [c.name for c in contract.columns if c.free_text]


def tokens(ids: pd.Series, salt: str) -> dict[str, str]:
    """A stable stand-in for each distinct unit id (`U#3f9a1c0d`): equal ids, equal tokens, within one export."""
    distinct = ids.dropna().astype(str).unique()
    return {i: "U#" + hashlib.sha256(f"{salt}\0{i}".encode()).hexdigest()[:8] for i in distinct if i.strip()}


def mask_quarantine(tables: dict[str, pd.DataFrame], contracts: dict[str, Contract], salt: str) -> dict[str, pd.DataFrame]:
    """Quarantined rows with unit ids replaced by tokens, free text by [masked], and the values quoted in reasons hidden."""
    masked = {}
    for name, table in tables.items():
        table = table.copy()
        units, texts = unit_columns(contracts[name]), free_text_columns(contracts[name])
        for column in units:
            table[column] = table[column].astype("string").map(tokens(table[column], salt)).fillna(table[column])
        for column in texts:
            table[column] = table[column].where(table[column].fillna("") == "", MASKED)
        if units:
            pattern = "(" + "|".join(map(re.escape, units)) + r"): '[^']*'"
            table["reasons"] = table["reasons"].astype("string").str.replace(pattern, r"\1: '" + MASKED + "'", regex=True)
        masked[name] = table
    return masked


def mask_findings(findings: pd.DataFrame, unit_ids: pd.Series, salt: str) -> pd.DataFrame:
    """Unit ids wherever findings name them (a unit as subject or record, in evidence, in the finding key) as tokens."""
    known = tokens(unit_ids, salt)
    if not known or findings.empty:
        return findings
    masked = findings.copy()
    touched = pd.Series(False, index=masked.index)
    for column in ("subject_id", "record_id"):
        text = masked[column].astype("string")
        hit = text.isin(known).fillna(False).astype(bool)
        if hit.any():
            masked[column], touched = text.where(~hit, text.map(known)), touched | hit
    evidence = _swap_items(masked["evidence"], known)
    if evidence is not None:
        masked["evidence"] = evidence
    if touched.any():
        from checker.findings import finding_keys

        for rule_id in masked.loc[touched, "rule_id"].astype(str).unique():
            rows = touched & (masked["rule_id"].astype(str) == rule_id)
            masked.loc[rows, "finding_key"] = finding_keys(rule_id, masked[rows])
    return masked


def _swap_items(evidence: pd.Series, known: dict[str, str]) -> pd.Series | None:
    """';'-joined evidence with every item that is a unit id replaced by its token (None: no unit id in it)."""
    text = pa.array(evidence.astype("string").array).cast(pa.large_string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    parts = pc.split_pattern(text, ";")
    flat = pc.list_flatten(parts)
    found = pc.index_in(flat, value_set=pa.array(list(known), pa.large_string()))
    if not pc.any(pc.is_valid(found)).as_py():
        return None
    swapped = pc.if_else(pc.is_valid(found), pc.take(pa.array(list(known.values()), pa.large_string()), pc.fill_null(found, 0)), flat)
    rebuilt = pa.LargeListArray.from_arrays(parts.offsets, swapped, mask=pc.is_null(parts))
    return pd.Series(pd.arrays.ArrowStringArray(pc.binary_join(rebuilt, pa.scalar(";", pa.large_string()))), index=evidence.index)


def mask_names(cards: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Staff names replaced by their IDs in every scorecard that shows them."""
    return {name: card.assign(name=card["staff_id"]) if "name" in card and "staff_id" in card else card for name, card in cards.items()}


def apply(result: RunResult, owners: bool, names: bool) -> RunResult:
    """The run as it may be shared: owners' data and/or staff names hidden; evaluation is not touched."""
    if not (owners or names):
        return result
    found, gate, cards = result.findings, result.gate, result.scorecards
    if owners:
        units = result.gate.accepted.get(UNITS)
        raw_units = [t[c] for n, t in gate.quarantine.items() for c in unit_columns(result.contracts[n])]
        ids = pd.concat([units[UNIT_ID] if units is not None else pd.Series(dtype="string"), *raw_units], ignore_index=True)
        found = mask_findings(found, ids.astype("string"), result.export_hash)
        gate = replace(gate, quarantine=mask_quarantine(gate.quarantine, result.contracts, result.export_hash))
    if names:
        cards = mask_names(cards)
    return replace(result, findings=found, gate=gate, scorecards=cards)
