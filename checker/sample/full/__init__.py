"""Sample data for the full tier: every module of this package adds the datasets (or columns) its standards read,
with seeded breaches, and is found here by itself — adding a group of standards to the sample is adding a module.

A module defines `add(scene)` (put its frames into `scene.frames`, flagging each record that breaches a rule in a
boolean column `_v_<rule id>`), and optionally `CLOCK` (rule -> the column that places a flagged record in time,
when it is not the frame's first timestamp), `DIRTY` (dataset -> (column, corrupt value) pairs for the gate) and
`violations(frames, dirty, end)` for rules judged per subject per window, whose breaches are cells, not records.
Each module draws from its own random stream, so adding one never changes what another generates.
"""

from __future__ import annotations

import importlib
import pkgutil
import zlib
from dataclasses import dataclass, field
from types import ModuleType

import numpy as np
import pandas as pd

from checker.calendar import Calendars
from checker.rulepack import RulePack


@dataclass
class Scene:
    """What a module may use: the pack (thresholds come from its rules), the days, the core frames built so far."""

    seed: int
    pack: RulePack
    dates: pd.DatetimeIndex
    rate: float
    frames: dict[str, pd.DataFrame]
    calendars: Calendars = field(init=False)

    def __post_init__(self) -> None:
        self.calendars = Calendars(self.pack.calendar)

    def rng(self, module: str) -> np.random.Generator:
        """A random stream of a module's own, fixed by the seed and the module's name."""
        return np.random.default_rng([self.seed, zlib.crc32(module.encode())])

    def rule(self, rule_id: str):
        found = self.pack.get(rule_id)
        if found is None:
            raise KeyError(f"the sample generator breaks {rule_id}, which this rule pack does not define")
        return found.rule

    def working_days(self) -> pd.DatetimeIndex:
        """The days of the sample that are working days of the company calendar."""
        mask = np.asarray(self.calendars.is_working_day(None, pd.Series(self.dates)), dtype=bool)
        return self.dates[mask]


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]


def add_all(scene: Scene) -> None:
    for module in modules():
        module.add(scene)


def clocks() -> dict[str, str]:
    return {rule: column for m in modules() for rule, column in getattr(m, "CLOCK", {}).items()}


def dirty() -> dict[str, list[tuple[str, str]]]:
    return {name: pairs for m in modules() for name, pairs in getattr(m, "DIRTY", {}).items()}


def windowed(frames: dict[str, pd.DataFrame], dirty_info: dict[str, dict], end: pd.Timestamp) -> dict[str, dict]:
    return {rule: info for m in modules() if hasattr(m, "violations") for rule, info in m.violations(frames, dirty_info, end).items()}


def judged_windows(start: pd.Timestamp, end: pd.Timestamp, window: str) -> pd.DataFrame:
    """The windows a run over [start, end) judges: those whose last moment lies inside it (window_start, window_end)."""
    from checker.period import Period

    return Period("sample", start, end).windows(window)  # type: ignore[arg-type]


def record_ids(prefix: str, n: int, width: int) -> np.ndarray:
    """prefix + 1, 2, … n zero-padded to width (an empty array for n = 0, where np.char cannot reduce)."""
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
