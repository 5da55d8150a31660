"""Where alerts go: JSON lines (stdout or a file), and a WeCom / DingTalk group-robot webhook."""

from __future__ import annotations

import json
import sys
import urllib.request
from typing import IO

KINDS = {"at_risk": ("即将超时", "at risk"), "breach": ("已超时", "breached")}


class JsonLines:
    """One JSON object per alert, flushed at once so that a supervisor's tail sees it."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def __call__(self, alert: dict) -> None:
        self.stream.write(json.dumps(alert, ensure_ascii=False) + "\n")
        self.stream.flush()


def _literal(value: object) -> str:
    """A value from the export inside a markdown code span: shown as typed, never as markup."""
    return "`" + str(value).replace("`", "'").replace("\n", " ") + "`"


def robot_message(alert: dict, style: str) -> dict:
    """The group-robot message of an alert: markdown for WeCom ({content}) or DingTalk ({title, text}), or text."""
    word = KINDS[alert["alert"]][0]
    lines = [f"规则 {alert['rule']} {alert['title']}", f"记录 {_literal(alert['record'])}",
             f"人员 {_literal(alert['person'])}  项目 {_literal(alert['site'])}",
             f"期限 {alert['deadline']}  剩余 {alert['time_left_min']} 分钟", f"依据 {alert['clause']}"]
    title = f"{word}: {alert['rule']} {alert['record']}"
    if style == "text":
        return {"msgtype": "text", "text": {"content": "\n".join([title.replace("`", "'"), *(line.replace("`", "") for line in lines)])}}
    text = f"### {word}: {alert['rule']}\n" + "\n".join(f"> {line}" for line in lines)
    if style == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title.replace("`", "'"), "text": text}}  # DingTalk


class Webhook:
    """Posts each alert to a group robot; a failed post is reported on stderr and the stream goes on."""

    def __init__(self, url: str, style: str = "wecom", timeout: float = 5.0):
        self.url, self.style, self.timeout = url, style, timeout

    def __call__(self, alert: dict) -> None:
        body = json.dumps(robot_message(alert, self.style), ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                reply.read()
        except OSError as exc:
            print(f"svccheck watch: webhook post failed ({exc}); the alert is in the JSON lines output", file=sys.stderr)


class Fanout:
    """Every alert to every sink."""

    def __init__(self, *sinks):
        self.sinks = [s for s in sinks if s is not None]

    def __call__(self, alert: dict) -> None:
        for sink in self.sinks:
            sink(alert)
