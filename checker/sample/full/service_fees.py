"""Full-tier sample for repairs follow-up, complaint tickets, move-ins and fees: REP-03/06, VIS-07/08, CMP-07/09, MOV, FEE."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.sample.activity import DAY, HOUR, MIN, pick, seconds, uniform
from checker.sample.full import Scene, judged_windows, record_ids

NAT = np.datetime64("NaT")
CLOCK = {"MOV-02": "completed_at", "FEE-01": "billing_start", "FEE-03": "_due_FEE-03", "FEE-04-age": "half_year_at",
         "FEE-04-amount": "billing_start"}
DIRTY = {"move_ins": [("started_at", "上午九点"), ("staff_id", "")]}
REASONS = np.array(["超出本部门职责范围", "需开发商处理", "涉及市政管网", "需业委会决议"])


def _sec(td) -> np.ndarray:
    return np.asarray(td).astype("timedelta64[s]").astype("int64")


def _draw(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    """Breach draws; at least one when there are records, so every rule is seen failing."""
    drawn = rng.random(n) < rate
    if n and not drawn.any():
        drawn[rng.integers(0, n)] = True
    return drawn


def _s(rule, name: str) -> int:
    value = getattr(rule, name, None)
    if value is None:
        value = rule.params[name]
    return int(pd.Timedelta(value).total_seconds())


def _notices(scene: Scene, rng: np.random.Generator) -> None:
    """REP-03: an arrival later than `window` after dispatch has a notice within `notice_by` and an agreed visit time."""
    rule = scene.rule("REP-03")
    window, by = int(pd.Timedelta(rule.params["window"]).total_seconds()), int(pd.Timedelta(rule.params["notice_by"]).total_seconds())
    o = scene.frames["work_orders"]
    dispatched, arrived = o["dispatched_at"].to_numpy(), o["arrived_at"].to_numpy()
    late = (~pd.isna(arrived)) & (~pd.isna(dispatched)) & (_sec(arrived - dispatched) > window)
    n = len(o)
    breach = late & _draw(rng, n, scene.rate)
    after = np.where(rng.random(n) < 0.1, by, uniform(rng, 2 * MIN, by, n))
    after = np.where(breach, by + uniform(rng, 1, 2 * HOUR, n), after)
    notice = np.where(late, dispatched + seconds(after), NAT)
    no_notice = breach & (rng.random(n) < 0.3)
    o["delay_notice_at"] = pd.to_datetime(np.where(no_notice, NAT, notice))
    o["agreed_visit_at"] = pd.to_datetime(np.where(late, dispatched + seconds(uniform(rng, 40 * MIN, 3 * HOUR, n)), NAT))
    o["_v_REP-03"] = breach


def _reworks(scene: Scene, rng: np.random.Generator) -> None:
    """VIS-08: a repair callback with a defect gets a later order of the site as its rework within 24 h, a breach none."""
    limit = _s(scene.rule("VIS-08"), "limit")
    v, o = scene.frames["visits"], scene.frames["work_orders"]
    v["defect_reported"] = np.where(v["purpose"] == "repair_callback", False, v["defect_reported"])
    o["rework_of"] = None
    site_of = o.set_index("order_id")["site_id"]
    calls = v[(v["purpose"] == "repair_callback") & v["ref_id"].notna()]
    chosen = calls.index[rng.random(len(calls)) < 0.02]
    used: set[int] = set()
    breach = _draw(rng, len(chosen), scene.rate)
    for i, idx in enumerate(chosen):
        at, ref = v.at[idx, "visited_at"], v.at[idx, "ref_id"]
        if not breach[i]:
            later = o.index[(o["site_id"] == site_of[ref]) & (o["reported_at"] > at) & (o["reported_at"] <= at + pd.Timedelta(seconds=limit))
                            & (o["order_id"] != ref)]
            free = [j for j in later if j not in used]
            if not free:
                continue
            used.add(free[0])
            o.at[free[0], "rework_of"] = ref
        v.at[idx, "defect_reported"] = True


def _call_centre(scene: Scene, rng: np.random.Generator) -> None:
    """VIS-07-repair: a share of the repair reports is taken by the call centre's agents."""
    o, staff = scene.frames["work_orders"], scene.frames["staff"]
    agents = staff[staff["role"] == "call_agent"].groupby("site_id")["staff_id"].agg(lambda s: s.to_numpy())
    taken = rng.random(len(o)) < 0.3
    o["received_by"] = np.where(taken, pick(rng, agents, o["site_id"].to_numpy()), o["received_by"].to_numpy())


