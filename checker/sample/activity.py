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


def routine_visits(rng: np.random.Generator, units: pd.DataFrame, days: pd.DatetimeIndex, rate: float, share: float) -> pd.DataFrame:
    """VIS-01: each service staff member reaches at least 4 distinct assigned units a week, and never fewer than the
    rule's share of them; a breach reaches 0–2 (always fewer than the share asks)."""
    pools = units.groupby("assigned_staff_id")["unit_id"].agg(lambda s: s.to_numpy())
    weeks = pd.date_range(days[0] - pd.Timedelta(days=days[0].weekday()), days[-1], freq="7D")
    staff_ids = pools.index.to_numpy()
    cells = len(staff_ids) * len(weeks)
    breach = rng.random(cells) < rate
    required = np.ceil(share * pools.map(len).to_numpy() - 1e-9).astype(int).clip(1)
    needed = np.repeat(required, len(weeks))
    counts = np.where(breach, np.minimum(rng.integers(0, 3, cells), needed - 1), np.maximum(needed, 4))
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
