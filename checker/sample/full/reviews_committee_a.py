"""Sample log reviews, deliverables, spot checks, call monitoring and notice-board updates (DUT, CMP-12, QA, COM-06)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.full import judged_windows, record_ids

GROUP = "reviews_committee"
DAY, HOUR = pd.Timedelta(days=1), pd.Timedelta(hours=1)
WINDOWS = {"month": "M", "week": "W-SUN", "quarter": "Q", "year": "Y"}
DIRTY = {"log_reviews": [("log", "交接记录")], "deliverables": [("kind", "月度总结")], "spot_checks": [("desk", "保安岗")],
         "call_monitoring": [("monitored_at", "昨天上午")], "notice_updates": [("updated_at", "上周")]}
# deliverable rules: rule -> (dataset, cycle, kind or log/scope)
DELIVERABLES = {
    "DUT-01": ("log_reviews", "day", ("duty", "day")), "CMP-12-daily": ("log_reviews", "day", ("reception", "day")),
    "CMP-12-weekly": ("log_reviews", "week", ("reception", "week")),
    "DUT-03-front-desk": ("deliverables", "month", "front_desk_roster"), "DUT-03-duty-office": ("deliverables", "month", "duty_roster"),
    "QA-02": ("deliverables", "month", "quality_report"), "QA-03": ("deliverables", "week", "callback_summary"),
}
TIME = {"spot_checks": "checked_at", "call_monitoring": "monitored_at", "notice_updates": "updated_at",
        "committee_contacts": "contacted_at", "owner_meetings": "held_at"}
SUBMITTER = {"front_desk_roster": "admin", "duty_roster": "supervisor", "quality_report": "team_lead", "callback_summary": "team_lead"}


def _draw(rng: np.random.Generator, judged: np.ndarray, rate: float) -> np.ndarray:
    """A breach per cell with probability `rate`; among the judged cells at least one (two of four or more), a pass left."""
    breach = rng.random(len(judged)) < rate
    pool = np.flatnonzero(judged)
    want = min(len(pool) // 4, 2) if len(pool) > 3 else min(len(pool) - 1, 1)  # two when a dirty duplicate may take one
    short = max(want - int(breach[pool].sum()), 0)
    if short:
        breach[rng.choice(pool[~breach[pool]], short, replace=False)] = True
    return breach


def _pool(staff: pd.DataFrame, roles: list[str]) -> dict[str, np.ndarray]:
    chosen = staff[staff["role"].isin(roles)]
    return {site: group["staff_id"].to_numpy() for site, group in chosen.groupby("site_id")}


def _pick(rng: np.random.Generator, pool: dict[str, np.ndarray], sites: np.ndarray) -> np.ndarray:
    return np.array([rng.choice(pool[s]) for s in sites], dtype=object)


def _ids(prefix: str, n: int) -> np.ndarray:
    return record_ids(prefix, n, 6)


def _masters(scene, rng: np.random.Generator) -> None:
    """Admin and team-lead staff per site; committee sizes on the sites list."""
    sites, staff = scene.frames["sites"], scene.frames["staff"]
    ids = sites["site_id"].to_numpy()
    extra = pd.DataFrame({"staff_id": np.concatenate([np.char.add(ids.astype(str), "-A01"), np.char.add(ids.astype(str), "-L01")]),
                          "role": ["admin"] * len(ids) + ["team_lead"] * len(ids), "site_id": np.concatenate([ids, ids])})
    extra = extra[~extra["staff_id"].isin(staff["staff_id"])]
    extra = extra.assign(name=rng.choice(["周敏", "吴婷婷", "郑强", "孙丽华", "钱晓东", "冯雪"], len(extra)),
                         team=extra["site_id"] + np.where(extra["role"] == "admin", "客服中心", "客服中心"),
                         active_from=pd.Timestamp("2024-01-01"), active_to=pd.NaT)
    scene.frames["staff"] = pd.concat([staff, extra[staff.columns.intersection(extra.columns)]], ignore_index=True)
    if "committee_size" not in sites:
        sites["committee_size"] = rng.integers(5, 10, len(sites))


def _period_starts(scene, cycle: str) -> pd.DatetimeIndex:
    first, last = scene.dates[0], scene.dates[-1]
    if cycle == "day":
        return pd.date_range(first - 5 * DAY, last, freq="D")
    if cycle == "week":
        return pd.date_range(first - pd.Timedelta(days=first.dayofweek + 14), last, freq="W-MON")
    return pd.date_range((first - pd.DateOffset(months=2)).replace(day=1), last + pd.DateOffset(months=2), freq="MS")


def _due(scene, rule, cycle: str, grid: pd.DataFrame) -> pd.Series:
    """Each (site, period)'s due moment, moved to the site's next working day where the rule says so."""
    due, start = rule.due, grid["period_start"]
    if cycle == "month":
        month = start + pd.DateOffset(months=due.offset) if due.offset else start
        month = pd.Series(pd.DatetimeIndex(month), index=grid.index)
        length = month.dt.days_in_month
        day = length if due.day in (None, "last") else np.minimum(int(due.day), length)
        base = month + pd.to_timedelta(day - 1, unit="D")
    else:
        step = 7 * due.offset + ((6 if due.day in (None, "last") else int(due.day) - 1) if cycle == "week" else 0)
        base = start + pd.Timedelta(days=step if cycle == "week" else due.offset)
    base = pd.Series(pd.DatetimeIndex(base), index=grid.index)
    for _ in range(31 if due.working_day else 0):
        known = ~scene.calendars.uncovered(base).to_numpy()  # a due day in a year no calendar covers lies past the sample
        off = np.zeros(len(base), dtype=bool)
        if known.any():
            off[known] = ~np.asarray(scene.calendars.is_working_day(grid["site_id"][known], base[known]), dtype=bool)
        if not off.any():
            break
        base = base.where(~off, base + DAY)
    return base + due.time_of_day()


def _cells(scene, rng: np.random.Generator, rule_id: str, cycle: str) -> pd.DataFrame:
    """Site × period cells whose due time falls inside the sample, each with its drawn submission (NaT = no row)."""
    start, end = scene.dates[0], scene.dates[-1] + DAY
    sites, periods = scene.frames["sites"]["site_id"].to_numpy(), _period_starts(scene, cycle)
    grid = pd.DataFrame({"site_id": np.repeat(sites, len(periods)), "period_start": np.tile(periods, len(sites))})
    grid["due"] = _due(scene, scene.rule(rule_id), cycle, grid)
    grid = grid[(grid["due"] >= start) & (grid["due"] < end)].reset_index(drop=True)
    n = len(grid)
    grid["breach"] = _draw(rng, np.ones(n, dtype=bool), scene.rate)
    grid["mode"] = np.where(grid["breach"], rng.choice(["late", "missing", "wrong"], n, p=[0.5, 0.25, 0.25]), "ok")
    span = (8 * HOUR if cycle == "day" else 4 * DAY).total_seconds()
    early = pd.to_timedelta(rng.uniform(0, span, n).round(), unit="s").where(rng.random(n) > 0.15, pd.Timedelta(0))
    late = pd.to_timedelta(rng.integers(1, 2 * 86400, n), unit="s")
    floor = grid["period_start"] + 8 * HOUR if cycle == "day" else grid["due"] - 4 * DAY  # a day's log is reviewed after it opens
    at = np.maximum(grid["due"] - early, floor).where(grid["mode"] != "late", grid["due"] + late)
    grid["at"] = at.where((grid["mode"] != "missing") & (at < end))
    grid["rule"] = rule_id
    return grid


def _log_reviews(scene, rng: np.random.Generator, cells: list[pd.DataFrame]) -> pd.DataFrame:
    staff, parts = scene.frames["staff"], []
    bosses, others = _pool(staff, ["supervisor", "manager"]), _pool(staff, ["receptionist"])
    for rule_id in ("DUT-01", "CMP-12-daily", "CMP-12-weekly"):
        _, cycle, (log, scope) = DELIVERABLES[rule_id]
        grid = _cells(scene, rng, rule_id, cycle)
        reviewers = bosses if rule_id != "CMP-12-weekly" else _pool(staff, ["manager"])
        wrong_people = others if rule_id != "CMP-12-weekly" else _pool(staff, ["supervisor"])
        unsigned = (grid["mode"] == "wrong") & (rule_id == "DUT-01") & (rng.random(len(grid)) < 0.6)
        wrong = (grid["mode"] == "wrong") & ~unsigned
        sites = grid["site_id"].to_numpy()
        signed = np.where(unsigned, rng.choice(np.array([False, None], dtype=object), len(grid)), True)
        rows = pd.DataFrame({"site_id": sites, "log": log, "log_date": grid["period_start"], "scope": scope,
                             "reviewer_id": np.where(wrong, _pick(rng, wrong_people, sites), _pick(rng, reviewers, sites)),
                             "reviewed_at": grid["at"],
                             "signed": signed if rule_id == "DUT-01" else np.where(rng.random(len(grid)) < 0.7, True, None)})  # type: ignore[call-overload]
        keep = rows["reviewed_at"].notna().to_numpy()
        parts.append(rows[keep])
        cells.append(grid.assign(dataset="log_reviews", row=np.where(keep, np.arange(len(grid)), -1), part=len(parts) - 1))
    return _number(parts, cells, "log_reviews", "review_id", "RV", "reviewed_at")


def _deliverables(scene, rng: np.random.Generator, cells: list[pd.DataFrame]) -> pd.DataFrame:
    staff, parts = scene.frames["staff"], []
    for rule_id in ("DUT-03-front-desk", "DUT-03-duty-office", "QA-02", "QA-03"):
        _, cycle, kind = DELIVERABLES[rule_id]
        grid = _cells(scene, rng, rule_id, cycle)
        iso = grid["period_start"].dt.isocalendar()
        label = (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)) if cycle == "week" else grid["period_start"].dt.strftime("%Y-%m")
        empty = grid["mode"] == "wrong"  # a row left without a submission time: not submitted
        rows = pd.DataFrame({"site_id": grid["site_id"], "kind": kind, "period": label,
                             "submitted_at": grid["at"].where(~empty), "submitted_by": _pick(rng, _pool(staff, [SUBMITTER[str(kind)]]), grid["site_id"].to_numpy())})
        keep = (grid["at"].notna() | empty).to_numpy()
        rows.loc[empty, "submitted_by"] = None
        parts.append(rows[keep])
        cells.append(grid.assign(dataset="deliverables", row=np.where(keep, np.arange(len(grid)), -1), part=len(parts) - 1))
    return _number(parts, cells, "deliverables", "deliverable_id", "RD", "submitted_at")


def _number(parts: list[pd.DataFrame], cells: list[pd.DataFrame], name: str, key: str, prefix: str, clock: str) -> pd.DataFrame:
    """Concatenate the rows, give them ids in time order and write each cell's row id into its `key` column."""
    mine = [c for c in cells if len(c) and c["dataset"].iat[0] == name]
    frame = pd.concat([p.assign(_part=i, _row=p.index) for i, p in enumerate(parts)], ignore_index=True)
    frame = frame.sort_values(clock, kind="mergesort", na_position="last").reset_index(drop=True)
    frame.insert(0, key, _ids(prefix, len(frame)))
    lookup = frame.set_index(["_part", "_row"])[key]
    for c in mine:
        index = pd.MultiIndex.from_arrays([c["part"], c["row"]])
        c["key"] = lookup.reindex(index).to_numpy()
    return frame.drop(columns=["_part", "_row"])


