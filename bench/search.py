"""Search benchmark (issue 6): index build time and p50/p95 latency over 50 reader queries.

    python bench/search.py --db sqlite --scale 50000
    python bench/search.py --db postgres --scale 50000   # needs createdb/dropdb on 127.0.0.1
    python bench/search.py --reuse postgres://postgres@127.0.0.1:5432/seeded --verbose

It builds a throwaway database, runs migrate, ``seed_demo --scale N``, times ``update_index``,
then requests /tim-kiem/ for each query through Django's test client (the whole view:
query parsing, search, re-ranking, rendering, with DEBUG off) and prints the figures.
``--reuse`` times an existing seeded and indexed database instead of building one. It never deletes
anything but its own throwaway database.

Every timed request really searches: the kept results (search.results) are off, as the page cache
is (``DJANGO_PAGE_CACHE=0``). ``--results-cache`` turns them on: the warm-up call then finds and
keeps each query's results and the timed requests read them, the figure of a search repeated.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"

QUERIES = [
    # accented
    "giáo dục",
    "hội nghị",
    "tuyển sinh",
    "học sinh giỏi",
    "Trường THCS Ba Sao",
    "Đồng Hóa",
    "chuyển đổi số",
    "an toàn giao thông",
    "khai giảng năm học",
    "Nguyễn Úy",
    # unaccented / mixed case
    "giao duc",
    "hoi nghi",
    "tuyen sinh",
    "hoc sinh gioi",
    "truong thcs ba sao",
    "dong hoa",
    "chuyen doi so",
    "AN TOAN GIAO THONG",
    "khai giang nam hoc",
    "nguyen uy",
    "lich thi tuyen sinh",
    "truong mam non",
    "tieu hoc",
    "cong doan",
    "doan thanh nien",
    # phrases
    '"ngày hội đọc sách"',
    '"tuyen sinh vao lop 10"',
    '"năm học 2025-2026"',
    '"giáo viên dạy giỏi"',
    '"hội khỏe phù đổng"',
    # document numbers
    "33/QĐ-GDĐT",
    "33/QD-GDDT",
    "33/qđ-gdđt",
    "1234/SGDĐT-GDTrH",
    "45/KH-PGDĐT",
    # common words
    "trường",
    "học",
    "năm",
    "giáo viên",
    "hoạt động",
    # rare words and misses
    "Kim Bình",
    "nhuận bút",
    "Thụy Lôi",
    "Tượng Lĩnh",
    "Khả Phong",
    "vovinam",
    "robotics",
    "xyzkhongco",
    "STEM",
    "đuối nước",
]


def run(args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def build(options, env, dbname):
    """Migrate, seed and index a throwaway database; return (seed seconds, index seconds)."""
    if options.db == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
        env["DATABASE_URL"] = f"{PG}/{dbname}"
    started = time.perf_counter()
    run(["migrate", "--noinput"], env)
    run(["seed_demo", "--scale", str(options.scale)], {**env, "DEBUG": "1"})  # refused with DEBUG off
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    run(["update_index"], env)
    indexed = time.perf_counter() - started
    if options.db == "postgres":
        # What autovacuum does within a minute of a bulk load: fresh planner statistics, and the
        # dead rows update_index leaves (each batch rewrites title_norm) marked reusable.
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", "VACUUM ANALYZE"], check=True
        )
    return seeded, indexed


def time_queries(options, env):
    """Per query: one warm-up call of the view (for the match count), then ``rounds`` timed
    requests through the whole middleware stack, with DEBUG off as in production."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client, RequestFactory

    from search.views import search

    client, factory = Client(), RequestFactory()
    timings, hits, per_query = [], [], {}
    for query in QUERIES:
        url = "/tim-kiem/?" + urlencode({"q": query})
        results = search(factory.get(url)).context_data["search_results"]
        hits.append(results.paginator.count if results else 0)
        samples = []
        for _ in range(options.rounds):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
        timings.extend(samples)
        per_query[query] = statistics.median(samples)
    return timings, hits, per_query


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=3, help="timed requests per query (after one warm-up)")
    parser.add_argument(
        "--reuse",
        metavar="DATABASE_URL",
        help="time the queries on a database already seeded and indexed (skips the build)",
    )
    parser.add_argument("--verbose", action="store_true", help="print each query's median")
    parser.add_argument(
        "--results-cache",
        action="store_true",
        help="keep results (search.results) between requests: times a search repeated, not a new one",
    )
    options = parser.parse_args()
    assert len(QUERIES) == 50

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_kb.settings.dev",
        "DEBUG": "0",
        "DJANGO_PAGE_CACHE": "1" if options.results_cache else "0",
    }
    workdir = tempfile.mkdtemp(prefix="bench_search_")
    env["DATA_DIR"] = workdir
    env["MEDIA_ROOT"] = str(Path(workdir) / "media")
    dbname = f"bench_search_{os.getpid()}"
    built = options.reuse is None
    try:
        if built:
            seeded, indexed = build(options, env, dbname)
        else:
            env["DATABASE_URL"] = options.reuse
        timings, hits, per_query = time_queries(options, env)

        from django.db import connection

        from wagtail.models import Page

        from news.models import NewsPage

        print(f"database:        {connection.vendor}")
        print(f"pages:           {Page.objects.count()} ({NewsPage.objects.count()} news)")
        if built:
            print(f"seed (migrate + seed_demo --scale {options.scale}): {seeded:.1f} s")
            print(f"index build (update_index): {indexed:.1f} s")
        kept = "kept results read (--results-cache)" if options.results_cache else "every request searches"
        print(f"queries:         {len(QUERIES)} x {options.rounds} timed requests, {kept}")
        print(f"latency p50:     {statistics.median(timings):.1f} ms")
        print(f"latency p95:     {percentile(timings, 0.95):.1f} ms")
        print(f"latency max:     {max(timings):.1f} ms")
        print(f"queries with results: {sum(1 for h in hits if h)}/{len(QUERIES)}")
        slowest = sorted(per_query.items(), key=lambda item: -item[1])[:5]
        print("slowest (median): " + ", ".join(f"{q!r} {ms:.0f} ms" for q, ms in slowest))
        if options.verbose:
            for (query, ms), count in zip(per_query.items(), hits, strict=True):
                print(f"  {ms:7.1f} ms  {count:>5} matches  {query}")
    finally:
        if built and options.db == "postgres":
            from django.db import connections

            connections.close_all()
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname], check=False
            )


if __name__ == "__main__":
    main()
