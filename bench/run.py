"""The one-command benchmark of issue 17 (part 8): how fast is every public page type, uncached,
through the Django page cache and through Varnish, compared with nginx serving a static copy of the
home page on the same machine in the same run? Run it as ``bench/run`` (bench/README.md).

    bench/run --quick                    # smoke: 2,000 news, 20 member sites, 6 pages, 3 s each
    bench/run                            # 50,000 news, 1,000 member sites, 9 pages, 15 s each
    bench/run --keep-db                  # ... and keep the database (its name is printed)
    bench/run --reuse-db bench_run_1234  # measure again on a kept database, no build

One run:

1. builds a throwaway PostgreSQL database on 127.0.0.1 (``createdb``): ``migrate``, ``seed_demo
   --scale N --sites M`` (the 50,000-page archive and a large authority), ``update_index`` (timed)
   when search is measured, ``VACUUM ANALYZE`` (what autovacuum does within a minute of a bulk
   load), and ``collectstatic`` to a temporary STATIC_ROOT;
2. serves it with gunicorn under the production settings (``deploy/gunicorn.conf.py``: its worker
   class and threads, 2 workers, Redis on 127.0.0.1:6379 under a key prefix of its own) three
   ways: **cold** (``DJANGO_PAGE_CACHE=false``: every request rendered), **django** (``DJANGO_PAGE_CACHE=true``:
   anonymous pages from the Django cache) and **varnish** (``deploy/varnish/default.vcl`` in front of
   the cached gunicorn, ``FRONTEND_CACHE_PURGE_URL`` pointing at it); and nginx serving a static copy
   of the rendered home page, the physical limit of this machine, measured first and last;
3. measures each page with ``wrk -t2 -c16 -d15s --latency`` in each mode: req/s, p50, p99, socket
   timeouts, non-2xx answers; then, through Varnish, the delay from publishing a new title of the
   home page's newest article (from a separate process with the production settings, as an editor's
   publish runs in the app) until the home page shows it, polled every few milliseconds, 5 times;
4. prints every figure as a ratio to the static copy's rate and checks the issue's targets; the
   Markdown block for bench/RESULTS.md is printed and written to ``--output`` (``--write``
   appends it to bench/RESULTS.md).

A mode the tree cannot run yet (no ``DJANGO_PAGE_CACHE`` setting, no Varnish configuration) is
skipped with the reason printed. Everything it starts listens on free loopback ports and is stopped
at the end, even on failure or Ctrl-C; the database is dropped unless ``--keep-db``/``--reuse-db``.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import runpy
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.varnish import backends_vcl  # noqa: E402 - the VCL's site part, as the tests make it

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PG_HOST = "127.0.0.1"
PG = f"postgres://postgres@{PG_HOST}:5432"
ADMIN_HOST = "pgd.example.edu.vn"
AUTHORITY_HOST = "localhost"
SITE_PORT = 80  # seed_demo --port: every Site on the port a real deployment has
REDIS_URL = "redis://127.0.0.1:6379/0"
DATA_PARENT = Path(tempfile.gettempdir()) / "site_kb_bench_run"  # media of kept databases
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
RESULTS = ROOT / "bench" / "RESULTS.md"
RESULTS_HEADING = "## Bộ nhớ đệm và Varnish / Caching and Varnish (issue 17)"

SEARCH_COMMON = "trường"
SEARCH_RARE = "sơ cứu"

# key: label. The order is the table's.
PAGES = {
    "home": "home",
    "news": "news listing",
    "news500": "news listing page 500",
    "article": "article",
    "school": "school home",
    "registry": "registry, filtered",
    "search_common": f"search “{SEARCH_COMMON}”",
    "search_rare": f"search “{SEARCH_RARE}”",
    "feedback": "feedback (form)",
}
QUICK_PAGES = ["home", "news", "article", "school", "search_common", "feedback"]
MODES = {"cold": "uncached", "django": "Django cache", "varnish": "Varnish"}
# The targets, as fractions of the static copy's rate (Done when).
TARGETS = {"cold": 0.002, "django": 0.10, "varnish": 0.70}
PUBLISH_TARGET_SECONDS = 1.0
PUBLISH_TIMEOUT_SECONDS = 30.0

# Measured before issue 17 (the text): wrk -t2 -c16 15 s, gunicorn 2 sync workers.
BEFORE = """Measured before issue 17 (from the issue; wrk -t2 -c16 15 s, gunicorn 2 sync workers, production
settings, one run): nginx static 49,347 req/s; this project on PostgreSQL with 50,000 pages, no cache:
home 5.6 req/s (0.011%, 77 timeouts), news listing 11.2, listing page 500 5.7 (76 timeouts), article 12.6,
common-word search 19.6; on the demo site (SQLite) home 47.8 (0.097%), news listing 41.9, article 50.2,
search 23.8; wagtail/bakerydemo home 31.0, blog index 49.2, blog post 56.0, search 27.7; an nginx
`proxy_cache` in front, honouring the app's Cache-Control, 37,000–47,000 (75–95%)."""