def _tickets(scene: Scene, rng: np.random.Generator) -> None:
    """Complaint channels; CMP-09 assignment of call-centre tickets; CMP-07 returns and their reasons."""
    c = scene.frames["complaints"]
    n, received = len(c), c["received_at"].to_numpy()
    valid = c["valid"].to_numpy() != False  # noqa: E712
    v = scene.frames["visits"]
    called = c["complaint_id"].isin(v.loc[v["purpose"] == "complaint_callback", "ref_id"]).to_numpy()
    # VIS-07-complaint: the call centre's complaints are called back (the core callbacks); a breach is one that is not
    c["channel"] = rng.choice(["phone", "walk_in", "online"], n, p=[0.5, 0.3, 0.2])
    c["channel"] = c["channel"].where(~(rng.random(n) < np.where(called, 0.35, 0.35 * scene.rate)), "call_centre")
    call = (c["channel"] == "call_centre").to_numpy()
    limit = _s(scene.rule("CMP-09"), "limit")
    late = call & valid & _draw(rng, n, scene.rate)
    after = np.where(rng.random(n) < 0.1, limit, uniform(rng, 3 * MIN, limit, n))
    c["assigned_at"] = pd.to_datetime(received + seconds(np.where(late, limit + uniform(rng, 1, 5 * HOUR, n), after)))
    c["_v_CMP-09"] = late
    returned = rng.random(n) < 0.15
    slow = returned & valid & _draw(rng, n, scene.rate)
    # within 4 calendar hours is within 4 working hours; 8-10 days later is past them whatever the holidays
    back = np.where(slow, uniform(rng, 8 * DAY, 10 * DAY, n), uniform(rng, 10 * MIN, _s(scene.rule("CMP-07"), "limit"), n))
    c["returned_at"] = pd.to_datetime(np.where(returned, c["assigned_at"].to_numpy() + seconds(back), NAT))
    c["_v_CMP-07"] = slow
    silent = returned & valid & _draw(rng, n, scene.rate)
    c["return_reason"] = np.where(returned & ~silent, rng.choice(REASONS, n), None)  # type: ignore[call-overload]
    c["_v_CMP-07-reason"] = silent


