"""Packaging: the checker packages, plus the top-level rules/, datasets/ and reports/ as package data.

The folders stay where they are (the editable source); in a wheel they become checker/_rules,
checker/_datasets and checker/_reports, which checker/ops/resources.py finds first.
"""

from setuptools import find_packages, setup

DATA = {"checker._rules": "rules", "checker._datasets": "datasets", "checker._reports": "reports"}

setup(
    packages=[*find_packages(include=["checker", "checker.*"]), *DATA],
    package_dir={"": ".", **DATA},
    # package data lives here only: a [tool.setuptools.package-data] table in pyproject.toml would replace this one
    package_data={**{name: ["**/*.yaml", "**/*.j2", "**/*.csv", "**/*.json"] for name in DATA},
                  "checker.store": ["migrations/*.py", "migrations/versions/*.py"]},
    include_package_data=False,
)
