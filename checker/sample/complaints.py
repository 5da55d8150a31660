"""Sample complaints: plain records first, then one step per standard that sets the times it judges — a pass within
the pack's limit, a seeded breach beyond it — and the `_v_<rule>` flags from the final times.

Adding a standard's violations is one more step in STEPS (the draws of the steps before it are unchanged)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from checker.sample.activity import DAY, HOUR, MIN, pick, seconds, uniform
from checker.sample.limits import Limits

Complaints = dict[str, np.ndarray]  # columns, offsets in seconds after receipt ("after:<what>") and draws ("draw:<rule>")
NAT = np.datetime64("NaT")
DRAWN = ("CMP-01", "CMP-02", "CMP-03-report", "CMP-03-answer", "CMP-03-solve", "CMP-04-forward", "CMP-04-solve", "CMP-05")


def _within(rng: np.random.Generator, breach: np.ndarray, limit: np.ndarray | float, lo: float, over: float) -> np.ndarray:
    """Seconds in [lo, limit] without a breach, in [limit + 1, limit + over] with one."""
    n = len(breach)
    return np.where(breach, limit + uniform(rng, 1, over, n), lo + (rng.random(n) * (limit - lo)).astype(int))


def _is(c: Complaints, severity: str) -> np.ndarray:
    return c["severity"] == severity


def answer(c: Complaints, rng: np.random.Generator, limits: Limits) -> None:
    """CMP-01 (every complaint) and CMP-03-answer (major ones): answered within their limits."""
    major_late = _is(c, "major") & c["draw:CMP-03-answer"]
    limit = np.where(major_late, limits.major_answer, limits.answer)
    c["after:answer"] = _within(rng, c["draw:CMP-01"] | major_late, limit, 30 * MIN, DAY - 2 * HOUR)


def solve(c: Complaints, rng: np.random.Generator, limits: Limits) -> None:
    """CMP-03-solve, CMP-04-solve, CMP-05: solved within the severity's limit, or the owner's own deadline (CMP-05)."""
    n, received = len(c["severity"]), c["received_at"]
    minor, major, important = _is(c, "minor"), _is(c, "major"), _is(c, "important")
    c["owner_deadline"] = np.where(minor & (rng.random(n) < 0.1), received + seconds(uniform(rng, 3 * DAY, 5 * DAY, n)), NAT)
    limit = np.where(major, limits.major_solve, np.where(important, limits.important_solve, limits.minor_solve)).astype("int64")
    has_deadline = ~pd.isna(c["owner_deadline"])
    c["limit:solve"] = np.where(has_deadline, (c["owner_deadline"] - received).astype("timedelta64[s]").astype("int64"), limit)
    breach = (major & c["draw:CMP-03-solve"]) | (important & c["draw:CMP-04-solve"]) | (minor & c["draw:CMP-05"])
    answered = c["after:answer"]
    drawn = np.where(breach, c["limit:solve"] + uniform(rng, 1, 3 * DAY, n),
                     answered + (rng.random(n) * np.maximum(c["limit:solve"] - answered, 0)).astype(int))
    c["after:solve"] = np.maximum(drawn, answered)


def report_to_head(c: Complaints, rng: np.random.Generator, limits: Limits) -> None:
    """CMP-03-report: a major complaint reported to the head the same calendar day."""
    n = len(c["severity"])
    end_of_day = (c["day"] + seconds(np.full(n, DAY - 1)) - c["received_at"]).astype("timedelta64[s]").astype("int64")
    c["after:head"] = np.where(c["draw:CMP-03-report"], end_of_day + uniform(rng, 1, 10 * HOUR, n), (rng.random(n) * end_of_day).astype(int))


def forward(c: Complaints, rng: np.random.Generator, limits: Limits) -> None:
    """CMP-04-forward: an important complaint forwarded within the limit."""
    c["after:forward"] = _within(rng, c["draw:CMP-04-forward"], limits.forward, min(5 * MIN, limits.forward), 3 * HOUR)


def respond(c: Complaints, rng: np.random.Generator, limits: Limits) -> None:
    """CMP-02: within 7 calendar hours passes both clocks; 14-16 days is past 8 working hours even across Spring Festival."""
    n = len(c["severity"])
    c["after:response"] = np.where(c["draw:CMP-02"], uniform(rng, 14 * DAY, 16 * DAY, n), uniform(rng, 20 * MIN, 7 * HOUR, n))


STEPS: list[Callable[[Complaints, np.random.Generator, Limits], None]] = [answer, solve, report_to_head, forward, respond]


def _plain(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, days: pd.DatetimeIndex) -> Complaints:
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
    supervisor = rng.random(n) < 0.5
    supervisors = pick(rng, by_role.xs("supervisor", level="role"), site)
    technician = pick(rng, by_role.xs("technician", level="role"), site)
    return {"site_id": site, "day": day, "received_at": received, "severity": severity, "valid": valid, "received_by": receiver,
            "handler_id": np.where(supervisor, supervisors, technician)}


def complaints(rng: np.random.Generator, sites: pd.DataFrame, staff: pd.DataFrame, units: pd.DataFrame, days: pd.DatetimeIndex, rate: float,
               limits: Limits) -> pd.DataFrame:
    """Complaints with breaches of CMP-01 … CMP-06 and CMP-11; callbacks are made separately (service.complaint_callbacks)."""
    c = _plain(rng, sites, staff, days)
    n, received = len(c["severity"]), c["received_at"]
    c |= {f"draw:{rule}": c["valid"] & (rng.random(n) < rate) for rule in DRAWN}
    for step in STEPS:
        step(c, rng, limits)
    frame = pd.DataFrame({
        "complaint_id": np.char.add("TS", np.char.zfill(np.arange(1, n + 1).astype(str), 8)), "site_id": c["site_id"],
        "unit_id": np.where(rng.random(n) < 0.9, pick(rng, units.groupby("site_id")["unit_id"].agg(lambda s: s.to_numpy()), c["site_id"]), None),  # type: ignore[call-overload]
        "received_at": received, "received_by": c["received_by"], "severity": c["severity"], "valid": c["valid"],
        "owner_deadline": c["owner_deadline"], "handler_id": c["handler_id"], "first_response_at": received + seconds(c["after:response"]),
        "forwarded_at": np.where(_is(c, "important"), received + seconds(c["after:forward"]), NAT),
        "reported_to_head_at": np.where(_is(c, "major"), received + seconds(c["after:head"]), NAT),
        "answered_at": received + seconds(c["after:answer"]), "resolved_at": received + seconds(c["after:solve"]),
        "outcome_notified_at": received + seconds(c["after:solve"] + uniform(rng, 0, 6 * HOUR, n)),
    })
    _escalate(frame, c, rng, rate, limits)
    _flags(frame, c, limits)
    return frame


def _escalate(frame: pd.DataFrame, c: Complaints, rng: np.random.Generator, rate: float, limits: Limits) -> None:
    """CMP-11: open past `after` -> escalated within the grace time; a breach has no escalation."""
    n, grace, solved = len(frame), limits.escalation_grace, c["after:solve"]
    for rule, column in (("CMP-11-supervisor", "escalated_supervisor_at"), ("CMP-11-manager", "escalated_manager_at")):
        after = limits.escalations[rule]
        needed = solved > after
        breach = needed & (rng.random(n) < rate)
        frame[column] = np.where(needed & ~breach, c["received_at"] + seconds(after + uniform(rng, 0, grace, n)), NAT)
        frame[f"_v_{rule}"] = c["valid"] & breach & (solved > after + grace)


def _flags(frame: pd.DataFrame, c: Complaints, limits: Limits) -> None:
    """The `_v_<rule>` flags of the complaint deadlines, from the final offsets."""
    valid, answered, solved = c["valid"], c["after:answer"], c["after:solve"]
    major, important, minor = _is(c, "major"), _is(c, "important"), _is(c, "minor")
    frame["_v_CMP-01"] = valid & (answered > limits.answer)  # resolved is never before answered, so the answer ends the clock
    frame["_v_CMP-02"] = c["draw:CMP-02"]
    frame["_v_CMP-03-report"] = major & c["draw:CMP-03-report"]
    frame["_v_CMP-03-answer"] = major & valid & (answered > limits.major_answer)
    frame["_v_CMP-03-solve"] = major & valid & (solved > limits.major_solve)
    frame["_v_CMP-04-forward"] = important & c["draw:CMP-04-forward"]
    frame["_v_CMP-04-solve"] = important & valid & (solved > limits.important_solve)
    frame["_v_CMP-05"] = minor & valid & (solved > c["limit:solve"])
    notified, resolved = frame["outcome_notified_at"].to_numpy(), frame["resolved_at"].to_numpy()
    frame["_v_CMP-06"] = valid & (notified.astype("datetime64[D]") > resolved.astype("datetime64[D]"))
