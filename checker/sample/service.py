"""Sample complaint callbacks and shift handovers with seeded violations (`_v_<rule>` flags)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.activity import DAY, HOUR, MIN, pick, seconds, uniform
from checker.sample.limits import Limits

NAT = np.datetime64("NaT")


def complaint_callbacks(rng: np.random.Generator, complaints: pd.DataFrame, units: pd.DataFrame, rate: float) -> pd.DataFrame:
    """CMP-08: resolved important and major complaints about a unit get a callback; a breach has none."""
    due = complaints["severity"].isin(["important", "major"]).to_numpy() & complaints["valid"].to_numpy() & complaints["unit_id"].notna().to_numpy()
    missing = due & (rng.random(len(complaints)) < rate)
    complaints["_v_CMP-08"] = missing
    called = complaints[due & ~missing]
    owner = units.set_index("unit_id")["assigned_staff_id"].reindex(called["unit_id"]).to_numpy()
    when = called["resolved_at"].to_numpy().astype("datetime64[s]") + seconds(uniform(rng, HOUR, 2 * DAY, len(called)))
    door = rng.random(len(called)) < 0.2
    return pd.DataFrame({"staff_id": owner, "unit_id": called["unit_id"].to_numpy(), "visited_at": when, "ref_id": called["complaint_id"].to_numpy(),
                         "channel": np.where(door, "door", "phone"), "purpose": "complaint_callback", "outcome": "reached",
                         "customer_signed": np.where(door, rng.random(len(called)) < 0.95, None), "defect_reported": None})  # type: ignore[call-overload]


DESKS = {"front_desk": ("receptionist", [0, 8, 16]), "duty_office": ("service_staff", [8, 20]), "call_centre": ("call_agent", [0, 8, 16])}


def handovers(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, days: pd.DatetimeIndex, rate: float, limits: Limits) -> pd.DataFrame:
    by_role = staff.groupby(["site_id", "role"])["staff_id"].agg(lambda s: s.to_numpy())
    parts = []
    for desk, (role, hours) in DESKS.items():
        early = limits.early_arrival.get(desk, limits.early_arrival[""])  # HND-02's minutes at this desk
        site = np.repeat(sites["site_id"].to_numpy(), len(days) * len(hours))
        day = np.tile(np.repeat(days.to_numpy().astype("datetime64[s]"), len(hours)), len(sites))
        start = day + seconds(np.tile(np.array(hours) * HOUR, len(sites) * len(days)))
        n = len(start)
        pool = by_role.xs(role, level="role")
        late = rng.random(n) < rate
        arrival = np.where(late, -uniform(rng, -15 * MIN, early * MIN - 1, n), -uniform(rng, early * MIN, (early + 20) * MIN, n))
        parts.append(pd.DataFrame({
            "site_id": site, "desk": desk, "shift_start": start, "outgoing_staff_id": pick(rng, pool, site),
            "incoming_staff_id": pick(rng, pool, site), "incoming_arrived_at": start + seconds(arrival),
            "outgoing_left_at": start + seconds(uniform(rng, 5 * MIN, 25 * MIN, n)),
            "open_items_listed": rng.integers(0, 4, n), "_v_HND-02": late,
        }))
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    frame.insert(0, "handover_id", np.char.add("JJ", np.char.zfill(np.arange(1, n + 1).astype(str), 8)))
    frame["_v_HND-04"] = frame["outgoing_left_at"] < frame["incoming_arrived_at"]  # a late incoming person, left behind
    for side in ("outgoing", "incoming"):
        breach = rng.random(n) < rate
        frame[f"{side}_signed"] = ~breach
        frame[f"_v_HND-01-{side}"] = breach
    return frame
