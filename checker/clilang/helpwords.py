"""The help texts of every svccheck command and option in Chinese, keyed by their English (the decorators' text).

`translate` sets each command's and option's help, and the metavars click shows (TEXT, PATH, [OPTIONS]), to the
language asked for; the English stays on each object, so one process can switch back and forth.
"""

from __future__ import annotations

import click

from checker.clilang.helptexts import HELP_ZH

METAVARS_ZH = {"TEXT": "文本", "PATH": "路径", "INTEGER": "整数", "FLOAT": "数字", "INTEGER RANGE": "整数", "FLOAT RANGE": "数字",
               "FILENAME": "文件", "DIRECTORY": "文件夹", "BOOLEAN": "是/否", "FILE": "文件", "URL": "网址", "DIR": "文件夹",
               "all|A,B": "all|数据集,…", "SECONDS": "秒数", "SHARE": "比例"}
_ENGLISH = "_svccheck_english"


def word(text: str | None, lang: str) -> str | None:
    """A help text in lang (the English itself when there is no translation: tests/test_cli_language.py finds those)."""
    if text is None or lang != "zh":
        return text
    return HELP_ZH.get(text, text)


def _metavar(param: click.Parameter, lang: str) -> str | None:
    if lang != "zh" or isinstance(param.type, click.Choice) or (isinstance(param, click.Option) and param.is_flag):
        return None
    if isinstance(param, click.Argument):
        return HELP_ZH.get(param.human_readable_name, param.human_readable_name)
    name = param.type.get_metavar(param=param, ctx=click.Context(click.Command("x"))) or param.type.name.upper()
    return METAVARS_ZH.get(name, name)


def _translate_param(param: click.Parameter, lang: str) -> None:
    english = getattr(param, _ENGLISH, None)
    if english is None:
        english = (getattr(param, "help", None), param.metavar)
        setattr(param, _ENGLISH, english)
    if isinstance(param, click.Option):
        param.help = word(english[0], lang)
    if lang != "zh":
        param.metavar = english[1]
    else:
        param.metavar = METAVARS_ZH.get(english[1], english[1]) if english[1] is not None else _metavar(param, lang)


def translate(command: click.Command, lang: str) -> None:
    """Set the help of command, its options and every subcommand to lang."""
    english = getattr(command, _ENGLISH, None)
    if english is None:
        english = (command.help, command.short_help, command.options_metavar, getattr(command, "subcommand_metavar", None))
        setattr(command, _ENGLISH, english)
    command.help, command.short_help = word(english[0], lang), word(english[1], lang)
    command.options_metavar = "[选项]" if lang == "zh" else english[2]
    command._help_option = None  # click keeps the --help option it made first, with that language's text
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..." if lang == "zh" else str(english[3])
        for sub in command.commands.values():
            translate(sub, lang)
    for param in command.params:
        _translate_param(param, lang)
