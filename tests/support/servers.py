"""App servers for tests that need real ones (issue 17.5): gunicorn with the production settings.

``production_env(data_dir, ...)`` is the environment ``/etc/site_kb/env`` would hold (dummy but
valid values, HTTP on loopback allowed), cleaned of what the test process itself runs under;
``manage(env, ...)`` runs a ``manage.py`` command in it; ``gunicorn(env)`` starts
``deploy/gunicorn.conf.py``'s gunicorn on a free loopback port, waits until ``/healthz/`` answers,
and stops the whole process group on exit, even when the test failed. Its log is kept in a file
whose end is quoted in every failure message (``Server.log_tail()``).

Several may run at once (pytest-xdist workers, two app servers in one test): ports are free ones
chosen at start, and nothing is written outside the folders the caller gives.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SITE_HOST = "pgd.example.edu.vn"

# What the test process runs under and a production server must not inherit.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DEBUG",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "ELASTICSEARCH_URL",
    "FRONTEND_CACHE_PURGE_URL",
    "PYTEST_XDIST_WORKER",
    "PYTEST_CURRENT_TEST",
}


def free_port():
    """A TCP port nobody listens on now (the usual small race with whoever asks next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(data_dir, *, site_host=SITE_HOST, **overrides):
    """The production environment on loopback: DEBUG off, hosts checked, a fresh SECRET_KEY.

    Plain HTTP is allowed (no TLS on loopback: no redirect to HTTPS, cookies not marked Secure).
    ``overrides`` are added as they are (``DATABASE_URL=...``, ``REDIS_URL=...``); a value of None
    removes the variable.
    """
    data_dir = Path(data_dir)
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_kb.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{site_host},127.0.0.1",
            "WAGTAILADMIN_BASE_URL": f"https://{site_host}",
            "DATA_DIR": str(data_dir),
            "MEDIA_ROOT": str(data_dir / "media"),
            "PRIVATE_MEDIA_ROOT": str(data_dir / "private"),
            "STATIC_ROOT": str(data_dir / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "TRUSTED_PROXIES": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def manage(env, *args, timeout=300, check=True, cwd=ROOT):
    """Run ``manage.py args`` in ``env``; a failure raises with the command's output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        )
    return result


def start_manage(env, *args, log_path):
    """``manage.py args`` started in the background (its own process group), output to log_path."""
    with open(log_path, "wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.log_path = Path(log_path)
    return process


def wait_manage(process, timeout=300):
    """Wait for a ``start_manage`` process: (exit code, its output)."""
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_process_group(process)
        raise
    return code, process.log_path.read_text(errors="replace")


def terminate(processes):
    """Send TERM to the process groups of ``processes`` without waiting (several stop side by side)."""
    for process in processes:
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)


def stop_process_group(process, grace=10):
    """TERM the process and everything it started, then KILL what is left after ``grace`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


@contextlib.contextmanager
def redis_server(work_dir):
    """A private ``redis-server`` on a free loopback port (no disk writes but ``work_dir``).

    Yields its ``redis://127.0.0.1:PORT/0`` URL; stopped on exit. Raises FileNotFoundError when
    Debian's redis-server is not installed (the caller skips or fails with that reason).
    """
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    log_path = Path(work_dir) / "redis.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(work_dir),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1) as ping,
            ):
                ping.sendall(b"PING\r\n")
                if ping.recv(16).startswith(b"+PONG"):
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "redis-server did not start:\n" + log_path.read_text(errors="replace")[-2000:]
                )
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_process_group(process)


def answers(url, host, timeout=5):
    """Does something HTTP answer at ``url`` (whatever its status)?"""
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 (loopback, our URL)
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@dataclass
class Server:
    """A gunicorn with deploy/gunicorn.conf.py: ``start()`` returns at once, ``wait_ready()`` waits
    for ``/healthz/`` to answer, ``stop()`` ends its process group. Start several, then wait for
    each: they boot side by side."""

    name: str
    env: dict = field(repr=False)
    log_path: Path
    port: int = 0
    workers: int = 2
    host: str = SITE_HOST
    process: subprocess.Popen = field(default=None, repr=False)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        self.port = self.port or free_port()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    GUNICORN,
                    "--config",
                    str(ROOT / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    self.address,
                    "--workers",
                    str(self.workers),
                    "--name",
                    self.name,
                    "site_kb.wsgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its workers are stopped with it
            )
        return self

    def wait_ready(self, timeout=120):
        """Until ``/healthz/`` answers (any status: a failing check is for the test to assert)."""
        deadline = time.monotonic() + timeout
        while not answers(f"{self.url}/healthz/", self.host):
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} stopped on start (exit {self.process.returncode})\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer within {timeout} s\n{self.log_tail()}")
            time.sleep(0.2)
        return self

    def stop(self):
        if self.process is not None:
            stop_process_group(self.process)

    def log_tail(self, chars=4000):
        try:
            return (
                f"--- {self.name}'s log ({self.log_path}) ends:\n"
                + self.log_path.read_text(errors="replace")[-chars:]
            )
        except OSError as error:
            return f"--- {self.name}'s log unreadable: {error}"

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()
        return False


@contextlib.contextmanager
def gunicorn(env, *, name="gunicorn", workers=2, host=SITE_HOST, port=0, log_dir=None, start_timeout=120):
    """gunicorn with deploy/gunicorn.conf.py and ``env`` on ``port`` (a free one by default),
    up until the block ends; yields the ``Server`` once it answers. Stopped with TERM (then KILL)
    on exit, the test's failure included; its log lives in ``log_dir`` (else a folder of its own,
    removed afterwards)."""
    with contextlib.ExitStack() as stack:
        if log_dir is None:
            log_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix=f"site_kb_{name}_"))
        server = Server(name, env, Path(log_dir) / f"{name}.log", port=port, workers=workers, host=host)
        stack.enter_context(server)
        server.start().wait_ready(start_timeout)
        yield server


@contextlib.contextmanager
def background_manage(env, *args, log_path):
    """``manage.py args`` running in the background (a worker, say) until the block ends."""
    process = start_manage(env, *args, log_path=log_path)
    try:
        yield process
    finally:
        stop_process_group(process)
