"""Where the site groups' tasks run: worker processes on this machine, or a Dask distributed cluster."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from checker.errors import EngineError, UsageError


class Executor(Protocol):
    workers: int

    def run(self, task: Callable[..., Any], calls: list[tuple], done: Callable[[Any], None]) -> list[Any]:
        """Each call's result, in call order; `done` is told of each as it completes."""
        ...

    def close(self) -> None: ...


def default_workers() -> int:
    """SVCCHECK_WORKERS if set, else the machine's cores."""
    given = os.environ.get("SVCCHECK_WORKERS", "")
    if given and not (given.isdigit() and int(given) > 0):
        raise UsageError(f"SVCCHECK_WORKERS={given!r}: give a whole number of worker processes, 1 or more")
    return int(given) if given else max(1, os.cpu_count() or 1)


class InProcess:
    """The tasks one after another in this process (`--workers 1` with explicit site groups; tests)."""

    workers = 1

    def run(self, task: Callable[..., Any], calls: list[tuple], done: Callable[[Any], None]) -> list[Any]:
        results = []
        for call in calls:
            results.append(task(*call))
            done(results[-1])
        return results

    def close(self) -> None:
        pass


class LocalEngine:
    """N worker processes (spawned: no thread state is inherited), started once per run."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    def run(self, task: Callable[..., Any], calls: list[tuple], done: Callable[[Any], None]) -> list[Any]:
        futures = [self.pool.submit(task, *call) for call in calls]
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    if future.exception() is not None:
                        raise _failure(future.exception())
                    done(future.result())
        finally:
            for future in pending:
                future.cancel()
        return [future.result() for future in futures]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _failure(exc: BaseException | None) -> EngineError:
    if isinstance(exc, BrokenProcessPool):
        return EngineError(f"a worker process died (killed, or out of memory): {exc}")
    return EngineError(f"a worker failed: {type(exc).__name__}: {exc}")


class DaskEngine:
    """Tasks on a Dask distributed cluster: the scheduler at `address`, else a LocalCluster of `workers` processes."""

    def __init__(self, address: str | None, workers: int, timeout: str = "30s") -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--engine dask needs Dask distributed: pip install 'svccheck[dask]'") from None
        self.cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                         dashboard_address=None)
        try:
            self.client = Client(address or self.cluster, timeout=timeout)
        except OSError as exc:
            raise EngineError(f"--scheduler {address}: cannot reach the Dask scheduler: {exc}") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {}))) if address else workers

    def run(self, task: Callable[..., Any], calls: list[tuple], done: Callable[[Any], None]) -> list[Any]:
        from distributed import as_completed

        futures = [self.client.submit(task, *call, pure=False, retries=0) for call in calls]
        try:
            for future in as_completed(futures):
                if future.status == "error":
                    raise _failure(future.exception())
                done(future.result())
            return [future.result() for future in futures]
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        import logging

        logging.getLogger("distributed").setLevel(logging.ERROR)  # workers stopped at the end of a run are not news
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
