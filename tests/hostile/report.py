"""Counts the hostile suite keeps while it runs, printed by conftest's terminal summary."""

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


STATS = Stats()