def _count_cells(scene, rng: np.random.Generator, subjects: pd.DataFrame, window: str, need: int) -> pd.DataFrame:
    """Subject × window cells over the sample's days, each with the number of events drawn (below `need` if breached)."""
    days = pd.Series(scene.dates)
    starts = days.dt.to_period(WINDOWS[window]).dt.start_time.drop_duplicates()
    judged = set(judged_windows(scene.dates[0], scene.dates[-1] + DAY, window)["window_start"])
    grid = subjects.merge(pd.DataFrame({"window_start": starts.to_numpy()}), how="cross")
    breach = _draw(rng, grid["window_start"].isin(judged).to_numpy(), scene.rate)
    grid["events"] = np.where(breach, rng.integers(0, max(need, 1), len(grid)), need + rng.integers(0, 3, len(grid)))
    return grid


def _events(scene, rng: np.random.Generator, grid: pd.DataFrame, window: str, hours: tuple[float, float]) -> pd.DataFrame:
    """One row per drawn event, on a random sample day of its window, within working hours mostly."""
    rows = grid.loc[grid.index.repeat(grid["events"])].reset_index(drop=True)
    day_starts = pd.Series(scene.dates).dt.to_period(WINDOWS[window]).dt.start_time
    by_window = {w: scene.dates[(day_starts == w).to_numpy()] for w in rows["window_start"].unique()}
    day = [by_window[w][rng.integers(0, len(by_window[w]))] for w in rows["window_start"]]
    at = pd.DatetimeIndex(day) + pd.to_timedelta(rng.uniform(hours[0] * 3600, hours[1] * 3600, len(rows)).round(), unit="s")
    return rows.assign(at=at)


