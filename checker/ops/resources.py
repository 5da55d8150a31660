"""Where the shipped rule pack, contracts and report templates are, in a source tree or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # checker/
# name in the source tree (the editable source) -> name inside the installed package (pyproject's package-dir)
SHIPPED = {"rules": "_rules", "datasets": "_datasets", "reports": "_reports"}


def shipped(name: str) -> Path:
    """The folder `rules`, `datasets` or `reports`: inside the installed package, else the source tree's top level."""
    inside = _PACKAGE / SHIPPED[name]
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name
