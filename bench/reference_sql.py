"""The core checks written by hand as DuckDB SQL over an export's CSV files: the bench's independent reference.

Each query follows its rule file in rules/ (the clause is quoted beside it) and returns the failing records or
windows of that rule, keyed as svccheck keys them (record: the record's id; PAT-01: `area|day`; VIS-01:
`staff|week start`). Working time (CMP-02) is computed in SQL from a table of working days and the calendar's
working hours; only which days are working days comes from svccheck's calendar (the holiday notices are data).

    python bench/reference_sql.py EXPORT --from 2026-10-01 --to 2026-10-31 --as-of "2026-11-01 00:00" --out fails.parquet
Prints the wall time and the failing count per rule; the failing keys are written to --out.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

DATASETS = ("work_orders", "complaints", "visits", "patrols", "handovers", "areas", "staff", "units")
WORKING_HOURS = (("08:30", "12:00"), ("13:30", "17:30"))  # rules/calendar.yaml default.working_hours


def _deadline(rule: str, table: str, key: str, where: str, start: str, end: str, due: str, scope: str | None = None) -> str:
    """A `deadline` rule: judged when its scope time is in the period and not after as-of; failing when the end (up to
    as-of) is after the due time, or when there is no end and as-of is past it (checker/kinds/deadline.py)."""
    scope = scope or start
    return f"""
    SELECT '{rule}' AS rule_id, {key} AS key FROM (
      SELECT {key}, CASE WHEN ({end}) <= $as_of THEN ({end}) END AS done, {due} AS due FROM (
        SELECT *, {start} AS clock_start FROM {table}
        WHERE {scope} >= $p0 AND {scope} < $p1 AND {scope} <= $as_of AND ({where})))
    WHERE (done IS NOT NULL AND done > due) OR (done IS NULL AND $as_of > due)"""


VALID = "coalesce(valid, true)"  # where: {valid: {ne: false}}
CALLBACKS = """(SELECT ref_id, min(visited_at) AS callback_at FROM visits
               WHERE purpose = 'repair_callback' AND outcome = 'reached' AND visited_at <= $as_of GROUP BY ref_id)"""

RULES: dict[str, str] = {
    # 当接到客户报修后,值班员需在5分钟内通知有关受理人(或维修人员)
    "REP-01": _deadline("REP-01", "work_orders", "order_id", "true", "reported_at", "dispatched_at", "clock_start + INTERVAL 5 MINUTE"),
    # 紧急情况服务人员须保证在10分钟内到达现场
    "REP-02": _deadline("REP-02", "work_orders", "order_id", "category = 'emergency'", "reported_at", "arrived_at",
                        "clock_start + INTERVAL 10 MINUTE"),
    # 小修24小时内完成、中修三日内完成 — from the agreed start where one is recorded (REP-05)
    "REP-04": _deadline("REP-04", "work_orders", "order_id", "category IN ('minor', 'medium')", "coalesce(agreed_start_at, reported_at)",
                        "completed_at", "clock_start + CASE category WHEN 'minor' THEN INTERVAL 24 HOUR ELSE INTERVAL 72 HOUR END",
                        scope="reported_at"),
    # an agreed start without a reason in 备注 is itself a breach
    "REP-05": """SELECT 'REP-05', order_id FROM work_orders WHERE reported_at >= $p0 AND reported_at < $p1 AND reported_at <= $as_of
                 AND agreed_start_at IS NOT NULL AND coalesce(trim(agreed_reason), '') = ''""",
    # 对维修服务回访处理率达100%: every completed unit order has a reached callback; 3 days' grace before as-of
    "VIS-05": f"""SELECT 'VIS-05', o.order_id FROM work_orders o LEFT JOIN {CALLBACKS} c ON c.ref_id = o.order_id
                  WHERE o.completed_at >= $p0 AND o.completed_at < $p1 AND o.completed_at <= $as_of AND o.unit_id IS NOT NULL
                  AND c.callback_at IS NULL AND o.completed_at + INTERVAL 3 DAY < $as_of""",
    # 安全设施维修的2天内回访;其他维修项目2天内回访
    "VIS-06": _deadline("VIS-06", f"(SELECT o.*, c.callback_at FROM work_orders o LEFT JOIN {CALLBACKS} c ON c.ref_id = o.order_id)",
                        "order_id", "facility IN ('safety', 'other') AND completed_at IS NOT NULL AND unit_id IS NOT NULL",
                        "completed_at", "callback_at", "clock_start + INTERVAL 48 HOUR"),
    # 房屋渗漏水项目维修的,试漏后3天内回访
    "VIS-06-leak": _deadline("VIS-06-leak", f"(SELECT o.*, c.callback_at FROM work_orders o LEFT JOIN {CALLBACKS} c ON c.ref_id = o.order_id)",
                             "order_id", "facility = 'leak' AND completed_at IS NOT NULL AND unit_id IS NOT NULL",
                             "coalesce(leak_test_at, completed_at)", "callback_at", "clock_start + INTERVAL 72 HOUR", scope="completed_at"),
    # 对投诉内容要认真记录 … 并在24小时内予以解决或答复
    "CMP-01": _deadline("CMP-01", "complaints", "complaint_id", VALID, "received_at", "least(answered_at, resolved_at)",
                        "clock_start + INTERVAL 24 HOUR"),
    # 工作时间8小时内、非工作时间24小时内 … 做出处理回应 (working time: the working_due macro below)
    "CMP-02": _deadline("CMP-02", "complaints", "complaint_id", VALID, "received_at", "first_response_at",
                        "CASE WHEN in_working(clock_start) THEN working_due(clock_start, 8 * 3600) ELSE clock_start + INTERVAL 24 HOUR END"),
    # 重大投诉,应当天报至小区负责人 … 2天内给住户明确答复,10日内解决
    "CMP-03-report": _deadline("CMP-03-report", "complaints", "complaint_id", f"severity = 'major' AND {VALID}", "received_at",
                               "reported_to_head_at", "date_trunc('day', clock_start) + INTERVAL 1 DAY - INTERVAL 1 SECOND"),
    "CMP-03-answer": _deadline("CMP-03-answer", "complaints", "complaint_id", f"severity = 'major' AND {VALID}", "received_at",
                               "answered_at", "clock_start + INTERVAL 48 HOUR"),
    "CMP-03-solve": _deadline("CMP-03-solve", "complaints", "complaint_id", f"severity = 'major' AND {VALID}", "received_at",
                              "resolved_at", "clock_start + INTERVAL 240 HOUR"),
    # 重要投诉,应在接待一小时内转呈部门主管进入处理程序,3天内处理完毕
    "CMP-04-forward": _deadline("CMP-04-forward", "complaints", "complaint_id",
                                f"(severity = 'important' OR severity_derived_from = 'important') AND {VALID}", "received_at",
                                "forwarded_at", "clock_start + INTERVAL 1 HOUR"),
    "CMP-04-solve": _deadline("CMP-04-solve", "complaints", "complaint_id",
                              f"(severity = 'important' OR severity_derived_from = 'important') AND {VALID}", "received_at",
                              "resolved_at", "clock_start + INTERVAL 72 HOUR"),
    # 轻微投诉,应在2天内或在住户要求的期限内解决
    "CMP-05": _deadline("CMP-05", "complaints", "complaint_id", f"(severity = 'minor' OR severity_derived_from = 'minor') AND {VALID}",
                        "received_at", "resolved_at", "coalesce(owner_deadline, clock_start + INTERVAL 48 HOUR)"),
    # 交接双方 … 互相签名后,方可离岗
    "HND-01-outgoing": """SELECT 'HND-01-outgoing', handover_id FROM handovers WHERE shift_start >= $p0 AND shift_start < $p1
                          AND shift_start <= $as_of AND outgoing_signed IS DISTINCT FROM true""",
    "HND-01-incoming": """SELECT 'HND-01-incoming', handover_id FROM handovers WHERE shift_start >= $p0 AND shift_start < $p1
                          AND shift_start <= $as_of AND incoming_signed IS DISTINCT FROM true""",
    # 接班人员提前15分钟到岗 (前台) / 提前5分钟 (值班室) / 提前10分钟 (客服中心): rules/profiles/desks.yaml
    "HND-02": """SELECT 'HND-02', handover_id FROM handovers WHERE shift_start >= $p0 AND shift_start < $p1 AND shift_start <= $as_of
                 AND NOT coalesce(incoming_arrived_at <= shift_start - to_minutes(CASE desk WHEN 'front_desk' THEN 15
                     WHEN 'duty_office' THEN 5 WHEN 'call_centre' THEN 10 ELSE 15 END), false)""",
}

# 如果在2天内未能处理完毕 … 转由客服主管负责处理;1周内未能处理完毕 … 转由经理 (escalation, 4 h grace)
for _rule, _days, _column in (("CMP-11-supervisor", 2, "escalated_supervisor_at"), ("CMP-11-manager", 7, "escalated_manager_at")):
    RULES[_rule] = f"""
    SELECT '{_rule}', complaint_id FROM (
      SELECT complaint_id, received_at + INTERVAL {_days} DAY + INTERVAL 4 HOUR AS limit_at,
             CASE WHEN resolved_at <= $as_of THEN resolved_at END AS closed,
             CASE WHEN {_column} <= $as_of THEN {_column} END AS escalated, received_at
      FROM complaints WHERE received_at >= $p0 AND received_at < $p1 AND received_at <= $as_of AND {VALID})
    WHERE (closed IS NULL OR closed > received_at + INTERVAL {_days} DAY)
      AND NOT coalesce(escalated <= limit_at, false) AND NOT coalesce(closed <= limit_at, false) AND $as_of > limit_at"""

# 每天对所管辖的地段巡检2遍: per area and working day of the period, patrols by the assigned person; fewer than 2 fails
RULES["PAT-01"] = """
SELECT 'PAT-01', a.area_id || '|' || strftime(d.day, '%Y-%m-%d') FROM areas a
JOIN staff s ON s.staff_id = a.assigned_staff_id AND s.role = 'service_staff'
CROSS JOIN (SELECT day FROM workdays WHERE working AND day >= $p0 AND day < $p1 AND day <= $as_of) d
LEFT JOIN (SELECT area_id, staff_id, date_trunc('day', started_at) AS day, count(*) AS n FROM patrols
           WHERE started_at <= $as_of GROUP BY ALL) p
  ON p.area_id = a.area_id AND p.staff_id = a.assigned_staff_id AND p.day = d.day
