"""Test settings with production's task backend, for the ``db_worker`` subprocess of
tests/tasks/test_worker.py: tasks are rows in the test database and mail goes to files in the
folder the test names (a subprocess's locmem outbox would be out of the test's reach)."""

import os

from site_kb.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("SITE_KB_TEST_MAIL_DIR", "/nonexistent")
