"""The `svccheck run` options choosing an engine: --engine, --workers, --scheduler (gathered into one EngineChoice)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from checker.engines import ENGINES, EngineChoice


def engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the engine options to a command; it receives them as `engine` (an EngineChoice)."""

    @click.option("--engine", "engine_name", type=click.Choice(ENGINES), default="local", show_default=True,
                  help="local: this machine (worker processes for a large export); dask: a Dask distributed cluster.")
    @click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: SVCCHECK_WORKERS, else the cores).")
    @click.option("--scheduler", help="Address of a running Dask scheduler (tcp://host:8786); default: a LocalCluster.")
    @functools.wraps(func)
    def wrapper(*args: Any, engine_name: str, workers: int | None, scheduler: str | None, **kwargs: Any) -> Any:
        return func(*args, engine=EngineChoice(engine_name, workers, scheduler), **kwargs)

    return wrapper
