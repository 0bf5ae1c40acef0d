"""A real varnishd for tests (issue 17, part 2): ``deploy/varnish/default.vcl`` in front of given
app servers, on a free loopback port.

    with Varnish([("127.0.0.1", 8001), ("127.0.0.1", 8002)], probe_host="localhost") as varnish:
        status, headers, body = varnish.request("GET", "/", host="localhost")
        varnish.url  # "http://127.0.0.1:<port>", what FRONTEND_CACHE_PURGE_URL names

The production VCL is used unchanged; only its site-specific include, ``backends.vcl``, is
generated: one backend per ``(host, port)`` with a fast health probe on ``probe_url`` (the app's
``/healthz/live/`` by default, sent with ``probe_host``; ``probe_options`` sets its timeout, window
and threshold), the ``app_servers`` round-robin director, the same servers without the probe in
``app_servers_unprobed``, and ``acl purgers`` holding ``purgers`` (127.0.0.1 by
default; pass another address to see a PURGE refused). varnishd runs in the foreground in its own
process group with its own working directory (``-n``), no privilege separation (``-j none``, the
tests may run as root or not) and a small memory store; ``stop()`` (or leaving the ``with``) ends
the group and removes the folder, also when the test failed. Several may run at once (pytest-xdist
workers): ports are chosen free at start and nothing is written outside the temporary folder.

Without varnishd or the xkey vmod (Debian's ``varnish`` and ``varnish-modules``, installed by
.ci/run) the test is skipped with the reason (``unittest.SkipTest``, which pytest honours too).
"""

import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VARNISHADM = shutil.which("varnishadm") or "/usr/bin/varnishadm"
XKEY_VMODS = ("/usr/lib/*/varnish/vmods/libvmod_xkey.so", "/usr/lib/varnish/vmods/libvmod_xkey.so")


def missing():
    """Why varnishd cannot run here (a sentence), or None when it can."""
    if not os.access(VARNISHD, os.X_OK):
        return "varnishd is not installed (Debian package varnish; .ci/run installs it)"
    if not any(glob.glob(pattern) for pattern in XKEY_VMODS):
        return "the xkey vmod is not installed (Debian package varnish-modules; .ci/run installs it)"
    if not shutil.which("cc"):
        return "varnishd compiles its VCL with a C compiler, and there is no cc"
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def vcl_string(text):
    """``text`` as a VCL long string (``{"…"}``), which may hold any character but ``"}``."""
    if '"}' in text:
        raise ValueError(f"cannot be written in VCL: {text!r}")
    return '{"' + text + '"}'


def backends_vcl(
    backends,
    purgers,
    probe_url,
    probe_host,
    probe_interval,
    probe_timeout=2,
    probe_window=3,
    probe_threshold=2,
):
    """The text of a ``backends.vcl`` for ``default.vcl``: see the module's docstring. As
    ``deploy/varnish/backends.vcl``: each app server twice, with the probe in ``app_servers`` and
    without it in ``app_servers_unprobed`` (what default.vcl falls back to when all are sick)."""
    lines = [
        "probe site_kb_live {",
        "    .request =",
        f"        {vcl_string(f'GET {probe_url} HTTP/1.1')}",
        f"        {vcl_string(f'Host: {probe_host}')}",
        '        "User-Agent: varnish-probe"',
        '        "Connection: close";',
        f"    .interval = {probe_interval}s;",
        f"    .timeout = {probe_timeout}s;",
        f"    .window = {int(probe_window)};",
        f"    .threshold = {int(probe_threshold)};",
        f"    .initial = {int(probe_threshold)};",
        "}",
    ]
    for number, (host, port) in enumerate(backends, start=1):
        for name, probe in ((f"app{number}", "site_kb_live"), (f"app{number}_unprobed", None)):
            lines += [
                f"backend {name} {{",
                f"    .host = {vcl_string(str(host))};",
                f'    .port = "{int(port)}";',
                *([f"    .probe = {probe};"] if probe else []),
                "    .connect_timeout = 1s;",
                "    .first_byte_timeout = 60s;",
                "}",
            ]
    numbers = range(1, len(backends) + 1)
    lines += ["sub vcl_init {", "    new app_servers = directors.round_robin();"]
    lines += [f"    app_servers.add_backend(app{number});" for number in numbers]
    lines += ["    new app_servers_unprobed = directors.round_robin();"]
    lines += [f"    app_servers_unprobed.add_backend(app{number}_unprobed);" for number in numbers]
    lines += ["}", "acl purgers {"]
    lines += [f"    {vcl_string(str(address))};" for address in purgers]
    lines += ["}", ""]
    return "\n".join(lines)