# Run in `manage.py shell` under the production settings: what the tree offers and the pages to measure.
PROBE_SCRIPT = r"""
import json
from django.conf import settings
from django.db.models import Count
from django.test import RequestFactory
from wagtail.models import Site
from directives.models import DirectivePage
from feedback.models import FeedbackPage

def path_of(page, request):
    return page.specific.get_url_parts(request)[2]

site = Site.objects.get(is_default_site=True)
request = RequestFactory().get("/", HTTP_HOST=site.hostname)
request.site = site
home = site.root_page.specific
context = home.get_context(request)
newest = context["office_news"][0]
news_index = context["news_index"]
directive_index = context["directive_index"]
kind = (
    DirectivePage.objects.live().descendant_of(directive_index).exclude(doc_type=None)
    .values("doc_type__slug").annotate(n=Count("pk")).order_by("-n", "doc_type__slug").first()
)
member = (
    Site.objects.filter(hostname="thcs-basao.localhost").first()
    or Site.objects.exclude(pk=site.pk).order_by("hostname").first()
)
feedback = FeedbackPage.objects.live().descendant_of(home).order_by("path").first()
backends = {name: conf.get("BACKEND") for name, conf in getattr(settings, "TASKS", {}).items()}
pages = {
    "home": [site.hostname, "/"],
    "news": [site.hostname, path_of(news_index, request)],
    "news500": [site.hostname, path_of(news_index, request) + "?page=500"],
    "article": [site.hostname, path_of(newest, request)],
    "school": [member.hostname, "/"],
    "registry": [site.hostname, path_of(directive_index, request) + "?loai=" + kind["doc_type__slug"]],
    "search_common": [site.hostname, "/tim-kiem/?q=" + {common!r}],
    "search_rare": [site.hostname, "/tim-kiem/?q=" + {rare!r}],
    "feedback": [site.hostname, path_of(feedback, request)],
}
print("JSON:" + json.dumps({
    "pages": pages,
    "newest": {"id": newest.pk, "title": newest.title},
    "has_page_cache": hasattr(settings, "DJANGO_PAGE_CACHE"),
    "page_cache_seconds": getattr(settings, "PAGE_CACHE_SECONDS", None),
    "tasks": backends,
    "news_pages": __import__("news.models", fromlist=["NewsPage"]).NewsPage.objects.count(),
    "sites": Site.objects.count(),
}))
"""

# Run in `manage.py shell` under the varnish mode's environment: one publish per line read.
PUBLISHER_SCRIPT = r"""
import json, sys, time
from news.models import NewsPage
page_id = {page_id!r}
original = NewsPage.objects.get(pk=page_id).title
print("READY", flush=True)
for line in sys.stdin:
    command = line.strip()
    if not command or command == "quit":
        break
    page = NewsPage.objects.get(pk=page_id)
    page.title = original if command == "restore" else command + " " + original
    started = time.time()
    page.save_revision(log_action=True).publish()
    published = time.time()
    print("JSON:" + json.dumps({{"started": started, "published": published}}), flush=True)
"""


class BenchError(Exception):
    """A step failed: the message says which and why."""


# --- wrk -------------------------------------------------------------------------------------------

DURATION_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_duration_ms(text):
    """wrk's '312.44ms', '1.99s', '850.00us' → milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * DURATION_UNITS_MS[match.group(2)]


def parse_wrk(output):
    """The figures of one ``wrk --latency`` run: requests, rps, p50/p75/p90/p99 (ms), errors."""
    result = {"timeouts": 0, "connect_errors": 0, "read_errors": 0, "write_errors": 0, "non_2xx": 0}
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match:
        raise ValueError("wrk printed no Requests/sec line:\n" + output)
    result["rps"] = float(match.group(1))
    match = re.search(r"(\d+) requests in ([\d.]+\w+),", output)
    if match:
        result["requests"] = int(match.group(1))
        result["seconds"] = parse_duration_ms(match.group(2)) / 1000
    for percent in (50, 75, 90, 99):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+\w+)\s*$", output, re.MULTILINE)
        result[f"p{percent}"] = parse_duration_ms(match.group(1)) if match else None
    if not result["p99"]:
        # Every request outlived wrk's timeout: no latency was recorded ("0.00us" everywhere).
        for percent in (50, 75, 90, 99):
            result[f"p{percent}"] = None
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if match:
        result["connect_errors"], result["read_errors"], result["write_errors"], result["timeouts"] = map(
            int, match.groups()
        )
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if match:
        result["non_2xx"] = int(match.group(1))
    return result


def run_wrk(options, port, host, path):
    """``options.repeat`` runs of wrk on one address, summed up by ``best_window``."""
    return best_window([wrk_once(options, port, host, path) for _run in range(options.repeat)])


def best_window(runs):
    """The run with the most requests a second (its rate and latencies), with the socket timeouts
    and non-2xx answers of every run added up, and the rates of all runs (``windows``).

    On a shared host a window of a few seconds can lose much of its CPU to other tenants: the same
    page gave 88 and 156 req/s, and the Django cache 2,646 and 6,019, a few minutes apart, with no
    change in between (05/12/2026). The best of a few short windows, as Python's ``timeit``
    advises for its repeats, measures what the server can do; the static copy is measured the
    same way, so the ratios compare like with like. Errors are never left out: they count from
    every window."""
    best = max(runs, key=lambda figures: figures["rps"])
    return {
        **best,
        "timeouts": sum(figures["timeouts"] for figures in runs),
        "non_2xx": sum(figures["non_2xx"] for figures in runs),
        "windows": [figures["rps"] for figures in runs],
    }


def wrk_once(options, port, host, path):
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.duration}s",
        "--latency",
        "-H",
        f"Host: {host}",
        f"http://127.0.0.1:{port}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=options.duration + 60, check=False)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(done.stdout)


# --- processes -------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def say(text):
    print(text, flush=True)


def manage(args, env, *, timeout=None):
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{(done.stdout + done.stderr)[-4000:]}")
    return done.stdout


def shell_json(script, env):
    out = manage(["shell", "-c", script], env)
    for line in out.splitlines():
        if line.startswith("JSON:"):
            return json.loads(line[len("JSON:") :])
    raise BenchError("the shell script printed no result:\n" + out[-3000:])


def psql(dbname, sql):
    subprocess.run(["psql", "-h", PG_HOST, "-U", "postgres", "-d", dbname, "-qc", sql], check=True)


# site_kb.page_cache.CLOCK_MARGIN_SECONDS: a page rendered within this of a purge of its tags is not
# trusted (the servers' clocks may differ), so it is rendered again until the margin has passed.
PURGE_MARGIN_SECONDS = 1.0


def settle_after_publishes(dbname, timeout=120):
    """After the publishes: until the task worker has run every task they queued (its purges among
    them), then the page cache's clock margin, so that the pages measured next are not the ones the
    last purge has just dropped (every reader a miss for a second: the first second of a 15-second
    run). The seconds waited."""
    started = time.monotonic()
    query = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        if table_exists(dbname, "django_tasks_database_dbtaskresult")
        else None
    )
    while query and time.monotonic() - started < timeout:
        pending = psql_value(query, dbname)
        if pending == "0":
            break
        time.sleep(0.2)
    time.sleep(PURGE_MARGIN_SECONDS + 0.5)
    return time.monotonic() - started


def psql_value(sql, dbname="postgres"):
    """The one value ``sql`` selects in ``dbname``, as psql prints it (unaligned, no header)."""
    done = subprocess.run(
        ["psql", "-h", PG_HOST, "-U", "postgres", "-d", dbname, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def table_exists(dbname, table):
    return psql_value(f"SELECT to_regclass('{table}') IS NOT NULL", dbname) == "t"


def wait_http(port, process, log_path, what, path="/", host=AUTHORITY_HOST, timeout=180):
    """Until something answers HTTP on ``port`` (any status), or the process ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{what} stopped on start; its log ends:\n{tail(log_path)}")
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
        try:
            urllib.request.urlopen(request, timeout=10).read()  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise BenchError(f"{what} did not answer within {timeout} s; its log ends:\n{tail(log_path)}")


