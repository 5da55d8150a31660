"""The rules engine behind `svccheck watch`: durable-rules rulesets, one per rule (the only module importing durable)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable

Fired = Callable[[str, str, str, int], None]  # (ruleset, record key, timer kind, watermark)


def available() -> str | None:
    """None when durable-rules can be used; otherwise why not (for a clear message)."""
    if importlib.util.find_spec("durable") is None:
        return "durable-rules is not installed: pip install 'svccheck[live]' (it needs Python < 3.13 and a C compiler)"
    try:
        import durable.lang  # noqa: F401
    except (ImportError, AttributeError, OSError) as exc:  # the C extension fails on Python 3.13 (PyEval_CallObject)
        return f"durable-rules cannot be imported here ({exc})"
    return None


def timer_fact(record: str, kind: str, at: int) -> dict:
    """A record's pending alert: kind 'risk' or 'breach', due once the watermark reaches `at` (epoch seconds)."""
    return {"t": "timer", "rec": record, "kind": kind, "at": int(at)}


class RulesEngine:
    """Rulesets `due: timer(at) & watermark(ts >= timer.at) -> fired, retract timer`, in event time.

    The watermark of each ruleset is a fact replaced as event time moves on (never an event: events are
    consumed when a rule fires). Actions run in the calling thread (SyncHost): durable-rules' own
    background thread gives wrong and duplicated results (shared/spec/dependency-notes.md).
    """

    def __init__(self, names: Iterable[str], fired: Fired):
        import durable.engine as de
        import durable.lang as dl

        class SyncHost(de.Host):
            def _run(self) -> None:  # no background thread: actions run inside assert/retract
                pass

        dl._main_host = SyncHost()
        self._fired = fired
        self._watermark: dict[str, int] = {}
        self.names = list(names)
        for name in self.names:
            self._define(dl, name)
        self._host = dl.get_host()

    def _define(self, dl, name: str) -> None:
        fired = self._fired

        with dl.ruleset(name):
            @dl.when_all(dl.c.timer << (dl.m.t == "timer"), dl.c.wm << (dl.m.t == "wm") & (dl.m.ts >= dl.c.timer.at))
            def due(c):
                timer = c.timer
                c.retract_fact({"t": "timer", "rec": timer.rec, "kind": timer.kind, "at": timer.at})
                fired(name, timer.rec, timer.kind, int(c.wm.ts))

    def advance(self, name: str, watermark: int, timers: list[dict]) -> None:
        """Move the ruleset's watermark to `watermark`, then hand it the timers now due; those with at ≤ watermark fire."""
        old = self._watermark.get(name)
        if old != watermark:
            if old is not None:
                self._host.retract_fact(name, {"t": "wm", "ts": old})
            self._watermark[name] = watermark
            self._host.assert_fact(name, {"t": "wm", "ts": watermark})
        if timers:
            self._host.assert_facts(name, timers)

    def drop(self, name: str, timer: dict) -> None:
        """Retract a timer the engine holds (its record was closed before it fired)."""
        self._host.retract_fact(name, timer)