class Varnish:
    """varnishd with ``deploy/varnish/default.vcl`` in front of ``backends``: see the module."""

    def __init__(
        self,
        backends,
        purgers=("127.0.0.1",),
        probe_url="/healthz/live/",
        probe_host="localhost",
        probe_interval=0.5,
        vcl=DEFAULT_VCL,
        memory="64m",
        probe_options=None,
    ):
        if not backends:
            raise ValueError("Varnish needs at least one backend (host, port)")
        self.backends = [(host, int(port)) for host, port in backends]
        self.purgers = list(purgers)
        self.probe_url, self.probe_host, self.probe_interval = probe_url, probe_host, probe_interval
        self.probe_options = dict(probe_options or {})  # probe_timeout, probe_window, probe_threshold
        self.vcl = Path(vcl)
        self.memory = memory
        self.process = None
        self.workdir = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self):
        return Path(self.workdir) / "varnishd.log"

    def log_tail(self, characters=3000):
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""

    def start(self, timeout=60):
        reason = missing()
        if reason:
            raise unittest.SkipTest(reason)
        self.workdir = tempfile.mkdtemp(prefix="site_kb_varnish_")
        include_dir = Path(self.workdir) / "vcl"
        include_dir.mkdir()
        (include_dir / "backends.vcl").write_text(
            backends_vcl(
                self.backends,
                self.purgers,
                self.probe_url,
                self.probe_host,
                self.probe_interval,
                **self.probe_options,
            )
        )
        try:
            for _attempt in range(3):  # another process may take the free port first
                if self._start_once(include_dir, timeout):
                    return self
            raise RuntimeError(f"varnishd did not start:\n{self.log_tail()}")
        except BaseException:
            self.stop()
            raise

    def _start_once(self, include_dir, timeout):
        self.port = free_port()
        command = [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(Path(self.workdir) / "work"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            "127.0.0.1:0",
            "-f",
            str(self.vcl),
            "-s",
            f"malloc,{self.memory}",
            "-p",
            f"vcl_path={include_dir}",
            "-p",
            "thread_pools=1",
            "-p",
            "thread_pool_min=10",
            "-p",
            "thread_pool_max=200",
            "-p",
            "vsl_space=4M",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - a fixed command
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                if "Address already in use" in self.log_tail():
                    return False  # another process took the port: try another
                raise RuntimeError(f"varnishd stopped at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.5):
                if self._answers_admin():
                    return True
            time.sleep(0.1)
        raise RuntimeError(f"varnishd did not answer on port {self.port} in {timeout} s:\n{self.log_tail()}")

    def _answers_admin(self):
        """The child runs the VCL and its backends are listed with their probes (the backends start
        healthy: ``.initial`` in the probe)."""
        try:
            listing = self.admin("backend.list", "-p")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return False
        return "Current states" in listing

    def admin(self, *args, timeout=10):
        """Run a varnishadm command (``backend.list``, ``backend.set_health app1 sick``, …)."""
        result = subprocess.run(  # noqa: S603 - a fixed command
            [VARNISHADM, "-n", str(Path(self.workdir) / "work"), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return result.stdout

    def request(self, method, path, host="localhost", headers=None, body=None, timeout=30):
        """``(status, headers as a dict with lower-case names, body bytes)`` of one request."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def stop(self):
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
        return False
