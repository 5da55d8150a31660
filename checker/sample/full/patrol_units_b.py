"""Sample renovation permits and their daily inspections (REN-01, PAT-03), duty calls (DUT-04), the duty log (DUT-05*) and VIS-03."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.full import Scene, judged_windows, record_ids

MIN, HOUR, DAY = 60, 3600, 86400
DIRTY = {"calls": [("desk", "门岗")], "unit_inspections": [("purpose", "保洁检查")]}
CLOCK = {"DUT-05-signed": "written_at"}


def _secs(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype("int64").astype("timedelta64[s]")


def _ids(prefix: str, n: int) -> np.ndarray:
    return record_ids(prefix, n, 7)


def _stream(scene: Scene) -> np.random.Generator:
    """The group's stream, skipped past what patrol_units_a drew from it."""
    return np.random.default_rng(scene.rng("patrol_units").integers(0, 2**63, 4))


def _day_times(rng: np.random.Generator, days: pd.DatetimeIndex, per_day: np.ndarray, lo: int, hi: int) -> np.ndarray:
    day = np.repeat(days.to_numpy().astype("datetime64[s]"), per_day)
    return day + _secs(rng.integers(lo, hi, len(day)))


def _staff_of(rng: np.random.Generator, staff: pd.DataFrame, site: np.ndarray, roles: list[str]) -> np.ndarray:
    pool = staff[staff["role"].isin(roles)].groupby("site_id")["staff_id"].agg(lambda s: s.to_numpy())
    return np.array([pool[s][i % len(pool[s])] for s, i in zip(site, rng.integers(0, 1000, len(site)))], dtype=object)


def add(scene: Scene) -> None:
    rng = _stream(scene)
    renovations = _renovations(scene, rng)
    scene.frames["renovations"] = renovations
    checks = _renovation_checks(scene, rng, renovations)
    inspections = scene.frames.get("unit_inspections", pd.DataFrame())
    merged = pd.concat([inspections, checks], ignore_index=True).sort_values("inspected_at", kind="stable").reset_index(drop=True)
    merged.insert(0, "inspection_id", _ids("FJ", len(merged)))
    merged.attrs = {**inspections.attrs, "pat03": (scene.dates[0], int(scene.rule("PAT-03").min)),
                    "vis03": int(scene.rule("VIS-03").min)}
    scene.frames["unit_inspections"] = merged
    scene.frames["calls"] = _calls(scene, rng)
    scene.frames["duty_log"] = pd.concat([_duty_log(scene, rng, site) for site in scene.frames["sites"]["site_id"]], ignore_index=True)