def _counted(scene, rng: np.random.Generator, store: dict) -> None:
    """DUT-02 spot checks, QA-01 monitored calls, COM-06 notice-board updates."""
    staff, sites = scene.frames["staff"], scene.frames["sites"][["site_id"]]
    sup = staff.loc[staff["role"] == "supervisor", ["staff_id", "site_id"]]
    need = int(scene.rule("DUT-02").min)
    ev = _events(scene, rng, _count_cells(scene, rng, sup, "week", need), "week", (9, 17.5))
    extra = ev.sample(frac=0.3, random_state=int(rng.integers(1 << 30))).assign(desk="duty_office")  # other desks do not count
    ev = pd.concat([ev.assign(desk="front_desk"), extra], ignore_index=True).sort_values("at", kind="mergesort")
    scene.frames["spot_checks"] = pd.DataFrame({"check_id": _ids("SC", len(ev)), "site_id": ev["site_id"].to_numpy(), "desk": ev["desk"].to_numpy(),
                                                "supervisor_id": ev["staff_id"].to_numpy(), "checked_at": ev["at"].to_numpy(),
                                                "result": rng.choice(["ok", "issue"], len(ev), p=[0.85, 0.15])})
    agents = staff.loc[staff["role"] == "call_agent", ["staff_id", "site_id"]]
    need_qa = int(scene.rule("QA-01").min)
    ev = _events(scene, rng, _count_cells(scene, rng, agents, "month", need_qa), "month", (9, 18)).sort_values("at", kind="mergesort")
    inspectors = _pool(staff, ["team_lead"])
    scene.frames["call_monitoring"] = pd.DataFrame({"monitor_id": _ids("QM", len(ev)), "call_id": None, "agent_id": ev["staff_id"].to_numpy(),
                                                    "inspector_id": _pick(rng, inspectors, ev["site_id"].to_numpy()), "monitored_at": ev["at"].to_numpy(),
                                                    "score": rng.integers(70, 101, len(ev)).astype(float)})
    need_nb = int(scene.rule("COM-06").min)
    ev = _events(scene, rng, _count_cells(scene, rng, sites, "month", need_nb), "month", (9, 17)).sort_values("at", kind="mergesort")
    boards = np.char.add(ev["site_id"].to_numpy().astype(str), np.char.add("-B0", rng.integers(1, 4, len(ev)).astype(str)))
    scene.frames["notice_updates"] = pd.DataFrame({"update_id": _ids("NB", len(ev)), "site_id": ev["site_id"].to_numpy(), "board_id": boards,
                                                   "updated_at": ev["at"].to_numpy(), "staff_id": _pick(rng, _pool(staff, ["service_staff"]), ev["site_id"].to_numpy())})
    store.update({"DUT-02": ("spot_checks", "supervisor_id", sup["staff_id"], "week", need),
                  "QA-01": ("call_monitoring", "agent_id", agents["staff_id"], "month", need_qa),
                  "COM-06": ("notice_updates", "site_id", sites["site_id"], "month", need_nb)})




