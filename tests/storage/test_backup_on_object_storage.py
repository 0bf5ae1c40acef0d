"""``manage.py backup`` and ``restore`` with the files on an object store (issue 17, part 4).

The S3 backend's ``location`` is an empty key prefix: taken as a folder it is the current directory,
which a backup would pack and a restore would empty. The files stay in the buckets (the store keeps
them), the database is still archived and restored, and the IT officer is told so.
"""

import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings

from feedback.models import Feedback
from tests.backups.helpers import backup
from tests.builders import make_image
from tests.pristine import PristineDatabaseTestCase

from ..support.seaweed import seaweed_s3

ATTACHMENT = b"%PDF-1.4 don xin\n%%EOF\n"


class BackupOnObjectStorageTests(PristineDatabaseTestCase):
    @classmethod
    def setUpClass(cls):
        cls.store = cls.enterClassContext(seaweed_s3())
        cls.enterClassContext(override_settings(STORAGES={**settings.STORAGES, **cls.store.storages()}))
        field = Feedback._meta.get_field("attachment")  # resolved once, when the model was built
        previous = field.storage
        field.storage = storages["private"]
        cls.addClassCleanup(setattr, field, "storage", previous)
        super().setUpClass()

    def setUp(self):
        self.backup_dir = Path(tempfile.mkdtemp(prefix="site_kb_backups_"))
        self.addCleanup(shutil.rmtree, self.backup_dir, ignore_errors=True)
        override = override_settings(BACKUP_DIR=self.backup_dir)
        override.enable()
        self.addCleanup(override.disable)

    def test_the_database_is_backed_up_and_restored_and_the_buckets_left_to_the_store(self):
        image = make_image("Ảnh khai giảng")
        item = Feedback.objects.create(
            name="Nguyễn Thị Hoa",
            email="hoa@example.vn",
            title="Hỏi về tuyển sinh lớp 6",
            content="Xin hỏi lịch tuyển sinh.",
            attachment=ContentFile(ATTACHMENT, name="don-xin.pdf"),
        )
        out = io.StringIO()
        call_command("backup", output_dir=str(self.backup_dir), stdout=out)
        self.assertIn("nằm trong kho lưu trữ S3", out.getvalue())
        archive = backup(self.backup_dir)
        with tarfile.open(archive) as packed:
            names = packed.getnames()
        self.assertFalse([name for name in names if name.startswith(("media/", "private/"))], names)
        self.assertFalse([name for name in names if "manage.py" in name or ".venv" in name])

        Feedback.objects.all().delete()
        here = sorted(path.name for path in Path.cwd().iterdir())
        out = io.StringIO()
        call_command("restore", str(archive), interactive=False, stdout=out)
        self.assertIn("Đã khôi phục", out.getvalue())
        self.assertIn("nằm trong kho lưu trữ S3", out.getvalue())
        self.assertEqual(sorted(path.name for path in Path.cwd().iterdir()), here)
        restored = Feedback.objects.get(pk=item.pk)
        with restored.attachment.open("rb") as attachment:
            self.assertEqual(attachment.read(), ATTACHMENT)
        self.assertTrue(storages["default"].exists(image.file.name))
