"""`python -m checker` runs the svccheck command."""

from checker.ops.entry import main

if __name__ == "__main__":  # worker processes (--workers, spawned) import this module again: they must not run the command
    main()
