"""`python -m checker` runs the svccheck command."""

from checker.cli import main

main()
