"""Sample attendance, leave and shift swaps with seeded breaches (ATT-01..03, SHF-01, SHF-02 and their variants)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.daytypes import day_types
from checker.sample.activity import DAY, HOUR, MIN, uniform
from checker.sample.full import judged_windows, record_ids

SHIFT_ROLES = ["service_staff", "receptionist", "call_agent"]
DESK_HOURS = [0, 8, 16]  # desk people work a fixed shift each; service staff start at 08:00
DIRTY = {"attendance": [("shift_start", ""), ("work_date", "2026-13-45")]}


def _td(values: np.ndarray) -> pd.TimedeltaIndex:
    return pd.to_timedelta(values, unit="s")


def _secs(value) -> int:
    return int(pd.Timedelta(value).total_seconds())


def _people(staff: pd.DataFrame) -> pd.DataFrame:
    people = staff[staff["role"].isin(SHIFT_ROLES)].sort_values(["site_id", "role", "staff_id"]).reset_index(drop=True)
    group = people.groupby(["site_id", "role"])
    people["slot"], people["size"] = group.cumcount(), group["staff_id"].transform("size")
    people["first"] = people.index - people["slot"]
    people["hour"] = np.where(people["role"] == "service_staff", 8, np.array(DESK_HOURS)[people["slot"] % 3])
    return people


def _grid(rng: np.random.Generator, people: pd.DataFrame, scene) -> pd.DataFrame:
    """Every person x day, its day type at the site and whether the person is scheduled."""
    grid = people.loc[people.index.repeat(len(scene.dates))].reset_index(drop=True)
    grid["work_date"] = np.tile(scene.dates.to_numpy(), len(people))
    grid["day_type"] = day_types(scene.calendars, grid["site_id"], grid["work_date"]).to_numpy()
    working = grid["day_type"].isin(["workday", "makeup_workday"]).to_numpy()
    chance = np.where(grid["role"] == "service_staff", np.where(working, 0.92, 0.3), 0.7)
    grid["scheduled"] = rng.random(len(grid)) < chance
    return grid


def _leave(rng: np.random.Generator, days: pd.DataFrame, shift: pd.Series, rate: float, notice: int) -> pd.DataFrame:
    """Whole-day leave; approved >= notice ahead (some exactly), a breach approved late or never; some asked after the shift started."""
    n = len(days)
    starts = pd.Series(days["work_date"].to_numpy())
    draw = rng.random(n)
    requested = starts - _td(uniform(rng, notice + HOUR, 6 * DAY, n))
    ahead = (starts - requested).dt.total_seconds().to_numpy() - notice
    approved = requested + _td((rng.random(n) * ahead).astype(int))
    approved = approved.where(draw >= 0.15, starts - _td(np.full(n, notice)))
    after = draw >= 1 - rate / 3  # asked for after the shift started (事后补假), approved later
    requested = requested.where(~after, pd.Series(shift.to_numpy()) + _td(uniform(rng, MIN, 3 * HOUR, n)))
    late = starts - _td(uniform(rng, 1, notice - 1, n))
    approved = approved.where(draw < 1 - rate, late.where(draw < 1 - rate / 2, pd.NaT))
    approved = approved.where(~after, requested + _td(uniform(rng, 10 * MIN, 2 * HOUR, n)))
    return pd.DataFrame({"staff_id": days["staff_id"].to_numpy(), "site_id": days["site_id"].to_numpy(),
                         "kind": np.where(rng.random(n) < 0.6, "leave", "time_off"), "starts_at": starts, "ends_at": starts + pd.Timedelta(days=1),
                         "requested_at": requested, "approved_by": np.char.add(days["site_id"].to_numpy().astype(str), "-Z01"),
                         "approved_at": approved})


def _sign_in(rng: np.random.Generator, rows: pd.DataFrame, by: int, within: int, rate: float) -> pd.Series:
    """Sign-in times: on time (some exactly at a limit); late past 07:50 for service staff; 20 minutes late or absent."""
    n = len(rows)
    start, day = rows["shift_start"], rows["work_date"]
    service = (rows["role"] == "service_staff").to_numpy()
    draw = rng.random(n)
    desk = start + _td(np.where(draw < 0.1, within, uniform(rng, -20 * MIN, within, n)))
    morning = day + _td(np.where(draw < 0.1, by, uniform(rng, by - 30 * MIN, by, n)))
    signed = desk.where(~service, morning)
    slack = day + _td(uniform(rng, by + 1, _secs(pd.Timedelta(hours=8)) + within, n))
    signed = signed.where(~(service & (draw >= 1 - 2 * rate) & (draw < 1 - rate)), slack)
    late = start + _td(uniform(rng, within + 1, 90 * MIN, n))
    return signed.where(draw < 1 - rate, late.where(draw < 1 - rate / 3, pd.NaT))


def attendance_and_leave(rng: np.random.Generator, scene) -> tuple[pd.DataFrame, pd.DataFrame]:
    people = _people(scene.frames["staff"])
    grid = _grid(rng, people, scene)
    notice = _secs(scene.rule("ATT-03").measure.threshold)
    by, within = _secs(scene.rule("ATT-01").limit), _secs(scene.rule("ATT-02").limit)
    holiday = (grid["day_type"] == "holiday").to_numpy()
    away = rng.random(len(grid)) < np.where(holiday, scene.rate, np.where(grid["scheduled"], 0.04, 0.03))
    grid["shift_start"] = grid["work_date"] + _td(grid["hour"].to_numpy() * HOUR)
    leave = _leave(rng, grid[away], grid.loc[away, "shift_start"], scene.rate, notice)
    leave["_row"] = np.flatnonzero(away)
    shifts = grid[grid["scheduled"]].copy()
    shifts["signed_in_at"] = _sign_in(rng, shifts, by, within, scene.rate).to_numpy()
    taken = shifts.index.isin(leave["_row"])
    shifts.loc[taken, "signed_in_at"] = pd.NaT
    shifts["signed_out_at"] = (shifts["shift_start"] + _td(uniform(rng, 8 * HOUR, 8 * HOUR + 40 * MIN, len(shifts)))).where(shifts["signed_in_at"].notna())
    _flag_attendance(shifts, leave.set_index("_row"), scene, by, within)
    shifts = shifts.sort_values(["shift_start", "staff_id"], kind="mergesort").reset_index(drop=True)
    shifts.insert(0, "attendance_id", record_ids("KQ", len(shifts), 8))
    keep = ["attendance_id", "staff_id", "site_id", "work_date", "shift_start", "signed_in_at", "signed_out_at"]
    leave = leave.drop(columns="_row").sort_values("starts_at", kind="mergesort").reset_index(drop=True)
    leave.insert(0, "leave_id", record_ids("QJ", len(leave), 7))
    leave["_v_ATT-03"] = ~(leave["approved_at"] <= leave["starts_at"] - pd.Timedelta(seconds=notice))
    return shifts[keep + [c for c in shifts.columns if c.startswith("_v_")]], leave


def _flag_attendance(shifts: pd.DataFrame, leave: pd.DataFrame, scene, by: int, within: int) -> None:
    mine = leave.reindex(shifts.index)
    covering = mine["approved_at"].notna()
    signed = shifts["signed_in_at"]
    judged = shifts["role"].isin(scene.rule("ATT-01").where.tests["staff_role"].in_) & shifts["day_type"].isin(["workday", "makeup_workday"])
    shifts["_v_ATT-01"] = judged & ~covering & ~(signed <= shifts["work_date"] + pd.Timedelta(seconds=by))
    excused = covering & (mine["requested_at"] <= shifts["shift_start"])
    shifts["_v_ATT-02"] = ~excused & ~(signed <= shifts["shift_start"] + pd.Timedelta(seconds=within))
    shifts["_v_SHF-02-holiday-leave"] = (shifts["day_type"] == "holiday") & covering


def _swap_dates(rng: np.random.Generator, people: pd.DataFrame, dates: pd.DatetimeIndex, rate: float, most: int) -> pd.DataFrame:
    """Per person and month: 0..most swaps at least two days apart; a breach has more."""
    months = pd.Series(dates).dt.to_period("M").unique()
    cells = people.loc[people.index.repeat(len(months))].reset_index(drop=True)
    cells["month"] = np.tile(months, len(people))
    count = np.where(rng.random(len(cells)) < rate, most + rng.integers(1, 3, len(cells)), rng.integers(0, most + 1, len(cells)))
    swaps = cells.loc[cells.index.repeat(count)].reset_index()
    first = pd.PeriodIndex(swaps["month"]).start_time.to_series(index=swaps.index).clip(lower=dates[0])
    gaps = pd.Series(rng.integers(2, 8, len(swaps))).groupby(swaps["index"]).cumsum() - 2  # the first 0..5 days in
    swaps["shift_date"] = first + pd.to_timedelta(gaps, unit="D")
    inside = (swaps["shift_date"].dt.to_period("M") == swaps["month"]) & (swaps["shift_date"] <= dates[-1])
    return swaps[inside].drop(columns=["index", "month"])


def _companions(rng: np.random.Generator, swaps: pd.DataFrame, holidays: pd.DatetimeIndex, rate: float) -> pd.DataFrame:
    """Breaches: a second swap the next day (or, rarely, the same day); a swap on a public holiday."""
    twin = swaps[rng.random(len(swaps)) < rate].copy()
    twin["shift_date"] += pd.to_timedelta((rng.random(len(twin)) >= 0.2).astype(int), unit="D")
    people = swaps.drop_duplicates("staff_id")
    festive = people[rng.random(len(people)) < rate].copy()
    if len(holidays):
        festive["shift_date"] = holidays[rng.integers(0, len(holidays), len(festive))]
    else:
        festive = festive.iloc[:0]
    return pd.concat([swaps, twin, festive], ignore_index=True)


def _approvals(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    """True mostly; a breach refused (False) or not recorded (None)."""
    draw = rng.random(n)
    return np.where(draw < 1 - rate, True, np.where(draw < 1 - rate / 2, False, None))  # type: ignore[call-overload]


def shift_swaps(rng: np.random.Generator, scene) -> pd.DataFrame:
    rule = scene.rule("SHF-01")
    people = _people(scene.frames["staff"])
    people = people[people["role"].isin(rule.role)].reset_index(drop=True)
    swaps = _swap_dates(rng, people, scene.dates, scene.rate, int(rule.max))
    kinds = day_types(scene.calendars, None, pd.Series(scene.dates))
    swaps = _companions(rng, swaps, scene.dates[(kinds == "holiday").to_numpy()], scene.rate)
    swaps = swaps[swaps["shift_date"] <= scene.dates[-1]].reset_index(drop=True)
    n = len(swaps)
    other = (swaps["slot"] + rng.integers(1, swaps["size"])) % swaps["size"]
    staff_ids = _people(scene.frames["staff"])["staff_id"].to_numpy()
    half = scene.rate / 2
    frame = pd.DataFrame({"site_id": swaps["site_id"], "staff_id": swaps["staff_id"], "counterpart_id": staff_ids[swaps["first"] + other],
                          "shift_date": swaps["shift_date"], "lead_approved": _approvals(rng, n, half),
                          "counterpart_lead_approved": _approvals(rng, n, half), "form_filed": _approvals(rng, n, scene.rate),
                          "requested_at": swaps["shift_date"] - _td(uniform(rng, 2 * HOUR, 5 * DAY, n))})
    frame = frame.sort_values(["shift_date", "staff_id"], kind="mergesort").reset_index(drop=True)
    frame.insert(0, "swap_id", record_ids("HB", n, 7))
    _flag_swaps(frame, scene)
    return frame


def _flag_swaps(frame: pd.DataFrame, scene) -> None:
    gap = scene.rule("SHF-01-consecutive").lookups[0].within.before
    pairs = frame[["swap_id", "staff_id", "shift_date"]].merge(frame[["swap_id", "staff_id", "shift_date"]], on="staff_id", suffixes=("", "_o"))
    lag = pairs["shift_date"] - pairs["shift_date_o"]
    near = pairs[(pairs["swap_id"] != pairs["swap_id_o"]) & (lag >= pd.Timedelta(0)) & (lag <= gap)]
    frame["_v_SHF-01-consecutive"] = frame["swap_id"].isin(near["swap_id"])
    frame["_v_SHF-02"] = ~((frame["lead_approved"] == True) & (frame["counterpart_lead_approved"] == True))  # noqa: E712 - None fails
    frame["_v_SHF-02-form"] = frame["form_filed"] != True  # noqa: E712
    frame["_v_SHF-02-holiday-swap"] = (day_types(scene.calendars, frame["site_id"], frame["shift_date"]) == "holiday").to_numpy()


def violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    """SHF-01: (person, month) cells with more swaps than allowed, among the months a whole-range run judges."""
    swaps = frames["shift_swaps"]
    swaps = swaps[~swaps["swap_id"].isin(dirty.get("shift_swaps", {}).get("duplicated_keys", []))]
    most = int(swaps.attrs["max_swaps"])
    start = pd.Timestamp(frames["handovers"]["shift_start"].min()).normalize()
    by_month: dict[str, int] = {}
    for window_start, window_end in judged_windows(start, end, "month").itertuples(index=False):
        inside = swaps[(swaps["shift_date"] >= window_start) & (swaps["shift_date"] < window_end)]
        over = int((inside.groupby("staff_id").size() > most).sum())
        if over:
            by_month[pd.Timestamp(window_start).strftime("%Y-%m")] = over
    return {"SHF-01": {"violations": sum(by_month.values()), "by_month": by_month}}


def add(scene) -> None:
    rng = scene.rng("shifts_people_b")
    attendance, leave = attendance_and_leave(rng, scene)
    swaps = shift_swaps(rng, scene)
    swaps.attrs["max_swaps"] = int(scene.rule("SHF-01").max)
    scene.frames["attendance"], scene.frames["leave"], scene.frames["shift_swaps"] = attendance, leave, swaps
