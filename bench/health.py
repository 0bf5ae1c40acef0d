"""/healthz/ cost (issue 14.6): time per probe, each check's share, and queries per probe.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/site_kb python bench/health.py
    python bench/health.py --requests 500        # the development database (data/db.sqlite3)

Runs against a migrated database (``make run`` makes the development one); with DEBUG off, through
Django's test client (the whole view: middleware, checks, response), and prints the figures. A load
balancer probing every 5 s from two addresses costs 0.4 probes a second.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_kb.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from site_kb import health

    client = Client()
    first = client.get("/healthz/")
    print(f"status {first.status_code} on {connection.vendor}")
    print(first.content.decode())
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz/")
    print(f"queries per probe: {len(queries)}")

    timings = []
    for _ in range(args.requests):
        started = time.perf_counter()
        client.get("/healthz/")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"probe: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms over {args.requests}")

    for key, _label, check in health.CHECKS:
        runs = []
        for _ in range(args.requests):
            started = time.perf_counter()
            check()
            runs.append((time.perf_counter() - started) * 1000)
        print(f"  {key}: p50 {statistics.median(runs):.2f} ms")


if __name__ == "__main__":
    main()
