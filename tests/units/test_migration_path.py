"""The upgrade of a single-office install to member sites (issue 16.10): nothing lost.

The database is the one the last single-office release (b4b2d78) makes with its own seed_demo
(tests/fixtures/README.md). A copy is upgraded as docs/operations.md tells the IT officer to:
``migrate``, then ``prepare_member_sites`` (twice: the second changes nothing), then
``create_unit`` with an existing school's name and a hostname (adds only its Site). Each step
runs as a separate process on that database, as on a server. Then every page, revision, image,
document, reader's question, account, group membership and permission of the old database is
still there with the same id and content, and every page that was live answers at its old address.

Slow by nature (a few subprocesses, about a minute and a half on 2 CPUs; each step's time is
printed with ``-s``).
"""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "single-office-b4b2d78.sqlite3.gz"

# Table → the columns whose values must not change for the rows the old database had. A column
# missing here may change (a page's number of children grows when its Art. 9 pages are added).
KEPT = {
    "wagtailcore_page": ("id", "path", "url_path", "slug", "title", "live", "content_type_id", "owner_id"),
    "wagtailcore_revision": ("id", "object_id", "content_type_id", "created_at", "content"),
    "wagtailimages_image": ("id", "file", "title", "collection_id"),
    "wagtaildocs_document": ("id", "file", "title", "collection_id"),
    "feedback_feedback": None,  # every column
    "auth_user": ("id", "username", "email", "password", "is_active", "is_superuser"),
    "auth_user_groups": None,
    "auth_group": ("id", "name"),
    "auth_group_permissions": None,
    "wagtailcore_grouppagepermission": None,
    "wagtailcore_groupcollectionpermission": None,
    "wagtailcore_collection": ("id", "path", "name"),
    "editorial_schoolaccess": ("id", "school_id", "contact_group_id", "principal_group_id", "collection_id"),
    "wagtailcore_site": None,
    "wagtailcore_pagelogentry": ("id", "page_id", "action", "timestamp"),
}

# Requests through the whole stack, in a process on the upgraded copy. The fixture holds the database
# only: the images' files, which an upgrade copies along with MEDIA_ROOT, are put back first as
# stand-ins of the same size and format, so the pages render their pictures.
HTTP_CHECK = """
import io, json, sys
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
for image in get_image_model().objects.all():
    if not default_storage.exists(image.file.name):
        buffer = io.BytesIO()
        kind = "PNG" if image.file.name.lower().endswith(".png") else "JPEG"
        PILImage.new("RGB", (image.width, image.height), (40, 120, 200)).save(buffer, kind)
        default_storage.save(image.file.name, ContentFile(buffer.getvalue()))
client = Client()
answers = {}
for host, path in json.load(sys.stdin):
    response = client.get(path, HTTP_HOST=host)
    answers[host + path] = [response.status_code, response.get("Location", ""),
                            response.content.decode("utf-8", "replace") if response.status_code == 200 else ""]
print("ANSWERS " + json.dumps(answers))
"""


def rows(connection, table, columns):
    if columns is None:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    names = ", ".join(f'"{name}"' for name in columns)
    return {row[0]: row for row in connection.execute(f'SELECT {names} FROM "{table}" ORDER BY 1')}


