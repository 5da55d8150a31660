"""Sample repair work orders: plain records first, then one step per standard that moves the times it judges —
a pass within the pack's limit, a seeded breach beyond it — and sets its `_v_<rule>` flag from the final times.

Adding a standard's violations is one more step in STEPS (the draws of the steps before it are unchanged)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from checker.sample.activity import DAY, HOUR, MIN, pick, seconds, uniform
from checker.sample.limits import Limits

Orders = dict[str, np.ndarray]  # the columns being built, and the rules' draws under "flag:<rule>"
NAT = np.datetime64("NaT")
RULES = ("REP-01", "REP-02", "REP-04", "REP-05")


def _late(rng: np.random.Generator, breach: np.ndarray, ok: tuple[float, float], bad: tuple[float, float]) -> np.ndarray:
    """Seconds: within `ok` where no breach, within `bad` where the rule is breached."""
    n = len(breach)
    return np.where(breach, uniform(rng, *bad, n), uniform(rng, *ok, n))


def dispatch(o: Orders, rng: np.random.Generator, limits: Limits) -> None:
    """REP-01: dispatched within the limit of the report."""
    limit = limits.dispatch
    o["dispatched_at"] = o["reported_at"] + seconds(_late(rng, o["flag:REP-01"], (min(30, limit), limit), (limit + 1, 6 * limit)))


def arrive(o: Orders, rng: np.random.Generator, limits: Limits) -> None:
    """REP-02: an emergency repair on site within the limit (never before the dispatch)."""
    limit, emergency = limits.emergency_arrival, o["category"] == "emergency"
    drawn = _late(rng, o["flag:REP-02"] & emergency, (min(2 * MIN, limit), limit), (limit + 1, 4 * limit))
    after = np.where(emergency, drawn, uniform(rng, 40 * MIN, 3 * HOUR, len(emergency)))
    o["arrived_at"] = np.maximum(o["reported_at"] + seconds(after), o["dispatched_at"] + seconds(np.full(len(after), MIN)))
    o["flag:REP-02"] = emergency & (o["arrived_at"] - o["reported_at"] > np.timedelta64(limit, "s"))


def agree(o: Orders, rng: np.random.Generator, limits: Limits) -> None:
    """REP-05: a start agreed with the owner must have its reason recorded; a breach has none."""
    n = len(o["category"])
    agreed = (o["category"] != "emergency") & (rng.random(n) < 0.1)
    o["agreed_start_at"] = np.where(agreed, o["reported_at"] + seconds(uniform(rng, 1 * DAY, 3 * DAY, n)), NAT)
    o["flag:REP-05"] = o["flag:REP-05"] & agreed
    reasons = rng.choice(["业主出差", "业主要求周末上门", "需等待配件", "业主不在家"], n)
    o["agreed_reason"] = np.where(agreed & ~o["flag:REP-05"], reasons, None)  # type: ignore[call-overload]


def complete(o: Orders, rng: np.random.Generator, limits: Limits) -> None:
    """REP-04: minor and medium repairs completed within their category's limit of the (agreed) start."""
    n, emergency = len(o["category"]), o["category"] == "emergency"
    clock = np.where(pd.isna(o["agreed_start_at"]), o["reported_at"], o["agreed_start_at"])
    breach = o["flag:REP-04"] & ~emergency
    limit = np.where(o["category"] == "minor", limits.repair["minor"], limits.repair["medium"])
    took = np.where(emergency, uniform(rng, 30 * MIN, 4 * HOUR, n),
                    np.where(breach, limit + uniform(rng, 1, DAY, n), (rng.random(n) * (limit - 2 * HOUR)).astype(int) + HOUR))
    o["completed_at"] = np.maximum(clock + seconds(took), o["arrived_at"] + seconds(np.full(n, 10 * MIN)))
    o["flag:REP-04"] = ~emergency & (o["completed_at"] - clock > seconds(limit))


STEPS: list[Callable[[Orders, np.random.Generator, Limits], None]] = [dispatch, arrive, agree, complete]


def _plain(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, units: pd.DataFrame, days: pd.DatetimeIndex) -> Orders:
    """Orders before any standard is applied: who, where, what, and when it was reported."""
    per_cell = rng.poisson(12, len(sites) * len(days))
    cell = np.repeat(np.arange(len(per_cell)), per_cell)
    n = len(cell)
    site = sites["site_id"].to_numpy()[cell // len(days)]
    reported = days.to_numpy().astype("datetime64[s]")[cell % len(days)] + seconds(uniform(rng, 7 * HOUR, 21 * HOUR, n))
    category = rng.choice(["emergency", "minor", "medium"], n, p=[0.1, 0.6, 0.3])
    facility = rng.choice(["safety", "leak", "other"], n, p=[0.15, 0.15, 0.70])
    by_role = staff.groupby(["site_id", "role"])["staff_id"].agg(lambda s: s.to_numpy())
    received = pick(rng, by_role.xs("receptionist", level="role"), site)
    technician = pick(rng, by_role.xs("technician", level="role"), site)
    unit_pool = units.groupby("site_id")["unit_id"].agg(lambda s: s.to_numpy())
    unit = np.where(rng.random(n) < 0.85, pick(rng, unit_pool, site), None)  # type: ignore[call-overload]
    return {"order_id": np.char.add("GD", np.char.zfill(np.arange(1, n + 1).astype(str), 8)), "site_id": site, "unit_id": unit,
            "category": category, "facility": facility, "reported_at": reported, "received_by": received, "technician_id": technician}


def work_orders(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, units: pd.DataFrame, days: pd.DatetimeIndex, rate: float,
                limits: Limits) -> pd.DataFrame:
    """Repairs with REP-01/02/04/05 breaches; callbacks are made separately (activity.repair_callbacks)."""
    o = _plain(rng, sites, staff, units, days)
    n = len(o["order_id"])
    o |= {f"flag:{rule}": rng.random(n) < rate for rule in RULES}
    for step in STEPS:
        step(o, rng, limits)
    o["leak_test_at"] = np.where(o["facility"] == "leak", o["completed_at"] + seconds(uniform(rng, 2 * HOUR, DAY, n)), NAT)
    o["qc_passed"] = rng.random(n) < 0.95
    columns = ["order_id", "site_id", "unit_id", "category", "facility", "reported_at", "received_by", "dispatched_at", "technician_id",
               "arrived_at", "delay_notice_at", "agreed_start_at", "agreed_reason", "leak_test_at", "completed_at", "qc_passed", "rework_of"]
    frame = pd.DataFrame({c: o.get(c) for c in columns})
    frame["delay_notice_at"] = pd.NaT
    for rule in RULES:
        frame[f"_v_{rule}"] = o[f"flag:{rule}"]
    return frame
