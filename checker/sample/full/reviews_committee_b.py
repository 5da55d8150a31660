"""Sample owners'-committee records (COM-01, COM-02, COM-03, COM-05, COM-05-minutes) with seeded breaches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.full import judged_windows
from checker.sample.full.reviews_committee_a import DAY, HOUR, _count_cells, _draw, _events, _ids, _pick, _pool, count_violations

GROUP = "reviews_committee_b"
DIRTY = {"committee_contacts": [("channel", "微信群")], "committee_requests": [("received_at", "2026-02-30 10:00")], "owner_meetings": [("held_at", "")]}


def _contacts(scene, rng: np.random.Generator, store: dict) -> None:
    """COM-01 (chair present per month) and COM-02 (more than half of the committee per quarter) on the same contacts."""
    sites, staff = scene.frames["sites"], scene.frames["staff"]
    need = int(scene.rule("COM-01").min)
    grid = _count_cells(scene, rng, sites[["site_id"]], "month", need)
    chair = grid.assign(events=grid["events"])
    other = grid.assign(events=rng.integers(1, 3, len(grid)))
    ev = pd.concat([_events(scene, rng, chair, "month", (9, 17)).assign(chair=True),
                    _events(scene, rng, other, "month", (9, 17)).assign(chair=False)], ignore_index=True)
    ev["chair"] = np.where(ev["chair"], True, rng.choice(np.array([False, None], dtype=object), len(ev)))
    share = float(scene.rule("COM-02").params["share"])
    size = ev["site_id"].map(sites.set_index("site_id")["committee_size"]).to_numpy()
    most = np.floor(size * share).astype(int)  # the most members that are not more than the share
    ev["members"] = rng.integers(1, np.maximum(most, 1) + 1)
    ev["quarter"] = ev["at"].dt.to_period("Q").dt.start_time
    quarters = ev[["site_id", "quarter"]].drop_duplicates().reset_index(drop=True)
    judged = set(judged_windows(scene.dates[0], scene.dates[-1] + DAY, "quarter")["window_start"])
    quarters["breach"] = _draw(rng, quarters["quarter"].isin(judged).to_numpy(), scene.rate)
    first = ev.sample(frac=1, random_state=int(rng.integers(1 << 30))).groupby(["site_id", "quarter"]).head(1).index
    ok = ev.loc[first].merge(quarters, on=["site_id", "quarter"])["breach"].to_numpy() == False  # noqa: E712
    pick = first[ok]
    at_least = most[ev.index.get_indexer(pick)] + 1
    ev.loc[pick, "members"] = np.minimum(at_least + rng.integers(0, 2, len(pick)), size[ev.index.get_indexer(pick)])
    ev = ev.sort_values("at", kind="mergesort")
    scene.frames["committee_contacts"] = pd.DataFrame({
        "contact_id": _ids("YW", len(ev)), "site_id": ev["site_id"].to_numpy(), "staff_id": _pick(rng, _pool(staff, ["manager", "supervisor"]), ev["site_id"].to_numpy()),
        "contacted_at": ev["at"].to_numpy(), "chair_present": ev["chair"].to_numpy(), "members_present": ev["members"].to_numpy().astype("int64"),
        "channel": rng.choice(["phone", "written", "in_person", "meeting"], len(ev), p=[0.4, 0.1, 0.3, 0.2]),
        "content": rng.choice(["通报本月维修情况", "商议公共收益使用", "讨论停车位调整", "征求绿化改造意见"], len(ev)), "result": rng.choice(["已达成一致", "待下次讨论", "已记录意见"], len(ev))})
    store["COM-01"] = ("committee_contacts", "site_id", sites["site_id"], "month", need)
    store["COM-02"] = ("committee_contacts", "site_id", sites["site_id"], "quarter", int(scene.rule("COM-02").min))
    store["share"] = share


def _requests(scene, rng: np.random.Generator) -> None:
    """COM-03: reasonable requests answered within the working-time limit of their raising."""
    sites, staff = scene.frames["sites"]["site_id"].to_numpy(), scene.frames["staff"]
    days = scene.working_days()
    per = rng.poisson(0.5, len(sites) * len(days))
    cell = np.repeat(np.arange(len(per)), per)
    n = len(cell)
    site = pd.Series(sites[cell // len(days)])
    received = pd.Series(days[cell % len(days)]) + pd.to_timedelta(rng.uniform(8.5 * 3600, 19 * 3600, n).round(), unit="s")
    limit = pd.Series(float(scene.rule("COM-03").limit) * scene.calendars.day_seconds(site, site.index).to_numpy(), index=site.index)
    breach = _draw(rng, np.ones(n, dtype=bool), scene.rate)
    took = np.where(breach, limit + rng.uniform(60, 2 * 86400, n), np.where(rng.random(n) < 0.15, limit, limit * rng.uniform(0.05, 1, n)))
    answered = scene.calendars.add(site, received, pd.Series(took.round(), index=site.index))
    answered = answered.where(~(breach & (rng.random(n) < 0.2)))  # some never answered
    reasonable = rng.choice(np.array([True, None, False], dtype=object), n, p=[0.85, 0.1, 0.05])
    late = answered.isna() | (scene.calendars.elapsed(site, received, answered.fillna(received)) > limit)
    frame = pd.DataFrame({"request_id": _ids("YQ", n), "site_id": site, "received_at": received, "answered_at": answered, "reasonable": reasonable,
                          "handler_id": _pick(rng, _pool(staff, ["supervisor", "manager"]), site.to_numpy()),
                          "content": rng.choice(["电梯维保记录公示", "公共区域照明", "垃圾清运时间", "地下车库积水"], n)})
    frame["_v_COM-03"] = late.to_numpy() & (reasonable != False)  # noqa: E712 - empty counts as reasonable
    scene.frames["committee_requests"] = frame.sort_values("received_at", kind="mergesort").reset_index(drop=True).assign(request_id=_ids("YQ", n))


def _meetings(scene, rng: np.random.Generator, store: dict) -> None:
    """COM-05 (a meeting per site per year) and COM-05-minutes (published by the close of the 3rd working day after)."""
    sites, staff = scene.frames["sites"][["site_id"]], scene.frames["staff"]
    grid = _count_cells(scene, rng, sites, "year", int(scene.rule("COM-05").min))
    held = grid["events"] > 0
    days = pd.DataFrame({"day": scene.dates}).assign(window_start=pd.Series(scene.dates).dt.to_period("Y").dt.start_time)
    ev = grid[held].merge(days, on="window_start")
    ev = ev[rng.random(len(ev)) < 0.25].reset_index(drop=True)
    ev = pd.concat([ev, grid[held].merge(days, on="window_start").groupby("site_id").head(1)], ignore_index=True).drop_duplicates(["site_id", "day"])
    ev = ev.reset_index(drop=True)
    n = len(ev)
    site = ev["site_id"]
    at = ev["day"] + pd.to_timedelta(rng.choice([10 * 3600, 14.5 * 3600, 19 * 3600], n), unit="s")
    due = scene.calendars.end_of_working_day(site, at, pd.Series(int(scene.rule("COM-05-minutes").limit / DAY), index=site.index))
    breach = _draw(rng, np.ones(n, dtype=bool), scene.rate)
    early = pd.to_timedelta(np.where(rng.random(n) < 0.15, 0, rng.uniform(0, 2 * 86400, n)).round(), unit="s")
    published = np.maximum(due - early, at + 2 * HOUR).where(~breach, due + pd.to_timedelta(rng.integers(1, 2 * 86400, n), unit="s"))
    published = published.where(~(breach & (rng.random(n) < 0.25)))
    frame = pd.DataFrame({"site_id": site, "held_at": at, "minutes_published_at": published,
                          "organised_by": _pick(rng, _pool(staff, ["manager"]), site.to_numpy())})
    frame["_v_COM-05-minutes"] = (published.isna() | (published > due)).to_numpy()
    frame = frame.sort_values("held_at", kind="mergesort").reset_index(drop=True)
    frame.insert(0, "meeting_id", _ids("ZT", n))
    scene.frames["owner_meetings"] = frame
    store["COM-05"] = ("owner_meetings", "site_id", sites["site_id"], "year", int(scene.rule("COM-05").min))


def add(scene) -> None:
    rng = scene.rng(GROUP)
    store: dict = {"start": scene.dates[0]}
    _contacts(scene, rng, store)
    _requests(scene, rng)
    _meetings(scene, rng, store)
    scene.frames["committee_contacts"].attrs[GROUP] = store


def violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    return count_violations(frames, dirty, end, frames["committee_contacts"].attrs[GROUP], ("COM-01", "COM-02", "COM-05"))
