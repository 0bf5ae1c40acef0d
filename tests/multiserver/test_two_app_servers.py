"""Two app servers behind one Varnish, sharing PostgreSQL, Redis and object storage (issue 17.5).

Everything is real and started once for the module: a throwaway PostgreSQL database migrated
under the production settings (a home page, a news section with two articles, an IT officer who
logs in without a second factor: TWO_FACTOR_REQUIRE_SUPERUSERS=0), ``collectstatic`` into a
temporary folder, a private Redis (cache, page cache), SeaweedFS's S3 store (uploads), two
gunicorns A and B with the same production environment on two ports (each with its own empty
MEDIA_ROOT: nothing may pass through one server's disk), each with its task worker as
deploy/systemd/site_kb-worker.service runs it, and Varnish with deploy/varnish/default.vcl in
front of both (round robin). The scheduled job runs as its deploy/systemd unit says.

PostgreSQL only: the suite's PostgreSQL pass (``make test-postgres``) runs it; on SQLite it is
skipped (several app servers never share a SQLite file).
"""

import configparser
import contextlib
import io
import json
import re
import shlex
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connection

import psycopg2
import pytest
import requests
from PIL import Image as PILImage

from tests.builders import news_form
from tests.support import servers
from tests.support.seaweed import seaweed_s3
from tests.support.varnish import Varnish

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several app servers share a PostgreSQL database: this runs in the PostgreSQL pass",
)

HOST = servers.SITE_HOST
USERNAME = "quantri"
PASSWORD = "pw"  # tests.builders.make_superuser's
FRESH_WITHIN = 1.0  # seconds from the publish's answer to the new page everywhere (issue 17.5)
SYSTEMD = servers.ROOT / "deploy" / "systemd"
TIMERS_APART = 0.5  # seconds between two hosts' firings of one timer (AccuracySec=1s)

SEED = """
import json
from wagtail.models import Site
from tests.builders import make_news, make_site, make_superuser
home, sections = make_site()
Site.objects.filter(is_default_site=True).update(hostname={host!r}, port=80)
first, second = make_news(sections["news"], 2, prefix="tin-chung")
make_superuser({username!r})
print("JSON:" + json.dumps({{
    "home_url": home.url,
    "published": {{"id": first.pk, "url": first.url, "slug": first.slug}},
    "illustrated": {{"id": second.pk, "url": second.url, "slug": second.slug}},
}}))
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


def unit_command(unit):
    """The manage.py arguments of a deploy/systemd unit's ExecStart, to run here as production does."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(SYSTEMD / unit)
    words = shlex.split(parser["Service"]["ExecStart"])
    assert words[1] == "manage.py", f"{unit}: ExecStart is not a manage.py command: {words}"
    return words[2:]


def shell_json(env, script):
    output = servers.manage(env, "shell", "-c", script).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON:"))
    return json.loads(line.removeprefix("JSON:"))


class Cluster:
    """What the module's tests share: the servers, their environments, the seeded content."""

    def __init__(self, *, env_a, env_b, a, b, varnish, store, content):
        self.env_a, self.env_b = env_a, env_b
        self.a, self.b = a, b
        self.varnish = varnish
        self.store = store
        self.content = content

    def logs(self):
        tails = [server.log_tail() for server in (self.a, self.b)]
        return "\n".join([*tails, "--- varnishd:", self.varnish.log_tail()])


