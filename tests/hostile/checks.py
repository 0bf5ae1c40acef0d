"""Sending one hostile request and judging its response: no 500, no unescaped reflection,
no injected header, no redirect off the site, no escaped or injected mail."""

import re
import time
import traceback
from urllib.parse import urlsplit

from .corpus import BY_ID
from .report import STATS

MARKER = re.compile(r"hx\d{4}")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
TEXT_TYPES = ("html", "xml", "json", "text/plain", "javascript", "calendar", "csv")


def exception_summary(response):
    """The exception behind a 500, as ``Type: message @ the deepest project frame``."""
    info = getattr(response, "exc_info", None)
    if not info or info[1] is None:
        return ""
    error = info[1]
    frames = traceback.extract_tb(info[2])
    project = [frame for frame in frames if "/site-packages/" not in frame.filename]
    frame = (project or frames)[-1] if frames else None
    where = (
        f" @ {frame.filename.rsplit('/', 2)[-2]}/{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
        if frame
        else ""
    )
    message = str(error).replace("\n", " ")[:160]
    return f"{type(error).__name__}: {message}{where}"


def response_text(response):
    content_type = response.get("Content-Type", "")
    if not any(kind in content_type for kind in TEXT_TYPES):
        return ""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def reflections(text):
    """(value id, fragment) for every dangerous fragment of a marked value found in ``text``."""
    found = []
    for marker in set(MARKER.findall(text)):
        value = BY_ID.get(marker)
        if value is None:
            continue
        for fragment in value.danger:
            if fragment and fragment in text:
                found.append((marker, fragment))
    return found


def header_problems(response):
    problems = []
    for name, value in response.items():
        if "\r" in name or "\n" in name or "\r" in value or "\n" in value:
            problems.append(f"header {name!r} holds a line break")
        if name.lower() in ("x-injected", "bcc"):
            problems.append(f"injected header {name!r}")
    location = response.get("Location", "")
    if location:
        parts = urlsplit(location.strip())
        if parts.scheme.lower() in ("javascript", "data", "vbscript"):
            problems.append(f"redirect to {location[:80]!r}")
        elif parts.netloc and parts.netloc not in ("testserver", "localhost"):
            problems.append(f"redirect off the site to {location[:80]!r}")
    return problems


class Sender:
    """Sends requests through one test client, counts them and records every problem."""

    def __init__(self, client, area):
        self.client = client
        self.area = area
        self.slowest = []

    def send(self, method, url, *, target, value=None, data=None, content_type=None, **extra):
        started = time.monotonic()
        if method == "GET":
            response = self.client.get(url, **extra)
        elif method == "RAW":
            method = "POST"
            response = self.client.generic("POST", url, data, content_type=content_type, **extra)
        elif content_type:
            response = self.client.post(url, data, content_type=content_type, **extra)
        else:
            response = self.client.post(url, data or {}, **extra)
        elapsed = time.monotonic() - started
        STATS.requests += 1
        if target:
            STATS.targets.add(target)
        if value is not None:
            STATS.values_sent.add(value.id)
        self.slowest.append((elapsed, method, url[:120], target, value.id if value else ""))
        self.slowest = sorted(self.slowest, reverse=True)[:5]
        self.judge(response, method, url, target, value)
        return response

    def record(self, kind, method, url, target, value, detail):
        STATS.fail(
            kind,
            area=self.area,
            method=method,
            url=url[:140],
            target=target,
            value=value.short() if value is not None else "",
            id=value.id if value is not None else "",
            detail=detail,
        )

    def judge(self, response, method, url, target, value):
        if response.status_code >= 500:
            STATS.server_errors += 1
            self.record(
                "500", method, url, target, value, f"{response.status_code} {exception_summary(response)}"
            )
            return
        for problem in header_problems(response):
            self.record("header", method, url, target, value, problem)
        text = response_text(response)
        if text:
            for marker, fragment in reflections(text):
                STATS.reflections += 1
                self.record(
                    "reflection",
                    method,
                    url,
                    target,
                    BY_ID[marker],
                    f"{response.status_code} unescaped {fragment[:60]!r}",
                )


def mail_problems(messages, submitted_values):
    """Problems of sent mail: injected headers or recipients, HTML entities in plain-text bodies."""
    problems = []
    for message in messages:
        recipients = message.recipients()
        if len(message.to) != 1 or message.bcc or message.cc or any("evil.example" in r for r in recipients):
            problems.append(f"recipients {recipients!r}")
        for name, header in message.message().items():
            if "\n" in header.replace("\n ", "").replace("\n\t", "") or "\r" in header.replace("\r\n ", ""):
                problems.append(f"header {name} holds a line break: {header[:80]!r}")
            if name.lower() in ("bcc", "x-injected"):
                problems.append(f"injected header {name}: {header[:80]!r}")
        if "\n" in message.subject or "\r" in message.subject:
            problems.append(f"subject holds a line break: {message.subject[:80]!r}")
        body = message.body
        entities = sorted(
            e for e in set(ENTITY.findall(body)) if not any(e in value for value in submitted_values)
        )
        if entities:
            problems.append(
                f"HTML entities {' '.join(entities)} in the plain-text body of «{message.subject[:60]}»"
            )
    return problems
