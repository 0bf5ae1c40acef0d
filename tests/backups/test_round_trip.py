"""A backup restored into an empty database and empty media folders gives the same site back
(Điều 4): pages, tree and live state, revisions, images and documents byte for byte, readers'
questions with their private attachments, users. Runs on SQLite and on PostgreSQL (DATABASE_URL):
pg_dump of the test database, the schema dropped, pg_restore into it."""

import io
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import ModelLogEntry

from backups.models import BackupRecord
from tests.backups.helpers import PristineDatabaseTestCase, backup, build_site, snapshot, wipe_database


class RoundTripTests(PristineDatabaseTestCase):
    def setUp(self):
        self.backup_dir = Path(tempfile.mkdtemp(prefix="site_kb_backups_"))
        self.addCleanup(shutil.rmtree, self.backup_dir, ignore_errors=True)
        override = override_settings(BACKUP_DIR=self.backup_dir)
        override.enable()
        self.addCleanup(override.disable)

    def round_trip(self, **restore_settings):
        build_site()
        before = snapshot()
        archive = backup(self.backup_dir)
        private_root = Path(storages["private"].location)
        assert any(private_root.rglob("*.pdf")), "the attachment is stored in the private folder"

        tables_left = wipe_database()
        self.assertEqual(tables_left, [])
        for root in (Path(settings.MEDIA_ROOT), private_root):
            shutil.rmtree(root)  # restoring into folders that do not even exist must work

        out = io.StringIO()
        with override_settings(**restore_settings):
            call_command("restore", str(archive), interactive=False, stdout=out)
        self.assertEqual(snapshot(), before)
        self.assertIn("Đã khôi phục", out.getvalue())
        return archive

    def test_backup_then_restore_into_an_empty_site_gives_the_same_site(self):
        archive = self.round_trip()
        self.assertFalse(archive.name.endswith(".enc"))
        # The restore's audit entry is written after the restore, against the archive's record.
        record = BackupRecord.objects.get(file_name=archive.name)
        self.assertTrue(
            ModelLogEntry.objects.filter(action="backups.restore", object_id=str(record.pk)).exists()
        )

    @override_settings(BACKUP_ENCRYPTION_KEY="mật khẩu sao lưu dài 2026")
    def test_encrypted_round_trip(self):
        archive = self.round_trip()
        self.assertTrue(archive.name.endswith(".tar.gz.enc"))
        self.assertNotEqual(archive.read_bytes()[:2], b"\x1f\x8b")  # not a readable gzip

    def test_restore_replaces_changed_files_and_removes_files_the_backup_did_not_have(self):
        build_site()
        before = snapshot()
        archive = backup(self.backup_dir)
        media = Path(settings.MEDIA_ROOT)
        original = next(media.joinpath("original_images").iterdir())
        original.write_bytes(b"changed after the backup")
        stray = media / "documents" / "added-after-backup.pdf"
        stray.write_bytes(b"%PDF-1.4 new")
        call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
        self.assertEqual(snapshot(), before)
        self.assertFalse(stray.exists())
