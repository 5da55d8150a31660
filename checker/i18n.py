"""The user's language (zh default, en) and the words for svccheck's codes and terminal messages, in both.

The language is `--lang` where a command has it, else the environment variable SVCCHECK_LANG (zh or en),
else the locale (an English locale gives en; any other gives zh).
"""

from __future__ import annotations

import locale
import os
import re

LANGS = ("zh", "en")

# Codes the findings and definitions carry, as people read them (zh, en).
CODES: dict[str, tuple[str, str]] = {
    # statuses
    "pass": ("合格", "pass"), "fail": ("不合格", "fail"), "pending": ("待定", "pending"), "exempt": ("豁免", "exempt"),
    "not_evaluated": ("未评估", "not evaluated"), "waived": ("已批准豁免", "waived"),
    # severities
    "critical": ("严重", "critical"), "major": ("重要", "major"), "minor": ("一般", "minor"),
    # kinds
    "record": ("逐条记录", "per record"), "deadline": ("时限", "deadline"), "rate": ("达标比例", "rate"),
    "coverage": ("覆盖率", "coverage"), "count": ("次数", "count"), "sequence": ("连续编号", "numbering"),
    "deliverable": ("按期提交", "deliverable"), "gap": ("间隔", "gap"), "first_of_day": ("每日首次", "first of the day"),
    "escalation": ("升级上报", "escalation"), "quorum": ("法定人数", "quorum"),
    # subjects and windows
    "staff": ("员工", "person"), "team": ("班组", "team"), "site": ("项目", "site"), "unit": ("房屋", "unit"),
    "area": ("地段", "area"), "day": ("日", "day"), "week": ("周", "week"), "month": ("月", "month"),
    "quarter": ("季度", "quarter"), "half_year": ("半年", "half-year"), "year": ("年", "year"),
    # tiers and coverage states
    "core": ("核心", "core"), "full": ("扩展", "full"), "manual": ("人工", "manual"),
}
# Units of measured values and thresholds.
UNITS: dict[str, tuple[str, str]] = {
    "s": ("秒", "s"), "min": ("分钟", "min"), "h": ("小时", "h"), "d": ("天", "days"), "w": ("周", "weeks"),
    "working_s": ("工作秒", "working s"), "working_min": ("工作分钟", "working min"), "working_h": ("工作小时", "working h"),
    "working_d": ("工作日", "working days"), "count": ("次", "times"), "share": ("比例", "share"), "wd": ("工作日", "working days"),
}

# What the command line says (str.format placeholders).
MESSAGES: dict[str, tuple[str, str]] = {
    "definitions_problems": ("svccheck:定义文件中有 {n} 个问题:", "svccheck: {n} problem(s) in the definitions:"),
    "usage": ("svccheck:{detail}", "svccheck: {detail}"),
    "calendar_needed": ("svccheck:该期间需要工作时间日历:{detail}", "svccheck: the period needs working time: {detail}"),
    "gate_refused": ("svccheck:数据校验拒绝了该导出:{detail}", "svccheck: data gate refused the export: {detail}"),
    "engine_failed": ("svccheck:运行引擎出错,未写入任何文件:{detail}", "svccheck: the run engine failed; nothing was written: {detail}"),
    "interrupted": ("svccheck:已中断,未写入任何文件", "svccheck: interrupted; nothing was written"),
    "terminated": ("svccheck:已终止,未写入任何文件", "svccheck: terminated; nothing was written"),
    "internal": ("svccheck:内部错误({detail});请报告此问题,并附上以 SVCCHECK_DEBUG=1 运行同一命令的输出",
                 "svccheck: internal error ({detail}); please report it, with the output of the same command run with SVCCHECK_DEBUG=1"),
    "fail_on_bad": ("--fail-on {text!r}:请给出 'any',或 0 到 1 之间的合规率下限(0.95),或 0% 到 100%(95%)",
                    "--fail-on {text!r}: give 'any' or a compliance floor from 0 to 1 (0.95) or from 0% to 100% (95%)"),
    "wrote": ("已写入 {path}", "wrote {path}"),
    "validate_ok": ("通过:{folder} 中 {rules} 条规则({name} {version}),{contracts} 个数据集契约",
                    "ok: {rules} rules in {folder} ({name} {version}), {contracts} dataset contracts"),
    "profile_overrides": (" [+{n} 条配置覆盖]", " [+{n} profile overrides]"),
    "no_rule": ("没有规则 '{rule}'{hint}", "no rule '{rule}'{hint}"),
    "not_encoded": ("未编码:{reason}", "NOT ENCODED: {reason}"), "no_reason": ("(未说明原因)", "(no reason given)"),
    "coverage_totals": ("{encoded} / {standards} 条标准已编码(核心 {core_encoded}/{core_standards},扩展 {full_encoded}/{full_standards})",
                        "{encoded} of {standards} standards encoded (core {core_encoded}/{core_standards}, full {full_encoded}/{full_standards})"),
    "calendar_head": ("项目 {site}:{configured};{first} 至 {last} 共 {days} 个工作日,{hours:g} 个工作小时",
                      "site {site}: {configured}; {days} working days, {hours:g} working hours from {first} to {last}"),
    "calendar_default_site": ("(默认)", "(default)"), "calendar_own": ("使用本项目的设置", "own settings"),
    "calendar_default": ("使用公司默认日历", "the default calendar"), "work": ("上班", "work"), "off": ("休息", "off "),
    "sample_written": ("样例导出:{rows} 行,{datasets} 个数据集 -> {out}(含 {broken} 行供数据校验隔离的错误数据;manifest.json 列出注入的违规)",
                       "sample export: {rows} rows in {datasets} datasets -> {out} ({broken} broken rows for the gate; "
                       "manifest.json lists the injected violations)"),
    # the closing summary of `svccheck run`
    "summary_title": ("{run_id} · {period} · 判定时点 {as_of}", "{run_id}  ·  {period}  ·  as of {as_of}"),
    "col_rule": ("规则", "rule"), "col_title": ("名称", "title"), "col_compliance": ("合规率", "compliance"),
    "overall_line": ("总体合规率 {overall}({counts});读取 {read:,} 行,隔离 {quarantined:,} 行",
                     "overall compliance {overall} ({counts}); rows read {read:,}, quarantined {quarantined:,}"),
    "outputs_line": ("输出:{out}(report.html、report.xlsx、findings.csv、scorecards/)",
                     "outputs: {out}  (report.html, report.xlsx, findings.csv, scorecards/)"),
    "stage_gate": ("数据校验", "gate"), "stage_evaluate": ("评估规则", "evaluate"), "stage_write": ("写入输出", "write"),
    "gate_progress": ("{detail}:{read:,} 行(累计 {total:,})", "{detail}: {read:,} rows  (so far {total:,})"),
}