def add(scene) -> None:
    rng = scene.rng(GROUP)
    _masters(scene, rng)
    cells: list[pd.DataFrame] = []
    scene.frames["log_reviews"] = _log_reviews(scene, rng, cells)
    scene.frames["deliverables"] = _deliverables(scene, rng, cells)
    store: dict = {"start": scene.dates[0]}
    _counted(scene, rng, store)
    store["cells"] = pd.concat(cells, ignore_index=True).reindex(columns=["rule", "dataset", "site_id", "period_start", "due", "breach", "key"])
    scene.frames["log_reviews"].attrs[GROUP] = store


def _monthly(stamps: pd.Series) -> dict[str, int]:
    return {k: int(v) for k, v in stamps.dt.strftime("%Y-%m").value_counts().sort_index().items()}


def violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    store = frames["log_reviews"].attrs[GROUP]
    out = {}
    for rule_id, group in store["cells"].groupby("rule"):
        lost = group["key"].isin(dirty.get(group["dataset"].iat[0], {}).get("duplicated_keys", []))
        failed = group[(group["breach"] | lost) & (group["due"] < end) & (group["due"] >= store["start"])]
        out[rule_id] = {"violations": len(failed), "by_month": _monthly(failed["due"])}
    return out | count_violations(frames, dirty, end, store, ("DUT-02", "QA-01", "COM-06"))


