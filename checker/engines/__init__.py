"""Run engines: the export judged whole in this process, or by site groups on local worker processes or a Dask cluster."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from checker.engines.executors import DaskEngine, Executor, InProcess, LocalEngine, default_workers
from checker.errors import UsageError

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class EngineChoice:
    """How a run is carried out: `--engine`, `--workers` (None: the default), `--scheduler`."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    groups: int | None = None  # site groups to make (default: one per worker, more for a very large export); set: always split

    def validate(self) -> None:
        if self.engine not in ENGINES:
            raise UsageError(f"--engine {self.engine}: choose one of {', '.join(ENGINES)}")
        if self.groups is not None and self.groups < 1:
            raise UsageError(f"{self.groups} site groups: give 1 or more")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers {self.workers}: give 1 or more")
        if self.scheduler and self.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        if self.scheduler and self.workers is not None:
            raise UsageError("--scheduler and --workers exclude each other: the cluster has its own workers")

    def partitioned(self, data_dir: Path) -> bool:
        """Whether to split by site: for Dask, for site groups asked for, or for more than one worker asked for
        (`--workers` or SVCCHECK_WORKERS). Not by default: on this project's 2-core machine the split has not yet
        been measured faster than judging whole (README, "Performance")."""
        if self.engine == "dask" or self.groups is not None:
            return True
        asked = self.workers if self.workers is not None else (default_workers() if os.environ.get("SVCCHECK_WORKERS") else 1)
        return asked > 1

    def open(self) -> Executor:
        self.validate()
        workers = self.workers if self.workers is not None else default_workers()
        if self.engine == "dask":
            return DaskEngine(self.scheduler, workers)
        return LocalEngine(workers) if workers > 1 else InProcess()
