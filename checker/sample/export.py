"""Assemble the sample export, add dirty rows for the gate, write it with Chinese headers, and a manifest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from checker.calendar import Calendars
from checker.contracts import Contract
from checker.rulepack import RulePack
from checker.sample import activity, full, people, repairs, service
from checker.sample.complaints import complaints as complaint_records
from checker.sample.limits import Limits

# dataset -> (column, corruption) pairs used for appended dirty rows
DIRTY = {
    "work_orders": [("reported_at", "2026-13-45 25:00"), ("category", "大修"), ("received_by", ""), ("completed_at", "before")],
    "complaints": [("received_at", "昨天下午"), ("severity", "一般"), ("complaint_id", "")],
    "patrols": [("area_id", "NO-SUCH-AREA"), ("started_at", "")],
    "visits": [("channel", "微信"), ("unit_id", "NO-SUCH-UNIT")],
}


def generate(sites: int, days: int, seed: int, start: str, rate: float, pack: RulePack | None = None,
             full_tier: bool = True) -> dict[str, pd.DataFrame]:
    """Every core dataset (and, with full_tier, the full tier's), canonical columns, typed; activity frames carry
    `_v_<rule>` flags. The thresholds broken come from `pack` (default: the shipped rule pack)."""
    if pack is None:
        from checker.api import load_definitions

        pack = load_definitions()[1]
    limits = Limits.from_pack(pack)
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=days, freq="D")
    site = people.sites(rng, sites)
    staff = people.staff(rng, site["site_id"].to_numpy())
    units = people.units(rng, site["site_id"].to_numpy())
    areas = people.areas(site["site_id"].to_numpy())
    orders = repairs.work_orders(rng, site, staff, units, dates, rate, limits)
    complaints = complaint_records(rng, site, staff, units, dates, rate, limits)
    visits = pd.concat([activity.routine_visits(rng, units, dates, rate, limits.visit_share), activity.repair_callbacks(rng, orders, units, rate, limits),
                        service.complaint_callbacks(rng, complaints, units, rate)], ignore_index=True)
    visits = visits.sort_values("visited_at", kind="mergesort").reset_index(drop=True)
    visits.insert(0, "visit_id", np.char.add("HF", np.char.zfill(np.arange(1, len(visits) + 1).astype(str), 8)))
    visits["_v_VIS-04"] = (visits["channel"] == "door") & (visits["customer_signed"] != True)  # noqa: E712 - None counts as unsigned
    frames = {
        "sites": site, "staff": staff, "units": units, "areas": areas,
        "patrols": activity.patrols(rng, areas, dates, Calendars(pack.calendar).is_working_day(None, pd.Series(dates)), rate,
                                    limits.patrols_per_day),
        "visits": visits, "work_orders": orders,
        "complaints": complaints,
        "handovers": service.handovers(rng, site, staff, dates, rate, limits),
    }
    if full_tier:
        full.add_all(full.Scene(seed, pack, dates, rate, frames))
    return frames


CORE_DATASETS = {"sites", "staff", "units", "areas", "patrols", "visits", "work_orders", "complaints", "handovers"}
# rules whose records are placed in time by a column other than the dataset's first timestamp
CLOCK = {"VIS-05": "completed_at", "VIS-06": "completed_at", "CMP-06": "resolved_at", "CMP-08": "resolved_at"}
CALLED_BACK = {"VIS-05", "VIS-06", "CMP-08"}  # rules breached when a record's callback is missing


def manifest(data: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict:
    """Injected violations per rule among the rows a run over the whole range judges.

    Rows whose key was duplicated are quarantined with their copy; a record whose clock starts
    after the last day (a repair completed after it) falls outside the range.
    """
    rules: dict[str, dict] = {}
    visits = data["visits"]
    # a callback quarantined with its duplicate is gone: the order or complaint it was about has none
    gone = set(visits.loc[visits["visit_id"].isin(dirty.get("visits", {}).get("duplicated_keys", [])), "ref_id"].dropna())
    for name, frame in data.items():
        lost = frame.iloc[:, 0].isin(dirty.get(name, {}).get("duplicated_keys", []))
        uncalled = frame.iloc[:, 0].isin(gone)
        if name == "patrols":
            rules["PAT-01"] = _patrol_breaches(frame[~lost])
        first_time = next((c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])), None)
        for column in (c for c in frame.columns if c.startswith("_v_")):
            clock = frame[{**CLOCK, **full.clocks()}.get(column[3:], first_time)]
            breached = (frame[column] | (uncalled & (column[3:] in CALLED_BACK))) & ~lost & (clock < end)
            months = clock[breached].dt.strftime("%Y-%m").value_counts().sort_index()
            rules[column[3:]] = {"violations": int(breached.sum()), "by_month": {k: int(v) for k, v in months.items()}}
    if CORE_DATASETS < set(data):  # the full tier's datasets were generated too
        rules.update(full.windowed(data, dirty, end))
    quarantined = {name: info["rows"] for name, info in dirty.items()}
    return {"violations": dict(sorted(rules.items())), "quarantined_rows": quarantined}


def _patrol_breaches(patrols: pd.DataFrame) -> dict:
    """Working (area, day) cells with fewer than 2 patrols, counted directly from the rows kept."""
    per_cell = patrols.groupby(["area_id", patrols["started_at"].dt.normalize()]).size()
    grid = pd.MultiIndex.from_product([patrols.attrs["area_ids"], patrols.attrs["working_days"]])
    counts = per_cell.reindex(grid, fill_value=0)
    low = (counts < patrols.attrs["required"]).to_numpy()
    short = grid[low].get_level_values(1).strftime("%Y-%m").value_counts().sort_index()
    return {"judged": len(grid), "violations": int(low.sum()), "by_month": {k: int(v) for k, v in short.items()}}


def add_dirty_rows(rng: np.random.Generator, frame: pd.DataFrame, name: str, text: pd.DataFrame, rate: float) -> tuple[pd.DataFrame, dict]:
    """Append corrupted copies of random rows (new keys), and some rows that repeat an existing key."""
    count = max(1, int(len(frame) * rate)) if rate > 0 else 0
    corruptions = {**DIRTY, **full.dirty()}
    if name not in corruptions or count == 0 or text.empty:  # nothing to copy a broken row from
        return text, {"rows": 0, "duplicated_keys": []}
    key = text.columns[0]
    copies = text.iloc[rng.integers(0, len(text), count)].copy()
    copies[key] = [f"BAD{name[:2].upper()}{i:06d}" for i in range(count)]
    for i, (column, value) in enumerate(corruptions[name]):
        rows = copies.index[i::len(corruptions[name])]
        if value == "before":
            copies.loc[rows, column] = "2000-01-01 00:00:00"
        else:
            copies.loc[rows, column] = value
    dupes = text.iloc[rng.choice(len(text), max(1, count // 10), replace=False)].copy()
    result = pd.concat([text, copies, dupes], ignore_index=True)
    return result, {"rows": int(count + 2 * len(dupes)), "duplicated_keys": dupes[key].tolist()}


def to_text(frame: pd.DataFrame, contract: Contract, rng: np.random.Generator) -> pd.DataFrame:
    """Canonical typed columns -> the strings a Chinese system exports (labels, 是/否, two time formats)."""
    out = {}
    for spec in contract.columns:
        values = frame[spec.name] if spec.name in frame else pd.Series(None, index=frame.index)
        if spec.type in ("timestamp", "date"):
            stamps = pd.to_datetime(values)
            fmt = "%Y-%m-%d" if spec.type == "date" else ("%Y-%m-%d %H:%M:%S" if rng.random() < 0.7 else "%Y-%m-%d %H:%M")
            text = stamps.dt.strftime(fmt).fillna("")
            if spec.type == "timestamp" and fmt.endswith("%M"):
                text = text.where(stamps.dt.second.fillna(0) == 0, stamps.dt.strftime("%Y-%m-%d %H:%M:%S").fillna(""))
        elif spec.type == "bool":
            text = values.map({True: "是", False: "否"}).fillna("")
        elif spec.type == "enum":
            text = values.map(spec.values).fillna("")
        else:
            text = values.astype("object").where(values.notna(), "").astype(str)
        out[spec.name] = text
    return pd.DataFrame(out)


def write(out: Path, data: dict[str, pd.DataFrame], contracts: dict[str, Contract], seed: int, dirty_rate: float,
          encoding: str, fmt: str, headers: str) -> dict:
    """Write every dataset and manifest.json; returns the manifest."""
    rng = np.random.default_rng(seed + 1)
    out.mkdir(parents=True, exist_ok=True)
    dirty_info = {}
    for name, frame in data.items():
        contract = contracts[name]
        text, dirty_info[name] = add_dirty_rows(rng, frame, name, to_text(frame, contract, rng), dirty_rate)
        if headers == "zh":
            text = text.rename(columns={c.name: c.zh for c in contract.columns if c.zh})
        if fmt == "parquet":
            text.to_parquet(out / f"{name}.parquet", index=False)
        else:
            text.to_csv(out / f"{name}.csv", index=False, encoding=encoding)
    end = pd.Timestamp(data["handovers"]["shift_start"].max()).normalize() + pd.Timedelta(days=1)
    info = manifest(data, dirty_info, end)
    (out / "manifest.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    return info