# `calendar show` reasons (checker/calendar/days.py writes them in English) and chinese-calendar's holiday names.
_REASONS = [(re.compile(p), zh) for p, zh in (
    (r"^local day off$", "本地休息日"), (r"^local working day$", "本地工作日"), (r"^weekday$", "工作日"), (r"^weekend$", "周末"),
    (r"^holiday \((.*)\)$", r"节假日(\1)"), (r"^make-up working day \((.*)\)$", r"调休上班(\1)"),
    (r"^holiday: (.*)$", r"节假日:\1"), (r"^make-up working day \(调休\): (.*)$", r"调休上班:\1"),
)]
HOLIDAYS_ZH = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
               "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
               "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"}
WEEKDAYS_ZH = {"Mon": "周一", "Tue": "周二", "Wed": "周三", "Thu": "周四", "Fri": "周五", "Sat": "周六", "Sun": "周日"}


def resolve(lang: str | None = None) -> str:
    """The language to speak: the option given, else SVCCHECK_LANG, else the locale (en for an English one), else zh."""
    for candidate in (lang, os.environ.get("SVCCHECK_LANG")):
        if candidate:
            short = candidate.strip().lower()[:2]
            if short in LANGS:
                return short
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    current = locale.getlocale()[0] or ""
    return "en" if current.lower().startswith("en") else "zh"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0 if lang == "zh" else 1]


def t(key: str, lang: str, **values: object) -> str:
    """A terminal message in lang, its placeholders filled."""
    text = _pick(MESSAGES[key], lang)
    return text.format(**values) if values else text


def code(word: object, lang: str) -> str:
    """A status, severity, kind, subject or window code in lang (a word without a translation as it is)."""
    pair = CODES.get(str(word))
    return _pick(pair, lang) if pair else str(word)


def subject(word: object, lang: str) -> str:
    """A finding's subject type (record, staff, team, site, unit, area) in lang."""
    return ("记录" if lang == "zh" else "record") if str(word) == "record" else code(word, lang)


def unit(word: object, lang: str) -> str:
    """A unit code (min, working_h, share, count) in lang."""
    pair = UNITS.get(str(word))
    return _pick(pair, lang) if pair else ("" if word is None else str(word))


def percent(share: float | None, digits: int = 1) -> str:
    """A share 0–1 as a percentage ('94.0%'); a missing one as a dash."""
    if share is None or share != share:
        return "—"
    return f"{share * 100:.{digits}f}%"


def calendar_reason(reason: str, lang: str) -> str:
    """A `calendar show` reason in lang."""
    if lang == "en":
        return reason
    for pattern, zh in _REASONS:
        if pattern.match(reason):
            text = pattern.sub(zh, reason)
            for english, chinese in HOLIDAYS_ZH.items():
                text = text.replace(english, chinese)
            return text
    return reason


def weekday(short: str, lang: str) -> str:
    """Mon … Sun in lang."""
    return WEEKDAYS_ZH.get(short, short) if lang == "zh" else short
