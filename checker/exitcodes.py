"""Process exit codes of the svccheck command (see README, "Exit status")."""

from enum import IntEnum


class ExitCode(IntEnum):
    """What the exit status of a run means to a scheduler."""

    OK = 0  # the run completed, whatever the findings
    FAIL_ON = 1  # completed, and a --fail-on threshold was crossed
    USAGE = 2  # usage error or invalid rule definition
    DATA = 3  # the data gate refused a required dataset (unreadable file, missing column)
    INTERNAL = 4  # a bug in svccheck itself (the message says how to get the traceback)
    ENGINE = 5  # a worker process or the Dask cluster failed (--engine); nothing was written
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it; nothing was written
    TERMINATED = 143  # SIGTERM (128 + SIGTERM); nothing was written
