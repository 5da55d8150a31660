"""svccheck's error details (definition problems, data-gate refusals, usage, store and watch errors) in Chinese.

The code raises them in one English form, with data (paths, names, values) inside; each pattern below rewords a
phrase and keeps the data, so a zh run reads `工单.csv:缺少必填列:received_by(受理人工号)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PHRASES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # hints and joiners shared by many messages
    (r" \(did you mean '([^']*)'\?\)", r"(是否想写 '\1'?)"), (r" \(did you mean ([^)?]*)\?\)", r"(是否想写 \1?)"),
    (r"; choose another folder", ";请另选一个文件夹"), (r"; run `svccheck run` again", ";请重新运行 `svccheck run`"),
    (r"; it is left untouched", ";该文件未被改动"),
    # the data gate
    (r": required column missing: (.+?)(?=;|$)", r":缺少必填列:\1"),
    (r"; the header is one cell holding '(.)': the file looks '.'-separated, and svccheck reads comma-separated CSV "
     r"\(in Excel: Save As, CSV UTF-8 \(逗号分隔\)\)", r";表头只有一个含 '\1' 的单元格:该文件似乎以 '\1' 分隔,而 svccheck 读取逗号分隔的 CSV"
     r"(在 Excel 中:另存为“CSV UTF-8(逗号分隔)”)"),
    (r": required datasets missing from the export: ", ":导出中缺少必需的数据集:"),
    (r"; files in the export that are no dataset: ", ";导出中不属于任何数据集的文件:"),
    (r": neither UTF-8 nor GB18030/GBK text", ":既不是 UTF-8 也不是 GB18030/GBK 文本"), (r": cannot read: ", ":无法读取:"),
    (r": cannot read it \(", ":无法读取("),
    (r": not a regular file \(a folder, device, pipe or broken link\); dataset (\S+) must be a \.csv, \.xlsx or \.parquet file",
     r":不是普通文件(而是文件夹、设备、管道或失效的链接);数据集 \1 必须是 .csv、.xlsx 或 .parquet 文件"),
    (r": dataset (\S+) has several files: ", r":数据集 \1 有多个文件:"),
    (r": the header '([^']*)' appears twice \(columns (\d+) and (\d+)\)", r":表头 '\1' 出现了两次(第 \2 列和第 \3 列)"),
    (r": headers '([^']*)' and '([^']*)' both name column (\S+)", r":表头 '\1' 和 '\2' 都对应列 \3"),
    (r"^header mapping names unknown datasets: ", "表头映射中有未知的数据集:"),
    (r": the header mapping must be \{dataset: \{their header: column\}\}", ":表头映射必须是 {数据集: {对方表头: 列名}}"),
    # usage
    (r": no such folder$", ":没有这个文件夹"), (r": no such file$", ":没有这个文件"), (r": not a folder$", ":不是文件夹"),
    (r"^give either --period or --from/--to, not both$", "请给出 --period 或 --from/--to,不能同时给出"),
    (r"^a run needs --period \(2026-10 or 2026-W23\) or both --from and --to$", "运行需要 --period(2026-10 或 2026-W23),或同时给出 --from 和 --to"),
    (r"^--to (\S+) is before --from (\S+)$", r"--to \1 早于 --from \2"),
    (r" is not a date \(YYYY-MM-DD\)$", " 不是日期(YYYY-MM-DD)"), (r" is not a timestamp \(YYYY-MM-DD HH:MM\)$", " 不是时间(YYYY-MM-DD HH:MM)"),
    (r": no such ISO week$", ":没有这个 ISO 周"),
    (r" is neither a month \(2026-10\) nor an ISO week \(2026-W23\)$", " 既不是月份(2026-10)也不是 ISO 周(2026-W23)"),
    (r": svccheck judges the years (\d+)–(\d+)$", r":svccheck 只判定 \1–\2 年"),
    (r" is before the period starts \((\S+)\): nothing in it could be judged$", r" 早于期间开始(\1):其中没有任何内容可以判定"),
    (r"^--require-datasets names unknown datasets: ", "--require-datasets 中有未知的数据集:"),
    (r"^unknown site '([^']*)'", r"未知的项目 '\1'"), (r": not among the calendar's sites and the export's sites\.csv: ", ":不在日历的项目和导出的 sites.csv 中:"),
    (r": not among the calendar's sites \(calendar\.yaml `sites:`\): ", ":不在日历的项目(calendar.yaml 的 `sites:`)中:"),
    (r"; give --data EXPORT to check it against the export's sites\.csv$", ";请给出 --data 导出文件夹,按导出的 sites.csv 核对"),
    (r": another svccheck run is writing it now; try again when it has finished$", ":另一个 svccheck 运行正在写入;请等它结束后再试"),
    (r": cannot write there \((.*)\)$", r":无法在那里写入(\1)"),
    (r": cannot replace it \((.*)\); close every file of it that is open \(report\.xlsx in Excel\?\) and run again$",
     r":无法替换(\1);请关闭其中打开的文件(如在 Excel 中打开的 report.xlsx)后重新运行"),
    (r": exists and is not an empty folder; init writes only into a new or empty one$", ":已存在且不是空文件夹;init 只写入新的或空的文件夹"),
    (r": is a file; the demo needs a folder$", ":是文件;演示需要一个文件夹"),
    (r" is not a complete svccheck output folder: missing ", " 不是完整的 svccheck 输出文件夹:缺少 "),
    (r": not what svccheck writes \(missing ", ":不是 svccheck 写出的文件(缺少 "),
    (r"^no site '([^']*)' in this run \(sites: ", r"本次运行中没有项目 '\1'(项目:"),
    (r": not a state file of svccheck watch", ":不是 svccheck watch 的状态文件"),
    (r": holds files svccheck watch did not write \(", ":含有不是 svccheck watch 写出的文件("),
    (r"^give --events FILE\|- or --follow DIR \(one of them\)$", "请给出 --events 文件|- 或 --follow 文件夹(二者之一)"),
    (r"^give exactly one scope: ", "请只给出一种范围:"),
    # the output folder (checker/outdir.py)
    (r" is '\.' or '\.\.'; name a new folder for the outputs$", " 是 '.' 或 '..';请为输出指定一个新文件夹"),
    (r" exists and is a file, not an output folder of svccheck$", " 已存在且是文件,不是 svccheck 的输出文件夹"),
    (r" is a symbolic link; name a real folder$", " 是符号链接;请指定一个真实的文件夹"),
    (r" is the current folder or a folder above it$", " 是当前文件夹或其上级文件夹"),
    (r" is the export folder (.+) or a folder above it$", r" 是导出文件夹 \1 或其上级文件夹"),
    (r" exists and was not written by svccheck \(it has no ([^)]*)\); give a new folder or empty it yourself$",
     r" 已存在且不是 svccheck 写出的(没有 \1);请指定新文件夹,或自行清空"),
    (r" holds files svccheck did not write \((.*)\); move them out first$", r" 含有不是 svccheck 写出的文件(\1);请先移走"),
    # definitions
    (r"unknown field '([^']*)'", r"未知字段 '\1'"), (r"missing field '([^']*)' in (\S+)", r"\2 中缺少字段 '\1'"),
    (r"missing field '([^']*)'", r"缺少字段 '\1'"), (r"unknown kind '([^']*)'", r"未知类型 '\1'"), (r"; kinds are ", ";类型有 "),
    (r"unknown dataset '([^']*)'", r"未知数据集 '\1'"), (r"unknown parameter '([^']*)'", r"未知参数 '\1'"),
    (r"unknown rule '([^']*)'", r"未知规则 '\1'"), (r"^no such rule folder$", "没有这个规则文件夹"),
    (r"^no rules here: a rule pack needs at least one rule file \(\*\.yaml\)$", "这里没有规则:规则包至少需要一个规则文件(*.yaml)"),
    (r"^rule id (\S+) is also defined in ", r"规则编号 \1 也定义在 "), (r"^standard (\S+) is listed twice$", r"标准 \1 列出了两次"),
    (r"^a rule document must be a mapping$", "规则文档必须是映射(键: 值)"),
    (r"key '([^']*)' is given twice \(first on line (\d+)\)", r"键 '\1' 出现了两次(第一次在第 \2 行)"),
    (r"^dataset (\S+) is also defined in ", r"数据集 \1 也定义在 "), (r"^waiver id used twice: ", "豁免编号重复:"),
    (r"'([^']*)' has no value '([^']*)'", r"'\1' 没有取值 '\2'"),
    (r"'([^']*)' is used as a time but is a (\S+) column of (\S+)", r"'\1' 被用作时间,但它是 \3 的 \2 列"),
    (r"^override of (\S+) makes the rule invalid: ", r"对 \1 的覆盖使规则无效:"),
    (r"Input should be a valid (integer|number|string|boolean)", lambda m: "取值应为有效的" + {"integer": "整数", "number": "数字",
                                                                                                "string": "文本", "boolean": "是/否"}[m.group(1)]),
    (r"Field required", "必填字段"), (r"Extra inputs are not permitted", "不允许多余的字段"),
]
_COMPILED = [(re.compile(pattern, re.M), zh) for pattern, zh in _PHRASES]


def detail(text: object, lang: str) -> str:
    """An error detail in lang (zh: each known phrase reworded, the data in it kept)."""
    message = str(text)
    if lang != "zh":
        return message
    for pattern, zh in _COMPILED:
        message = pattern.sub(zh, message)
    return message
