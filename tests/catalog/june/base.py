"""The people, places and units of the hand-built June 2026 export, shared by every group's module.

Two sites: S01 翠湖苑, taken over on 2026-03-01 (a *new* site until 2027-03-01: new_site_months 12),
committee of 7; S02 金桂园, taken over in 2019 (not new), committee of 9. Each site has two service staff,
a receptionist, a team lead, an admin, a supervisor, a manager and a technician; the call centre (two
call agents) sits at S01. Nobody joins or leaves during June.

June 2026: Dragon Boat Festival is Friday 2026-06-19 (a public holiday, no make-up day), so the working
days are Mon–Fri except 06-19: 21 working days. Weeks (ISO, Monday first): W23 starts 06-01 … W27 starts
06-29 (it ends 07-05, outside June).
"""

from __future__ import annotations

SITES = [
    {"site_id": "S01", "site_name": "翠湖苑", "takeover_date": "2026-03-01", "committee_size": 7, "new_site_months": 12},
    {"site_id": "S02", "site_name": "金桂园", "takeover_date": "2019-05-01", "committee_size": 9, "new_site_months": None},
]

ROLES = {  # staff id -> (role, site, team)
    "K101": ("service_staff", "S01", "管家一组"), "K102": ("service_staff", "S01", "管家一组"),
    "K201": ("service_staff", "S02", "管家二组"), "K202": ("service_staff", "S02", "管家二组"),
    "Q101": ("receptionist", "S01", "前台组"), "Q201": ("receptionist", "S02", "前台组"),
    "C101": ("call_agent", "S01", "客服中心"), "C102": ("call_agent", "S01", "客服中心"),
    "L101": ("team_lead", "S01", "前台组"), "L201": ("team_lead", "S02", "前台组"),
    "A101": ("admin", "S01", "管理组"), "A201": ("admin", "S02", "管理组"),
    "P101": ("supervisor", "S01", "管理组"), "P201": ("supervisor", "S02", "管理组"),
    "M101": ("manager", "S01", "管理组"), "M201": ("manager", "S02", "管理组"),
    "T101": ("technician", "S01", "工程组"), "T201": ("technician", "S02", "工程组"),
}
NAMES = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴婷", "徐强", "孙丽", "马超", "朱琳", "胡军",
         "郭亮", "何雪", "林涛"]
STAFF = [{"staff_id": sid, "name": NAMES[i], "role": role, "site_id": site, "team": team, "active_from": "2025-01-01"}
         for i, (sid, (role, site, team)) in enumerate(ROLES.items())]


def staff_of(role: str, site: str | None = None) -> list[str]:
    return [sid for sid, (r, s, _) in ROLES.items() if r == role and (site is None or s == site)]


# Units: ten per site, numbered S01-0101 … S01-0110; K101 looks after 0101–0105, K102 0106–0110 (likewise S02).
# 0109 is vacant since 2026-05-01, 0110 vacant since 2025-12-01, 0108 under renovation, the rest occupied.
def _units(site: str) -> list[dict]:
    rows = []
    for n in range(1, 11):
        status = {8: "renovating", 9: "vacant", 10: "vacant"}.get(n, "occupied")
        since = {8: "2026-05-20", 9: "2026-05-01", 10: "2025-12-01"}.get(n)
        keeper = f"K{site[-1]}01" if n <= 5 else f"K{site[-1]}02"
        rows.append({"unit_id": f"{site}-01{n:02d}", "site_id": site, "assigned_staff_id": keeper, "status": status, "status_since": since})
    return rows


UNITS = _units("S01") + _units("S02")
AREAS = [{"area_id": f"{site}-A{n}", "site_id": site, "assigned_staff_id": f"K{site[-1]}0{n}"} for site in ("S01", "S02") for n in (1, 2)]

HOLIDAYS = {"2026-06-19"}
JUNE_DAYS = [f"2026-06-{d:02d}" for d in range(1, 31)]
WEEKDAYS = [d for i, d in enumerate(JUNE_DAYS) if (i + 0) % 7 < 5]  # 06-01 is a Monday
WORKING_DAYS = [d for d in WEEKDAYS if d not in HOLIDAYS]
MONDAYS = [d for i, d in enumerate(JUNE_DAYS) if i % 7 == 0]  # 06-01, 06-08, 06-15, 06-22, 06-29

BASE = {"sites": SITES, "staff": STAFF, "units": UNITS, "areas": AREAS}
