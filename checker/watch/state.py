"""The state file of `svccheck watch`: watermark, lines read per source, open records and the alerts they had.

The rosters and the open days' events of the daily counts are saved too (as JSON records, typed again by
the contracts on load), so that a day judged after a restart counts what came before it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from checker.errors import UsageError
from checker.watch.events import typed
from checker.watch.monitor import Monitor, Open
from checker.watch.replay import records

FORMAT = "svccheck-watch-state/1"


def save(monitor: Monitor, lines: dict[str, int], path: Path) -> None:
    """Written beside the target and renamed into place: a crash leaves the previous state whole."""
    kept = {monitor.rule_ids[i]: [[k, o.start, o.risk, o.due, o.staff, o.site, o.risk_sent, o.breach_sent]
                                            for k, o in table.items()] for i, table in enumerate(monitor.open)}
    held = {name: records(h.frame(), monitor.ctx.contracts[name]) for name, h in monitor.days.held.items() if len(h.frame())}
    body = {"format": FORMAT, "watermark": monitor.watermark, "next_day": monitor.next_day, "lines": lines, "open": kept,
            "held": held}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def load(monitor: Monitor, path: Path) -> dict[str, int]:
    """Restore a saved state into a fresh monitor; the lines already read per source are returned."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not a state file of svccheck watch ({exc})") from exc
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise UsageError(f"{path}: not a state file of svccheck watch (no format {FORMAT!r}); it is left untouched")
    ids = {rule_id: i for i, rule_id in enumerate(monitor.rule_ids)}
    monitor.watermark, monitor.next_day = int(body["watermark"]), body.get("next_day")
    for rule_id, rows in body["open"].items():
        if rule_id not in ids:
            continue  # a rule no longer watched: its open records are dropped
        i = ids[rule_id]
        for key, start, risk, due, staff, site, risk_sent, breach_sent in rows:
            state = Open(start, risk, due, staff, site, risk_sent, breach_sent)
            monitor.open[i][key] = state
            monitor._arm(i, key, state)
    for name, rows in body.get("held", {}).items():
        if name in monitor.days.held:
            monitor.days.held[name].add(_typed_frame(rows, monitor.ctx.contracts[name]))
    return {str(k): int(v) for k, v in body.get("lines", {}).items()}


def _typed_frame(rows: list[dict], contract) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    for spec in contract.columns:
        frame[spec.name] = typed(frame[spec.name] if spec.name in frame else pd.Series(None, index=frame.index), spec.type, spec.values)[0]
    return frame[[c.name for c in contract.columns]]
