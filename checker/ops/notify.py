"""`--notify URL`: a run summary POSTed to a WeCom (企业微信) or DingTalk (钉钉) group robot as a markdown message."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlparse

LIMIT = 4000  # WeCom's markdown content is at most 4096 bytes; DingTalk's allows more


def message(code: int, meaning: str, info: dict | None, problems: list[str], out: str | None) -> tuple[str, str]:
    """(title, markdown): the run, its exit status, compliance and counts, and every warning or error line."""
    period = info["period"]["label"] if info else "?"
    title = f"svccheck {period}: exit {code} ({meaning})"
    lines = [f"### {title}"]
    if info:
        overall = "—" if info["compliance"] is None else f"{info['compliance']:.1%}"
        counts = ", ".join(f"{k} {v}" for k, v in info["counts"].items())
        lines += [f"> compliance **{overall}** ({counts})", f"> run {info['run_id']}, as of {info['as_of'].replace('T', ' ')}"]
    lines += [f"> {p}" for p in problems]
    if out:
        lines.append(f"> outputs: {out}")
    text = "\n".join(lines)
    return title, text if len(text.encode()) <= LIMIT else text.encode()[:LIMIT].decode(errors="ignore") + "…"


def payload(url: str, title: str, text: str) -> dict:
    """The robot's JSON: WeCom {"msgtype": "markdown", "markdown": {"content"}}; DingTalk's {"title", "text"} (by the URL's host)."""
    if "dingtalk" in (urlparse(url).hostname or ""):
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def send(url: str, title: str, text: str, timeout: float = 10.0) -> str | None:
    """POST the message; None when the robot accepted it, else why not (a warning for the caller, never an exception)."""
    body = json.dumps(payload(url, title, text), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # the user's own robot URL
            answer = response.read(2000).decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    try:
        errcode = json.loads(answer).get("errcode", 0)
    except (ValueError, AttributeError):
        return None  # not a robot's JSON answer, but the server took it (status 2xx)
    return None if errcode in (0, None) else f"the robot answered {answer[:200]}"