@pytest.fixture(scope="module")
def cluster():
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="site_kb_multiserver_")))
        database_url = stack.enter_context(throwaway_database())
        try:
            redis_url = stack.enter_context(servers.redis_server(work))
        except FileNotFoundError as missing:
            pytest.skip(str(missing))
        store = stack.enter_context(seaweed_s3())
        port_a, port_b = servers.free_port(), servers.free_port()
        varnish = stack.enter_context(
            Varnish([("127.0.0.1", port_a), ("127.0.0.1", port_b)], probe_host=HOST)
        )
        shared = {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"multiserver-{uuid.uuid4().hex[:8]}",
            **store.env(),
            "FRONTEND_CACHE_PURGE_URL": varnish.url,
            "STATIC_ROOT": work / "static",  # a build artefact: the same files on every server
            "TWO_FACTOR_REQUIRE_SUPERUSERS": "0",
            "TWO_FACTOR_REQUIRED_GROUPS": "",
        }
        # One environment, SECRET_KEY included (sessions, CSRF and signed URLs must be read by every
        # server); each server its own local folders.
        env_a = servers.production_env(work / "a", **shared)
        env_b = {
            **env_a,
            "DATA_DIR": str(work / "b"),
            "MEDIA_ROOT": str(work / "b" / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / "b" / "private"),
        }
        # migrate and collectstatic side by side (each is about 20 s of one CPU)
        migrating = servers.start_manage(env_a, "migrate", "--noinput", log_path=work / "migrate.log")
        collecting = servers.start_manage(
            env_a, "collectstatic", "--noinput", log_path=work / "collectstatic.log"
        )
        stack.callback(servers.stop_process_group, collecting)  # if migrate fails first
        for process, name in ((migrating, "migrate"), (collecting, "collectstatic")):
            code, output = servers.wait_manage(process)
            assert code == 0, f"manage.py {name} failed:\n{output[-5000:]}"
        a = stack.enter_context(servers.Server("app-a", env_a, work / "app-a.log", port=port_a)).start()
        b = stack.enter_context(servers.Server("app-b", env_b, work / "app-b.log", port=port_b)).start()
        worker = unit_command("site_kb-worker.service")
        worker_a = stack.enter_context(
            servers.background_manage(env_a, *worker, log_path=work / "worker-a.log")
        )
        worker_b = stack.enter_context(
            servers.background_manage(env_b, *worker, log_path=work / "worker-b.log")
        )
        # At the end, TERM every app process at once; each stop above then only waits for its own.
        stack.callback(servers.terminate, [a.process, b.process, worker_a, worker_b])
        content = shell_json(env_a, SEED.format(host=HOST, username=USERNAME))
        a.wait_ready()
        b.wait_ready()
        wait_until_healthy_in(varnish, ("app1", "app2"))  # sick while they were still booting
        yield Cluster(env_a=env_a, env_b=env_b, a=a, b=b, varnish=varnish, store=store, content=content)


def wait_until_healthy_in(varnish, backends, timeout=30):
    """Until Varnish's probes of ``/healthz/`` find every backend healthy again."""
    deadline = time.monotonic() + timeout
    while True:
        listing = varnish.admin("backend.list")
        health = {
            line.split()[0].split(".")[-1]: line.split()[3] for line in listing.splitlines()[1:] if line
        }
        if all(health.get(name) == "healthy" for name in backends):
            return
        assert time.monotonic() < deadline, f"Varnish's backends are not healthy:\n{listing}"
        time.sleep(0.2)


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


def publish_through_admin(server, session, page, title, **extra):
    """POST the page editor's form with "Xuất bản" through ``server``; the time of its answer."""
    edit_url = f"{server.url}/admin/pages/{page['id']}/edit/"
    form = session.get(edit_url, timeout=30)
    assert form.status_code == 200, server.log_tail()
    data = news_form(title, page["slug"], **extra)
    data["csrfmiddlewaretoken"] = csrf_token(form.text)
    data["action-publish"] = "action-publish"
    answer = session.post(edit_url, data=data, allow_redirects=False, timeout=60)
    assert answer.status_code == 302, (answer.status_code, answer.text[-3000:], server.log_tail())
    return time.monotonic()


