"""Sample incidents and reception requests around the core handovers (HND-03, HND-05) and committee reports (COM-04)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.activity import DAY, HOUR, MIN, pick, seconds, uniform
from checker.sample.full import record_ids

TOPICS = ["报修登记", "钥匙借用", "快递代收", "访客登记", "装修咨询", "停车咨询", "投诉转办", "物品寄存", "缴费咨询", "门禁卡办理"]
DESK_ROLE = {"front_desk": "receptionist", "duty_office": "service_staff", "call_centre": "call_agent"}


def _ids(prefix: str, n: int) -> np.ndarray:
    return record_ids(prefix, n, 7)


def _changes(handovers: pd.DataFrame, site: str) -> np.ndarray:
    """The distinct shift changes (seconds) of a site, sorted."""
    return np.unique(handovers.loc[handovers["site_id"] == site, "shift_start"].to_numpy().astype("datetime64[s]"))


def _blocking(rng: np.random.Generator, changes: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Major and emergency incidents: most handled between two shift changes, some closed exactly at one, a few spanning one."""
    chosen = changes[1:][rng.random(len(changes) - 1) < 0.25]  # the change an incident ends at or before
    n = len(chosen)
    span = rng.random(n) < 2 * rate
    at_change = ~span & (rng.random(n) < 0.2)
    opened = chosen - seconds(uniform(rng, 20 * MIN, 3 * HOUR, n))
    closed = np.where(span, chosen + seconds(uniform(rng, 1, 2 * HOUR, n)),
                      np.where(at_change, chosen, chosen - seconds(uniform(rng, 1 * MIN, 15 * MIN, n))))
    previous = changes[np.maximum(np.searchsorted(changes, chosen) - 1, 0)]
    opened = np.maximum(opened, previous)  # opened exactly at the previous change is not open at it
    return opened, closed


def incidents(rng: np.random.Generator, handovers: pd.DataFrame, staff: pd.DataFrame, sites: pd.Series, rate: float) -> pd.DataFrame:
    parts = []
    for site in sites:
        changes = _changes(handovers, site)
        opened, closed = _blocking(rng, changes, rate)
        level = np.where(rng.random(len(opened)) < 0.5, "major", "emergency")
        normal = changes[:-1][rng.random(len(changes) - 1) < 0.3]
        normal = normal + seconds(uniform(rng, 0, 6 * HOUR, len(normal)))
        normal_closed = normal + seconds(uniform(rng, 30 * MIN, 12 * HOUR, len(normal)))
        handlers = staff.loc[(staff["site_id"] == site) & staff["role"].isin(["supervisor", "service_staff"]), "staff_id"].to_numpy()
        n = len(opened) + len(normal)
        parts.append(pd.DataFrame({"site_id": site, "level": np.concatenate([level, np.full(len(normal), "normal")]),
                                   "opened_at": np.concatenate([opened, normal]), "closed_at": np.concatenate([closed, normal_closed]),
                                   "handler_id": rng.choice(handlers, n)}))
    frame = pd.concat(parts, ignore_index=True).sort_values("opened_at", kind="mergesort").reset_index(drop=True)
    frame["closed_at"] = pd.to_datetime(frame["closed_at"])
    last = frame["opened_at"].max() - pd.Timedelta(hours=12)  # a few of the latest still being handled
    still = (frame["opened_at"] > last) & (frame["level"] == "normal") & (rng.random(len(frame)) < 0.5)
    frame.loc[still, "closed_at"] = pd.NaT
    frame.insert(0, "incident_id", _ids("SJ", len(frame)))
    return frame


def report(rng: np.random.Generator, frame: pd.DataFrame, scene) -> None:
    """COM-04: major incidents reported to the committee within the working-time limit (some exactly at it)."""
    rule = scene.rule("COM-04")
    due_in = scene.calendars.day_seconds(frame["site_id"], frame.index) * float(rule.limit)
    due = scene.calendars.add(frame["site_id"], frame["opened_at"], due_in)
    n = len(frame)
    draw = rng.random(n)
    early = frame["opened_at"] + pd.to_timedelta(uniform(rng, 2 * HOUR, 30 * HOUR, n), unit="s")
    late = due + pd.to_timedelta(uniform(rng, 1, 3 * DAY, n), unit="s")
    reported = early.where(early < due, due)
    reported = reported.where(draw >= 0.15, due)  # exactly at the deadline passes
    reported = reported.where(draw < 1 - scene.rate, late.where(draw < 1 - scene.rate / 3, pd.NaT))
    judged = frame["level"].isin(rule.where.tests["level"].in_)
    frame["reported_to_committee_at"] = reported.where(judged | (draw < 0.3), pd.NaT)
    frame["_v_COM-04"] = judged & ~(frame["reported_to_committee_at"] <= due)


