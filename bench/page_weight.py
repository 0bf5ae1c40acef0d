"""Page weight on a phone (issue 15, build 7): bytes and requests per public page type.

    python bench/page_weight.py                      # a throwaway SQLite site: migrate + seed_demo
    python bench/page_weight.py --data-dir /tmp/x    # a DATA_DIR already migrated and seeded
    python bench/page_weight.py --write              # also append the table to bench/RESULTS.md

The site is served as in production (deploy/): gunicorn with site_kb.settings.production and
collectstatic's hashed, compressed files through WhiteNoise; /media/ straight from MEDIA_ROOT as
nginx serves it (``media_application`` below). HTML goes out as gunicorn sends it, uncompressed:
nginx in front may gzip it (Debian's nginx.conf has ``gzip on``), so the "HTML gz" column gives
what gzip at nginx's default level 1 would make of it.

Each page type is opened in Debian's Chromium on a 390×844 phone screen (device scale 2) with an
empty cache, once with pictures blocked (the weight before images) and once with them, after one
unmeasured visit that makes the pictures' renditions. Counted: every request that completed, and
the bytes that crossed the wire for it (response headers and encoded body: Playwright's
``request.sizes()``). Pictures below the first screen that load lazily are not fetched, as on a
reader's phone. Budget (issue 15): a listing or article under 150 KB before images and under 10
requests.
"""

import argparse
import datetime
import gzip
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
HOST = "pgd.example.edu.vn"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
BUDGET_BYTES = 150 * 1024
BUDGET_REQUESTS = 10
# Listings and articles: what the budget is for.
BUDGETED = {"news listing", "article", "registry", "document", "school"}


def media_application():
    """The site's WSGI application with /media/ served from MEDIA_ROOT, as nginx does in
    production (deploy/nginx/site_kb.conf); gunicorn calls this factory in its workers."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    from whitenoise import WhiteNoise

    # autorefresh: renditions are written while the pages are rendered, after start-up.
    application = WhiteNoise(get_wsgi_application(), autorefresh=True)
    application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
    return application


def manage(args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(data_dir, static_root):
    """The production environment as deploy/smoke sets it, on a throwaway SQLite database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "ELASTICSEARCH_URL", "FRONTEND_CACHE_PURGE_URL", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_kb.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
            "DATA_DIR": str(data_dir),
            "MEDIA_ROOT": str(Path(data_dir) / "media"),
            "PRIVATE_MEDIA_ROOT": str(Path(data_dir) / "private"),
            "STATIC_ROOT": str(static_root),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            # Plain HTTP on loopback: no TLS here, so no redirect to it.
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    return env


def build(env):
    """Migrate and seed the demo content (seed_demo runs under the development settings)."""
    manage(["migrate", "--noinput"], env)
    manage(["seed_demo"], {**env, "DJANGO_SETTINGS_MODULE": "site_kb.settings.dev", "DEBUG": "1"})


def start_gunicorn(env, port, log):
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "180",
            "--pythonpath",
            str(ROOT),
            "bench.page_weight:media_application()",  # bench/ is a namespace package
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.flush()
            raise SystemExit(
                "gunicorn stopped on start; its log ends:\n" + Path(log.name).read_text()[-3000:]
            )
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5)  # noqa: S310
            return process
        except urllib.error.HTTPError as error:
            process.terminate()
            log.flush()
            raise SystemExit(
                f"gunicorn answers /healthz/ with {error.code}; its log ends:\n"
                + Path(log.name).read_text()[-3000:]
            ) from error
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 120 s")


