"""Production queues tasks in the database and ``manage.py db_worker`` runs them (issue 17.6):
the production settings load django-tasks-db's backend, and a real worker process sends a
reader's confirmation a request queued on PostgreSQL."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from django.db import connection
from django.test import override_settings

from django_tasks_db.models import DBTaskResult

from feedback.models import Feedback, FeedbackPage

from ..builders import make_site, publish
from ..pristine import PristineDatabaseTestCase
from ..site_kb.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_production_settings_queue_tasks_in_the_database():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="site_kb.settings.production")
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django_tasks import task_backends; b = task_backends['default']; "
        "print(json.dumps([type(b).__module__ + '.' + type(b).__name__, 'django_tasks_db' in settings.INSTALLED_APPS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    backend, installed = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "django_tasks_db.backend.DatabaseBackend"
    assert installed


@unittest.skipUnless(
    connection.vendor == "postgresql", "the worker is a second process on the shared PostgreSQL"
)
class WorkerTests(PristineDatabaseTestCase):
    """Committed rows other processes see; the database restored afterwards (tests.pristine)."""

    def test_the_worker_sends_the_mail_a_request_queued(self):
        home, _sections = make_site()
        page = publish(home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap", rate_limit=3))
        data = {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
            "consent": "on",
        }
        with override_settings(TASKS=DATABASE_TASKS):
            response = self.client.post(page.url, data, REMOTE_ADDR="10.0.0.1")
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        queued = DBTaskResult.objects.get(task_path="feedback.tasks.send_reader_mail")
        self.assertEqual(queued.status, "READY")
        self.assertEqual(queued.args_kwargs["args"], [item.pk, "confirmation", None])
        self.assertIsNone(item.confirmation_sent_at)  # the request sent nothing

        db = connection.settings_dict
        with tempfile.TemporaryDirectory(prefix="site_kb_worker_mail_") as mail_dir:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.tasks.worker_settings",
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
                "SITE_KB_TEST_MAIL_DIR": mail_dir,
            }
            worker = subprocess.run(
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            self.assertEqual(worker.returncode, 0, worker.stderr)
            sent = "".join(path.read_text() for path in Path(mail_dir).iterdir())
        queued.refresh_from_db()
        self.assertEqual(queued.status, "SUCCESSFUL", worker.stdout + worker.stderr)
        self.assertIn("To: lan@example.com", sent)
        self.assertIn(item.tracking_code, sent)
        item.refresh_from_db()
        self.assertIsNotNone(item.confirmation_sent_at)
        self.assertEqual(item.mail_pending, "")