def count_violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp, store: dict, rules: tuple[str, ...]) -> dict[str, dict]:
    """Subject × judged-window cells counting fewer qualifying rows than needed, from the rows a run keeps."""
    out = {}
    for rule_id in rules:
        name, column, subjects, window, need = store[rule_id]
        frame = frames[name]
        frame = frame[~frame.iloc[:, 0].isin(dirty.get(name, {}).get("duplicated_keys", []))]
        frame = _qualifying(rule_id, frame, frames["sites"], store)
        windows = judged_windows(store["start"], end, window)
        stamps = frame[TIME[name]]
        starts = stamps.dt.to_period(WINDOWS[window]).dt.start_time
        counts = frame.groupby([frame[column], starts]).size()
        grid = pd.MultiIndex.from_product([subjects.to_numpy(), pd.DatetimeIndex(windows["window_start"])])
        low = counts.reindex(grid, fill_value=0) < need
        ends = pd.Series(pd.DatetimeIndex(windows["window_end"]) - DAY, index=windows["window_start"].to_numpy())
        failed = pd.Series(ends.reindex(grid[low.to_numpy()].get_level_values(1)).to_numpy())
        out[rule_id] = {"violations": int(low.sum()), "by_month": _monthly(failed) if len(failed) else {}}
    return out


def _qualifying(rule_id: str, frame: pd.DataFrame, sites: pd.DataFrame, store: dict) -> pd.DataFrame:
    if rule_id == "DUT-02":
        return frame[frame["desk"] == "front_desk"]
    if rule_id == "COM-01":
        return frame[frame["chair_present"] == True]  # noqa: E712
    if rule_id == "COM-02":
        size = frame["site_id"].map(sites.set_index("site_id")["committee_size"])
        return frame[frame["members_present"] > size * store["share"]]
    return frame

