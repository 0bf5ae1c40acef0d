"""deploy/smoke, run for real (issue 14.9): migrate, collectstatic and the demo content under the
production settings, gunicorn with deploy/gunicorn.conf.py, and nginx with deploy/nginx/site_kb.conf
when nginx is installed (.ci/run installs it), and nginx again in front of Varnish
(deploy/varnish) when varnishd is, all asked with curl on loopback.

The smoke builds its own SQLite database, whatever the suite's database is, so it runs once: in the
SQLite pass (``make test``), not again in the PostgreSQL one.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection

import pytest

from tests.support.varnish import missing as varnish_missing

ROOT = Path(__file__).resolve().parents[2]
SMOKE = ROOT / "deploy" / "smoke"

runs_once = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="deploy/smoke uses its own SQLite database: it runs in the SQLite pass",
)


def run_smoke(**env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(env_overrides)
    return subprocess.run([str(SMOKE)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)


@runs_once
def test_the_production_configuration_serves_the_site():
    result = run_smoke()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert result.stdout.rstrip().endswith("SMOKE OK"), output
    for line in (
        "ok: migrate",
        "ok: collectstatic",
        "ok: seed_demo",
        "ok: check_deploy",
        "ok: home page 200",
        "ok: /admin/login/ 200",
        "ok: /healthz/ 200 over plain HTTP, not cached",
        "ok: missing page 404 with the site's 404 page",
        "ok: gunicorn stopped",
    ):
        assert line in result.stdout, output
    assert "ok: static /static/css/site." in result.stdout, output  # hashed name, a year's cache
    if shutil.which("nginx"):
        for line in (
            "ok: nginx: home page 200 over HTTPS",
            "ok: nginx: static file 200 with a long cache",
            "ok: nginx: /healthz/ 200 over plain HTTP",
            "ok: nginx: /healthz/ over plain HTTP refused (403) to other addresses",
            "ok: nginx: documents and private attachments are not served from disk",
            "ok: nginx: a 32 MB upload refused with 413",
            "ok: nginx: unknown host names get no answer",
            "ok: nginx: nginx -t accepts site_kb.conf with upstream-gunicorn.conf",
            "ok: nginx: no xkey header for readers, PURGE refused (405)",
        ):
            assert line in result.stdout, output
        if not varnish_missing():
            # The same nginx configuration in front of Varnish (issue 17).
            for line in (
                "ok: nginx+varnish: nginx -t accepts site_kb.conf with upstream-varnish.conf",
                "ok: nginx+varnish: home page 200 over HTTPS, then from Varnish (X-Cache: HIT), no xkey header",
                "ok: nginx+varnish: plain HTTP redirected, /healthz/ 200 with every check",
                "ok: nginx+varnish: a reader's PURGE refused (405), the app servers' purge empties the cache",
            ):
                assert line in result.stdout, output


def test_a_failure_stops_the_smoke_with_a_clear_line(tmp_path):
    result = run_smoke(VENV=str(tmp_path / "no-venv"))
    assert result.returncode != 0
    assert f"SMOKE FAILED: no Python at {tmp_path / 'no-venv'}/bin/python" in result.stderr
