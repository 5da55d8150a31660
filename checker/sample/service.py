"""Sample complaints and shift handovers with seeded violations (`_v_<rule>` flags)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.activity import DAY, HOUR, MIN, pick, seconds, uniform
from checker.sample.limits import Limits

NAT = np.datetime64("NaT")


def _within(rng: np.random.Generator, breach: np.ndarray, limit: float, lo: float, over: float) -> np.ndarray:
    """Seconds in [lo, limit] without a breach, in [limit + 1, limit + over] with one."""
    n = len(breach)
    return np.where(breach, limit + uniform(rng, 1, over, n), lo + (rng.random(n) * (limit - lo)).astype(int))


def complaints(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, units: pd.DataFrame, days: pd.DatetimeIndex, rate: float,
               limits: Limits) -> pd.DataFrame:
    per_cell = rng.poisson(3, len(sites) * len(days))
    cell = np.repeat(np.arange(len(per_cell)), per_cell)
    n = len(cell)
    site = sites["site_id"].to_numpy()[cell // len(days)]
    day = days.to_numpy().astype("datetime64[s]")[cell % len(days)]
    received = day + seconds(uniform(rng, 8 * HOUR, 20 * HOUR, n))
    severity = rng.choice(["major", "important", "minor"], n, p=[0.05, 0.2, 0.75])
    valid = rng.random(n) < 0.95
    by_role = staff.groupby(["site_id", "role"])["staff_id"].agg(lambda s: s.to_numpy())
    receiver = pick(rng, by_role.xs("receptionist", level="role"), site)
    handler = np.where(rng.random(n) < 0.5, pick(rng, by_role.xs("supervisor", level="role"), site), pick(rng, by_role.xs("technician", level="role"), site))
    major, important, minor = severity == "major", severity == "important", severity == "minor"
    draw = {rule: valid & (rng.random(n) < rate) for rule in ("CMP-01", "CMP-02", "CMP-03-report", "CMP-03-answer", "CMP-03-solve", "CMP-04-forward", "CMP-04-solve", "CMP-05")}
    answer_limit = np.where(major & draw["CMP-03-answer"], limits.major_answer, limits.answer)
    answer = _within(rng, draw["CMP-01"] | (major & draw["CMP-03-answer"]), answer_limit, 30 * MIN, DAY - 2 * HOUR)  # type: ignore[arg-type]
    owner_deadline = np.where(minor & (rng.random(n) < 0.1), received + seconds(uniform(rng, 3 * DAY, 5 * DAY, n)), NAT)
    solve_limit = np.where(major, limits.major_solve, np.where(important, limits.important_solve, limits.minor_solve)).astype("int64")
    has_owner_deadline = ~pd.isna(owner_deadline)
    solve_limit = np.where(has_owner_deadline, (owner_deadline - received).astype("timedelta64[s]").astype("int64"), solve_limit)
    solve_breach = (major & draw["CMP-03-solve"]) | (important & draw["CMP-04-solve"]) | (minor & draw["CMP-05"])
    solve = np.where(solve_breach, solve_limit + uniform(rng, 1, 3 * DAY, n), answer + (rng.random(n) * np.maximum(solve_limit - answer, 0)).astype(int))
    solve = np.maximum(solve, answer)
    end_of_day = (day + seconds(np.full(n, DAY - 1)) - received).astype("timedelta64[s]").astype("int64")
    to_head = np.where(draw["CMP-03-report"], end_of_day + uniform(rng, 1, 10 * HOUR, n), (rng.random(n) * end_of_day).astype(int))
    forward = _within(rng, draw["CMP-04-forward"], limits.forward, min(5 * MIN, limits.forward), 3 * HOUR)
    # CMP-02: within 7 calendar hours passes both clocks; 14-16 days is past 8 working hours even across Spring Festival
    first_response = np.where(draw["CMP-02"], uniform(rng, 14 * DAY, 16 * DAY, n), uniform(rng, 20 * MIN, 7 * HOUR, n))
    frame = pd.DataFrame({
        "complaint_id": np.char.add("TS", np.char.zfill(np.arange(1, n + 1).astype(str), 8)), "site_id": site,
        "unit_id": np.where(rng.random(n) < 0.9, pick(rng, units.groupby("site_id")["unit_id"].agg(lambda s: s.to_numpy()), site), None),  # type: ignore[call-overload]
        "received_at": received, "received_by": receiver, "severity": severity, "valid": valid, "owner_deadline": owner_deadline,
        "handler_id": handler, "first_response_at": received + seconds(first_response),
        "forwarded_at": np.where(important, received + seconds(forward), NAT),
        "reported_to_head_at": np.where(major, received + seconds(to_head), NAT),
        "answered_at": received + seconds(answer), "resolved_at": received + seconds(solve),
        "outcome_notified_at": received + seconds(solve + uniform(rng, 0, 6 * HOUR, n)),
    })
    _escalations(rng, frame, solve, valid, rate, limits)
    _deadline_flags(frame, draw, answer, solve, solve_limit, limits)
    return frame


def _deadline_flags(frame: pd.DataFrame, draw: dict[str, np.ndarray], answer: np.ndarray, solve: np.ndarray, solve_limit: np.ndarray,
                    limits: Limits) -> None:
    """The `_v_<rule>` flags of the complaint deadlines, from the offsets (seconds after receipt) drawn."""
    valid = frame["valid"].to_numpy()
    major, important, minor = (frame["severity"].to_numpy() == s for s in ("major", "important", "minor"))
    frame["_v_CMP-01"] = valid & (answer > limits.answer)  # resolved is never before answered, so the answer ends the clock
    frame["_v_CMP-02"] = draw["CMP-02"]
    frame["_v_CMP-03-report"] = major & draw["CMP-03-report"]
    frame["_v_CMP-03-answer"] = major & valid & (answer > limits.major_answer)
    frame["_v_CMP-03-solve"] = major & valid & (solve > limits.major_solve)
    frame["_v_CMP-04-forward"] = important & draw["CMP-04-forward"]
    frame["_v_CMP-04-solve"] = important & valid & (solve > limits.important_solve)
    frame["_v_CMP-05"] = minor & valid & (solve > solve_limit)
    notified, resolved = frame["outcome_notified_at"].to_numpy(), frame["resolved_at"].to_numpy()
    frame["_v_CMP-06"] = valid & (notified.astype("datetime64[D]") > resolved.astype("datetime64[D]"))


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


def _escalations(rng: np.random.Generator, frame: pd.DataFrame, solve: np.ndarray, valid: np.ndarray, rate: float, limits: Limits) -> None:
    """CMP-11: open past `after` -> escalated within the grace time; a breach has no escalation."""
    received = frame["received_at"].to_numpy().astype("datetime64[s]")
    n = len(frame)
    grace = limits.escalation_grace
    for rule, column in (("CMP-11-supervisor", "escalated_supervisor_at"), ("CMP-11-manager", "escalated_manager_at")):
        after = limits.escalations[rule]
        needed = solve > after
        breach = needed & (rng.random(n) < rate)
        frame[column] = np.where(needed & ~breach, received + seconds(after + uniform(rng, 0, grace, n)), NAT)
        frame[f"_v_{rule}"] = valid & breach & (solve > after + grace)


DESKS = {"front_desk": ("receptionist", [0, 8, 16], 15), "duty_office": ("service_staff", [8, 20], 5), "call_centre": ("call_agent", [0, 8, 16], 10)}


def handovers(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, days: pd.DatetimeIndex, rate: float) -> pd.DataFrame:
    by_role = staff.groupby(["site_id", "role"])["staff_id"].agg(lambda s: s.to_numpy())
    parts = []
    for desk, (role, hours, early) in DESKS.items():
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
