"""A time limit and an exit-4 detector around one fuzz mutant."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


@contextmanager
def survives(what: str, seconds: int) -> Iterator[None]:
    """The body ends within `seconds` without an unexpected exception (what a user would see as exit 4)."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    except Hang:
        pytest.fail(f"{what} hangs")
    except Exception as exc:  # noqa: BLE001 - anything the body did not expect is the finding
        pytest.fail(f"{what}: {type(exc).__name__}: {exc}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
