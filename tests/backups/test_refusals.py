"""A restore refuses, with a clear Vietnamese message and before touching anything, an archive
that is damaged, truncated, foreign, hostile (path traversal, absolute paths, links), encrypted
with another key, or made by another schema version or database engine. The site keeps its rows
and its files."""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from wagtail.images import get_image_model

from backups.archive import extract_verified
from backups.database import ENGINES, code_schema
from feedback.models import Feedback
from tests.backups.helpers import SharedCommittedSiteTestCase, backup, row_counts

KEY = "khóa đúng của phòng"


def tar_gz(path, members):
    """A tar.gz at ``path`` from (TarInfo, bytes or None) pairs."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def file_member(name, data):
    return tarfile.TarInfo(name), data


class RefusalTests(SharedCommittedSiteTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="site_kb_refusals_"))
        cls.archive = backup(cls.folder / "plain")
        with override_settings(BACKUP_ENCRYPTION_KEY=KEY):
            cls.encrypted = backup(cls.folder / "encrypted")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        self.staging = Path(tempfile.mkdtemp(prefix="site_kb_staging_", dir=self.folder))
        override = override_settings(BACKUP_DIR=self.staging)
        override.enable()
        self.addCleanup(override.disable)

    def site_state(self):
        image = get_image_model().objects.get()
        attachment = Feedback.objects.get().attachment
        files = sorted(
            str(path.relative_to(root))
            for root in (Path(settings.MEDIA_ROOT), Path(attachment.storage.location))
            for path in root.rglob("*")
        )
        with image.file.open("rb") as picture, attachment.open("rb") as letter:
            digests = hashlib.sha256(picture.read()).hexdigest(), hashlib.sha256(letter.read()).hexdigest()
        return row_counts(), digests, files

    def assertRefused(self, archive, message, **restore_settings):
        before = self.site_state()
        with override_settings(**restore_settings), self.assertRaises(CommandError) as refusal:
            call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
        self.assertIn(message, str(refusal.exception))
        self.assertEqual(self.site_state(), before)
        self.assertEqual(list(self.staging.iterdir()), [], "the staging folder is cleaned up")
        return str(refusal.exception)

    def members_of(self, archive):
        with tarfile.open(archive, "r:gz") as tar:
            return [(member, tar.extractfile(member).read()) for member in tar.getmembers()]

    def repacked(self, name, change_manifest=None, extra=()):
        members = []
        for info, data in self.members_of(self.archive):
            if info.name == "manifest.json" and change_manifest:
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            members.append((info, data))
        members[-1:-1] = list(extra)
        return tar_gz(self.folder / name, members)

    def test_a_valid_archive_passes_every_check(self):
        # The counterpart of every refusal below: the untouched archives verify (plain and
        # encrypted) and hold the database, the media and the private attachments.
        for path, key in ((self.archive, ""), (self.encrypted, KEY)):
            with self.subTest(path.name), tempfile.TemporaryDirectory(dir=self.folder) as staging:
                manifest = extract_verified(path, staging, key)
                names = set(manifest["members"])
                self.assertIn(ENGINES[connection.vendor], names)
                self.assertTrue(any(name.startswith("private/feedback/") for name in names))
                self.assertTrue(any(name.startswith("media/original_images/") for name in names))
                self.assertTrue(any(name.startswith("media/documents/") for name in names))
                self.assertFalse(any(name.startswith("media/images/") for name in names))  # renditions
                self.assertEqual(manifest["schema"], code_schema())
                self.assertEqual(manifest["site_name"], settings.WAGTAIL_SITE_NAME)

    def test_one_flipped_byte(self):
        data = bytearray(self.archive.read_bytes())
        data[len(data) // 2] ^= 0x01
        damaged = self.folder / "flipped.tar.gz"
        damaged.write_bytes(bytes(data))
        self.assertRefused(damaged, "hỏng")

    def test_a_truncated_archive(self):
        data = self.archive.read_bytes()
        truncated = self.folder / "truncated.tar.gz"
        truncated.write_bytes(data[: int(len(data) * 0.6)])
        self.assertRefused(truncated, "cắt cụt")

    def test_a_file_that_is_not_an_archive(self):
        other = self.folder / "photo.jpg"
        other.write_bytes(os.urandom(5000))
        self.assertRefused(other, "không phải bản sao lưu của trang")

    def test_a_tar_of_someone_elses_files(self):
        foreign = tar_gz(self.folder / "foreign.tar.gz", [file_member("notes/readme.txt", b"hello")])
        self.assertRefused(foreign, "không thuộc một bản sao lưu của trang")

    def test_a_tar_of_our_folders_without_manifest(self):
        foreign = tar_gz(self.folder / "nomanifest.tar.gz", [file_member("media/documents/a.pdf", b"%PDF")])
        self.assertRefused(foreign, "manifest.json")

    def test_path_traversal_absolute_paths_and_links(self):
        target = self.staging.parent / "etc" / "passwd"
        for name, member in (
            ("traversal", file_member("../../etc/passwd", b"root:x:0:0")),
            ("inside", file_member("media/../../etc/passwd", b"root:x:0:0")),
            ("absolute", file_member("/etc/passwd", b"root:x:0:0")),
        ):
            with self.subTest(name):
                hostile = tar_gz(self.folder / f"{name}.tar.gz", [member])
                self.assertRefused(hostile, "đường dẫn nguy hiểm")
        link = tarfile.TarInfo("media/original_images/link.png")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        hard = tarfile.TarInfo("private/feedback/hard.pdf")
        hard.type, hard.linkname = tarfile.LNKTYPE, "/etc/passwd"
        for name, member in (("symlink", link), ("hardlink", hard)):
            with self.subTest(name):
                hostile = tar_gz(self.folder / f"{name}.tar.gz", [(member, None)])
                self.assertRefused(hostile, "không phải tệp thường")
        self.assertFalse(target.exists())

    def test_a_member_not_listed_in_the_manifest(self):
        sneaked = self.repacked("extra.tar.gz", extra=[file_member("media/documents/sneaked.pdf", b"%PDF x")])
        self.assertRefused(sneaked, "sneaked.pdf")

    def test_a_changed_member(self):
        members = [
            (info, b"tampered" if info.name.startswith("private/") else data)
            for info, data in self.members_of(self.archive)
        ]
        tampered = tar_gz(self.folder / "tampered.tar.gz", members)
        self.assertRefused(tampered, "SHA-256")

    def test_another_schema_version_is_refused_naming_the_difference(self):
        def older_news(manifest):
            manifest["schema"]["news"] = "0001_initial"

        older = self.repacked("older.tar.gz", older_news)
        message = self.assertRefused(older, "phiên bản cơ sở dữ liệu khác")
        self.assertIn("news: bản sao lưu ở 0001_initial, mã nguồn ở", message)

    def test_another_database_engine(self):
        def mysql(manifest):
            manifest["engine"] = "mysql"

        self.assertRefused(self.repacked("mysql.tar.gz", mysql), "cơ sở dữ liệu mysql")

    def test_a_wrong_encryption_key(self):
        self.assertRefused(self.encrypted, "Khóa giải mã", BACKUP_ENCRYPTION_KEY="khóa sai")

    def test_an_encrypted_archive_without_a_key(self):
        self.assertRefused(self.encrypted, "BACKUP_ENCRYPTION_KEY", BACKUP_ENCRYPTION_KEY="")

    def test_encrypted_archive_damaged_or_truncated(self):
        data = self.encrypted.read_bytes()
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x80
        damaged = self.folder / "damaged.tar.gz.enc"
        damaged.write_bytes(bytes(flipped))
        self.assertRefused(damaged, "mã xác thực", BACKUP_ENCRYPTION_KEY=KEY)
        truncated = self.folder / "truncated.tar.gz.enc"
        truncated.write_bytes(data[: len(data) - 100])
        self.assertRefused(truncated, "cắt cụt", BACKUP_ENCRYPTION_KEY=KEY)

    def test_a_gzip_that_is_not_a_tar(self):
        not_tar = self.folder / "notes.gz"
        not_tar.write_bytes(gzip.compress(b"just some text\n" * 100))
        self.assertRefused(not_tar, "hỏng")

    def test_without_noinput_anything_but_yes_cancels(self):
        # A valid archive: only the IT officer's answer stands between it and the site.
        before = self.site_state()
        with (
            mock.patch("builtins.input", return_value="không") as asked,
            self.assertRaises(CommandError) as refusal,
        ):
            call_command("restore", str(self.archive), stdout=io.StringIO())
        self.assertIn("THAY THẾ", asked.call_args.args[0])
        self.assertIn("Đã hủy", str(refusal.exception))
        self.assertEqual(self.site_state(), before)