WHERE (s.active_from IS NULL OR s.active_from < d.day + INTERVAL 1 DAY) AND (s.active_to IS NULL OR s.active_to >= d.day)
  AND coalesce(p.n, 0) < 2 AND d.day + INTERVAL 1 DAY <= $as_of  -- a day not over at as-of is pending"""

# 每周至少走访所管辖的业主5%: distinct assigned units reached on a routine visit per ISO week, over the units assigned
RULES["VIS-01"] = """
WITH weeks AS (SELECT DISTINCT date_trunc('week', day) AS week FROM workdays
               WHERE date_trunc('week', day) + INTERVAL 7 DAY > $p0 AND date_trunc('week', day) + INTERVAL 7 DAY <= $p1
                 AND date_trunc('week', day) <= $as_of),
     assigned AS (SELECT assigned_staff_id AS staff_id, count(*) AS units FROM units WHERE assigned_staff_id IS NOT NULL GROUP BY 1),
     reached AS (SELECT v.staff_id, date_trunc('week', v.visited_at) AS week, count(DISTINCT v.unit_id) AS n FROM visits v
                 JOIN units u ON u.unit_id = v.unit_id AND u.assigned_staff_id = v.staff_id
                 WHERE v.purpose = 'routine' AND v.outcome = 'reached' AND v.visited_at <= $as_of GROUP BY ALL)
