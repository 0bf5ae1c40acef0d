"""The IT officer sees the last good backup on the dashboard, in red when it is too old or
missing; the board and the schools do not see it. The backup command keeps the newest N archives
and never deletes a file that is not one of its own; each backup is in the audit log."""

import io
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from backups.models import BackupRecord
from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from tests.backups.helpers import PristineDatabaseTestCase
from tests.builders import make_school, make_site, make_user


class DashboardPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        school = make_school(sections["schools"], 1)
        groups = setup_roles()
        cls.it_officer = make_user("quantri_thu", groups["it_officer"])
        cls.board = make_user("bientap_thu", groups["board"])
        cls.contact = make_user("daumoi_thu", SchoolAccess.objects.get(school=school).contact_group)
        cls.superuser = get_user_model().objects.create_superuser("sieu", "sieu@truong.test", "pw")

    def dashboard(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def record(self, hours_ago, size=5 * 1024 * 1024):
        return BackupRecord.objects.create(
            file_name="site_kb-backup-20261201-010000-000000.tar.gz",
            created_at=timezone.now() - timedelta(hours=hours_ago),
            size=size,
            engine="sqlite",
        )

    def test_no_backup_yet_is_a_red_warning_for_the_it_officer(self):
        page = self.dashboard(self.it_officer)
        self.assertIn('id="backup-status', page)
        self.assertIn("data-backup-stale", page)
        self.assertIn("Chưa có bản sao lưu nào", page)

    def test_a_recent_backup_shows_its_date_and_size_without_warning(self):
        record = self.record(hours_ago=3)
        page = self.dashboard(self.it_officer)
        local = timezone.localtime(record.created_at)
        self.assertIn(local.strftime("%d/%m/%Y %H:%M"), page)
        self.assertIn("5,0\xa0MB", page)
        self.assertNotIn("data-backup-stale", page)

    def test_a_backup_older_than_the_limit_is_shown_in_red(self):
        self.record(hours_ago=49)
        page = self.dashboard(self.it_officer)
        self.assertIn("data-backup-stale", page)
        self.assertIn("cũ hơn 48 giờ", page)
        with override_settings(BACKUP_MAX_AGE_HOURS=72):
            self.assertNotIn("data-backup-stale", self.dashboard(self.it_officer))

    def test_superusers_see_it(self):
        self.record(hours_ago=1)
        self.assertIn('id="backup-status', self.dashboard(self.superuser))

    def test_the_board_and_school_contacts_do_not_see_it(self):
        self.record(hours_ago=49)
        for user in (self.board, self.contact):
            with self.subTest(user.username):
                page = self.dashboard(user)
                self.assertNotIn("backup-status", page)
                self.assertNotIn("site_kb-backup-", page)


class RetentionTests(PristineDatabaseTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="site_kb_retention_"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def run_backup(self, **options):
        out = io.StringIO()
        call_command("backup", output_dir=str(self.folder), stdout=out, **options)
        return out.getvalue()

    def test_keeps_exactly_n_and_never_touches_other_files(self):
        others = [
            self.folder / "ghi-chu.txt",
            self.folder / "site_kb-backup-cua-toi.tar.gz",  # looks alike, not our name pattern
            self.folder / "db-2026-11-30.dump",
        ]
        for path in others:
            path.write_bytes(b"not ours")
        with override_settings(BACKUP_KEEP=3):
            for _ in range(5):
                self.run_backup()
        ours = sorted(path.name for path in self.folder.glob("site_kb-backup-2*"))
        self.assertEqual(len(ours), 3)
        newest = list(BackupRecord.objects.order_by("-created_at").values_list("file_name", flat=True)[:3])
        self.assertEqual(ours, sorted(newest))
        for path in others:
            self.assertEqual(path.read_bytes(), b"not ours")
        self.assertEqual(
            [p.name for p in self.folder.iterdir() if p.name.startswith(".")], [], "no partial file left"
        )
        # Each backup is in Wagtail's audit log, against its record.
        self.assertEqual(ModelLogEntry.objects.filter(action="backups.backup").count(), 5)

    def test_the_keep_option_and_a_bad_value(self):
        for _ in range(3):
            self.run_backup(keep=2)
        self.assertEqual(len(list(self.folder.glob("site_kb-backup-2*"))), 2)
        with self.assertRaises(CommandError):
            self.run_backup(keep=0)

    def test_refuses_to_write_into_the_public_media_folder(self):
        with self.assertRaises(CommandError) as refusal:
            call_command(
                "backup", output_dir=str(Path(settings.MEDIA_ROOT) / "backups"), stdout=io.StringIO()
            )
        self.assertIn("MEDIA_ROOT", str(refusal.exception))
        self.assertFalse((Path(settings.MEDIA_ROOT) / "backups").exists())

    def test_the_summary_names_the_archive_and_its_size(self):
        output = self.run_backup()
        self.assertIn("Đã sao lưu vào", output)
        self.assertIn(str(self.folder), output)
        record = BackupRecord.objects.get()
        self.assertEqual(record.size, (self.folder / record.file_name).stat().st_size)
        self.assertEqual(len(record.sha256), 64)