def _move_ins(scene: Scene, rng: np.random.Generator) -> pd.DataFrame:
    """MOV-01 completed within 2 h of the start, MOV-02 archived the same calendar day."""
    sites, staff, units = scene.frames["sites"], scene.frames["staff"], scene.frames["units"]
    per_cell = rng.poisson(3, len(sites) * len(scene.dates))
    cell = np.repeat(np.arange(len(per_cell)), per_cell)
    n, site = len(cell), sites["site_id"].to_numpy()[cell // len(scene.dates)]
    day = scene.dates.to_numpy().astype("datetime64[s]")[cell % len(scene.dates)]
    started = day + seconds(uniform(rng, 9 * HOUR, 17 * HOUR, n))
    limit = _s(scene.rule("MOV-01"), "limit")
    slow = _draw(rng, n, scene.rate)
    took = np.where(slow, limit + uniform(rng, 1, 2 * HOUR, n), np.where(rng.random(n) < 0.1, limit, uniform(rng, 30 * MIN, limit, n)))
    completed = started + seconds(took)
    late = _draw(rng, n, scene.rate)
    end_of_day = _sec(completed.astype("datetime64[D]").astype("datetime64[s]") + seconds(np.full(n, DAY - 1)) - completed)
    archived = completed + seconds(np.where(late, end_of_day + uniform(rng, 1, 20 * HOUR, n), (rng.random(n) * end_of_day).astype(int)))
    desk = staff[staff["role"].isin(["service_staff", "receptionist"])].groupby("site_id")["staff_id"].agg(lambda s: s.to_numpy())
    return pd.DataFrame({
        "move_in_id": record_ids("RZ", n, 7), "site_id": site,
        "unit_id": pick(rng, units.groupby("site_id")["unit_id"].agg(lambda s: s.to_numpy()), site), "staff_id": pick(rng, desk, site),
        "started_at": pd.to_datetime(started), "completed_at": pd.to_datetime(completed), "archived_at": pd.to_datetime(archived),
        "_v_MOV-01": slow, "_v_MOV-02": late,
    })


def _ledger_rows(scene: Scene, rng: np.random.Generator, month: pd.Timestamp) -> pd.DataFrame:
    """Arrears rows: every unit of groups 0-2 owes `month`; group 1 since ~6 months, group 2 5000+ yuan, group 3 owes month - 3."""
    units = scene.frames["units"]
    group = np.digitize(rng.random(len(units)), [0.15, 0.2, 0.24, 0.3])
    rows = []
    for g, owed in ((0, [month]), (2, [month]), (3, [month - pd.DateOffset(months=3)])):
        u = units[group == g]
        rows.append(pd.DataFrame({"unit_id": u["unit_id"], "site_id": u["site_id"], "group": g, "billing_start": owed[0],
                                  "arrears_since": owed[0]}))
    old = units[group == 1]
    first, last = scene.dates[0], scene.dates[-1]
    drawn = first + pd.to_timedelta(rng.integers(0, (last - first).days + 1, len(old)), unit="D")
    since = drawn - pd.DateOffset(months=6)
    half = since + pd.DateOffset(months=6)  # as rules/facts/fees.yaml derives it: a 31st may come back as a 28th-30th
    inside = np.asarray(half >= first)  # a six months that ends before the sample (a 1-day sample on the 31st) is not seeded
    old, since, half = old[inside], since[inside], half[inside]
    for k in range(9):
        start = since.to_period("M").to_timestamp() + pd.DateOffset(months=k)
        keep = start <= month
        rows.append(pd.DataFrame({"unit_id": old["unit_id"].to_numpy()[keep], "site_id": old["site_id"].to_numpy()[keep], "group": 1,
                                  "billing_start": start[keep], "arrears_since": since[keep], "half_year_at": half[keep]}))
    a = pd.concat(rows, ignore_index=True)
    n = len(a)
    amount = np.where(a["group"] == 2, np.where(rng.random(n) < 0.15, 5000.0, uniform(rng, 500000, 900000, n) / 100),
                      uniform(rng, 10000, 55000, n) / 100)
    a["amount_due"], a["amount_outstanding"] = amount, amount
    a["billing_month"] = a["billing_start"].dt.strftime("%Y-%m")
    a["latest"] = a["billing_start"] == a.groupby("unit_id")["billing_start"].transform("max")
    return a


def _remind(rng: np.random.Generator, a: pd.DataFrame, month: pd.Timestamp, last: pd.Timestamp, rate: float) -> pd.DataFrame:
    """FEE-01: a reminder in the billing month by its 30th (a breach: none, or one in the next month); FEE-03 phone + letter."""
    due = a[a["billing_start"] == month]
    m = len(due)
    late = _draw(rng, m, rate)
    day = np.where(rng.random(m) < 0.15, 29, rng.integers(0, 29, m))
    at = due["billing_start"].to_numpy() + seconds(day * DAY + uniform(rng, 9 * HOUR, 20 * HOUR, m))
    nxt = (month + pd.DateOffset(months=1)).to_datetime64() + seconds(uniform(rng, 9 * HOUR, (last.day - 1) * DAY + 18 * HOUR, m))
    keep = ~late | (rng.random(m) < 0.5)
    first = pd.DataFrame({"row": due.index[keep], "reminded_at": np.where(late, nxt, at)[keep],
                          "channel": rng.choice(["phone", "notice", "visit"], m)[keep]})
    a["_v_FEE-01"] = False
    a.loc[due.index, "_v_FEE-01"] = late
    old = a[a["group"] == 3]
    k = len(old)
    phone = old["billing_start"].to_numpy() + seconds(rng.integers(0, 27, k) * DAY + uniform(rng, 9 * HOUR, 18 * HOUR, k))
    letter_due = pd.to_datetime(phone) + pd.DateOffset(months=3)
    missing = _draw(rng, k, rate)
    letter = letter_due.to_numpy() + seconds(np.where(rng.random(k) < 0.15, 7 * DAY, uniform(rng, -10 * DAY, 7 * DAY, k)))
    a["_due_FEE-03"] = pd.NaT
    a.loc[old.index, "_due_FEE-03"] = letter_due.to_numpy()
    a["_v_FEE-03"] = False
    a.loc[old.index, "_v_FEE-03"] = missing
    return pd.concat([first, pd.DataFrame({"row": old.index, "reminded_at": phone, "channel": "phone"}),
                      pd.DataFrame({"row": old.index[~missing], "reminded_at": letter[~missing], "channel": "express_letter"})],
                     ignore_index=True)


def _fees(scene: Scene, rng: np.random.Generator) -> None:
    """arrears and fee_reminders with FEE-01..04 breaches."""
    month = next((d for d in scene.dates if d.day == 1), None)
    if month is None:  # no billing month starts inside the sample: no ledger to judge
        month = scene.dates[0] + pd.offsets.MonthBegin(1)
    a = _ledger_rows(scene, rng, month)
    r = _remind(rng, a, month, scene.dates[-1], scene.rate).sort_values("reminded_at", kind="mergesort").reset_index(drop=True)
    n = len(r)
    ledger = a.loc[r["row"], "amount_outstanding"].to_numpy()
    wrong = _draw(rng, n, scene.rate) & (r["reminded_at"] >= scene.dates[0]).to_numpy()
    r["amount_stated"] = np.where(wrong, np.where(rng.random(n) < 0.3, np.nan, ledger + uniform(rng, 1, 5000, n) / 100), ledger)
    r["_v_FEE-02"] = wrong
    r["reminder_id"] = record_ids("CF", n, 7)
    for col in ("unit_id", "site_id", "billing_month"):
        r[col] = a.loc[r["row"], col].to_numpy()
    r["staff_id"] = scene.frames["units"].set_index("unit_id").loc[r["unit_id"], "assigned_staff_id"].to_numpy()
    _report(rng, a, scene.rate)
    scene.frames["arrears"] = a.drop(columns=["group", "latest"])
    scene.frames["fee_reminders"] = r.drop(columns=["row"])


def _report(rng: np.random.Generator, a: pd.DataFrame, rate: float) -> None:
    """FEE-04: the unit's six months (group 1) or 5000 yuan (group 2) reported within a working day, a breach never."""
    n = len(a)
    judged = a["latest"] & a["group"].isin([1, 2])
    silent = judged & _draw(rng, n, rate)
    clock = np.where(a["group"] == 1, a["half_year_at"].to_numpy(), a["billing_start"].to_numpy())
    at = pd.to_datetime(clock) + pd.to_timedelta(uniform(rng, 10 * HOUR, 16 * HOUR, n), unit="s")
    a["reported_to_committee_at"] = pd.to_datetime(np.where(judged & ~silent, at.to_numpy(), NAT))
    a["_v_FEE-04-age"] = silent & (a["group"] == 1)
    a["_v_FEE-04-amount"] = silent & (a["group"] == 2)


def add(scene: Scene) -> None:
    rng = scene.rng("service_fees")
    _call_centre(scene, rng)
    _notices(scene, rng)
    _reworks(scene, rng)
    _tickets(scene, rng)
    scene.frames["move_ins"] = _move_ins(scene, rng)
    _fees(scene, rng)
    timely = {c: scene.rule("REP-06-timely").params[f"{c}_limit"] for c in ("minor", "medium")} | {"VIS-08": scene.rule("VIS-08").limit}
    timely |= {"VIS-07": scene.rule("VIS-07-repair").limit, "attempts": scene.rule("VIS-07-repair").params["attempts"]}
    target = {r: float(scene.rule(r).params["target"]) for r in ("REP-06-timely", "REP-06-qualified", "REP-06-rework")}
    scene.frames["work_orders"].attrs["service_fees"] = (timely, target)


def _cells(frame: pd.DataFrame, time: str, met: pd.Series, target: float, windows: pd.DataFrame) -> dict:
    """Site x month cells of a rate rule whose share of `met` is below the target."""
    n, months = 0, {}
    for _, w in windows.iterrows():
        inside = (frame[time] >= w["window_start"]) & (frame[time] < w["window_end"])
        share = met[inside].groupby(frame.loc[inside, "site_id"]).mean()
        low = int((share < target).sum())
        if low:
            n, months[w["window_start"].strftime("%Y-%m")] = n + low, low
    return {"violations": n, "by_month": months}


def _rates(frames: dict[str, pd.DataFrame], lost: set, lost_visits: set, end: pd.Timestamp) -> dict[str, dict]:
    o = frames["work_orders"]
    timely, target = o.attrs["service_fees"]  # read from the pack by add()
    o = o[~o["order_id"].isin(lost)]
    windows = judged_windows(o["reported_at"].min().normalize(), end, "month")
    out = {}
    small = o[o["category"].isin(["minor", "medium"])]
    clock = small["agreed_start_at"].fillna(small["reported_at"])
    limit = pd.to_timedelta(np.where(small["category"] == "minor", pd.Timedelta(timely["minor"]).value, pd.Timedelta(timely["medium"]).value))
    out["REP-06-timely"] = _cells(small, "reported_at", small["completed_at"] <= clock + limit, target["REP-06-timely"], windows)
    done = o[o["completed_at"].notna()]
    out["REP-06-qualified"] = _cells(done, "completed_at", done["qc_passed"] == True, target["REP-06-qualified"], windows)  # noqa: E712
    out["REP-06-rework"] = _cells(o, "reported_at", o["rework_of"].isna(), target["REP-06-rework"], windows)
    v = frames["visits"]
    defects = v[(v["purpose"] == "repair_callback") & (v["defect_reported"] == True) & v["ref_id"].notna()  # noqa: E712
                & ~v["visit_id"].isin(lost_visits) & (v["visited_at"] < end)]
    rework = o[o["rework_of"].notna()].groupby("rework_of")["reported_at"].max()
    due = defects["visited_at"] + pd.Timedelta(timely["VIS-08"])
    reworked = pd.Series(rework.reindex(defects["ref_id"].to_numpy()).to_numpy(), index=defects.index)  # map() fails on none
    failed = ~(reworked <= due)
    months = defects.loc[failed, "visited_at"].dt.strftime("%Y-%m").value_counts().sort_index()
    out["VIS-08"] = {"violations": int(failed.sum()), "by_month": {k: int(x) for k, x in months.items()}}
    return out


def violations(frames: dict[str, pd.DataFrame], dirty: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    """REP-06 per site and month, VIS-08 (its rework orders are in another dataset), from the rows a run keeps."""
    lost = set(dirty.get("work_orders", {}).get("duplicated_keys", []))
    lost_visits = set(dirty.get("visits", {}).get("duplicated_keys", []))
    out = _rates(frames, lost, lost_visits, end)
    o, c, v = frames["work_orders"], frames["complaints"], frames["visits"]
    v = v[~v["visit_id"].isin(lost_visits)]
    agents = frames["staff"].loc[frames["staff"]["role"] == "call_agent", "staff_id"]
    orders = o[~o["order_id"].isin(lost) & o["received_by"].isin(agents) & o["completed_at"].notna() & o["unit_id"].notna()]
    out["VIS-07-repair"] = _callbacks(orders, "order_id", "completed_at", v[v["purpose"] == "repair_callback"], o.attrs["service_fees"][0], end)
    lost_c = set(dirty.get("complaints", {}).get("duplicated_keys", []))
    tickets = c[~c["complaint_id"].isin(lost_c) & (c["channel"] == "call_centre") & (c["valid"] != False)  # noqa: E712
                & c["resolved_at"].notna() & c["unit_id"].notna()]
    out["VIS-07-complaint"] = _callbacks(tickets, "complaint_id", "resolved_at", v[v["purpose"] == "complaint_callback"], o.attrs["service_fees"][0], end)
    return out


def _callbacks(records: pd.DataFrame, key: str, start: str, visits: pd.DataFrame, limits: dict, end: pd.Timestamp) -> dict:
    """VIS-07: reached within the limit, else exempt after `attempts` unanswered calls or a wrong contact within it."""
    records = records[records[start] < end]
    by = visits.groupby(["ref_id", "outcome"])["visited_at"]
    first, last, count = by.min(), by.max(), by.size()
    due = records[start] + pd.Timedelta(limits["VIS-07"])
    ids = records[key]

    def get(series: pd.Series, outcome: str) -> pd.Series:
        if outcome not in series.index.get_level_values("outcome"):
            return pd.Series(pd.NaT if series.dtype.kind == "M" else 0, index=records.index)
        return pd.Series(ids.map(series.xs(outcome, level="outcome")).to_numpy(), index=records.index)

    reached = get(first, "reached") <= due
    tried = (get(count, "no_answer").fillna(0) >= int(limits["attempts"])) & (get(last, "no_answer") <= due)
    failed = ~reached & ~(tried | (get(first, "wrong_contact") <= due))
    months = records.loc[failed, start].dt.strftime("%Y-%m").value_counts().sort_index()
    return {"violations": int(failed.sum()), "by_month": {k: int(x) for k, x in months.items()}}
