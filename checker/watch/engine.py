"""The rules engine behind `svccheck watch`: a durable-rules ruleset that fires due timers (the only module importing durable)."""

from __future__ import annotations

import importlib.util
import itertools

_INSTANCES = itertools.count(1)  # ruleset names are global in durable-rules: each engine has its own


def available() -> str | None:
    """None when durable-rules can be used; otherwise why not (for a clear message)."""
    if importlib.util.find_spec("durable") is None:
        return "durable-rules is not installed: pip install 'svccheck[live]' (it needs Python < 3.13 and a C compiler)"
    try:
        import durable.lang  # noqa: F401
    except (ImportError, AttributeError, OSError) as exc:  # the C extension fails on Python 3.13 (PyEval_CallObject)
        return f"durable-rules cannot be imported here ({exc})"
    return None


class RulesEngine:
    """Ruleset `due: timer(watermark >= at) -> fire`: it is handed only the timers the Python timer wheel found due.

    Each timer is an event carrying the watermark at which the wheel found it due; the engine's rule decides
    that it fires. The rule is capped (`cap(1000)`): each action call receives up to 1000 matched timers at once,
    a fourth of the CPU of one call per timer. Actions run in the calling thread (SyncHost): durable-rules' own background thread gives
    wrong and duplicated results (shared/spec/dependency-notes.md). Events are posted in batches (post_batch).
    """

    def __init__(self) -> None:
        import durable.engine as de
        import durable.lang as dl

        class SyncHost(de.Host):
            def _run(self) -> None:  # no background thread: actions run inside post_batch
                pass

        dl._main_host = SyncHost()
        self.name = f"svccheck-timers-{next(_INSTANCES)}"
        self._fired: list[int] = []
        fired = self._fired

        with dl.ruleset(self.name):
            @dl.when_all(dl.cap(1000), dl.m.wm >= dl.m.at)  # cap: one action call for up to 1000 matched timers
            def due(c):
                fired.extend(int(timer.n) for timer in c.m)

        self._host = dl.get_host()
        self._next = itertools.count(1)

    def fire(self, timers: list[tuple[int, int]], size: int = 2000) -> set[int]:
        """Which of these (due at, watermark) timers the engine fires: their positions in the list."""
        self._fired.clear()
        messages = [{"id": next(self._next), "n": n, "at": int(at), "wm": int(wm)} for n, (at, wm) in enumerate(timers)]
        for first in range(0, len(messages), size):
            self._host.post_batch(self.name, messages[first:first + size])
        return set(self._fired)
