"""Sample first patrols of the day (PAT-02), vacant-unit inspections and cleanings (PAT-04, PAT-04-new, PAT-05) and VIS-03."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.full import Scene, judged_windows

MIN, HOUR, DAY = 60, 3600, 86400
READINGS = ("water_reading", "power_reading", "gas_reading")


def _clock(value) -> int:
    """Seconds after midnight of a rule's time of day (a Timedelta, or "HH:MM")."""
    if isinstance(value, str):
        hours, minutes = value.split(":")
        return int(hours) * HOUR + int(minutes) * MIN
    return int(pd.Timedelta(value).total_seconds())


def _secs(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype("int64").astype("timedelta64[s]")


def add(scene: Scene) -> None:
    rng = scene.rng("patrol_units")
    _first_patrols(scene, rng)
    sites = scene.frames["sites"]
    if "new_site_months" not in sites:
        sites["new_site_months"] = 12
    if not _new_sites(sites, scene.dates):  # make the last site newly taken over, so PAT-04-new is judged
        sites.loc[sites.index[-1], "takeover_date"] = (scene.dates[0] - pd.Timedelta(days=150)).normalize()
    units = scene.frames["units"]
    vacant = units[units["status"] == "vacant"]
    new = _new_sites(sites, scene.dates)
    monthly = _monthly(scene, rng, vacant[~vacant["site_id"].isin(new)])
    cadence = _cadence(scene, rng, vacant[vacant["site_id"].isin(new)])
    frame = pd.concat([monthly, cadence, _cleanings(scene, rng, vacant)], ignore_index=True)
    frame.attrs["patrol_units"] = _info(scene, new)
    scene.frames["unit_inspections"] = frame


def _info(scene: Scene, new: list[str]) -> dict:
    """What violations() needs of the pack and the scene (it sees only the frames)."""
    first, sites = scene.rule("PAT-02"), scene.frames["sites"].set_index("site_id")
    return {"start": scene.dates[0], "start_by": _clock(first.start_by), "end_by": _clock(first.end_by), "working_days": scene.working_days(),
            "pat04_min": int(scene.rule("PAT-04").min), "pat05_min": int(scene.rule("PAT-05").min), "pat05_months": list(scene.rule("PAT-05").months),
            "max_gap": int(scene.rule("PAT-04-new").max_gap.total_seconds()),
            "new_sites": {s: (sites.at[s, "takeover_date"], sites.at[s, "takeover_date"] + pd.DateOffset(months=int(sites.at[s, "new_site_months"])))
                          for s in new}}


def _new_sites(sites: pd.DataFrame, dates: pd.DatetimeIndex) -> list[str]:
    ends = [t + pd.DateOffset(months=int(m)) for t, m in zip(sites["takeover_date"], sites["new_site_months"].fillna(12))]
    return [s for s, t, e in zip(sites["site_id"], sites["takeover_date"], ends) if t <= dates[0] - pd.Timedelta(days=40) and e > dates[-1] + pd.Timedelta(days=1)]


def _first_patrols(scene: Scene, rng: np.random.Generator) -> None:
    """Move each staff member's first patrol of a day within the day: by 08:40, ending by 09:30; a breach starts or ends late."""
    rule = scene.rule("PAT-02")
    start_by, end_by = _clock(rule.start_by), _clock(rule.end_by)
    patrols = scene.frames["patrols"]
    day = patrols["started_at"].dt.normalize()
    rank = patrols.groupby([patrols["staff_id"], day])["started_at"].rank(method="first").to_numpy()
    first = rank == 1
    n = int(first.sum())
    breach = rng.random(n) < scene.rate
    late_start = breach & (rng.random(n) < 0.5)
    start = np.where(rng.random(n) < 0.15, start_by, rng.integers(start_by - 40 * MIN, start_by + 1, n))
    start = np.where(late_start, rng.integers(start_by + 1 * MIN, start_by + 35 * MIN, n), start)
    longest = end_by - start
    length = np.where(rng.random(n) < 0.15, longest, rng.integers(15 * MIN, np.maximum(longest, 15 * MIN) + 1))
    length = np.where(breach & ~late_start, longest + rng.integers(1 * MIN, 25 * MIN, n), np.minimum(length, np.maximum(longest, 10 * MIN)))
    days = day.to_numpy().astype("datetime64[s]")
    started = patrols["started_at"].to_numpy().astype("datetime64[s]")
    ended = patrols["ended_at"].to_numpy().astype("datetime64[s]")
    started[first] = days[first] + _secs(start)
    ended[first] = started[first] + _secs(length)
    other = ~first & ((started - days) < np.timedelta64(12 * HOUR, "s"))  # other morning patrols follow the first one
    moved = days[other] + _secs(rng.integers(9 * HOUR + 45 * MIN, 11 * HOUR + 30 * MIN, int(other.sum())))
    ended[other] = moved + (ended[other] - started[other])
    started[other] = moved
    patrols["started_at"], patrols["ended_at"] = started, ended


def _months(scene: Scene) -> pd.DatetimeIndex:
    return pd.date_range(scene.dates[0].to_period("M").start_time, scene.dates[-1], freq="MS")


def _rows(units: pd.DataFrame, index: np.ndarray, when: np.ndarray, purpose: str, staff: np.ndarray | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"site_id": units["site_id"].to_numpy()[index], "unit_id": units["unit_id"].to_numpy()[index],
                          "staff_id": units["assigned_staff_id"].to_numpy()[index] if staff is None else staff,
                          "inspected_at": when, "purpose": purpose})
    return frame