def tail(path, chars=3000):
    try:
        return Path(path).read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


class Processes:
    """Every server this run started, stopped (process group: workers too) in reverse order."""

    def __init__(self):
        self.running = []

    def start(self, command, *, log_path, env=None, cwd=ROOT, stdin=None, stdout=None):
        log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=stdin,
            stdout=stdout if stdout is not None else log,
            stderr=log,
            start_new_session=True,
        )
        self.running.append((process, log))
        return process

    def stop(self, process, timeout=30):
        for entry in list(self.running):
            if entry[0] is process:
                self.running.remove(entry)
                _stop(*entry, timeout=timeout)

    def stop_all(self):
        while self.running:
            _stop(*self.running.pop(), timeout=30)


def _stop(process, log, *, timeout):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    log.close()


# --- environments ----------------------------------------------------------------------------------

NOT_INHERITED_PREFIXES = ("DJANGO_", "S3_", "AWS_", "ELASTICSEARCH", "FRONTEND_CACHE", "PYTEST")
NOT_INHERITED = {"DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "PAGE_CACHE_SECONDS"}


def production_env(options, data_dir, static_root, database_url, **extra):
    """/etc/site_kb/env's production environment on loopback, plain HTTP allowed; ``extra`` added
    (a value of None removes the variable)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in NOT_INHERITED and not key.startswith(NOT_INHERITED_PREFIXES)
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_kb.settings.production",
            "SECRET_KEY": options.secret_key,
            "ALLOWED_HOSTS": f".localhost,127.0.0.1,{ADMIN_HOST}",
            "WAGTAILADMIN_BASE_URL": f"https://{ADMIN_HOST}",
            "DATABASE_URL": database_url,
            "DATA_DIR": str(data_dir),
            "MEDIA_ROOT": str(data_dir / "media"),
            "PRIVATE_MEDIA_ROOT": str(data_dir / "private"),
            "STATIC_ROOT": str(static_root),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "TRUSTED_PROXIES": "127.0.0.1",
            "REDIS_URL": options.redis_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    for item in options.env:
        key, _, value = item.partition("=")
        env[key] = value
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def dev_env(env):
    """seed_demo refuses DEBUG off: it runs under the development settings on the same database."""
    return {**env, "DJANGO_SETTINGS_MODULE": "site_kb.settings.dev", "DEBUG": "1"}


# --- building the database -------------------------------------------------------------------------


def build_database(options, dbname, env, timings):
    subprocess.run(["createdb", "-h", PG_HOST, "-U", "postgres", dbname], check=True)
    say(f"Database {dbname}: migrate …")
    started = time.perf_counter()
    manage(["migrate", "--noinput"], env)
    timings["migrate"] = time.perf_counter() - started
    say(f"  {timings['migrate']:.0f} s. seed_demo --scale {options.scale} --sites {options.sites} …")
    started = time.perf_counter()
    manage(
        ["seed_demo", "--scale", str(options.scale), "--sites", str(options.sites), "--port", str(SITE_PORT)],
        dev_env(env),
    )
    timings["seed"] = time.perf_counter() - started
    say(f"  {timings['seed']:.0f} s.")


def index_database(dbname, env, timings):
    say("update_index …")
    started = time.perf_counter()
    manage(["update_index"], env)
    timings["update_index"] = time.perf_counter() - started
    say(f"  {timings['update_index']:.0f} s.")
    psql(dbname, "VACUUM ANALYZE")


# --- servers ---------------------------------------------------------------------------------------


def start_gunicorn(options, processes, env, workdir, name, port=None):
    port = port or free_port()
    log_path = workdir / f"gunicorn-{name}.log"
    command = [
        GUNICORN,
        "--config",
        str(GUNICORN_CONF),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(options.workers),
        "--error-logfile",
        str(log_path),
    ]
    if options.max_requests is not None:
        command += ["--max-requests", str(options.max_requests)]
    command.append("site_kb.wsgi:application")
    process = processes.start(command, log_path=log_path, env=env)
    wait_http(port, process, log_path, f"gunicorn ({name})", path="/healthz/")
    return process, port


def gunicorn_workers():
    """The worker class (and threads) ``deploy/gunicorn.conf.py`` gives the measured gunicorn, for
    the results' header: ``gthread`` (4 threads), ``sync``."""
    config = runpy.run_path(str(GUNICORN_CONF))
    worker_class = config.get("worker_class", "sync")
    threads = config.get("threads", 1)
    return f"{worker_class} ({threads} threads)" if worker_class == "gthread" else worker_class


NGINX_CONF = """daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        default_type text/html;
        location / {{ try_files /index.html =404; }}
    }}
}}
"""


def start_nginx(processes, workdir, home_html):
    """nginx serving ``home_html`` at every address: the static copy, the limit of this machine."""
    directory = workdir / "nginx"
    (directory / "www").mkdir(parents=True)
    (directory / "www" / "index.html").write_bytes(home_html)
    for path in [workdir, directory, directory / "www"]:
        path.chmod(0o755)  # nginx's workers run as nobody when started by root
    (directory / "www" / "index.html").chmod(0o644)
    port = free_port()
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=directory, port=port))
    log_path = directory / "nginx-start.log"
    process = processes.start(["nginx", "-c", str(conf), "-p", str(directory)], log_path=log_path)
    wait_http(port, process, log_path, "nginx")
    return process, port


