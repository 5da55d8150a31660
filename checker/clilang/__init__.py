"""The command line in the user's language: click's help texts, its own usage errors and svccheck's error details.

The language is chosen before click parses anything (`--lang` in the arguments, else SVCCHECK_LANG, else the
locale; checker/i18n.py), so `svccheck run --lang en --help` and a usage error speak it too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from checker.clilang import clickwords, helpwords
from checker.i18n import resolve


def lang_in(args: Sequence[str]) -> str | None:
    """The value of `--lang` among command-line arguments (`--lang en` or `--lang=en`), if any."""
    for position, arg in enumerate(args):
        if arg == "--":
            return None
        if arg == "--lang" and position + 1 < len(args):
            return args[position + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def speak(group: click.Command, lang: str) -> None:
    """Make click and every command of group speak lang (zh or en) from now on."""
    clickwords.install(lang)
    helpwords.translate(group, lang)


class SpeakingGroup(click.Group):
    """A click group that picks the language from its arguments before parsing them."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:  # type: ignore[override]
        speak(self, resolve(lang_in(list(sys.argv[1:] if args is None else args))))
        return super().main(args, *rest, **options)