def _open_at(handovers: pd.DataFrame, items: pd.DataFrame, keys: list[str], start: str) -> pd.Series:
    """How many items (matched on keys) are open at each handover's shift_start: start < shift_start < closed (empty = open)."""
    pairs = handovers.reset_index()[["index", "shift_start", *keys]].merge(items[[*keys, start, "closed_at"]], on=keys)
    inside = (pairs[start] < pairs["shift_start"]) & (pairs["closed_at"].isna() | (pairs["closed_at"] > pairs["shift_start"]))
    return pairs[inside].groupby("index").size().reindex(handovers.index, fill_value=0)


def requests(rng: np.random.Generator, handovers: pd.DataFrame, staff: pd.DataFrame, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """Reception log: items received in the day at every desk, most closed within hours, some over a shift change."""
    sites = handovers["site_id"].unique()
    grid = pd.MultiIndex.from_product([sites, list(DESK_ROLE), dates], names=["site_id", "desk", "day"]).to_frame(index=False)
    grid = grid.loc[grid.index.repeat(rng.poisson(4, len(grid)))].reset_index(drop=True)
    n = len(grid)
    received = grid["day"] + pd.to_timedelta(uniform(rng, 7 * HOUR, 22 * HOUR, n), unit="s")
    long = rng.random(n) < 0.3
    closed = received + pd.to_timedelta(np.where(long, uniform(rng, 4 * HOUR, 2 * DAY, n), uniform(rng, 5 * MIN, 3 * HOUR, n)), unit="s")
    closed = closed.where(~((received > received.max() - pd.Timedelta(days=2)) & long), pd.NaT)
    pools = staff.groupby(staff["site_id"] + "|" + staff["role"])["staff_id"].agg(lambda s: s.to_numpy())
    frame = pd.DataFrame({"site_id": grid["site_id"], "desk": grid["desk"], "received_at": received,
                          "received_by": pick(rng, pools, (grid["site_id"] + "|" + grid["desk"].map(DESK_ROLE)).to_numpy()),
                          "topic": rng.choice(TOPICS, n), "closed_at": closed})
    frame = frame.sort_values("received_at", kind="mergesort").reset_index(drop=True)
    frame.insert(0, "request_id", _ids("DJ", n))
    return frame


def list_items(rng: np.random.Generator, handovers: pd.DataFrame, reqs: pd.DataFrame, rate: float) -> None:
    """HND-05: each handover lists the open items (exactly, or more); a breach lists fewer, or leaves the count empty."""
    open_now = _open_at(handovers, reqs, ["site_id", "desk"], "received_at").to_numpy()
    n = len(handovers)
    listed = open_now + np.where(rng.random(n) < 0.15, 1, 0)
    short = (open_now > 0) & (rng.random(n) < rate)
    listed = np.where(short, open_now - rng.integers(1, np.maximum(open_now, 1) + 1), listed)
    items = pd.Series(listed, dtype="Int64")
    empty = (short & (rng.random(n) < 0.3)) | ((open_now == 0) & (rng.random(n) < 0.3))
    handovers["open_items_listed"] = items.mask(empty).to_numpy()
    handovers["_v_HND-05"] = (open_now > 0) & ~(handovers["open_items_listed"].fillna(-1).to_numpy() >= open_now)


def add(scene) -> None:
    rng = scene.rng("shifts_people")
    handovers, staff = scene.frames["handovers"], scene.frames["staff"]
    found = incidents(rng, handovers, staff, scene.frames["sites"]["site_id"], scene.rate)
    report(rng, found, scene)
    blocking = found[found["level"].isin(scene.rule("HND-03").lookups[0].where.tests["level"].in_)]
    handovers["_v_HND-03"] = (_open_at(handovers, blocking, ["site_id"], "opened_at") > 0).to_numpy()
    reqs = requests(rng, handovers, staff, scene.dates)
    list_items(rng, handovers, reqs, scene.rate)
    scene.frames["incidents"], scene.frames["requests"] = found, reqs