def test_a_session_started_on_a_works_on_b(cluster):
    on_a = log_in(cluster.a)
    assert on_a.get(f"{cluster.a.url}/admin/", timeout=30).status_code == 200
    # Another browser holding only A's cookies asks B.
    on_b = client()
    on_b.cookies.update(on_a.cookies)
    dashboard = on_b.get(f"{cluster.b.url}/admin/", allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200, (dashboard.status_code, dashboard.headers, cluster.logs())
    assert USERNAME in dashboard.text
    # ... and through Varnish, which passes a logged-in editor to either server.
    through_varnish = on_b.get(f"{cluster.varnish.url}/admin/", allow_redirects=False, timeout=30)
    assert through_varnish.status_code == 200, (through_varnish.status_code, cluster.logs())
    # A stranger without them is sent to B's login page.
    stranger = client().get(f"{cluster.b.url}/admin/", allow_redirects=False, timeout=30)
    assert stranger.status_code == 302 and "/admin/login/" in stranger.headers["Location"]
    # Logging out on B ends the session on A too.
    logged_out = on_b.post(
        f"{cluster.b.url}/admin/logout/",
        data={"csrfmiddlewaretoken": csrf_token(dashboard.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert logged_out.status_code == 302, (logged_out.status_code, cluster.b.log_tail())
    after = on_a.get(f"{cluster.a.url}/admin/", allow_redirects=False, timeout=30)
    assert after.status_code == 302 and "/admin/login/" in after.headers["Location"]


def warm(session, url, within=10):
    """Ask until the answer comes from the cache (``X-Cache: HIT``): the first one after a start
    may be purged again at once (a site's settings row made by its first reader purges the site)."""
    deadline = time.monotonic() + within
    while True:
        answer = session.get(url, timeout=30)
        assert answer.status_code == 200, (url, answer.status_code)
        if answer.headers.get("X-Cache") == "HIT":
            return answer.text
        assert time.monotonic() < deadline, f"{url} never came from the cache: {dict(answer.headers)}"
        time.sleep(0.2)


def test_a_page_published_on_a_is_fresh_through_varnish_and_b_within_a_second(cluster):
    page = cluster.content["published"]
    reader = client()  # an anonymous reader: no cookie
    addresses = {
        "Varnish": f"{cluster.varnish.url}{page['url']}",
        "Varnish, home page": f"{cluster.varnish.url}{cluster.content['home_url']}",
        "B's Django cache": f"{cluster.b.url}{page['url']}",
        "B's Django cache, home page": f"{cluster.b.url}{cluster.content['home_url']}",
    }
    new_title = f"Thông báo tuyển sinh lớp 6 {uuid.uuid4().hex[:6]}"
    for url in addresses.values():
        assert new_title not in warm(reader, url)

    editor = log_in(cluster.a)
    published = publish_through_admin(cluster.a, editor, page, new_title)
    delays = time_until_shown(addresses, new_title, published, limit=FRESH_WITHIN)
    print(f"publish to fresh (s): {delays}")
    late = {name: delay for name, delay in delays.items() if delay is None or delay >= FRESH_WITHIN}
    assert not late, f"stale after {FRESH_WITHIN} s: {sorted(late)}; all: {delays}\n{cluster.logs()}"


def time_until_shown(addresses, text, since, limit):
    """{name: seconds from ``since`` until its address first answered with ``text``, or None if not
    within ``limit``}; every address is asked by its own reader at once, as readers do."""

    def poll(url):
        reader = client()
        while True:
            answer = reader.get(url, timeout=30)
            elapsed = time.monotonic() - since
            if answer.status_code == 200 and text in answer.text:
                return round(elapsed, 3)
            if elapsed > limit:
                return None
            time.sleep(0.02)

    with ThreadPoolExecutor(len(addresses)) as pool:
        futures = {name: pool.submit(poll, url) for name, url in addresses.items()}
        return {name: future.result() for name, future in futures.items()}


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def store_keys(store, prefix):
    listing = store.client().list_objects_v2(Bucket=store.public_bucket, Prefix=prefix)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_an_image_uploaded_through_a_is_served_through_b(cluster):
    editor = log_in(cluster.a)
    form = editor.get(f"{cluster.a.url}/admin/images/add/", timeout=30)
    assert form.status_code == 200, cluster.a.log_tail()
    title = f"Ảnh khai giảng {uuid.uuid4().hex[:6]}"
    uploaded = editor.post(
        f"{cluster.a.url}/admin/images/add/",
        data={"csrfmiddlewaretoken": csrf_token(form.text), "title": title, "collection": "1", "tags": ""},
        files={"file": ("khai-giang.png", png_bytes(), "image/png")},
        allow_redirects=False,
        timeout=60,
    )
    assert uploaded.status_code == 302, (uploaded.status_code, uploaded.text[-3000:], cluster.a.log_tail())
    # Nothing of it on either server's disk: the object store holds it.
    for env in (cluster.env_a, cluster.env_b):
        media = Path(env["MEDIA_ROOT"])
        assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
    originals = [key for key in store_keys(cluster.store, "original_images/") if "khai-giang" in key]
    assert originals
    original = requests.get(cluster.store.public_url(originals[0]), timeout=30)  # anyone may fetch it
    assert original.status_code == 200 and original.content.startswith(b"\x89PNG"), original.status_code

    # B finds it in the admin and draws a new rendition (its editor's preview) from the original
    # A stored: a new object in the store, which anyone may fetch.
    on_b = client()
    on_b.cookies.update(editor.cookies)
    listing = on_b.get(f"{cluster.b.url}/admin/images/", params={"q": title}, timeout=30)
    image_id = re.search(r"/admin/images/(\d+)/", listing.text)
    assert image_id, listing.text[-2000:]
    renditions_before = store_keys(cluster.store, "images/")
    edit = on_b.get(f"{cluster.b.url}/admin/images/{image_id.group(1)}/", timeout=60)
    assert edit.status_code == 200, cluster.b.log_tail()
    made_on_b = store_keys(cluster.store, "images/") - renditions_before
    assert made_on_b, cluster.b.log_tail()
    for key in made_on_b:
        assert cluster.store.public_url(key) in edit.text
        picture = requests.get(cluster.store.public_url(key), timeout=30)
        assert picture.status_code == 200 and picture.headers["Content-Type"].startswith("image/")

    # Published on A as an article's picture: the home page's card of it, through B and through
    # Varnish, shows it from the store.
    page = cluster.content["illustrated"]
    published = publish_through_admin(
        cluster.a, editor, page, "Lễ khai giảng năm học mới", listing_image=image_id.group(1)
    )
    home = cluster.content["home_url"]
    card = re.escape(cluster.store.public_url()) + r"images/[^\"]+"
    delays = time_until_shown(
        {"B": f"{cluster.b.url}{home}", "Varnish": f"{cluster.varnish.url}{home}"},
        cluster.store.public_url() + "images/",
        published,
        limit=5,
    )
    assert None not in delays.values(), (delays, cluster.logs())
    for base in (cluster.b.url, cluster.varnish.url):
        sources = re.findall(rf'src="({card})"', client().get(f"{base}{home}", timeout=30).text)
        assert sources
        for source in sources:
            shown = requests.get(source, timeout=30)
            assert shown.status_code == 200 and shown.headers["Content-Type"].startswith("image/"), source


def test_a_scheduled_job_runs_on_one_server_only(cluster, tmp_path):
    """Both servers' timers fire within the same second (the every-minute timer's AccuracySec=1s;
    B half a second after A): one runs the job, the other says who holds it and exits 0."""
    command = unit_command("site_kb-publish-scheduled.service")
    runs = [servers.start_manage(cluster.env_a, *command, log_path=tmp_path / "a.log")]
    time.sleep(TIMERS_APART)
    runs.append(servers.start_manage(cluster.env_b, *command, log_path=tmp_path / "b.log"))
    results = [servers.wait_manage(run, timeout=120) for run in runs]
    assert [code for code, _output in results] == [0, 0], results
    ran = [output for _code, output in results if "Chạy «publish_scheduled»" in output]
    skipped = [output for _code, output in results if "Bỏ qua «publish_scheduled»" in output]
    assert len(ran) == 1 and len(skipped) == 1, (
        "the job ran on both hosts: a job that ends before the other host's timer fires needs "
        f"run_job --hold shorter than its period in {command} (docs/operations.md, several app "
        f"servers): {results}"
    )
    holder = re.search(r"Chạy «publish_scheduled» \((.+)\)\.", ran[0]).group(1)
    assert f"máy {holder} đang giữ việc này" in skipped[0], results