def start_varnish(processes, workdir, backend_port, port):
    """varnishd with deploy/varnish/default.vcl unchanged, its site part (backends.vcl) generated by
    tests/support/varnish.py for the one gunicorn, on ``port`` (the app's FRONTEND_CACHE_PURGE_URL
    names it), with one thread pool (as docs/operations.md says for 2 CPUs) and a 256 MB memory
    store."""
    directory = workdir / "varnish"
    (directory / "vcl").mkdir(parents=True)
    (directory / "vcl" / "backends.vcl").write_text(
        backends_vcl(
            [("127.0.0.1", backend_port)],
            purgers=["127.0.0.1"],
            # Production's probe (deploy/varnish/backends.vcl): the liveness address, 3 good of 10.
            probe_url="/healthz/live/",
            probe_host=AUTHORITY_HOST,
            probe_interval=2,
            probe_timeout=2,
            probe_window=10,
            probe_threshold=3,
        )
    )
    log_path = directory / "varnishd.log"
    command = [
        "varnishd",
        "-F",
        "-j",
        "none",  # no privilege separation: a throwaway instance in a temporary folder
        "-n",
        str(directory / "work"),
        "-a",
        f"127.0.0.1:{port}",
        "-T",
        "127.0.0.1:0",
        "-f",
        str(VCL),
        "-p",
        f"vcl_path={directory / 'vcl'}",
        "-s",
        "malloc,256m",
        # One thread pool on a 2-CPU server (docs/operations.md, "Varnish in front"): 82–92 % of the
        # static copy in three runs on 05/12/2026, against 68–90 % with Debian's two.
        "-p",
        "thread_pools=1",
    ]
    process = processes.start(command, log_path=log_path)
    wait_http(port, process, log_path, "varnishd", timeout=60)
    return process


def start_worker(processes, env, info, workdir, mode, results):
    """Production's task worker when its tasks go through the database (the purges among them)."""
    if not any("DatabaseBackend" in (backend or "") for backend in info["tasks"].values()):
        return None
    worker = ["db_worker", *worker_arguments()]
    process = processes.start(
        [PYTHON, "manage.py", *worker], log_path=workdir / f"db_worker-{mode}.log", env=env
    )
    results["worker"] = " ".join(worker)
    say(f"  (manage.py {results['worker']} started: production's tasks go through the database)")
    return process


def worker_arguments():
    """The arguments production gives ``manage.py db_worker`` (deploy/systemd/site_kb-worker.service's
    ExecStart), so the publish delay is measured with the worker's real polling interval."""
    unit = ROOT / "deploy" / "systemd" / "site_kb-worker.service"
    if not unit.exists():
        return []
    for line in unit.read_text().splitlines():
        if line.strip().startswith("ExecStart=") and "db_worker" in line:
            words = shlex.split(line.split("=", 1)[1])
            return words[words.index("db_worker") + 1 :]
    return []


# --- measuring -------------------------------------------------------------------------------------


def fetch(port, host, path, timeout=120):
    """(status, headers, body) of one GET, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def check_page(port, host, path):
    """Warm the page up (3 requests) and say what it answers: status, size, cacheable, tagged, hit."""
    for _ in range(2):
        fetch(port, host, path)
    status, headers, body = fetch(port, host, path)
    cache_control = headers.get("cache-control", "")
    return {
        "status": status,
        "bytes": len(body),
        "public": "public" in cache_control,
        "cache_control": cache_control,
        "xkey": "xkey" in headers,
        "age": headers.get("age"),
        "x_cache": headers.get("x-cache"),
        # A deep page must be that page, not the last one a short archive clamps it to.
        "deep_page_found": b"Trang 500" in body,
    }


def measure_pages(options, port, pages, mode):
    """Every page of ``options.page_keys`` measured ``options.repeat`` times, in rounds: each round
    runs one wrk window on every page in turn, so that a page's windows are spread over the whole
    mode rather than taken one after another (``best_window``: on a shared host a slow spell lasts
    tens of seconds, long enough to cover three or five consecutive windows of one page)."""
    infos = {}
    for key in options.page_keys:
        host, path = pages[key]
        info = infos[key] = check_page(port, host, path)
        if info["status"] != 200:
            say(
                f"  {mode:7} {PAGES[key]:28} answers {info['status']}: measured anyway (wrk counts it as non-2xx)"
            )
        if key == "news500" and not info["deep_page_found"]:
            say("    note: the archive has fewer than 500 pages of news here: its last page is measured")
    runs = {key: [] for key in options.page_keys}
    for round_number in range(options.repeat):
        if options.repeat > 1:
            say(f"  {mode:7} round {round_number + 1} of {options.repeat}")
        for key in options.page_keys:
            host, path = pages[key]
            runs[key].append(wrk_once(options, port, host, path))
            if options.repeat > 1:
                say(f"    {PAGES[key]:28} {runs[key][-1]['rps']:,.1f} req/s")
    results = {}
    for key in options.page_keys:
        host, path = pages[key]
        info = infos[key]
        figures = best_window(runs[key])
        figures.update(info)
        results[key] = figures
        say(f"  {mode:7} {PAGES[key]:28} {host}{path}")
        say(
            f"    {figures['rps']:,.1f} req/s, p50 {fmt_ms(figures['p50'])}, p99 {fmt_ms(figures['p99'])}, "
            f"timeouts {figures['timeouts']}, non-2xx {figures['non_2xx']}"
            + ("" if info["public"] else f" (Cache-Control: {info['cache_control'] or 'none'})")
            + windows_text(figures)
        )
    return results


def measure_static(options, port, label):
    say(f"  static  nginx copy of the home page ({label})")
    figures = run_wrk(options, port, AUTHORITY_HOST, "/")
    say(
        f"    {figures['rps']:,.1f} req/s, p50 {fmt_ms(figures['p50'])}, p99 {fmt_ms(figures['p99'])}"
        + windows_text(figures)
    )
    return figures


def windows_text(figures):
    """Every run's rate when a row is the best of several (``best_window``)."""
    windows = figures.get("windows", [])
    return f"; runs: {' / '.join(f'{rps:,.1f}' for rps in windows)}" if len(windows) > 1 else ""