SELECT 'VIS-01', s.staff_id || '|' || strftime(w.week, '%Y-%m-%d') FROM staff s CROSS JOIN weeks w
JOIN assigned a ON a.staff_id = s.staff_id
LEFT JOIN reached r ON r.staff_id = s.staff_id AND r.week = w.week
WHERE s.role = 'service_staff' AND (s.active_from IS NULL OR s.active_from < w.week + INTERVAL 7 DAY)
  AND (s.active_to IS NULL OR s.active_to >= w.week) AND coalesce(r.n, 0) < 0.05 * a.units
  AND w.week + INTERVAL 7 DAY <= $as_of  -- a week not over at as-of is pending"""


def _stamp(column: str) -> str:
    return f"coalesce(try_strptime({column}, '%Y-%m-%d %H:%M:%S'), try_strptime({column}, '%Y-%m-%d %H:%M'), try_strptime({column}, '%Y-%m-%d'))"


def _load(con: duckdb.DuckDBPyConnection, folder: Path, contracts: dict) -> None:
    """Each dataset's CSV as text, then a typed view: timestamps parsed, enum labels to codes, 是/否 to booleans."""
    for name in DATASETS:
        path = folder / f"{name}.csv"
        con.execute(f"CREATE TABLE raw_{name} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")
        present = {row[0] for row in con.execute(f"DESCRIBE raw_{name}").fetchall()}
        columns = []
        for spec in contracts[name]:
            source = spec["name"] if spec["name"] in present else spec.get("zh")
            if source not in present:
                columns.append(f"NULL AS {spec['name']}")
                continue
            cell = f"nullif(trim(\"{source}\"), '')"
            if spec["type"] in ("timestamp", "date"):
                cell = _stamp(cell)
            elif spec["type"] == "bool":
                cell = f"CASE WHEN {cell} IN ('是', 'true', '1', 'Y', 'y', 'True') THEN true WHEN {cell} IS NULL THEN NULL ELSE false END"
            elif spec["type"] == "enum":
                cases = " ".join(f"WHEN '{label}' THEN '{code}' WHEN '{code}' THEN '{code}'" for code, label in spec["values"].items())
                cell = f"CASE {cell} {cases} END"
            columns.append(f"{cell} AS {spec['name']}")
        con.execute(f"CREATE TABLE {name} AS SELECT {', '.join(columns)} FROM raw_{name}")
        con.execute(f"DROP TABLE raw_{name}")


