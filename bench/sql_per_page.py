"""SQL time of every public page type, by EXPLAIN ANALYZE (issue 17: "SQL time per public page
under 20 ms at 50,000 pages").

    python bench/sql_per_page.py bench_run_1234_ab12            # a database kept by bench/run
    python bench/sql_per_page.py bench_run_1234_ab12 --plans    # ...and the plan of each page's slowest query

For each page bench/run measures (the same addresses, found the same way), it renders the page
twice through Django's test client (warm caches, the page cache off), records every statement of
a third rendering, then runs ``EXPLAIN (ANALYZE, FORMAT JSON)`` on each SELECT with its parameters
and adds up the planning and execution times PostgreSQL reports. What it prints is the database's
own time, not the round trips and the ORM's Python around them, so a page's figure does not depend
on what else the machine is doing as much as a wall-clock figure would. Statements other than
SELECT (a search counted, a session written) are counted and listed, not executed again.
"""

import argparse
import contextlib
import importlib.util
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 20.0


def load_bench_run():
    """bench/run.py's page list and its probe, so both benchmarks measure the same addresses."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_django(dbname):
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_kb.settings.dev"
    os.environ["DJANGO_PAGE_CACHE"] = "false"
    os.environ.setdefault("DEBUG", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def probe_pages(bench_run):
    script = bench_run.PROBE_SCRIPT.replace("{common!r}", repr(bench_run.SEARCH_COMMON)).replace(
        "{rare!r}", repr(bench_run.SEARCH_RARE)
    )
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(script, "bench/run.py PROBE_SCRIPT", "exec"), {})  # noqa: S102 - our own script
    line = next(line for line in output.getvalue().splitlines() if line.startswith("JSON:"))
    return json.loads(line[len("JSON:") :])["pages"]


def record(client, host, path):
    from django.db import connection

    statements = []

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    for _ in range(2):
        client.get(path, HTTP_HOST=host)
    with connection.execute_wrapper(wrapper):
        response = client.get(path, HTTP_HOST=host)
    return response.status_code, statements


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]


def top_nodes(plan, depth=0, out=None):
    """The plan's node types, indented, with each node's actual time and rows."""
    out = [] if out is None else out
    node = plan.get("Plan", plan)
    label = node["Node Type"]
    if node.get("Index Name"):
        label += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        label += f" on {node['Relation Name']}"
    out.append(
        f"{'  ' * depth}{label} (actual {node.get('Actual Total Time', 0):.2f} ms, rows {node.get('Actual Rows')})"
    )
    for child in node.get("Plans", []):
        top_nodes(child, depth + 1, out)
    return out


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("database", help="a PostgreSQL database on 127.0.0.1 built by bench/run (--keep-db)")
    parser.add_argument("--plans", action="store_true", help="print the plan of each page's slowest query")
    options = parser.parse_args()

    bench_run = load_bench_run()
    setup_django(options.database)
    from django.test import Client

    pages = probe_pages(bench_run)
    client = Client()
    rows = []
    for key, (host, path) in pages.items():
        status, statements = record(client, host, path)
        planning = execution = 0.0
        slowest = (0.0, "", None)
        others = 0
        for sql, params, many in statements:
            if many or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                others += 1
                continue
            plan = explain(sql, params)
            planning += plan.get("Planning Time", 0.0)
            execution += plan["Execution Time"]
            if plan["Execution Time"] >= slowest[0]:
                slowest = (plan["Execution Time"], sql, plan)
        rows.append((key, host, path, status, len(statements), others, planning, execution, slowest))

    print(f"SQL per page on {options.database} (EXPLAIN ANALYZE of each SELECT of one rendering, warm)")
    print()
    print(
        "| page | address | status | queries | not SELECT | planning ms | execution ms | total ms | slowest ms |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for key, host, path, status, count, others, planning, execution, slowest in rows:
        print(
            f"| {bench_run.PAGES[key]} | `{host}{path}` | {status} | {count} | {others} | {planning:.2f} "
            f"| {execution:.2f} | {planning + execution:.2f} | {slowest[0]:.2f} |"
        )
    worst = max(rows, key=lambda row: row[6] + row[7])
    verdict = "met" if worst[6] + worst[7] < TARGET_MS else "NOT MET"
    print()
    print(
        f"Target: under {TARGET_MS:.0f} ms of SQL per public page: {verdict} (most: {bench_run.PAGES[worst[0]]}, {worst[6] + worst[7]:.2f} ms)"
    )
    if options.plans:
        for key, _host, _path, _status, _count, _others, _planning, _execution, slowest in rows:
            if slowest[2] is None:
                continue
            print()
            print(f"### {bench_run.PAGES[key]}: slowest query, {slowest[0]:.2f} ms")
            print("    " + " ".join(slowest[1].split())[:400])
            for line in top_nodes(slowest[2]):
                print("    " + line)
    return 0 if verdict == "met" else 3


if __name__ == "__main__":
    sys.exit(main())
