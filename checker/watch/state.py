"""The state file of `svccheck watch`: watermark, lines read per source, open records and the alerts they had."""

from __future__ import annotations

import json
import os
from pathlib import Path

from checker.errors import UsageError
from checker.watch.monitor import Monitor, Open

FORMAT = "svccheck-watch-state/1"


def save(monitor: Monitor, lines: dict[str, int], path: Path) -> None:
    """Written beside the target and renamed into place: a crash leaves the previous state whole."""
    records = {monitor.watched[i].rule.id: [[k, o.start, o.risk, o.due, o.staff, o.site, o.risk_sent, o.breach_sent]
                                            for k, o in table.items()] for i, table in enumerate(monitor.open)}
    body = {"format": FORMAT, "watermark": monitor.watermark, "lines": lines, "open": records}
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
    ids = {w.rule.id: i for i, w in enumerate(monitor.watched)}
    monitor.watermark = int(body["watermark"])
    for rule_id, rows in body["open"].items():
        if rule_id not in ids:
            continue  # a rule no longer watched: its open records are dropped
        i = ids[rule_id]
        for key, start, risk, due, staff, site, risk_sent, breach_sent in rows:
            state = Open(start, risk, due, staff, site, risk_sent, breach_sent)
            monitor.open[i][key] = state
            monitor._arm(i, key, state)
    return {str(k): int(v) for k, v in body.get("lines", {}).items()}
