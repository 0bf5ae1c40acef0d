"""Tests that commit (a live server, pg_dump) and must leave the database as they found it.

Django's TransactionTestCase flushes the database after each test, which also empties what the
migrations put there (Wagtail's root page, the default locale and site): any TestCase that runs
afterwards in the same process finds no root page. Django avoids that by running these tests
last; under pytest-xdist a worker takes other tests after them. ``serialized_rollback`` reloads
the data only *before* a test, and its reload fires the audit log's m2m_changed receivers
(accounts.audit) against a half-loaded database. So the database is dumped once before a class's
tests and loaded back after each one, with the code the site's own restore uses (backups.database).
"""

import shutil
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from backups import database


class PristineDatabaseMixin:
    """Put first among the bases of a TransactionTestCase (or LiveServerTestCase)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pristine_dir = Path(tempfile.mkdtemp(prefix="site_kb_pristine_"))
        cls.pristine = cls.pristine_dir / "database"
        database.dump(connection, cls.pristine)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.pristine_dir, ignore_errors=True)
        super().tearDownClass()

    def _fixture_teardown(self):
        database.load(connection, self.pristine)


class PristineDatabaseTestCase(PristineDatabaseMixin, TransactionTestCase):
    """Committed data (pg_dump sees only that), and afterwards the database as it was before."""