def publish_delays(options, processes, env, workdir, front_port, newest):
    """Publish a new title of the home page's newest article ``options.publishes`` times from a
    separate process; poll the home page through Varnish until it shows it. Seconds from the
    start of the publish to the first answer showing it."""
    script = PUBLISHER_SCRIPT.format(page_id=newest["id"])
    log_path = workdir / "publisher.log"
    publisher = processes.start(
        [PYTHON, "manage.py", "shell", "-c", script],
        log_path=log_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )

    def read_line():
        line = publisher.stdout.readline().decode()
        if not line:
            raise BenchError("the publishing process stopped; its log ends:\n" + tail(log_path))
        return line.strip()

    def read_json():
        while not (line := read_line()).startswith("JSON:"):
            pass
        return json.loads(line[len("JSON:") :])

    def send(command):
        publisher.stdin.write((command + "\n").encode())
        publisher.stdin.flush()

    while read_line() != "READY":
        pass
    rounds = []
    try:
        for round_number in range(1, options.publishes + 1):
            # The home page cached first, as readers keep it (the previous round's tasks may still
            # be purging: asked again until it is a hit, for at most 10 s).
            cached = False
            deadline = time.monotonic() + 10
            while not cached and time.monotonic() < deadline:
                _status, headers, _body = fetch(front_port, AUTHORITY_HOST, "/")
                cached = headers.get("x-cache") == "HIT"
                time.sleep(0 if cached else 0.1)
            marker = f"bench-{round_number}-{secrets.token_hex(3)}"
            send(marker)
            visible, polls = poll_until(front_port, marker.encode())
            answer = read_json()
            delay = visible - answer["started"] if visible else None
            rounds.append(
                {
                    "delay": delay,
                    "publish_call": answer["published"] - answer["started"],
                    "cached_before": cached,
                    "polls": polls,
                }
            )
            say(
                f"    publish {round_number}: "
                + (f"visible after {delay * 1000:.0f} ms" if delay is not None else "NOT visible")
                + f" (publish call {rounds[-1]['publish_call'] * 1000:.0f} ms, {polls} polls, "
                f"home page {'a cache hit' if cached else 'not seen cached'} before)"
            )
        # The original title back, and its purge done before the servers stop (a purge left in the
        # queue would be retried against a Varnish gone, by the next mode's worker).
        send("restore")
        read_json()
        if rounds:
            poll_until(front_port, marker.encode(), present=False)
        send("quit")
    finally:
        processes.stop(publisher)
    return rounds


def poll_until(port, needle, present=True):
    """Poll the home page on one kept-alive connection every 5 ms until ``needle`` is in it (or,
    ``present=False``, no longer in it); (the time it was so, polls), or (None, polls) after
    PUBLISH_TIMEOUT_SECONDS."""
    deadline = time.time() + PUBLISH_TIMEOUT_SECONDS
    connection = None
    polls = 0
    while time.time() < deadline:
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/", headers={"Host": AUTHORITY_HOST})
            body = connection.getresponse().read()
        except (OSError, http.client.HTTPException):
            if connection is not None:
                connection.close()
            connection = None
            continue
        polls += 1
        if (needle in body) == present:
            now = time.time()
            connection.close()
            return now, polls
        time.sleep(0.005)
    if connection is not None:
        connection.close()
    return None, polls


# --- report ----------------------------------------------------------------------------------------


def fmt_ms(value):
    if value is None:
        return "–"
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def fmt_ratio(value):
    percent = value * 100
    if percent >= 10:
        return f"{percent:.0f}%"
    if percent >= 1:
        return f"{percent:.1f}%"
    return f"{percent:.2f}%" if percent >= 0.1 else f"{percent:.3f}%"


def verdicts(results, static_rps):
    """``static_rps``: each mode's 100% ({mode: req/s}), or one figure for all."""
    """[(text, met)] for every target of the issue that this run measured."""
    found = []
    for mode, target in TARGETS.items():
        if mode not in results["modes"]:
            continue
        pages = results["modes"][mode]
        if mode == "cold":
            judged = list(pages)
        else:
            judged = [key for key, figures in pages.items() if figures["public"]]
        failing = []
        for key in judged:
            figures = pages[key]
            ratio = figures["rps"] / (static_rps[mode] if isinstance(static_rps, dict) else static_rps)
            bad = ratio < target or figures["status"] != 200
            if mode == "cold" and figures["timeouts"]:
                bad = True
            missed = mode != "cold" and figures.get("x_cache") != "HIT"
            if bad or missed:
                failing.append(
                    f"{PAGES[key]} {fmt_ratio(ratio)}"
                    + (f", {figures['timeouts']} timeouts" if figures["timeouts"] else "")
                    + (f", X-Cache {figures.get('x_cache') or 'none'}" if missed else "")
                )
        what = "every public page type" if mode == "cold" else "every cached page type"
        extra = ", no timeouts" if mode == "cold" else ""
        text = f"{MODES[mode]}: ≥ {fmt_ratio(target)} of static for {what}{extra}"
        private = [PAGES[key] for key in pages if key not in judged]
        if private:
            text += f" (not cacheable, the app says so: {', '.join(private)})"
        found.append(
            (text + (": met" if not failing else ": NOT MET (" + "; ".join(failing) + ")"), not failing)
        )
    for mode, rounds in results["publish"].items():
        delays = [r["delay"] for r in rounds]
        what = f"publish visible through {'Varnish' if mode == 'varnish' else 'the Django cache'}"
        if None in delays:
            text = (
                f"{what} < {PUBLISH_TARGET_SECONDS:.0f} s: NOT MET (not visible within "
                f"{PUBLISH_TIMEOUT_SECONDS:.0f} s in {delays.count(None)} of {len(delays)})"
            )
            found.append((text, False))
        elif delays:
            met = max(delays) < PUBLISH_TARGET_SECONDS
            text = f"{what} < {PUBLISH_TARGET_SECONDS:.0f} s: {'met' if met else 'NOT MET'} (max {max(delays) * 1000:.0f} ms)"
            found.append((text, met))
    return found