def _renovations(scene: Scene, rng: np.random.Generator) -> pd.DataFrame:
    """REN-01: the permit issued within 2 h of the application (some exactly at it); a breach is later, or never issued."""
    limit = int(scene.rule("REN-01").limit.total_seconds())
    units = scene.frames["units"]
    parts = []
    for site, own in units[units["status"] == "renovating"].groupby("site_id"):
        n = min(len(own), max(4, len(scene.dates) // 3))
        chosen = own.sample(n=n, random_state=rng)
        days = scene.working_days()
        days = days if len(days) else scene.dates  # a sample of non-working days only still takes applications
        applied = days.to_numpy().astype("datetime64[s]")[rng.integers(0, len(days), n)] + _secs(rng.integers(9 * HOUR, 17 * HOUR, n))
        parts.append(pd.DataFrame({"site_id": site, "unit_id": chosen["unit_id"].to_numpy(), "applied_at": applied}))
    frame = pd.concat(parts, ignore_index=True).sort_values("applied_at", kind="stable").reset_index(drop=True)
    n = len(frame)
    frame.insert(0, "renovation_id", _ids("ZX", n))
    frame["staff_id"] = _staff_of(rng, scene.frames["staff"], frame["site_id"].to_numpy(), ["receptionist", "service_staff"])
    breach = rng.random(n) < scene.rate
    breach[rng.integers(0, n)] |= not breach.any()  # the sample is small: at least one late permit
    delay = np.where(rng.random(n) < 0.15, limit, rng.integers(10 * MIN, limit + 1, n))
    delay = np.where(breach, limit + rng.integers(1, 6 * HOUR, n), delay)
    issued = frame["applied_at"].to_numpy() + _secs(delay)
    never = breach & (rng.random(n) < 0.3)
    frame["permit_issued_at"] = pd.Series(issued).where(~never)
    begin = frame["permit_issued_at"].dt.normalize() + pd.to_timedelta(rng.integers(1, 8, n), unit="D")
    frame["permit_start"] = begin
    frame["permit_end"] = begin + pd.to_timedelta(rng.integers(10, 45, n), unit="D")
    frame["_v_REN-01"] = never | ~(frame["permit_issued_at"] <= frame["applied_at"] + pd.Timedelta(seconds=limit))
    return frame


def _renovation_checks(scene: Scene, rng: np.random.Generator, renovations: pd.DataFrame) -> pd.DataFrame:
    """PAT-03: every permitted day inside the sample one or two renovation inspections; a breached day has none."""
    last = scene.dates[-1]
    rows = []
    for unit, site, begin, stop in renovations[["unit_id", "site_id", "permit_start", "permit_end"]].itertuples(index=False):
        if pd.isna(begin) or begin > last:
            continue
        days = pd.date_range(begin, min(stop, last), freq="D")
        per_day = np.where(rng.random(len(days)) < scene.rate, 0, rng.integers(1, 3, len(days)))
        when = _day_times(rng, days, per_day, 8 * HOUR, 18 * HOUR)
        rows.append(pd.DataFrame({"site_id": site, "unit_id": unit, "inspected_at": when, "purpose": "renovation"}))
    if not rows:  # no permit runs inside a short sample
        return pd.DataFrame({"site_id": [], "unit_id": [], "inspected_at": pd.Series([], dtype="datetime64[ns]"), "purpose": [], "staff_id": []})
    frame = pd.concat(rows, ignore_index=True)
    frame["staff_id"] = _staff_of(rng, scene.frames["staff"], frame["site_id"].to_numpy(), ["service_staff", "technician"])
    return frame


def _calls(scene: Scene, rng: np.random.Generator) -> pd.DataFrame:
    """DUT-04: answered within 3 rings (or 15 s where rings are not recorded, some exactly at it); a breach rings longer or is missed."""
    rule = scene.rule("DUT-04")
    rings_max, within = int(rule.params["max_rings"]), int(rule.measure.threshold.total_seconds())
    sites = scene.frames["sites"]["site_id"].to_numpy()
    per_day = rng.integers(8, 20, (len(sites), len(scene.dates)))
    site = np.repeat(np.repeat(sites, len(scene.dates)), per_day.ravel())
    days = np.tile(scene.dates.to_numpy().astype("datetime64[s]"), len(sites))
    offsets = np.where(rng.random(len(site)) < 0.85, rng.integers(8 * HOUR, 20 * HOUR, len(site)), rng.integers(0, DAY, len(site)))
    rang = np.repeat(days, per_day.ravel()) + _secs(offsets)
    n = len(site)
    breach = rng.random(n) < scene.rate
    counted = rng.random(n) < 0.7
    missed = breach & (rng.random(n) < 0.3)
    rings = np.where(breach, rng.integers(rings_max + 1, rings_max + 5, n), np.where(rng.random(n) < 0.2, rings_max, rng.integers(1, rings_max + 1, n)))
    wait = np.where(counted, rings * 5 - rng.integers(0, 4, n), np.where(breach, within + rng.integers(1, 30, n),
                    np.where(rng.random(n) < 0.2, within, rng.integers(2, within + 1, n))))
    desk = rng.choice(["duty_office", "front_desk", "call_centre"], n, p=[0.5, 0.3, 0.2])
    desk = np.where((offsets < 8 * HOUR) | (offsets >= 20 * HOUR), "duty_office", desk)  # at night only the duty office answers
    roles = {"duty_office": ["service_staff", "supervisor"], "front_desk": ["receptionist"], "call_centre": ["call_agent"]}
    staff = np.empty(n, dtype=object)
    for name, who in roles.items():
        staff[desk == name] = _staff_of(rng, scene.frames["staff"], site[desk == name], who)
    frame = pd.DataFrame({"site_id": site, "desk": desk, "line": np.char.add("8866", rng.integers(1000, 10000, n).astype(str)),
                          "staff_id": pd.Series(staff).where(~missed), "rang_at": rang,
                          "answered_at": pd.Series(rang + _secs(np.maximum(wait, 0))).where(~missed),
                          "rings": pd.array(np.where(counted & ~missed, rings, 0), dtype="Int64")})
    frame.loc[~counted | missed, "rings"] = pd.NA
    frame = frame.sort_values("rang_at", kind="stable").reset_index(drop=True)
    frame.insert(0, "call_id", _ids("LD", len(frame)))
    late = np.where(frame["rings"].notna(), frame["rings"].fillna(0) > rings_max,
                    ~(frame["answered_at"] <= frame["rang_at"] + pd.Timedelta(seconds=within)))
    frame["_v_DUT-04"] = frame["answered_at"].isna() | late
    return frame


def _duty_log(scene: Scene, rng: np.random.Generator, site: str) -> pd.DataFrame:
    """DUT-05*: one book a month per site, entries numbered 1, 2, … on pages 1, 2, …, signed soon after writing;
    a breach skips or repeats a number, tears out a page, or edits an entry after it was signed."""
    per_day = rng.integers(3, 8, len(scene.dates))
    written = np.sort(_day_times(rng, scene.dates, per_day, 0, DAY))
    written = written + _secs(np.arange(len(written)) % 60)  # no two entries at the same second
    n = len(written)
    book = np.char.add(f"ZB-{site}-", pd.DatetimeIndex(written).strftime("%Y%m").to_numpy().astype(str))
    fresh = np.r_[True, book[1:] != book[:-1]]
    skip = ~fresh & (rng.random(n) < scene.rate / 2)
    again = ~fresh & ~skip & (rng.random(n) < scene.rate / 2)
    step = np.where(fresh, 1, np.where(skip, rng.integers(2, 4, n), np.where(again, 0, 1)))
    seq = _restarting_cumsum(step, fresh)
    new_page = fresh | (rng.random(n) < 0.35)
    torn = new_page & ~fresh & (rng.random(n) < scene.rate)
    page = _restarting_cumsum(np.where(new_page, np.where(torn, rng.integers(2, 4, n), 1), 0), fresh)
    signed = pd.Series(written + _secs(rng.integers(2 * MIN, 3 * HOUR, n))).where(rng.random(n) >= 0.05)
    kind = rng.random(n)
    before = pd.Series(written + _secs(rng.integers(1 * MIN, 2 * MIN, n)))  # corrected before signing
    edited = before.where(kind < 0.08, signed).where(kind < 0.12)  # some edited exactly at signing, most never
    late = signed.notna() & (rng.random(n) < scene.rate)
    edited = edited.where(~late, signed + pd.to_timedelta(rng.integers(MIN, 2 * DAY, n), unit="s"))
    staff = _staff_of(rng, scene.frames["staff"], np.full(n, site), ["service_staff", "supervisor"])
    return pd.DataFrame({"entry_id": record_ids(f"ZB{site[1:]}", n, 6),
                         "site_id": site, "book_no": book, "page_no": page, "seq_no": seq, "written_at": written,
                         "written_by": staff, "signed_at": signed, "edited_at": edited,
                         "_v_DUT-05": skip | again, "_v_DUT-05-pages": torn,
                         "_v_DUT-05-signed": (edited > signed).to_numpy()})


def _restarting_cumsum(step: np.ndarray, fresh: np.ndarray) -> np.ndarray:
    """Cumulative sum of step that restarts at 1 wherever fresh (a new book) begins."""
    total = np.cumsum(step)
    base = np.maximum.accumulate(np.where(fresh, total - 1, 0))
    return total - base


def violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    events = frames["unit_inspections"]
    start, least = events.attrs["pat03"]
    events = events[~events["inspection_id"].isin(dirty.get("unit_inspections", {}).get("duplicated_keys", []))]
    return {"PAT-03": _unchecked_days(frames["renovations"], events, start, end, least),
            "VIS-03": _few_doors(frames, dirty, start, end, events.attrs["vis03"])}


def _result(months: pd.Series) -> dict:
    counts = months.value_counts().sort_index()
    return {"violations": int(counts.sum()), "by_month": {k: int(v) for k, v in counts.items()}}


def _unchecked_days(renovations: pd.DataFrame, events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, least: int) -> dict:
    """Permit days (unit × calendar day inside the range) with fewer than `least` renovation inspections."""
    permits = renovations[renovations["permit_start"].notna()]
    days = [pd.DataFrame({"unit_id": u, "day": pd.date_range(max(b, start), min(e, end - pd.Timedelta(days=1)), freq="D")})
            for u, b, e in permits[["unit_id", "permit_start", "permit_end"]].itertuples(index=False)]
    grid = pd.concat(days, ignore_index=True).drop_duplicates()
    checks = events[events["purpose"] == "renovation"]
    counts = checks.groupby([checks["unit_id"], checks["inspected_at"].dt.normalize()]).size()
    got = counts.reindex(pd.MultiIndex.from_arrays([grid["unit_id"], grid["day"]]), fill_value=0).to_numpy()
    return _result(grid.loc[got < least, "day"].dt.strftime("%Y-%m"))


def _few_doors(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], start: pd.Timestamp, end: pd.Timestamp, least: int) -> dict:
    """Site-months with fewer than `least` distinct units reached at the door (the visits the core sample made)."""
    visits = frames["visits"]
    visits = visits[~visits["visit_id"].isin(dirty.get("visits", {}).get("duplicated_keys", []))]
    door = visits[(visits["channel"] == "door") & (visits["outcome"] == "reached")]
    door = door.merge(frames["units"][["unit_id", "site_id"]], on="unit_id")
    reached = door.groupby(["site_id", door["visited_at"].dt.to_period("M").dt.start_time])["unit_id"].nunique()
    grid = frames["sites"][["site_id"]].merge(judged_windows(start, end, "month"), how="cross")
    got = reached.reindex(pd.MultiIndex.from_arrays([grid["site_id"], grid["window_start"]]), fill_value=0).to_numpy()
    return _result(grid.loc[got < least, "window_start"].dt.strftime("%Y-%m"))