class MigrationPathTests(unittest.TestCase):
    timings = {}

    @classmethod
    def manage(cls, label, *args, stdin=None):
        started = time.monotonic()
        finished = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=cls.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=900,
        )
        cls.timings[label] = time.monotonic() - started
        if finished.returncode:
            raise AssertionError(f"{label} failed:\n{finished.stdout}\n{finished.stderr[-4000:]}")
        return finished.stdout

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="site_kb_upgrade_"))
        cls.old_db = cls.folder / "old.sqlite3"
        cls.db = cls.folder / "db.sqlite3"
        with gzip.open(FIXTURE) as packed, open(cls.old_db, "wb") as plain:
            shutil.copyfileobj(packed, plain)
        shutil.copy(cls.old_db, cls.db)
        cls.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_kb.settings.test",
            "DATABASE_URL": f"sqlite:///{cls.db}",
            "DATA_DIR": str(cls.folder),
            "MEDIA_ROOT": str(cls.folder / "media"),
        }
        old = sqlite3.connect(cls.old_db)
        cls.old = {table: rows(old, table, columns) for table, columns in KEPT.items()}
        site_root = old.execute(
            "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p ON p.id = s.root_page_id"
        ).fetchone()[0]
        cls.old_addresses = {
            page_id: "/" + url_path[len(site_root) :]
            for page_id, url_path in old.execute(
                "SELECT id, url_path FROM wagtailcore_page WHERE live AND depth > 1"
            )
        }
        cls.ba_sao = old.execute(
            "SELECT id, url_path FROM wagtailcore_page WHERE title = 'Trường THCS Ba Sao'"
        ).fetchone()
        old.close()

        cls.migrate_output = cls.manage("migrate", "migrate", "--no-input")
        cls.first = cls.manage("prepare_member_sites (1)", "prepare_member_sites")
        connection = sqlite3.connect(cls.db)
        cls.prepared = {table: rows(connection, table, columns) for table, columns in KEPT.items()}
        connection.close()
        cls.second = cls.manage("prepare_member_sites (2)", "prepare_member_sites")
        connection = sqlite3.connect(cls.db)
        cls.after_second = {table: rows(connection, table, columns) for table, columns in KEPT.items()}
        connection.close()
        cls.answers_before_hostname = cls.http([("localhost", path) for path in cls.old_addresses.values()])
        cls.hostname_output = cls.manage(
            "create_unit --hostname",
            "create_unit",
            "Trường THCS Ba Sao",
            "--hostname",
            "thcs-basao.localhost",
        )
        ba_sao_path = cls.old_addresses[cls.ba_sao[0]]
        cls.answers_after_hostname = cls.http([("localhost", ba_sao_path), ("thcs-basao.localhost", "/")])
        print(
            "\nUpgrade timings (s): "
            + ", ".join(f"{label} {seconds:.1f}" for label, seconds in cls.timings.items())
        )

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def http(cls, requests):
        output = cls.manage(
            f"http ({len(requests)} requests)", "shell", "-c", HTTP_CHECK, stdin=json.dumps(requests)
        )
        line = next(line for line in output.splitlines() if line.startswith("ANSWERS "))
        return json.loads(line.removeprefix("ANSWERS "))

    def test_the_fixture_is_a_single_office_with_schools(self):
        self.assertEqual(len(self.old["wagtailcore_site"]), 1)
        self.assertGreaterEqual(len(self.old["editorial_schoolaccess"]), 50)
        self.assertGreater(len(self.old["feedback_feedback"]), 0)
        self.assertIn("Applying", self.migrate_output)

    def test_nothing_of_the_old_database_is_lost_or_changed(self):
        for table, old_rows in self.old.items():
            with self.subTest(table):
                new_rows = self.prepared[table]
                self.assertGreaterEqual(len(new_rows), len(old_rows))
                lost = sorted(set(old_rows) - set(new_rows))
                self.assertEqual(lost, [], f"{table}: rows gone")
                changed = [key for key, row in old_rows.items() if new_rows[key] != row]
                self.assertEqual(changed, [], f"{table}: rows changed")

    def test_prepare_adds_the_art9_pages_and_the_roles(self):
        self.assertGreater(len(self.prepared["wagtailcore_page"]), len(self.old["wagtailcore_page"]))
        self.assertIn("trang theo Điều 9 cho 51 trường", self.first)
        self.assertEqual(
            len(self.prepared["editorial_schoolaccess"]), len(self.old["editorial_schoolaccess"])
        )

    def test_a_second_prepare_changes_nothing(self):
        self.assertEqual(self.second.strip(), "Không có gì thay đổi.")
        self.assertEqual(self.after_second, self.prepared)

    def test_every_live_page_answers_at_its_old_address(self):
        self.assertEqual(len(self.answers_before_hostname), len(self.old_addresses))
        failures = {
            address: answer[:2]
            for address, answer in self.answers_before_hostname.items()
            if answer[0] != 200
        }
        self.assertEqual(failures, {})

    def test_create_unit_on_an_existing_school_adds_only_its_site(self):
        self.assertIn("Đã bổ sung cho trường «Trường THCS Ba Sao»", self.hostname_output)
        self.assertIn("Tạo trang thành viên tại http://thcs-basao.localhost", self.hostname_output)
        self.assertNotIn("Tạo trang trường", self.hostname_output)
        self.assertNotIn("Tạo trang «", self.hostname_output)
        home = self.answers_after_hostname["thcs-basao.localhost/"]
        self.assertEqual(home[0], 200)
        self.assertIn("Trường THCS Ba Sao", home[2])
        # The old address under the authority answers 301 to the school's own (its canonical address).
        status, location, _body = self.answers_after_hostname[
            "localhost" + self.old_addresses[self.ba_sao[0]]
        ]
        self.assertEqual((status, location), (301, "http://thcs-basao.localhost/"))