def table(results, options):
    modes = list(results["modes"])
    static_rps = results["reference"]
    lines = [
        "| trang / page | "
        + " | ".join(f"{MODES[m]} req/s | % static | p50 | p99 | t/o" for m in modes)
        + " |",
        "|---|" + "--:|--:|--:|--:|--:|" * len(modes),
    ]
    static_cells = []
    for number, mode in enumerate(modes):
        before, after = results["static"][number], results["static"][number + 1]
        static_cells.append(
            f"{static_rps[mode]:,.0f} | 100% | {fmt_ms(before['p50'])} | {fmt_ms(before['p99'])} | "
            f"{before['timeouts'] + after['timeouts']}"
        )
    lines.append("| nginx static copy of home | " + " | ".join(static_cells) + " |")
    for key in options.page_keys:
        cells = []
        for mode in modes:
            figures = results["modes"][mode].get(key)
            if figures is None:
                cells.append("– | – | – | – | –")
                continue
            note = "" if figures["status"] == 200 else f" ({figures['status']})"
            if figures["non_2xx"]:
                note += f" ({figures['non_2xx']} non-2xx)"
            if key == "news500" and not figures.get("deep_page_found", True):
                note += " (last page: fewer than 500)"
            if mode != "cold" and not figures["public"]:
                note += " (not public)"
            elif mode != "cold" and figures.get("x_cache") != "HIT":
                note += f" (X-Cache {figures.get('x_cache') or 'none'})"
            cells.append(
                f"{figures['rps']:,.1f}{note} | {fmt_ratio(figures['rps'] / static_rps[mode])} | {fmt_ms(figures['p50'])} | "
                f"{fmt_ms(figures['p99'])} | {figures['timeouts']}"
            )
        host, path = results["pages"][key]
        address = path if host == AUTHORITY_HOST else f"{host}{path}"
        lines.append(f"| {PAGES[key]} (`{address}`) | " + " | ".join(cells) + " |")
    return static_rps, lines


def versions():
    import django

    import wagtail

    def first_line(command):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
        except OSError:
            return "?"
        return (
            ((done.stdout or "") + (done.stderr or "")).strip().splitlines()[0]
            if (done.stdout or done.stderr)
            else "?"
        )

    postgres = first_line(["psql", "-h", PG_HOST, "-U", "postgres", "-tAc", "SHOW server_version"]).split(
        " "
    )[0]
    varnish = re.search(r"varnish-([\d.]+)", first_line(["varnishd", "-V"]))
    nginx = re.search(r"nginx/([\d.]+)", first_line(["nginx", "-v"]))
    wrk = re.search(r"wrk (\S+)", first_line(["wrk", "-v"]))
    gunicorn = first_line([GUNICORN, "--version"]).replace("gunicorn (version ", "").rstrip(")")
    commit = first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"PostgreSQL {postgres}, Varnish {varnish.group(1) if varnish else '?'}, "
        f"nginx {nginx.group(1) if nginx else '?'}, wrk {wrk.group(1) if wrk else '?'}, gunicorn {gunicorn}, "
        f"commit {commit}"
    )


def machine():
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({cpu})"


def report(results, options, command):
    static_rps, rows = table(results, options)
    found = verdicts(results, static_rps)
    info = results["info"]
    build = results["timings"]
    built = (
        f"built in this run: migrate {build['migrate']:.0f} s, `seed_demo --scale {options.scale} --sites "
        f"{options.sites}` {build['seed']:.0f} s"
        if "seed" in build
        else f"database `{options.reuse_db}` reused (built by an earlier run)"
    )
    if "update_index" in build:
        built += f", `update_index` {build['update_index']:.0f} s"
    loads = results["load"]
    statics = ", ".join(f"{figures['rps']:,.0f}" for figures in results["static"])
    lines = [
        f"### {results['finished']:%d/%m/%Y %H:%M} UTC: {info['news_pages']:,} news pages, {info['sites']:,} Sites, "
        "PostgreSQL",
        "",
        f"`{command}` · {versions()} · {machine()}, load average {loads['start']:.1f} at the start, "
        f"{loads['end']:.1f} at the end (1 min) · {built} · gunicorn `deploy/gunicorn.conf.py` with "
        f"{options.workers} {gunicorn_workers()} workers"
        + (f", max_requests {options.max_requests}" if options.max_requests is not None else "")
        + f", production settings, Redis cache; wrk -t{options.threads} -c{options.connections} "
        f"-d{options.duration}s per row"
        + (
            f", the best of {options.repeat} runs taken in {options.repeat} rounds over the mode's pages "
            f"(timeouts and errors of all {options.repeat} counted)"
            if options.repeat > 1
            else ""
        )
        + "; the static copy measured before and after each mode "
        f"({statics} req/s): the mean of the two around a mode is its 100%; "
        "t/o = wrk's socket timeouts (2 s).",
        "",
        *rows,
        "",
    ]
    for mode, reason in results["skipped"].items():
        lines.append(f"- {MODES[mode]}: not measured: {reason}")
    for mode, rounds in results["publish"].items():
        delays = [r["delay"] for r in rounds if r["delay"] is not None]
        calls = [r["publish_call"] for r in rounds]
        shown = (
            f"median {statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
            if delays
            else "never"
        )
        lines.append(
            f"- Publish to visible through {'Varnish' if mode == 'varnish' else 'the Django cache'} "
            f"({len(rounds)} publishes of the home page's newest article from a separate process, the "
            f"home page polled every 5 ms): {shown}"
            + (
                f" ({len(rounds) - len(delays)} not within {PUBLISH_TIMEOUT_SECONDS:.0f} s)"
                if len(delays) < len(rounds)
                else ""
            )
            + f"; the publish call itself: median {statistics.median(calls) * 1000:.0f} ms; tasks: "
            f"{', '.join(info['tasks'].values()) or 'none configured'}"
            + (f", `manage.py {results['worker']}` running" if results.get("worker") else "")
            + "."
        )
    lines.append("")
    lines.append("Targets (issue 17, as ratios to the static copy):")
    lines += [f"- {text}" for text, _met in found]
    return "\n".join(lines), found


