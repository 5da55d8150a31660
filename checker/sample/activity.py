"""Sample operational records with seeded violations; `_v_<rule>` columns flag each injected breach."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.limits import Limits

MIN, HOUR, DAY = 60, 3600, 86400


def seconds(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype("int64").astype("timedelta64[s]")


def uniform(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    """Whole seconds drawn uniformly from [lo, hi] seconds."""
    return rng.integers(int(lo), int(hi) + 1, n)


def pick(rng: np.random.Generator, pools: pd.Series, keys: np.ndarray) -> np.ndarray:
    """For each key, a random member of pools[key] (pools: key -> array of ids)."""
    sizes = pools.map(len).reindex(keys).to_numpy()
    offsets = (rng.random(len(keys)) * sizes).astype(int)
    flat = np.concatenate(pools.to_numpy())
    starts = np.concatenate([[0], np.cumsum(pools.map(len).to_numpy())[:-1]])
    start_of = pd.Series(starts, index=pools.index).reindex(keys).to_numpy()
    return flat[start_of + offsets]


def patrols(rng: np.random.Generator, areas: pd.DataFrame, days: pd.DatetimeIndex, working: np.ndarray, rate: float, required: int) -> pd.DataFrame:
    """PAT-01: two patrols per area per working day; a breach leaves 0 or 1."""
    n_area, n_day = len(areas), len(days)
    work = np.tile(working, n_area)
    breach = work & (rng.random(n_area * n_day) < rate)
    counts = np.where(work, np.where(breach, rng.integers(0, required, n_area * n_day), required), rng.integers(0, 2, n_area * n_day))
    cell = np.repeat(np.arange(n_area * n_day), counts)
    nth = np.arange(len(cell)) - np.repeat(np.cumsum(counts) - counts, counts)
    day = days.to_numpy().astype("datetime64[s]")[cell % n_day]
    offset = np.where(nth == 0, uniform(rng, 8 * HOUR + 40 * MIN, 9 * HOUR + 20 * MIN, len(cell)), uniform(rng, 14 * HOUR, 16 * HOUR + 30 * MIN, len(cell)))
    started = day + seconds(offset)
    frame = pd.DataFrame({
        "patrol_id": np.char.add("XJ", np.char.zfill(np.arange(1, len(cell) + 1).astype(str), 8)),
        "staff_id": areas["assigned_staff_id"].to_numpy()[cell // n_day], "area_id": areas["area_id"].to_numpy()[cell // n_day],
        "started_at": started, "ended_at": started + seconds(uniform(rng, 20 * MIN, 50 * MIN, len(cell))),
    })
    frame.attrs["working_days"] = days[working]
    frame.attrs["required"] = required
    frame.attrs["area_ids"] = areas["area_id"].to_numpy()
    return frame


def routine_visits(rng: np.random.Generator, units: pd.DataFrame, days: pd.DatetimeIndex, rate: float) -> pd.DataFrame:
    """VIS-01: each service staff member reaches 4 distinct assigned units a week; a breach reaches 0–2."""
    pools = units.groupby("assigned_staff_id")["unit_id"].agg(lambda s: s.to_numpy())
    weeks = pd.date_range(days[0] - pd.Timedelta(days=days[0].weekday()), days[-1], freq="7D")
    staff_ids = pools.index.to_numpy()
    cells = len(staff_ids) * len(weeks)
    breach = rng.random(cells) < rate
    counts = np.where(breach, rng.integers(0, 3, cells), 4)
    cell = np.repeat(np.arange(cells), counts)
    nth = np.arange(len(cell)) - np.repeat(np.cumsum(counts) - counts, counts)
    who = staff_ids[cell // len(weeks)]
    pool_sizes = pools.map(len).reindex(who).to_numpy()
    base = rng.integers(0, 50, cells)[cell]
    flat = np.concatenate(pools.to_numpy())
    starts = pd.Series(np.concatenate([[0], np.cumsum(pools.map(len).to_numpy())[:-1]]), index=pools.index).reindex(who).to_numpy()
    unit = flat[starts + (base + 7 * nth) % pool_sizes]
    when = weeks.to_numpy().astype("datetime64[s]")[cell % len(weeks)] + seconds(rng.integers(0, 5, len(cell)) * DAY + uniform(rng, 9 * HOUR, 17 * HOUR, len(cell)))
    frame = pd.DataFrame({"staff_id": who, "unit_id": unit, "visited_at": when})
    frame = frame[(frame["visited_at"] >= days[0].to_datetime64()) & (frame["visited_at"] < (days[-1] + pd.Timedelta(days=1)).to_datetime64())]
    door = rng.random(len(frame)) < 0.4
    return frame.assign(channel=np.where(door, "door", "phone"), purpose="routine", ref_id=None, outcome="reached",
                        customer_signed=np.where(door, rng.random(len(frame)) < 0.9, None), defect_reported=None)  # type: ignore[call-overload]


def _late(rng: np.random.Generator, breach: np.ndarray, ok: tuple[float, float], bad: tuple[float, float]) -> np.ndarray:
    """Seconds: within `ok` where no breach, within `bad` where the rule is breached."""
    n = len(breach)
    return np.where(breach, uniform(rng, *bad, n), uniform(rng, *ok, n))


def work_orders(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, units: pd.DataFrame, days: pd.DatetimeIndex, rate: float,
                limits: Limits) -> pd.DataFrame:
    """Repairs with REP-01/02/04/05 breaches; callbacks are made separately (repair_callbacks)."""
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
    flags = {rule: rng.random(n) < rate for rule in ("REP-01", "REP-02", "REP-04", "REP-05")}
    emergency = category == "emergency"
    flags["REP-02"] &= emergency
    dispatch, arrival = limits.dispatch, limits.emergency_arrival
    dispatched = reported + seconds(_late(rng, flags["REP-01"], (min(30, dispatch), dispatch), (dispatch + 1, 6 * dispatch)))
    arrive_ok = np.where(emergency, _late(rng, flags["REP-02"], (min(2 * MIN, arrival), arrival), (arrival + 1, 4 * arrival)), uniform(rng, 40 * MIN, 3 * HOUR, n))
    arrived = np.maximum(reported + seconds(arrive_ok), dispatched + seconds(np.full(n, MIN)))
    flags["REP-02"] = emergency & (arrived - reported > np.timedelta64(arrival, "s"))
    agreed = ~emergency & (rng.random(n) < 0.1)
    agreed_start = np.where(agreed, reported + seconds(uniform(rng, 1 * DAY, 3 * DAY, n)), np.datetime64("NaT"))
    flags["REP-05"] &= agreed
    reason = np.where(agreed & ~flags["REP-05"], rng.choice(["业主出差", "业主要求周末上门", "需等待配件", "业主不在家"], n), None)  # type: ignore[call-overload]
    clock = np.where(agreed, agreed_start, reported)
    flags["REP-04"] &= ~emergency
    limit = np.where(category == "minor", limits.repair["minor"], limits.repair["medium"])
    took = np.where(emergency, uniform(rng, 30 * MIN, 4 * HOUR, n),
                    np.where(flags["REP-04"], limit + uniform(rng, 1, DAY, n), (rng.random(n) * (limit - 2 * HOUR)).astype(int) + HOUR))
    completed = np.maximum(clock + seconds(took), arrived + seconds(np.full(n, 10 * MIN)))
    flags["REP-04"] = ~emergency & (completed - clock > seconds(limit))
    leak_test = np.where(facility == "leak", completed + seconds(uniform(rng, 2 * HOUR, DAY, n)), np.datetime64("NaT"))
    frame = pd.DataFrame({
        "order_id": np.char.add("GD", np.char.zfill(np.arange(1, n + 1).astype(str), 8)), "site_id": site, "unit_id": unit,
        "category": category, "facility": facility, "reported_at": reported, "received_by": received,
        "dispatched_at": dispatched, "technician_id": technician, "arrived_at": arrived, "delay_notice_at": pd.NaT,
        "agreed_start_at": agreed_start, "agreed_reason": reason, "leak_test_at": leak_test, "completed_at": completed,
        "qc_passed": rng.random(n) < 0.95, "rework_of": None,
    })
    for rule, flag in flags.items():
        frame[f"_v_{rule}"] = flag
    return frame


def repair_callbacks(rng: np.random.Generator, orders: pd.DataFrame, units: pd.DataFrame, rate: float, limits: Limits) -> pd.DataFrame:
    """VIS-05/VIS-06: a reached callback within the callback limit (the leak one after a leak test); a breach is late or missing."""
    n = len(orders)
    leak = (orders["facility"] == "leak").to_numpy()
    start = orders["leak_test_at"].fillna(orders["completed_at"]).to_numpy().astype("datetime64[s]")
    limit = np.where(leak, limits.leak_callback, limits.callback)
    breach = rng.random(n) < rate
    missing = breach & (rng.random(n) < 0.5)
    delay = np.where(breach, limit + uniform(rng, HOUR, 2 * DAY, n), (rng.random(n) * (limit - 2 * HOUR)).astype(int) + HOUR)
    owner = units.set_index("unit_id")["assigned_staff_id"].reindex(orders["unit_id"]).to_numpy()
    caller = np.where(pd.isna(owner), orders["received_by"].to_numpy(), owner)
    frame = pd.DataFrame({"staff_id": caller, "unit_id": orders["unit_id"].to_numpy(), "visited_at": start + seconds(delay),
                          "ref_id": orders["order_id"].to_numpy()})[~missing & orders["unit_id"].notna().to_numpy()]
    has_unit = orders["unit_id"].notna().to_numpy()
    orders["_v_VIS-06"] = breach & has_unit
    orders["_v_VIS-05"] = missing & has_unit
    door = rng.random(len(frame)) < 0.3
    return frame.assign(channel=np.where(door, "door", "phone"), purpose="repair_callback", outcome="reached",
                        customer_signed=np.where(door, rng.random(len(frame)) < 0.95, None), defect_reported=rng.random(len(frame)) < 0.03)  # type: ignore[call-overload]
