"""Sample master data: sites, staff, units and patrol areas."""

from __future__ import annotations

import numpy as np
import pandas as pd

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕雪峰晓东丹")
ESTATES = ["翠湖花园", "阳光城", "锦绣江南", "碧桂园", "万科城", "金色家园", "紫荆苑", "海棠湾", "御景华府", "星河湾"]
# role -> (code, people per site, team)
ROLES = {
    "service_staff": ("K", 8, None), "receptionist": ("Q", 4, "前台组"), "call_agent": ("H", 3, "客服中心"),
    "technician": ("W", 4, "工程组"), "supervisor": ("Z", 1, "管理组"), "manager": ("J", 1, "管理组"),
}
UNITS_PER_SITE = 400
AREAS_PER_STAFF = 2


def names(rng: np.random.Generator, n: int) -> np.ndarray:
    surname = rng.choice(SURNAMES, n)
    first = rng.choice(GIVEN, n)
    second = np.where(rng.random(n) < 0.6, rng.choice(GIVEN, n), "")
    return np.char.add(np.char.add(surname, first), second)


def sites(rng: np.random.Generator, n: int) -> pd.DataFrame:
    ids = np.array([f"S{i + 1:03d}" for i in range(n)])
    estate = [f"{ESTATES[i % len(ESTATES)]}{'' if i < len(ESTATES) else f'{i // len(ESTATES) + 1}期'}" for i in range(n)]
    takeover = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 2900, n), unit="D")
    return pd.DataFrame({"site_id": ids, "site_name": estate, "takeover_date": takeover})


def staff(rng: np.random.Generator, site_ids: np.ndarray) -> pd.DataFrame:
    parts = []
    for role, (code, count, team) in ROLES.items():
        site = np.repeat(site_ids, count)
        number = np.tile(np.arange(1, count + 1), len(site_ids))
        ids = np.char.add(np.char.add(site.astype(str), f"-{code}"), np.char.zfill(number.astype(str), 2))
        teams = np.where(number <= count // 2, "客服一组", "客服二组") if team is None else np.full(len(site), team)
        parts.append(pd.DataFrame({"staff_id": ids, "role": role, "site_id": site, "team": np.char.add(site.astype(str), teams.astype(str))}))
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(1, "name", names(rng, len(frame)))
    frame["active_from"] = pd.Timestamp("2024-01-01")
    frame["active_to"] = pd.NaT
    return frame


def units(rng: np.random.Generator, site_ids: np.ndarray) -> pd.DataFrame:
    n = UNITS_PER_SITE
    site = np.repeat(site_ids, n)
    index = np.tile(np.arange(n), len(site_ids))
    building, floor, room = index // 80 + 1, index % 80 // 4 + 1, index % 4 + 1
    unit_id = [f"{s}-{b}-{f:02d}{r:02d}" for s, b, f, r in zip(site, building, floor, room)]
    staff_no = index % ROLES["service_staff"][1] + 1
    assigned = np.char.add(np.char.add(site.astype(str), "-K"), np.char.zfill(staff_no.astype(str), 2))
    status = rng.choice(["occupied", "vacant", "renovating"], len(site), p=[0.85, 0.10, 0.05])
    since = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 1000, len(site)), unit="D")
    return pd.DataFrame({"unit_id": unit_id, "site_id": site, "assigned_staff_id": assigned, "status": status, "status_since": since})


def areas(site_ids: np.ndarray) -> pd.DataFrame:
    per_site = ROLES["service_staff"][1] * AREAS_PER_STAFF
    site = np.repeat(site_ids, per_site)
    index = np.tile(np.arange(per_site), len(site_ids))
    area_id = np.char.add(np.char.add(site.astype(str), "-A"), np.char.zfill((index + 1).astype(str), 2))
    assigned = np.char.add(np.char.add(site.astype(str), "-K"), np.char.zfill((index // AREAS_PER_STAFF + 1).astype(str), 2))
    return pd.DataFrame({"area_id": area_id, "site_id": site, "assigned_staff_id": assigned})
