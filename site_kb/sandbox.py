"""Run the heavy part of an upload in the limited worker process (issue 12, Điều 11.4).

A 151 KB Word file once took 1.4 GB and 158 s inside a web worker. Counting first
(``intake.limits``) refuses the files we know to be too big; this is the second wall: the
conversion itself runs in ``python -m site_kb.worker`` with an address-space cap and a timeout
(INTAKE_WORKER_MEMORY_BYTES, INTAKE_WORKER_TIMEOUT_SECONDS), so no upload can take a worker down.
"""

import json
import logging
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class WorkerError(Exception):
    """The worker refused or failed. ``code``: timeout, memory, unreadable, or the task's own refusal."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def memory_limit():
    return settings.INTAKE_WORKER_MEMORY_BYTES  # default in site_kb/settings/base.py


def time_limit():
    return settings.INTAKE_WORKER_TIMEOUT_SECONDS


def worker_command(task, *arguments, memory_bytes, cpu_seconds):
    return [
        sys.executable,
        "-m",
        "site_kb.worker",
        "--memory",
        str(memory_bytes),
        "--cpu",
        str(max(int(cpu_seconds), 1)),
        task,
        *arguments,
    ]


def failure_code(returncode, stderr):
    """What a worker that ended without an answer ran into."""
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "timeout"
    if returncode < 0 or b"MemoryError" in stderr or b"Cannot allocate memory" in stderr:
        # A failed allocation inside C code (libxml2, zlib, Pillow) ends in a signal, not a MemoryError.
        return "memory"
    return "unreadable"


def run(task, data, options):
    """The worker's JSON answer for ``task`` on ``data``; WorkerError when it refused or failed."""
    timeout = time_limit()
    command = worker_command(task, json.dumps(options), memory_bytes=memory_limit(), cpu_seconds=timeout)
    try:
        completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments, no shell
            command, input=data, capture_output=True, timeout=timeout, check=False, cwd=PROJECT_ROOT
        )
    except subprocess.TimeoutExpired as error:
        logger.warning("Upload worker (%s) timed out after %ss", task, timeout)
        raise WorkerError("timeout") from error
    if completed.returncode != 0 or not completed.stdout:
        code = failure_code(completed.returncode, completed.stderr)
        logger.warning(
            "Upload worker (%s) ended with %s: %s",
            task,
            completed.returncode,
            completed.stderr.decode(errors="replace")[-500:],
        )
        raise WorkerError(code)
    answer = json.loads(completed.stdout)
    if "error" in answer:
        if answer["error"] in ("memory", "unreadable"):
            logger.info(
                "Upload worker (%s) refused a file: %s",
                task,
                completed.stderr.decode(errors="replace")[-500:],
            )
        raise WorkerError(answer["error"])
    return answer
