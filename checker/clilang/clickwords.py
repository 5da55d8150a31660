"""click's own words (usage lines, "Error: No such option", "Missing argument" …) in Chinese.

click marks its messages with gettext (`from gettext import gettext as _` in each module) and looks them up when
it shows them; `install` points those names at this catalog, so a zh run gets them in Chinese and an en run
gets click's English. A message missing here stays English (tests/test_cli_language.py finds it).
"""

from __future__ import annotations

import importlib

CLICK_ZH: dict[str, str] = {
    "Usage:": "用法:", "Options": "选项", "Commands": "命令", "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。", "Show the version and exit.": "显示版本号并退出。",
    "Aborted!": "已中止!", "deprecated": "已弃用", "Missing command.": "缺少命令。",
    "env var: {var}": "环境变量:{var}", "default: {default}": "默认:{default}", "(dynamic)": "(动态)", "required": "必填",
    "Got unexpected extra argument ({args})": "多余的参数({args})",
    "Got unexpected extra arguments ({args})": "多余的参数({args})",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值,只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值,给了 {len} 个。",
    "Error: {message}": "错误:{message}", "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Invalid value: {message}": "取值无效:{message}", "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效:{message}",
    "Missing argument": "缺少参数", "Missing option": "缺少选项", "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}", "Missing parameter: {param_name}": "缺少参数:{param_name}",
    "No such option: {name}": "没有选项 {name}", "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。", "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}:{message}",
    "Did you mean {possibility}?": "是否想写 {possibility}?", "(Did you mean one of: {possibilities}?)": "(是否想写其中之一:{possibilities}?)",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。", "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值。可用的值:{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "file": "文件", "directory": "文件夹", "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。", "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。", "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "argument": "参数", "option": "选项", "parameter": "参数",
}
_MODULES = ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui", "utils")
_LANG = ["zh"]


def gettext(message: str) -> str:
    """click's message in the language installed last."""
    return CLICK_ZH.get(message, message) if _LANG[0] == "zh" else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """click's singular or plural message in the language installed last."""
    return gettext(singular if count == 1 else plural)


def install(lang: str) -> None:
    """From now on click speaks lang (its modules look `_` and `ngettext` up when they show a message)."""
    _LANG[0] = lang
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
