"""The `svccheck` process entry point: run the command, then leave without tearing down native libraries.

After a data-gate refusal the process sometimes aborted with "terminate called without an active exception"
(exit 134 instead of 3), most likely like this (apache/arrow#34314, huggingface/datasets#7566): at interpreter shutdown, Python stops threads that still try to take the GIL with
pthread_exit, whose forced unwind through the C++ frames of a native library (pyarrow's thread pool,
behind pandas' pyarrow CSV engine, and libraries loaded by great-expectations) reaches a noexcept frame and
calls std::terminate; C++ static destructors running while such threads are alive do the same. Every file
svccheck writes is closed, and every temporary folder removed, by its context managers before the command
returns, so the process flushes its streams and ends with os._exit: nothing runs after that could abort it.
"""

from __future__ import annotations

import logging
import os
import sys

from checker.exitcodes import ExitCode


def exit_code(value: object) -> int:
    """A SystemExit's code as a process status: None is 0, an int itself, a message (printed) 1."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


def main() -> None:
    """`svccheck …` (console script and `python -m checker`): the click group, then a hard exit with its status."""
    from checker.cli import main as command

    try:
        command(standalone_mode=True)
        code = 0
    except SystemExit as done:
        code = exit_code(done.code)
    except KeyboardInterrupt:
        from checker.i18n import resolve, t

        print(t("interrupted", resolve()), file=sys.stderr)
        code = ExitCode.INTERRUPTED
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (svccheck … | head): nothing more can be said
            pass
    os._exit(code)
