"""A small client for docassemble's REST API (/api/session...), used by the browser tests and bench/server.py.

``drive(api, interview, answers)`` answers screen after screen from the same scripted answers the in-process
tests use (tests/interviews/paths), as an outside program would: it reads each question's fields, sends their
values (and files) with the question's name, and stops on a screen that asks nothing it has an answer for.
Loopback only; every request has a timeout.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import re
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional


class ApiError(RuntimeError):
    pass


@dataclass
class Api:
    base: str
    key: str
    timeout: float = 120.0

    def call(self, method: str, path: str, params: Optional[dict[str, Any]] = None,
             body: Optional[dict[str, Any]] = None, files: Optional[dict[str, Path]] = None) -> Any:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"X-API-Key": self.key}
        data = None
        if files:
            boundary = uuid.uuid4().hex
            fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (body or {}).items()}
            data = _multipart(boundary, fields, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                return json.loads(raw) if resp.headers.get_content_type() == "application/json" else raw
        except urllib.error.HTTPError as err:
            raise ApiError(f"{method} {path}: HTTP {err.code}: {err.read()[:300]!r}") from None


def _multipart(boundary: str, fields: dict[str, str], files: dict[str, Path]) -> bytes:
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, path in files.items():
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{path.name}"\r\n'
                   f"Content-Type: {mime}\r\n\r\n".encode() + path.read_bytes() + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


@dataclass
class Session:
    api: Api
    interview: str
    session: str = ""
    secret: str = ""
    timings: list[float] = field(default_factory=list)  # seconds from sending an answer to the next question

    def start(self) -> dict[str, Any]:
        new = self.api.call("GET", "/api/session/new", {"i": self.interview})
        self.session, self.secret = new["session"], new["secret"]
        return self.question()

    def question(self) -> dict[str, Any]:
        return self.api.call("GET", "/api/session/question",
                             {"i": self.interview, "session": self.session, "secret": self.secret})

    def answer(self, question: dict[str, Any], variables: dict[str, Any],
               files: Optional[dict[str, Path]] = None) -> dict[str, Any]:
        body: dict[str, Any] = {"i": self.interview, "session": self.session, "secret": self.secret,
                                "variables": variables, "question_name": question.get("questionName"),
                                "event_list": question.get("event_list") or []}
        upload = None
        if files:
            upload = {f"file{n}": path for n, path in enumerate(files.values())}
            body["file_variables"] = {f"file{n}": var for n, var in enumerate(files)}
        start = time.perf_counter()
        reply = self.api.call("POST", "/api/session", body=body, files=upload)
        self.timings.append(time.perf_counter() - start)
        if isinstance(reply, dict) and reply.get("questionType") is None and "fields" not in reply:
            raise ApiError(f"unexpected reply to {question.get('id')}: {str(reply)[:300]}")
        return reply

    def file(self, number: int) -> bytes:
        return self.api.call("GET", f"/api/file/{number}",
                             {"i": self.interview, "session": self.session, "secret": self.secret})


def _general(variable: str) -> str:
    letters = iter("ijklmn")
    return re.sub(r"\[[^\]]+\]", lambda _m: f"[{next(letters)}]", variable)


def _concrete(variable: str, events: list[str]) -> str:
    letters: dict[str, str] = {}
    for wanted in events:
        for letter, index in zip("ijklmn", re.findall(r"\[([^\]]+)\]", wanted), strict=False):
            letters.setdefault(letter, index)
    return re.sub(r"\[([ijklmn])\]", lambda m: f"[{letters.get(m.group(1), m.group(1))}]", variable)


def _json_value(value: Any, fieldinfo: dict[str, Any]) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def _boxes(value: Any, fieldinfo: dict[str, Any], events: list[str]) -> dict[str, dict[str, bool]]:
    """A checkboxes answer as a dict of every box (``{"help_places": {"us": True, "nl": False}}``)."""
    chosen = {str(v) for v in (value or [])}
    boxes = {}
    for choice in fieldinfo.get("choices", []):
        key = re.search(r"\[['\"](.*)['\"]\]$", choice.get("variable_name") or "")
        if key:
            boxes[key.group(1)] = key.group(1) in chosen
    return {_concrete(fieldinfo["variable_name"], events): boxes}


def _blank(fieldinfo: dict[str, Any]) -> Any:
    if fieldinfo.get("datatype") in ("integer", "number", "float", "currency", "range", "date"):
        return None
    return ""


def drive(session: Session, answers: dict[str, Any], until: Optional[str] = None,
          max_screens: int = 250, stop_at_limit: bool = False) -> list[dict[str, Any]]:
    """Answer from ``answers`` until a screen asks nothing answerable (or ``until``); return every question.

    After ``max_screens`` answers: stop there with ``stop_at_limit``, else it is an error.
    """
    queues = {k: list(v) for k, v in answers.items()
              if isinstance(v, list) and re.search(r"\.there_(is_another|are_any)$", k)}
    seen = [session.start()]
    for _ in range(max_screens):
        q = seen[-1]
        if q.get("id") == until:
            return seen
        events = q.get("event_list") or []
        variables: dict[str, Any] = {}
        files: dict[str, Path] = {}
        for f in q.get("fields", []):
            name = f.get("variable_name")
            if not name:
                continue
            concrete = _concrete(name, events)
            for key in (concrete, _general(concrete)):
                if key in queues and queues[key]:
                    variables[concrete] = queues[key].pop(0)
                    break
                if key in answers:
                    value = answers[key]
                    if f.get("datatype") in ("file", "files", "camera", "user", "environment"):
                        files[concrete] = Path(value)
                    elif f.get("datatype") == "checkboxes":
                        variables.update(_boxes(value, f, events))
                    else:
                        variables[concrete] = _json_value(value, f)
                    break
        fields = [f for f in q.get("fields", []) if f.get("variable_name")]
        if not variables and not files and (not fields or any(f.get("required") for f in fields)):
            return seen
        for f in q.get("fields", []):  # what the web form sends for a field left alone: blank
            name = f.get("variable_name")
            if name and _concrete(name, events) not in variables and _concrete(name, events) not in files \
                    and f.get("datatype") not in ("file", "files") and not f.get("required", False):
                if f.get("datatype") == "checkboxes":
                    variables.update(_boxes([], f, events))
                else:
                    variables[_concrete(name, events)] = _blank(f)
        seen.append(session.answer(q, variables, files))
        if seen[-1].get("questionType") == "fields" and seen[-1].get("id") == q.get("id") and \
                seen[-1].get("errors"):
            raise ApiError(f"{q.get('id')}: refused: {seen[-1].get('errors')}")
    if stop_at_limit:
        return seen
    raise ApiError(f"no end after {max_screens} screens")