def _readings(rng: np.random.Generator, frame: pd.DataFrame, missing: np.ndarray) -> pd.DataFrame:
    """All three meter readings; where `missing`, one of them is left empty."""
    n = len(frame)
    gone = np.where(missing, rng.integers(0, 3, n), -1)
    for i, column in enumerate(READINGS):
        values = np.round(rng.uniform(10, 3000, n), 1)
        frame[column] = np.where(gone == i, np.nan, values)
    return frame


def _monthly(scene: Scene, rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    """PAT-04: each vacant unit inspected once a month with all readings; a breached month has none, or one missing a reading."""
    last = (scene.dates[-1] + pd.Timedelta(days=1)).to_datetime64()
    parts = []
    for month in _months(scene):
        lo = max(month, scene.dates[0] - pd.Timedelta(days=10))
        hi = min(month + pd.offsets.MonthBegin(1), pd.Timestamp(last))
        n = len(units)
        breach = rng.random(n) < scene.rate
        when = lo.to_datetime64().astype("datetime64[s]") + _secs(rng.integers(0, max(1, (hi - lo).days), n) * DAY
                                                                     + rng.integers(9 * HOUR, 17 * HOUR, n))
        keep = ~breach | (rng.random(n) < 0.5)
        frame = _rows(units, np.flatnonzero(keep), when[keep], "vacant")
        parts.append(_readings(rng, frame, breach[keep]))
    return pd.concat(parts, ignore_index=True)


def _cadence(scene: Scene, rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    """PAT-04-new: inspections at most 14 days apart (some exactly 14 × 24 h); a breached stretch lasts 15–20 days."""
    limit = int(scene.rule("PAT-04-new").max_gap.total_seconds())
    start = _months(scene)[0].to_datetime64().astype("datetime64[s]")
    stop = (scene.dates[-1] + pd.Timedelta(days=1)).to_datetime64().astype("datetime64[s]")
    steps = int((stop - start) / np.timedelta64(1, "D")) // 3 + 2
    n = len(units)
    days = rng.integers(3, limit // DAY, (n, steps))  # whole days at about the same hour: a stretch stays within 9:00–17:00
    gap = days * DAY + rng.integers(-HOUR, HOUR + 1, (n, steps))
    gap = np.where(rng.random((n, steps)) < 0.1, limit, gap)
    gap = np.where(rng.random((n, steps)) < scene.rate, limit + rng.integers(1, 6, (n, steps)) * DAY + rng.integers(0, HOUR, (n, steps)), gap)
    gap[:, 0] = rng.integers(0, limit // DAY // 2, n) * DAY + rng.integers(10 * HOUR, 15 * HOUR, n)
    when = start + _secs(np.cumsum(gap, axis=1))
    unit, _ = np.nonzero(when < stop)
    frame = _rows(units, unit, when[when < stop], "vacant")
    return _readings(rng, frame, np.zeros(len(frame), dtype=bool))


def _cleanings(scene: Scene, rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    """PAT-05: a cleaning in each quarter's first month (some in other months too, which do not count); a breach has none."""
    rule = scene.rule("PAT-05")
    parts = []
    for month in _months(scene):
        lo = max(month, scene.dates[0] - pd.Timedelta(days=10))
        hi = min(month + pd.offsets.MonthBegin(1), scene.dates[-1] + pd.Timedelta(days=1))
        n = len(units)
        cleaned = rng.random(n) >= scene.rate if month.month in rule.months else rng.random(n) < 0.1
        when = lo.to_datetime64().astype("datetime64[s]") + _secs(rng.integers(0, max(1, (hi - lo).days), n) * DAY
                                                                     + rng.integers(9 * HOUR, 16 * HOUR, n))
        parts.append(_rows(units, np.flatnonzero(cleaned), when[cleaned], "cleaning", np.full(int(cleaned.sum()), None)))
    return pd.concat(parts, ignore_index=True)


def violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    events = frames["unit_inspections"]
    info = events.attrs["patrol_units"]
    events = events[~events["inspection_id"].isin(dirty.get("unit_inspections", {}).get("duplicated_keys", []))]
    full = events[(events["purpose"] == "vacant") & events[list(READINGS)].notna().all(axis=1)]
    units = frames["units"]
    vacant = units[units["status"] == "vacant"]
    months = judged_windows(info["start"], end, "month")
    quarter = months[months["window_start"].dt.month.isin(info["pat05_months"])]
    return {
        "PAT-02": _late_first(frames, dirty, info, end),
        "PAT-04": _too_few(vacant, full, months, info["pat04_min"]),
        "PAT-04-new": _long_gaps(vacant, full, months, info),
        "PAT-05": _too_few(vacant, events[events["purpose"] == "cleaning"], quarter, info["pat05_min"]),
    }


def _result(months: pd.Series) -> dict:
    counts = months.value_counts().sort_index()
    return {"violations": int(counts.sum()), "by_month": {k: int(v) for k, v in counts.items()}}


def _late_first(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], info: dict, end: pd.Timestamp) -> dict:
    patrols = frames["patrols"]
    patrols = patrols[~patrols["patrol_id"].isin(dirty.get("patrols", {}).get("duplicated_keys", []))]
    staff = frames["staff"]
    patrols = patrols[patrols["staff_id"].isin(staff.loc[staff["role"] == "service_staff", "staff_id"])]
    day = patrols["started_at"].dt.normalize()
    first = patrols.loc[patrols.groupby([patrols["staff_id"], day])["started_at"].idxmin()]
    day = first["started_at"].dt.normalize()
    judged = day.isin(info["working_days"]) & (day >= info["start"]) & (day < end)
    late = (first["started_at"] > day + pd.Timedelta(seconds=info["start_by"])) | ~(first["ended_at"] <= day + pd.Timedelta(seconds=info["end_by"]))
    return _result(day[judged & late].dt.strftime("%Y-%m"))


def _too_few(units: pd.DataFrame, events: pd.DataFrame, months: pd.DataFrame, least: int) -> dict:
    """Unit-months (starting on or after status_since) with fewer than `least` events."""
    grid = units[["unit_id", "status_since"]].merge(months, how="cross")
    grid = grid[grid["status_since"].isna() | (grid["window_start"] >= grid["status_since"])]
    month = events["inspected_at"].dt.to_period("M").dt.start_time
    counts = events.groupby([events["unit_id"], month]).size()
    got = counts.reindex(pd.MultiIndex.from_arrays([grid["unit_id"], grid["window_start"]]), fill_value=0).to_numpy()
    return _result(grid.loc[got < least, "window_start"].dt.strftime("%Y-%m"))


def _long_gaps(units: pd.DataFrame, events: pd.DataFrame, months: pd.DataFrame, info: dict) -> dict:
    """Unit-months of new sites whose longest stretch without a full inspection exceeds max_gap."""
    failed = []
    times = events.groupby("unit_id")["inspected_at"].agg(lambda s: np.sort(s.to_numpy()))
    for unit, site, since in units[["unit_id", "site_id", "status_since"]].itertuples(index=False):
        if site not in info["new_sites"]:
            continue
        begin, until = info["new_sites"][site]
        begin = max(begin, since) if pd.notna(since) else begin
        seen = times.get(unit, np.array([], dtype="datetime64[ns]"))
        for ws, we in months[["window_start", "window_end"]].itertuples(index=False):
            j0, close = max(ws, begin), min(we, until)
            if j0 >= close:
                continue
            before = seen[(seen < j0.to_datetime64()) & (seen >= begin.to_datetime64())]
            inside = seen[(seen >= j0.to_datetime64()) & (seen < close.to_datetime64())]
            points = np.concatenate([[before[-1] if len(before) else j0.to_datetime64()], inside, [close.to_datetime64()]])
            if np.diff(points).max() > np.timedelta64(info["max_gap"], "s"):
                failed.append(ws)
    return _result(pd.Series(failed, dtype="datetime64[ns]").dt.strftime("%Y-%m"))
