"""`python -m checker` runs the svccheck command."""

from checker.ops.entry import main

main()
