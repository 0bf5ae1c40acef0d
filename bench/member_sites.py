"""Member sites at scale (issue 16.9): does a school's site answer as fast with 1,000 sites as with one?

    python bench/member_sites.py                       # SQLite, 1,000 extra sites, 300 requests a page
    python bench/member_sites.py --db postgres         # needs createdb/dropdb on 127.0.0.1
    python bench/member_sites.py --sites 200 --requests 100 --write   # --write: append to RESULTS.md

One run builds two throwaway databases from one seed: migrate and ``seed_demo`` (the authority
and one member site, Trường THCS Ba Sao on ``thcs-basao.localhost``: the demo's two other member
sites are removed), then a copy of it to which ``seed_demo --sites N`` adds N member schools
(1,001 member sites). Each database is served by its own gunicorn with the production settings
(``site_kb.settings.production``: DEBUG off, hosts checked against the Sites, as deploy/ runs it;
one sync worker each, local-memory cache). The same pages of the same school are requested on
its own host from both, **interleaved** (one request to the small install, one to the large, and
so on), so that whatever else the machine is doing weighs on both alike:

- the school's home page (``/`` on ``thcs-basao.localhost``: its news, announcements, documents,
  sections, and the menu);
- one of its news articles;
- and, on the large install only, a generated school's home page, for comparison.

After a warm-up, each page is requested ``--requests`` times in sequence per install; latency is
the client's, from sending the request to the last byte. Printed: p50 and p99 per page and
install and the ratio large / small (target ≤ 1.1), and the SQL queries each page costs on a
warm process (Django's test client in a process with the same settings), which must be the same.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
SCHOOL_HOST = "thcs-basao.localhost"
REMOVED_HOSTS = ["mn-basao.localhost", "th-leho.localhost"]  # the demo's other member sites
TARGET = 1.1
ADMIN_HOST = "pgd.example.edu.vn"

# Run in a `manage.py shell` of each database: the pages to measure, and their queries on a warm process.
ADDRESSES_SCRIPT = """
import json
from wagtail.models import Site
from news.models import NewsPage
site = Site.objects.get(hostname={school_host!r})
article = NewsPage.objects.live().child_of(site.root_page).order_by("-date", "pk").first()
generated = Site.objects.filter(hostname__startswith="truong-tu-dong-").order_by("hostname")
middle = generated[generated.count() // 2] if generated.exists() else None
pages = [("school home", site.hostname, "/"), ("school article", site.hostname, "/" + article.slug + "/")]
if middle is not None:
    pages.append(("generated school home", middle.hostname, "/"))
print("JSON:" + json.dumps({{"pages": pages, "sites": Site.objects.count()}}))
"""

QUERIES_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
counts = {{}}
for name, host, path in {pages!r}:
    client.get(path, HTTP_HOST=host)  # warm: caches filled as in a running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (name, response.status_code)
    counts[name] = len(captured.captured_queries)
print("JSON:" + json.dumps(counts))
"""


def manage(args, env, *, quiet=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if not quiet:
        print(result.stdout)
    return result.stdout


def shell_json(script, env):
    out = manage(["shell", "-c", script], env)
    line = next(line for line in out.splitlines() if line.startswith("JSON:"))
    return json.loads(line[len("JSON:") :])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(data_dir, database_url=None):
    """deploy/'s production environment on a throwaway database; *.localhost hosts are allowed
    by the suffix, and served only if a Site has them (SITE_HOSTS_FROM_DATABASE)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "ELASTICSEARCH_URL", "FRONTEND_CACHE_PURGE_URL", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_kb.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f".localhost,127.0.0.1,{ADMIN_HOST}",
            "WAGTAILADMIN_BASE_URL": f"https://{ADMIN_HOST}",
            "DATA_DIR": str(data_dir),
            "MEDIA_ROOT": str(Path(data_dir) / "media"),
            "PRIVATE_MEDIA_ROOT": str(Path(data_dir) / "private"),
            "STATIC_ROOT": str(Path(data_dir) / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def dev(env):
    """seed_demo refuses DEBUG off: it runs under the development settings on the same database."""
    return {**env, "DJANGO_SETTINGS_MODULE": "site_kb.settings.dev", "DEBUG": "1"}


def start_gunicorn(env, port, log):
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "180",
            "site_kb.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.flush()
            raise SystemExit(
                "gunicorn stopped on start; its log ends:\n" + Path(log.name).read_text()[-3000:]
            )
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5)  # noqa: S310
            return process
        except urllib.error.HTTPError:
            return process  # it answers: the health check's own verdict does not matter here
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 180 s")


def fetch(port, host, path):
    """Milliseconds from sending the request to the last byte of a 200 answer."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
        status = response.status
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise SystemExit(f"{host}{path}: {status}")
    return elapsed


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(ports, pages, requests, warmup):
    """{(install, page name): [ms, …]}, requests interleaved between the installs."""
    timings = {}
    for _name, host, path in pages["small"]:
        for _ in range(warmup):
            fetch(ports["small"], host, path)
            fetch(ports["large"], host, path)
    for _name, host, path in pages["large"][len(pages["small"]) :]:
        for _ in range(warmup):
            fetch(ports["large"], host, path)
    for _ in range(requests):
        for name, host, path in pages["small"]:
            timings.setdefault(("small", name), []).append(fetch(ports["small"], host, path))
            timings.setdefault(("large", name), []).append(fetch(ports["large"], host, path))
        for name, host, path in pages["large"][len(pages["small"]) :]:
            timings.setdefault(("large", name), []).append(fetch(ports["large"], host, path))
    return timings


def versions(database):
    import django

    import wagtail

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"{database}, gunicorn 1 sync worker per install, commit {commit or '?'}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )


def report(options, pages, sites, timings, queries, seed_seconds, database):
    lines = [
        f"### {datetime.datetime.now(datetime.UTC):%d/%m/%Y %H:%M} UTC: {sites['small']} and {sites['large']} "
        f"Sites, {database}",
        "",
        f"`python bench/member_sites.py --db {options.db} --sites {options.sites} --requests {options.requests}` · "
        f"{versions(database)}. `seed_demo --sites {options.sites}` took {seed_seconds:.0f} s. "
        f"{options.requests} requests per page and install after {options.warmup} unmeasured ones, interleaved "
        "between the two installs; ms from request to last byte; queries on a warm process.",
        "",
        f"| trang / page | p50 {sites['small']} Sites | p99 | p50 {sites['large']} Sites | p99 | "
        f"tỉ lệ p50 | tỉ lệ p99 | truy vấn SQL |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    verdicts = []
    for name, host, path in pages["large"]:
        large = timings[("large", name)]
        small = timings.get(("small", name))
        q_large = queries["large"].get(name)
        q_small = queries["small"].get(name)
        if small is None:
            lines.append(
                f"| {name} (`{host}{path}`) | – | – | {statistics.median(large):.1f} | "
                f"{percentile(large, 0.99):.1f} | – | – | {q_large} |"
            )
            continue
        ratio50 = statistics.median(large) / statistics.median(small)
        ratio99 = percentile(large, 0.99) / percentile(small, 0.99)
        verdicts.append(ratio50 <= TARGET)
        lines.append(
            f"| {name} (`{host}{path}`) | {statistics.median(small):.1f} | {percentile(small, 0.99):.1f} | "
            f"{statistics.median(large):.1f} | {percentile(large, 0.99):.1f} | {ratio50:.2f} | {ratio99:.2f} | "
            f"{q_small} / {q_large} |"
        )
    lines += [
        "",
        f"Target: ratio ≤ {TARGET} at p50: {'met' if all(verdicts) else 'NOT MET'} "
        f"({sum(verdicts)}/{len(verdicts)} pages).",
    ]
    return "\n".join(lines)


def write_results(text):
    results = ROOT / "bench" / "RESULTS.md"
    heading = "## Trang thành viên ở quy mô lớn / Member sites at scale"
    current = results.read_text() if results.exists() else "# Bench results\n"
    if heading not in current:
        current = current.rstrip("\n") + f"\n\n{heading}\n"
    results.write_text(current.rstrip("\n") + "\n\n" + text + "\n")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sites", type=int, default=1000, help="member schools added to the large install")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per page and install")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests per page first")
    parser.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench_member_sites_"))
    dirs = {"small": workdir / "small", "large": workdir / "large"}
    dbnames = {key: f"bench_member_sites_{key}_{os.getpid()}" for key in dirs}
    urls = {key: f"{PG}/{dbnames[key]}" if options.db == "postgres" else None for key in dirs}
    envs = {key: production_env(dirs[key], urls[key]) for key in dirs}
    port_of = {key: free_port() for key in dirs}
    servers = []
    try:
        dirs["small"].mkdir()
        if options.db == "postgres":
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbnames["small"]], check=True)
        print("Building the small install: migrate, seed_demo …", flush=True)
        manage(["migrate", "--noinput"], envs["small"])
        manage(["seed_demo", "--port", str(port_of["small"])], dev(envs["small"]))
        manage(
            [
                "shell",
                "-c",
                f"from wagtail.models import Site; Site.objects.filter(hostname__in={REMOVED_HOSTS!r}).delete()",
            ],
            envs["small"],
        )
        print("Copying it to the large install …", flush=True)
        if options.db == "postgres":
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", dbnames["small"], dbnames["large"]],
                check=True,
            )
        shutil.copytree(dirs["small"], dirs["large"])  # the SQLite file, media
        print(f"seed_demo --sites {options.sites} on the large install …", flush=True)
        started = time.perf_counter()
        # --port: every Site carries its own server's port, as in each install's own deployment.
        manage(
            ["seed_demo", "--sites", str(options.sites), "--port", str(port_of["large"])], dev(envs["large"])
        )
        seed_seconds = time.perf_counter() - started
        print(f"  {seed_seconds:.0f} s", flush=True)
        for key in dirs:
            manage(["collectstatic", "--noinput"], envs[key])

        pages, sites, queries = {}, {}, {}
        for key in dirs:
            found = shell_json(ADDRESSES_SCRIPT.format(school_host=SCHOOL_HOST), envs[key])
            pages[key], sites[key] = [tuple(page) for page in found["pages"]], found["sites"]
            queries[key] = shell_json(QUERIES_SCRIPT.format(pages=pages[key]), envs[key])

        for key in dirs:
            log = open(workdir / f"gunicorn-{key}.log", "w")  # noqa: SIM115 - closed with the server
            servers.append((start_gunicorn(envs[key], port_of[key], log), log))
        print(f"Measuring: {options.requests} requests per page and install, interleaved …", flush=True)
        timings = measure(port_of, pages, options.requests, options.warmup)
    finally:
        for process, log in servers:
            process.terminate()
            process.wait(timeout=30)
            log.close()
        if options.db == "postgres":
            for name in dbnames.values():
                subprocess.run(
                    ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False
                )
        shutil.rmtree(workdir, ignore_errors=True)

    database = "PostgreSQL" if options.db == "postgres" else "SQLite"
    text = report(options, pages, sites, timings, queries, seed_seconds, database)
    print()
    print(text)
    if options.write:
        write_results(text)
        print("\nwritten to bench/RESULTS.md")


if __name__ == "__main__":
    main()
