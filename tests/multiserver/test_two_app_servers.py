"""Two app servers behind one Varnish, sharing PostgreSQL, Redis and object storage (issue 17.5).

Everything is real and started once for the module: a throwaway PostgreSQL database migrated
under the production settings (a home page, a news section with one article, an IT officer who
logs in without a second factor: TWO_FACTOR_REQUIRE_SUPERUSERS=0), ``collectstatic`` into a
temporary folder, a private Redis, two gunicorns A and B with the same production environment on
two ports, each with its own empty MEDIA_ROOT (nothing may pass through a local disk).

PostgreSQL only: the suite's PostgreSQL pass (``make test-postgres``) runs it; on SQLite it is
skipped (several app servers never share a SQLite file).
"""

import contextlib
import json
import re
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

import psycopg2
import pytest
import requests

from tests.builders import news_form
from tests.support import servers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several app servers share a PostgreSQL database: this runs in the PostgreSQL pass",
)

HOST = servers.SITE_HOST
USERNAME = "quantri"
PASSWORD = "pw"  # tests.builders.make_superuser's
FRESH_WITHIN = 1.0  # seconds from the publish's answer to the new page everywhere (issue 17.5)

SEED = """
import json
from wagtail.models import Site
from tests.builders import make_news, make_site, make_superuser
home, sections = make_site()
Site.objects.filter(pk=Site.objects.get(is_default_site=True).pk).update(hostname={host!r}, port=80)
article = make_news(sections["news"], 1, prefix="tin-chung")[0]
make_superuser({username!r})
print("JSON:" + json.dumps({{"article": article.pk, "article_url": article.url, "home": home.pk}}))
"""


def postgres_server_params():
    """The suite's PostgreSQL server (host, port, user, password), from its own DATABASES."""
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": str(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }


@contextlib.contextmanager
def throwaway_database():
    """A new, empty PostgreSQL database on the suite's server; dropped afterwards. Yields its URL."""
    params = postgres_server_params()
    name = f"site_kb_multiserver_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        auth = params["user"] + (f":{params['password']}" if params["password"] else "")
        yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def shell_json(env, script):
    output = servers.manage(env, "shell", "-c", script).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON:"))
    return json.loads(line.removeprefix("JSON:"))


class Cluster:
    """What the module's tests share: the servers, their environment, the seeded content."""

    def __init__(self, env, a, b, content):
        self.env = env
        self.a = a
        self.b = b
        self.content = content

    def logs(self):
        return "\n".join(server.log_tail() for server in (self.a, self.b))


@pytest.fixture(scope="module")
def cluster():
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="site_kb_multiserver_")))
        database_url = stack.enter_context(throwaway_database())
        try:
            redis_url = stack.enter_context(servers.redis_server(work))
        except FileNotFoundError as missing:
            pytest.skip(str(missing))
        shared = {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"multiserver-{uuid.uuid4().hex[:8]}",
            "STATIC_ROOT": work / "static",  # a build artefact: the same files on every server
            "TWO_FACTOR_REQUIRE_SUPERUSERS": "0",
            "TWO_FACTOR_REQUIRED_GROUPS": "",
        }
        # One SECRET_KEY for all (sessions, CSRF and signed URLs must be read by every server).
        base = servers.production_env(work / "a", **shared)
        env_a = base
        env_b = {
            **base,
            "DATA_DIR": str(work / "b"),
            "MEDIA_ROOT": str(work / "b" / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / "b" / "private"),
        }
        # migrate and collectstatic at once (each is about 20 s of one CPU)
        migrating = servers.start_manage(env_a, "migrate", "--noinput", log_path=work / "migrate.log")
        collecting = servers.start_manage(
            env_a, "collectstatic", "--noinput", log_path=work / "collectstatic.log"
        )
        for process, name in ((migrating, "migrate"), (collecting, "collectstatic")):
            code, output = servers.wait_manage(process)
            assert code == 0, f"manage.py {name} failed:\n{output[-5000:]}"
        content = shell_json(env_a, SEED.format(host=HOST, username=USERNAME))
        a = stack.enter_context(servers.gunicorn(env_a, name="app-a", log_dir=work))
        b = stack.enter_context(servers.gunicorn(env_b, name="app-b", log_dir=work))
        yield Cluster(env_a, a, b, content)


def client():
    session = requests.Session()
    session.headers["Host"] = HOST
    return session


def csrf_token(html):
    """The token of a Django form, or of the admin's own scripts (wagtailConfig)."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) or re.search(
        r'"CSRF_TOKEN": "([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def log_in(server):
    """A browser's login through ``server``'s admin; returns its session."""
    session = client()
    form = session.get(f"{server.url}/admin/login/", timeout=30)
    assert form.status_code == 200, server.log_tail()
    answer = session.post(
        f"{server.url}/admin/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "username": USERNAME,
            "password": PASSWORD,
            "next": "/admin/",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:2000], server.log_tail())
    return session


def test_a_session_started_on_a_works_on_b(cluster):
    on_a = log_in(cluster.a)
    assert on_a.get(f"{cluster.a.url}/admin/", timeout=30).status_code == 200
    # Another browser holding only A's cookies asks B.
    on_b = client()
    on_b.cookies.update(on_a.cookies)
    dashboard = on_b.get(f"{cluster.b.url}/admin/", allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200, (dashboard.status_code, dashboard.headers, cluster.logs())
    assert USERNAME in dashboard.text
    # A stranger without them is sent to B's login page.
    stranger = client().get(f"{cluster.b.url}/admin/", allow_redirects=False, timeout=30)
    assert stranger.status_code == 302 and "/admin/login/" in stranger.headers["Location"]
    # Logging out on B ends the session on A too.
    logout_form = on_b.get(f"{cluster.b.url}/admin/", timeout=30)
    on_b.post(
        f"{cluster.b.url}/admin/logout/",
        data={"csrfmiddlewaretoken": csrf_token(logout_form.text)},
        allow_redirects=False,
        timeout=30,
    )
    after = on_a.get(f"{cluster.a.url}/admin/", allow_redirects=False, timeout=30)
    assert after.status_code == 302 and "/admin/login/" in after.headers["Location"]


def publish_through_admin(server, session, page_id, title, slug, **extra):
    edit_url = f"{server.url}/admin/pages/{page_id}/edit/"
    form = session.get(edit_url, timeout=30)
    assert form.status_code == 200, server.log_tail()
    data = news_form(title, slug, **extra)
    data["csrfmiddlewaretoken"] = csrf_token(form.text)
    data["action-publish"] = "action-publish"
    answer = session.post(edit_url, data=data, allow_redirects=False, timeout=60)
    assert answer.status_code == 302, (answer.status_code, answer.text[-3000:], server.log_tail())
    return time.monotonic()


def test_a_page_published_on_a_is_fresh_on_b_within_a_second(cluster):
    article_url = cluster.content["article_url"]
    reader = client()
    before = reader.get(f"{cluster.b.url}{article_url}", timeout=30)
    assert before.status_code == 200, cluster.logs()
    new_title = f"Thông báo tuyển sinh mới {uuid.uuid4().hex[:6]}"
    editor = log_in(cluster.a)
    published = publish_through_admin(
        cluster.a, editor, cluster.content["article"], new_title, article_url.strip("/").split("/")[-1]
    )
    while True:
        page = reader.get(f"{cluster.b.url}{article_url}", timeout=30)
        if new_title in page.text:
            break
        assert time.monotonic() - published < FRESH_WITHIN, f"B still serves the old page: {page.headers}"
        time.sleep(0.05)
