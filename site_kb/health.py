"""``/healthz/``: may the load balancer send readers to this app server? (issue 14.6)

The IT officer keeps the site running and its data safe (Điều 3.3, Điều 4 of the regulation);
the load balancer or the monitor asks this address every few seconds and takes an app server
out of rotation on a 503. Each check is a real operation on what a request needs: a query on
the database, a set/get in the cache, a tiny file written, read back and deleted in the public
storage (uploads) and in the private one (readers' attachments, Điều 14), and no migration left
unapplied (new code on an old schema answers 500s on the pages that use the new columns).

django-health-check (4.x) was tried first and left: it answers 500 rather than 503, puts the
database driver's error text (with the database host) in the body, has no migration check and
speaks English. Here the body says only ``ok`` or ``failed`` per check, never why: error texts
carry host names, paths and sometimes passwords, so they go to the server log, where the IT
officer reads them. The answer is never cached and sets no cookie.

``/healthz/live/`` is the other question, Varnish's (issue 17): may this process be sent a
request? ``LivenessProbeMiddleware``, first in MIDDLEWARE, answers it before anything else runs
(no host check, no session, no query, no page): a probe costs a few microseconds of a free worker.
The full check above is for the load balancer and the monitor; as Varnish's probe it took about
as long as a small page, and under load (every worker busy on ~1 s searches) it timed out and
Varnish held the only app server sick, answering every search, form and admin request with a 503.
"""

import functools
import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_CONTENT = b"site_kb healthz"
LIVENESS_PATH = "/healthz/live/"


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, PROBE_CONTENT, timeout=10)
    try:
        return cache.get(key) == PROBE_CONTENT
    finally:
        cache.delete(key)


def check_storage(alias):
    """Write, read back and delete a tiny file: a full disk, a read-only mount or a folder the
    site's user cannot write fails here before an editor's upload or a reader's attachment does."""
    storage = storages[alias]
    name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE_CONTENT))
    try:
        with storage.open(name, "rb") as probe:
            return probe.read() == PROBE_CONTENT
    finally:
        storage.delete(name)


@functools.cache
def expected_migrations():
    """``{(app, name): replaced keys}`` for every migration of the code this process runs.

    Read from disk once per process (building Django's migration graph takes a quarter of a second
    on this machine, bench/health.py): the running models are the ones loaded at start, so a server
    started with code whose migrations are not applied answers 503 until ``migrate`` has run."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: tuple(migration.replaces or ()) for key, migration in loader.graph.nodes.items()}


def check_migrations():
    """Every migration this process expects is recorded as applied (a squashed one when all the
    migrations it replaces are, as ``migrate`` counts it); one query for the applied set."""
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    if not recorder.has_table():
        return False
    applied = set(recorder.migration_qs.values_list("app", "name"))
    return all(
        key in applied or (replaces and all(old in applied for old in replaces))
        for key, replaces in expected_migrations().items()
    )


# (key in the answer, what it means for the IT officer, the check)
CHECKS = (
    ("database", gettext_lazy("Cơ sở dữ liệu trả lời truy vấn"), check_database),
    ("cache", gettext_lazy("Bộ nhớ đệm ghi và đọc được"), check_cache),
    ("storage", gettext_lazy("Thư mục tệp tải lên ghi, đọc, xoá được"), lambda: check_storage("default")),
    (
        "private_storage",
        gettext_lazy("Thư mục tệp đính kèm riêng của bạn đọc ghi, đọc, xoá được"),
        lambda: check_storage("private"),
    ),
    ("migrations", gettext_lazy("Đã áp dụng mọi migration của mã đang chạy"), check_migrations),
)


def run_checks():
    """``[(key, label, passed)]`` for every check; a check that raises has failed, and what it
    raised goes to the log only."""
    results = []
    for key, label, check in CHECKS:
        try:
            passed = bool(check())
        except Exception:
            logger.exception("Health check %s failed", key)
            passed = False
        else:
            if not passed:
                logger.error("Health check %s returned an unexpected result", key)
        results.append((key, label, passed))
    return results


@never_cache
@require_safe
def healthz(request):
    """200 when every check passes, 503 otherwise; plain text, one line per check."""
    results = run_checks()
    healthy = all(passed for _key, _label, passed in results)
    lines = [_("Tình trạng: hoạt động bình thường") if healthy else _("Tình trạng: có lỗi")]
    lines += [f"{key}: {'ok' if passed else 'failed'} ({label})" for key, label, passed in results]
    return HttpResponse(
        "\n".join(lines) + "\n",
        status=200 if healthy else 503,
        content_type="text/plain; charset=utf-8",
    )


class LivenessProbeMiddleware:
    """Answers ``GET``/``HEAD /healthz/live/`` with 200 ``ok`` before any other middleware runs
    (see the module docstring); every other request goes on unchanged. Whatever answers it is a
    worker that accepted a request and ran Python: all Varnish needs to know before sending one.
    It says nothing about the database or the storage (``/healthz/`` does): an app server that
    answers is better than none for readers Varnish cannot serve from its cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != LIVENESS_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