def write_results(text):
    current = RESULTS.read_text() if RESULTS.exists() else "# Bench results\n"
    if RESULTS_HEADING not in current:
        current = current.rstrip("\n") + f"\n\n{RESULTS_HEADING}\n\n{BEFORE}\n"
    RESULTS.write_text(current.rstrip("\n") + "\n\n" + text + "\n")


# --- main ------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short smoke: --scale 2000 --sites 20, "
        f"{len(QUICK_PAGES)} pages, 3 s each, 2 publishes (unless given)",
    )
    parser.add_argument("--scale", type=int, help="news articles of the archive (default 50000; quick 2000)")
    parser.add_argument("--sites", type=int, help="generated member sites (default 1000; quick 20)")
    parser.add_argument("--duration", type=int, help="seconds of wrk per page and mode (default 15; quick 3)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="wrk runs per row, in rounds over the pages; the best is reported, errors of all counted "
        "(default 1; e.g. 5 with --duration 5)",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="gunicorn workers (default 2; class and threads from the config)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="override deploy/gunicorn.conf.py's max_requests (a worker replaced after that many requests)",
    )
    parser.add_argument(
        "--pages",
        help=f"comma-separated pages to measure, among {', '.join(PAGES)} (default all; quick: "
        f"{', '.join(QUICK_PAGES)})",
    )
    parser.add_argument(
        "--modes",
        default=",".join(MODES),
        help=f"comma-separated modes among {', '.join(MODES)} (default all)",
    )
    parser.add_argument(
        "--publishes", type=int, help="publish-to-visible rounds through Varnish (default 5; quick 2)"
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the database built (its name is printed)"
    )
    parser.add_argument(
        "--reuse-db", metavar="NAME", help="measure on a database an earlier --keep-db run kept"
    )
    parser.add_argument(
        "--redis-url",
        default=REDIS_URL,
        help=f"Redis for the cache (default {REDIS_URL}); "
        "the run's keys have a prefix of their own and are deleted at the end",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the app servers (repeatable), e.g. DB_CONN_MAX_AGE=60",
    )
    parser.add_argument("--output", type=Path, help="write the Markdown block here too")
    parser.add_argument("--write", action="store_true", help="append the Markdown block to bench/RESULTS.md")
    parser.add_argument(
        "--keep-logs", action="store_true", help="keep the servers' logs (their folder is printed at the end)"
    )
    options = parser.parse_args(argv)

    quick = options.quick
    options.scale = options.scale if options.scale is not None else (2000 if quick else 50000)
    options.sites = options.sites if options.sites is not None else (20 if quick else 1000)
    options.duration = options.duration if options.duration is not None else (3 if quick else 15)
    options.publishes = options.publishes if options.publishes is not None else (2 if quick else 5)
    if options.pages:
        options.page_keys = [key.strip() for key in options.pages.split(",") if key.strip()]
    else:
        options.page_keys = list(QUICK_PAGES if quick else PAGES)
    unknown = [key for key in options.page_keys if key not in PAGES]
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; choose among {', '.join(PAGES)}")
    options.page_keys = [key for key in PAGES if key in options.page_keys]  # the table's order
    options.mode_keys = [key.strip() for key in options.modes.split(",") if key.strip()]
    unknown = [key for key in options.mode_keys if key not in MODES]
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(unknown)}; choose among {', '.join(MODES)}")
    for name in ("scale", "sites", "publishes"):
        if getattr(options, name) < 0:
            parser.error(f"--{name} must be 0 or more")
    for name in ("duration", "repeat", "threads", "connections", "workers"):
        if getattr(options, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if options.threads > options.connections:
        parser.error("--threads cannot exceed --connections (wrk)")
    for item in options.env:
        if "=" not in item or not item.partition("=")[0]:
            parser.error(f"--env {item!r}: expected KEY=VALUE")
    if options.reuse_db and not re.fullmatch(r"[A-Za-z0-9_]+", options.reuse_db):
        parser.error("--reuse-db: a database name of letters, digits and underscores")
    return options


def check_tools(options):
    missing = [tool for tool in ("wrk", "nginx", "createdb", "dropdb", "psql") if not shutil.which(tool)]
    if missing:
        raise BenchError(
            f"missing on this machine: {', '.join(missing)} (apt-get install wrk nginx postgresql-client)"
        )


def delete_redis_keys(url, prefixes):
    try:
        import redis
    except ImportError:
        return
    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(url)
        for prefix in prefixes:
            batch = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            for start in range(0, len(batch), 1000):
                client.delete(*batch[start : start + 1000])


def interrupted(_signum, _frame):
    raise KeyboardInterrupt


def main(argv=None):
    options = parse_args(argv)
    options.secret_key = secrets.token_urlsafe(50)
    command = "bench/run " + " ".join(sys.argv[1:] if argv is None else argv)
    check_tools(options)
    run_id = f"{os.getpid()}_{secrets.token_hex(2)}"
    dbname = options.reuse_db or f"bench_run_{run_id}"
    database_url = f"{PG}/{dbname}"
    data_dir = DATA_PARENT / dbname
    workdir = Path(tempfile.mkdtemp(prefix="site_kb_bench_run_"))
    static_root = workdir / "static"
    prefixes = []
    processes = Processes()
    results = {
        "static": [],
        "reference": {},
        "modes": {},
        "publish": {},
        "skipped": {},
        "timings": {},
        "load": {"start": os.getloadavg()[0]},
    }
    created_db = False

    def env_for(mode, **extra):
        prefix = f"bench_run_{run_id}_{mode}"
        prefixes.append(prefix)
        return production_env(options, data_dir, static_root, database_url, CACHE_KEY_PREFIX=prefix, **extra)

    # Ctrl-C or a kill: stop and clean up as on any failure.
    signal.signal(signal.SIGTERM, interrupted)
    try:
        base_env = env_for("build")
        if options.reuse_db:
            exists = psql_value(f"SELECT 1 FROM pg_database WHERE datname = '{dbname}'")
            if exists != "1":
                raise BenchError(f"--reuse-db: no database {dbname} on {PG_HOST}")
            if not data_dir.exists():
                say(f"note: {data_dir} (the kept run's media) is missing: pictures will be broken")
            say(f"Reusing database {dbname}: migrate (the tree may have new migrations) …")
            manage(["migrate", "--noinput"], base_env)
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            created_db = True
            build_database(options, dbname, base_env, results["timings"])
            if any(key.startswith("search") for key in options.page_keys):
                index_database(dbname, base_env, results["timings"])
            else:
                psql(dbname, "VACUUM ANALYZE")
        say("collectstatic …")
        manage(["collectstatic", "--noinput"], base_env)
        info = shell_json(
            PROBE_SCRIPT.replace("{common!r}", repr(quote(SEARCH_COMMON))).replace(
                "{rare!r}", repr(quote(SEARCH_RARE))
            ),
            base_env,
        )
        results["info"] = info
        results["pages"] = info["pages"]
        say(f"{info['news_pages']:,} news pages, {info['sites']:,} Sites; tasks: {info['tasks'] or 'none'}")

        wanted = options.mode_keys
        if not info["has_page_cache"]:
            for mode in ("cold", "django", "varnish"):
                if mode in wanted:
                    reason = (
                        "the settings have no DJANGO_PAGE_CACHE (the Django page cache is not in this tree)"
                    )
                    if mode == "cold":
                        say("note: no DJANGO_PAGE_CACHE setting: 'uncached' is the tree as it is")
                    else:
                        results["skipped"][mode] = reason
        if "varnish" in wanted and "varnish" not in results["skipped"]:
            if not VCL.exists():
                results["skipped"]["varnish"] = f"no {VCL.relative_to(ROOT)} in this tree"
            elif not shutil.which("varnishd"):
                results["skipped"]["varnish"] = (
                    "varnishd is not installed (apt-get install varnish varnish-modules)"
                )
        for mode, reason in results["skipped"].items():
            say(f"{MODES[mode]}: skipped: {reason}")

        # Uncached, and the static copy of its home page.
        cold_env = env_for("cold", DJANGO_PAGE_CACHE="false")
        gunicorn, port = start_gunicorn(options, processes, cold_env, workdir, "cold")
        status, _headers, home_html = fetch(port, AUTHORITY_HOST, "/")
        if status != 200:
            raise BenchError(
                f"the home page answers {status}; gunicorn's log ends:\n{tail(workdir / 'gunicorn-cold.log')}"
            )
        nginx, nginx_port = start_nginx(processes, workdir, home_html)
        say("Measuring:")
        results["static"].append(measure_static(options, nginx_port, "first"))

        def bracket(mode):
            """The static copy again after each mode: the mode's 100% is the mean of the runs just
            before and just after it, so a load that drifts during the run weighs on both."""
            results["static"].append(measure_static(options, nginx_port, f"after {MODES[mode]}"))
            results["reference"][mode] = statistics.mean(s["rps"] for s in results["static"][-2:])

        if "cold" in wanted:
            results["modes"]["cold"] = measure_pages(options, port, info["pages"], "cold")
        processes.stop(gunicorn)
        if "cold" in wanted:
            bracket("cold")

        for mode in ("django", "varnish"):
            if mode not in wanted or mode in results["skipped"]:
                continue
            gunicorn_port = free_port()
            front_port = free_port()  # known before the app starts: its purges go there
            extra = (
                {"FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{front_port}"} if mode == "varnish" else {}
            )
            env = env_for(mode, DJANGO_PAGE_CACHE="true", **extra)
            gunicorn, port = start_gunicorn(options, processes, env, workdir, mode, gunicorn_port)
            worker = start_worker(processes, env, info, workdir, mode, results)
            front = start_varnish(processes, workdir, port, front_port) if mode == "varnish" else None
            measured_port = front_port if front else port
            # The publishes first, on an app server nobody else is queueing on: after the slow
            # uncacheable pages (search) its health probe may still be failing behind Varnish.
            if options.publishes:
                say(f"  publish to visible ({MODES[mode]}):")
                results["publish"][mode] = publish_delays(
                    options, processes, env, workdir, measured_port, info["newest"]
                )
                say(f"  (waited {settle_after_publishes(dbname):.1f} s for the last purges to settle)")
            results["modes"][mode] = measure_pages(options, measured_port, info["pages"], mode)
            for process in (front, worker, gunicorn):
                if process is not None:
                    processes.stop(process)
            bracket(mode)

        processes.stop(nginx)
        results["load"]["end"] = os.getloadavg()[0]
        results["finished"] = datetime.datetime.now(datetime.UTC)
    except KeyboardInterrupt:
        say("Interrupted: stopping and cleaning up.")
        raise SystemExit(130) from None
    except BenchError as error:
        say(f"bench/run FAILED: {error}")
        say(f"(logs kept in {workdir})")
        workdir = None
        raise SystemExit(1) from None
    except Exception:
        say(f"bench/run FAILED unexpectedly (logs kept in {workdir}):")
        workdir = None
        raise
    finally:
        processes.stop_all()
        delete_redis_keys(options.redis_url, prefixes)
        if created_db and not options.keep_db:
            subprocess.run(["dropdb", "-h", PG_HOST, "-U", "postgres", "--if-exists", dbname], check=False)
            shutil.rmtree(data_dir, ignore_errors=True)
        if workdir is not None and options.keep_logs:
            say(f"Logs kept in {workdir}")
        elif workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    text, found = report(results, options, command)
    say("")
    say(text)
    if options.output:
        options.output.write_text(text + "\n")
    if options.write:
        write_results(text)
        say(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    if created_db and options.keep_db:
        say(f"\nDatabase kept: {dbname} (media in {data_dir}); again with: bench/run --reuse-db {dbname}")
    return 0 if all(met for _text, met in found) else 3


if __name__ == "__main__":
    sys.exit(main())
