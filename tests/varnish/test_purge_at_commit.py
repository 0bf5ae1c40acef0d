"""A publish is purged from Varnish when it commits, not only when the task worker gets to it
(issue 17: a publish visible through Varnish in under a second, every time). The queued task still
purges again, retries and records; a Varnish that does not answer costs the publish one short try.
"""

import time

from django.test import TestCase, override_settings

from django_tasks_db.models import DBTaskResult

from site_kb.cache_tags import purge_frontend_caches
from site_kb.frontend_cache import QUICK_TIMEOUT, VarnishXkeyBackend, purge_tags_at_once
from site_kb.models import CachePurgeFailure
from tests.builders import make_news, make_site
from tests.caching import recording

from .live import AppBehindVarnishTestCase
from .test_purge_failures import closed_port

# Tasks queued in the database and never run here: what a publish shows at once owes nothing to them.
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def varnish_frontend(location, **params):
    return {
        "varnish": {"BACKEND": "site_kb.frontend_cache.VarnishXkeyBackend", "LOCATIONS": [location], **params}
    }


class PurgeAtCommitTests(AppBehindVarnishTestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.home, cls.sections = make_site()
            cls.article = make_news(cls.sections["news"], 1)[0]

    def test_a_publish_is_visible_through_varnish_before_its_task_runs(self):
        self.get("/")
        self.assertFromCache("/")
        with (
            override_settings(TASKS=QUEUED_TASKS, WAGTAILFRONTENDCACHE=varnish_frontend(self.varnish.url)),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.article.title = "Lịch thi tuyển sinh lớp 10 đã có"
            self.article.save_revision().publish()
        _status, _headers, body = self.assertFromApp("/")
        self.assertIn("Lịch thi tuyển sinh lớp 10 đã có".encode(), body)
        # The task is still queued, ahead of the search index updates, to purge again and record.
        queued = DBTaskResult.objects.filter(task_path=purge_frontend_caches.module_path)
        self.assertEqual(queued.count(), 1)
        self.assertIn(f"p{self.article.pk}", queued.get().args_kwargs["args"][0])
        self.assertGreater(queued.get().priority, 0)
        self.assertEqual(CachePurgeFailure.objects.count(), 0)


class UnreachableVarnishTests(TestCase):
    def test_one_short_try_logged_nothing_recorded_and_the_task_queued(self):
        location = f"http://127.0.0.1:{closed_port()}"
        backend = VarnishXkeyBackend({"LOCATIONS": [location], "MAX_HEADER_CHARS": 20})
        started = time.monotonic()
        with self.assertLogs("site_kb.frontend_cache", "WARNING") as logs:
            self.assertFalse(backend.purge_tags_at_once([f"p{number}" for number in range(30)]))
        self.assertLess(time.monotonic() - started, QUICK_TIMEOUT + 0.5)
        self.assertEqual(len(logs.output), 1, "a Varnish that failed is not asked again for the next batch")
        self.assertEqual(CachePurgeFailure.objects.count(), 0)  # the task's purge records it

    def test_a_publish_goes_through_with_varnish_down(self):
        with self.captureOnCommitCallbacks(execute=True):
            _home, sections = make_site()
        location = f"http://127.0.0.1:{closed_port()}"
        with (
            override_settings(TASKS=QUEUED_TASKS, WAGTAILFRONTENDCACHE=varnish_frontend(location)),
            self.assertLogs("site_kb.frontend_cache", "WARNING"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            article = make_news(sections["news"], 1, prefix="khi-varnish-dung")[0]
        self.assertTrue(article.live)
        self.assertTrue(DBTaskResult.objects.filter(task_path=purge_frontend_caches.module_path).exists())

    def test_backends_without_a_quick_purge_are_left_to_the_task(self):
        with override_settings(
            WAGTAILFRONTENDCACHE={"recording": {"BACKEND": "tests.caching.recording.RecordingBackend"}}
        ):
            recording.PURGED.clear()
            purge_tags_at_once(["p1"])
            self.assertEqual(recording.PURGED, [])