def page_addresses(env):
    """One address of each public page type, read from the seeded database."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from directives.models import DirectiveIndexPage, DirectivePage
    from feedback.models import FeedbackPage
    from news.models import NewsIndexPage, NewsPage
    from schools.models import SchoolPage

    def first(queryset):
        page = queryset.live().public().first()
        if page is None:
            raise SystemExit(f"the demo content has no live {queryset.model.__name__}")
        return page

    news = first(NewsIndexPage.objects.order_by("path"))
    return [
        ("home", "/"),
        ("news listing", news.url),
        ("article", first(NewsPage.objects.child_of(news).order_by("-date", "-pk")).url),
        ("school", first(SchoolPage.objects.order_by("path")).url),
        ("registry", first(DirectiveIndexPage.objects.order_by("path")).url),
        ("document", first(DirectivePage.objects.order_by("-signed_date", "-pk")).url),
        ("search", "/tim-kiem/?q=tuy%E1%BB%83n+sinh"),
        ("feedback", first(FeedbackPage.objects.order_by("path")).url),
    ]


def visit(browser, url, with_images):
    """(requests, bytes transferred, HTML bytes, HTML body) of one visit with an empty cache."""
    context = browser.new_context(**PHONE, locale="vi-VN")
    finished = []
    if not with_images:
        context.route(
            "**/*",
            lambda route: route.abort() if route.request.resource_type == "image" else route.continue_(),
        )
    page = context.new_page()
    page.on("requestfinished", lambda request: finished.append(request))
    response = page.goto(url, wait_until="load", timeout=120_000)
    if response is None or response.status != 200:
        raise SystemExit(f"{url}: {response and response.status}")
    page.wait_for_load_state("networkidle", timeout=120_000)
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
    html = response.body()
    document = response.request.sizes()
    context.close()
    return len(finished), total, document["responseHeadersSize"] + document["responseBodySize"], html


def measure(port, addresses):
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu"])
        base = f"http://127.0.0.1:{port}"
        for _name, path in addresses:  # renditions made, caches warm: not measured
            visit(browser, base + path, with_images=True)
        for name, path in addresses:
            requests, before, html_bytes, html = visit(browser, base + path, with_images=False)
            requests_all, after, _, _ = visit(browser, base + path, with_images=True)
            rows.append(
                {
                    "page": name,
                    "path": path,
                    "requests": requests,
                    "bytes": before,
                    "html": html_bytes,
                    "html_gz": len(gzip.compress(html, compresslevel=1)),
                    "requests_all": requests_all,
                    "bytes_all": after,
                }
            )
        version = browser.version
        browser.close()
    return rows, version


def kb(value):
    return f"{value / 1024:.1f}"


def verdict(row):
    if row["page"] not in BUDGETED:
        return "–"
    ok = row["bytes"] < BUDGET_BYTES and row["requests"] < BUDGET_REQUESTS
    return "đạt" if ok else "KHÔNG ĐẠT"


def table(rows):
    lines = [
        "| trang / page | địa chỉ | yêu cầu | KB trước ảnh | HTML KB | HTML gz KB | yêu cầu có ảnh | KB có ảnh | ngân sách |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | `{row['path']}` | {row['requests']} | {kb(row['bytes'])} | {kb(row['html'])} "
            f"| {kb(row['html_gz'])} | {row['requests_all']} | {kb(row['bytes_all'])} | {verdict(row)} |"
        )
    return "\n".join(lines)


def versions(chromium):
    import django

    import wagtail

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"Chromium {chromium}, commit {commit or '?'}"
    )


def write_results(report):
    results = ROOT / "bench" / "RESULTS.md"
    heading = "## Trọng lượng trang / Page weight"
    text = results.read_text() if results.exists() else "# Bench results\n"
    if heading not in text:
        text = text.rstrip("\n") + f"\n\n{heading}\n"
    results.write_text(text.rstrip("\n") + "\n\n" + report + "\n")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", help="a DATA_DIR already migrated and seeded (skips the build)")
    parser.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench_page_weight_"))
    data_dir = Path(options.data_dir) if options.data_dir else workdir / "data"
    env = production_env(data_dir, workdir / "static")
    gunicorn = None
    try:
        if options.data_dir:
            manage(["migrate", "--noinput"], env)  # the code may have moved on since it was seeded
        else:
            data_dir.mkdir()
            build(env)
        manage(["collectstatic", "--noinput"], env)
        port = free_port()
        with open(workdir / "gunicorn.log", "w") as log:
            gunicorn = start_gunicorn(env, port, log)
            addresses = page_addresses(env)
            rows, chromium = measure(port, addresses)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    command = "python bench/page_weight.py" + (" --data-dir DIR" if options.data_dir else "")
    report = "\n".join(
        [
            f"### {datetime.datetime.now(datetime.UTC):%d/%m/%Y %H:%M} UTC: {len(rows)} page types, phone 390×844",
            "",
            f"`{command}` · {versions(chromium)} · gunicorn + production settings, SQLite, demo content "
            "(seed_demo). KB = 1024 bytes transferred (headers + encoded bodies); HTML uncompressed as "
            "gunicorn sends it, gz = gzip level 1 as nginx would send it. Budget for listings and "
            f"articles: under {BUDGET_BYTES // 1024} KB before images and under {BUDGET_REQUESTS} requests.",
            "",
            table(rows),
        ]
    )
    print(report)
    if options.write:
        write_results(report)
        print("\nwritten to bench/RESULTS.md")


if __name__ == "__main__":
    main()
