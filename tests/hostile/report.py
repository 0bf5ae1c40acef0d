"""Counts the hostile suite keeps while it runs, printed in the terminal summary (``write_summary``)."""

import contextlib
import dataclasses
import time
from collections import Counter


@dataclasses.dataclass
class Stats:
    requests: int = 0
    server_errors: int = 0
    reflections: int = 0
    stored_unescaped: int = 0
    mail_problems: int = 0
    values_sent: set = dataclasses.field(default_factory=set)
    targets: set = dataclasses.field(default_factory=set)
    seconds: Counter = dataclasses.field(default_factory=Counter)
    cpu_seconds: Counter = dataclasses.field(default_factory=Counter)
    failures: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)
    started: float = dataclasses.field(default_factory=time.monotonic)

    def fail(self, kind, **details):
        self.failures.append({"kind": kind, **details})

    @contextlib.contextmanager
    def timer(self, name):
        """Wall-clock and CPU time of a phase (the CPU time is what a busy machine cannot inflate)."""
        wall, cpu = time.monotonic(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.monotonic() - wall
            self.cpu_seconds[name] += time.process_time() - cpu

    def as_plain_data(self):
        """The counts as lists and dicts of strings and numbers: what a pytest-xdist worker can
        send to the controller, which prints the summary."""
        return {
            "requests": self.requests,
            "server_errors": self.server_errors,
            "reflections": self.reflections,
            "stored_unescaped": self.stored_unescaped,
            "mail_problems": self.mail_problems,
            "values_sent": sorted(map(str, self.values_sent)),
            "targets": sorted(map(str, self.targets)),
            "seconds": dict(self.seconds),
            "cpu_seconds": dict(self.cpu_seconds),
            "failures": [{key: str(value) for key, value in failure.items()} for failure in self.failures],
            "notes": [str(note) for note in self.notes],
        }

    def add(self, data):
        """Add the counts a worker sent (``as_plain_data``) to these."""
        for name in ("requests", "server_errors", "reflections", "stored_unescaped", "mail_problems"):
            setattr(self, name, getattr(self, name) + data[name])
        self.values_sent.update(data["values_sent"])
        self.targets.update(data["targets"])
        self.seconds.update(data["seconds"])
        self.cpu_seconds.update(data["cpu_seconds"])
        self.failures.extend(data["failures"])
        self.notes.extend(data["notes"])


STATS = Stats()


def write_summary(terminalreporter):
    """The terminal summary of the counts (tests/conftest.py calls it, in the process that prints
    the results: under pytest-xdist, the controller, which never loads this package's conftest)."""
    if not (STATS.requests or STATS.seconds):
        return
    from django.db import connection

    write = terminalreporter.write_line
    terminalreporter.section(f"hostile inputs ({connection.vendor})")
    parameters = {t for t in STATS.targets if t.startswith(("GET ", "POST ", "PATH ", "HEADER "))}
    write(
        f"hostile: {STATS.requests} requests, {len(parameters)} parameters/fields covered "
        f"(+{len(STATS.targets) - len(parameters)} other targets), "
        f"{len(STATS.values_sent)} values, 500s = {STATS.server_errors}, "
        f"reflections = {STATS.reflections}, stored unescaped = {STATS.stored_unescaped}, "
        f"mail problems = {STATS.mail_problems} [{connection.vendor}]"
    )
    timings = ", ".join(
        f"{name} {seconds:.1f}s (cpu {STATS.cpu_seconds[name]:.1f}s)"
        for name, seconds in sorted(STATS.seconds.items())
    )
    if timings:
        write(f"hostile timings: {timings}")
    for note in STATS.notes:
        write(f"hostile: {note}")
    for failure in STATS.failures[:200]:
        write("hostile failure: " + ", ".join(f"{key}={value}" for key, value in failure.items()))
    if len(STATS.failures) > 200:
        write(f"hostile: … and {len(STATS.failures) - 200} more failures")