def _calendar(con: duckdb.DuckDBPyConnection, workdays: list[tuple[date, bool]]) -> None:
    """Working days, their working periods with the working seconds before each, and the two working-time macros."""
    con.execute("CREATE TABLE workdays (day TIMESTAMP, working BOOLEAN)")
    con.executemany("INSERT INTO workdays VALUES (?, ?)", workdays)
    parts = " UNION ALL ".join(f"SELECT day + INTERVAL '{a}' AS seg_start, day + INTERVAL '{b}' AS seg_end FROM workdays WHERE working"
                               for a, b in WORKING_HOURS)
    con.execute(f"""CREATE TABLE segments AS SELECT seg_start, seg_end,
        coalesce(sum(epoch(seg_end) - epoch(seg_start)) OVER (ORDER BY seg_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
        AS before FROM ({parts})""")
    con.execute("CREATE MACRO in_working(t) AS EXISTS (SELECT 1 FROM segments WHERE t >= seg_start AND t < seg_end)")
    # the working seconds counted up to t, plus `seconds` more, reached inside the segment where the total lands
    con.execute("""CREATE MACRO working_due(t, seconds) AS (
        SELECT seg_start + to_seconds(target - before) FROM segments,
          (SELECT max(before + least(greatest(epoch(t) - epoch(seg_start), 0), epoch(seg_end) - epoch(seg_start))) + seconds AS target
           FROM segments WHERE seg_start <= t) x
        WHERE before < target AND before + epoch(seg_end) - epoch(seg_start) >= target)""")


def failing(folder: Path, contracts: dict, workdays: list[tuple[date, bool]], p0: date, p1: date, as_of: str,
            threads: int | None = None) -> tuple[dict[str, set[str]], float]:
    """Failing keys per rule, and the seconds the queries took (loading the CSV files included)."""
    tick = time.perf_counter()
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    _load(con, folder, contracts)
    _calendar(con, workdays)
    params = {"p0": p0, "p1": p1, "as_of": as_of}
    result: dict[str, set[str]] = {}
    for rule, sql in RULES.items():
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        result[rule] = {str(row[1]) for row in con.execute(sql, used).fetchall()}
    con.close()
    return result, time.perf_counter() - tick


def main() -> None:
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export", type=Path)
    parser.add_argument("--from", dest="date_from", required=True)
    parser.add_argument("--to", dest="date_to", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--inputs", type=Path, required=True, help="contracts and working days as JSON (written by bench/company.py)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    inputs = json.loads(args.inputs.read_text(encoding="utf-8"))
    days = [(date.fromisoformat(d), bool(w)) for d, w in inputs["workdays"]]
    p0, p1 = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to) + timedelta(days=1)
    fails, seconds = failing(args.export, inputs["contracts"], days, p0, p1, args.as_of)
    rows = [(rule, key) for rule, keys in fails.items() for key in sorted(keys)]
    pq.write_table(pa.table({"rule_id": [r for r, _ in rows], "key": [k for _, k in rows]}), args.out)
    print(f"reference queries: {seconds:.1f} s; failing: " + ", ".join(f"{r} {len(k)}" for r, k in fails.items()))


if __name__ == "__main__":
    main()
