"""``manage.py restore ARCHIVE [--noinput]``: brings the site back to the state of a backup.

The whole archive is decrypted, unpacked into a staging folder and verified (every checksum, the
manifest, the format, the schema version against this code's migrations, the database engine)
before anything of the site is touched; a damaged, truncated, foreign or hostile archive is
refused and the site stays as it was. Then the database is replaced and ``MEDIA_ROOT`` and the
private attachments folder are made equal to the archive: files the archive does not hold are
removed, so the site is exactly what it was when the backup was taken (renditions are made
again on demand). The restore is written to the audit log after the restore, so it survives.
"""

import datetime
import getpass
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.images import get_image_model
from wagtail.log_actions import log

from backups import archive, database
from backups.crypto import ArchiveError
from backups.management.commands.backup import (
    human_size,
    is_inside,
    media_root,
    object_storage_note,
    private_root,
)
from backups.models import BackupRecord

RESTORE_ACTION = "backups.restore"


def replace_tree(staged, root):
    """Makes ``root`` hold exactly the files under ``staged`` (moved in); returns (files, bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    incoming = {relative for relative, _path in archive.media_files(staged)} if staged.is_dir() else set()
    for folder, dirs, files in os.walk(root, topdown=False, followlinks=False):
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            path = Path(folder) / name
            if path.relative_to(root).as_posix() not in incoming:
                path.unlink()
        for name in dirs:
            path = Path(folder) / name
            if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
    total = 0
    for relative in sorted(incoming):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        total += (staged / relative).stat().st_size
        shutil.move(staged / relative, target)  # a rename on the same disk, a copy otherwise
    return len(incoming), total


class Command(BaseCommand):
    help = gettext_lazy(
        "Khôi phục trang từ một bản sao lưu của lệnh backup (kiểm tra toàn bộ trước khi ghi)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive_path",
            metavar="ARCHIVE",
            help=_("Tệp sao lưu (site_kb-backup-….tar.gz hoặc ….tar.gz.enc)."),
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help=_("Không hỏi xác nhận.")
        )

    def handle(self, *args, archive_path, interactive=True, **options):
        started = time.monotonic()
        path = Path(archive_path)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": path})
        staging_parent = Path(settings.BACKUP_DIR)
        for root in filter(None, (media_root(), private_root())):
            if is_inside(path, root) or is_inside(staging_parent, root):
                raise CommandError(
                    _("Tệp sao lưu và BACKUP_DIR không được nằm trong %(root)s (thư mục sẽ bị thay thế).")
                    % {"root": root}
                )
        staging_parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=staging_parent, prefix=".site_kb-restore-") as staging:
            staging = Path(staging)
            self.stdout.write(_("Đang kiểm tra bản sao lưu %(path)s…") % {"path": path})
            try:
                manifest = archive.extract_verified(path, staging, settings.BACKUP_ENCRYPTION_KEY)
            except ArchiveError as error:
                raise CommandError(str(error)) from None
            engine = database.engine_of(connection)
            self.check_compatible(manifest, engine)
            members = manifest["members"]
            self.stdout.write(
                _("Bản sao lưu hợp lệ: %(site)s, tạo lúc %(created)s, %(count)s tệp.")
                % {"site": manifest["site_name"], "created": manifest["created_at"], "count": len(members)}
            )
            if interactive and not self.confirmed():
                raise CommandError(_("Đã hủy: không khôi phục gì."))
            self.stdout.write(_("Đang khôi phục cơ sở dữ liệu…"))
            try:
                database.load(connection, staging.joinpath(*database.ENGINES[engine].split("/")))
            except ArchiveError as error:
                raise CommandError(str(error)) from None
            # Renditions are not archived: their rows go, and Wagtail makes them again when asked.
            get_image_model().get_rendition_model().objects.all().delete()
            self.stdout.write(_("Đang khôi phục tệp media và tệp đính kèm…"))
            # Files in an object store (S3_BUCKET, issue 17) are left to it: nothing replaced there.
            media = replace_tree(staging / "media", media_root()) if media_root() else (0, 0)
            private = replace_tree(staging / "private", private_root()) if private_root() else (0, 0)
        object_storage_note(self.stdout, self.style)
        for alias in settings.CACHES:
            caches[alias].clear()  # nothing cached from the site before the restore is served
        record = self.record_for(path, manifest)
        duration = time.monotonic() - started
        log(
            record,
            RESTORE_ACTION,
            data={
                "file_name": path.name,
                "backup_created_at": manifest["created_at"],
                "seconds": round(duration, 1),
                "os_user": getpass.getuser(),
            },
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã khôi phục từ %(name)s (%(size)s): cơ sở dữ liệu %(engine)s, %(media)s tệp media "
                    "(%(media_size)s), %(private)s tệp đính kèm (%(private_size)s), %(seconds).1f giây. "
                    "Chạy manage.py update_index để làm lại chỉ mục tìm kiếm nếu dùng Elasticsearch."
                )
                % {
                    "name": path.name,
                    "size": human_size(path.stat().st_size),
                    "engine": engine,
                    "media": media[0],
                    "media_size": human_size(media[1]),
                    "private": private[0],
                    "private_size": human_size(private[1]),
                    "seconds": duration,
                }
            )
        )

    def check_compatible(self, manifest, engine):
        if manifest["engine"] != engine:
            raise CommandError(
                _(
                    "Bản sao lưu là của cơ sở dữ liệu %(archived)s, trang đang dùng %(current)s; không khôi phục gì."
                )
                % {"archived": manifest["engine"], "current": engine}
            )
        if database.ENGINES[engine] not in manifest["members"]:
            raise CommandError(_("Bản sao lưu không chứa cơ sở dữ liệu; không khôi phục gì."))
        differences = database.schema_differences(manifest["schema"], database.code_schema())
        if differences:
            raise CommandError(
                _(
                    "Bản sao lưu được tạo với phiên bản cơ sở dữ liệu khác với mã nguồn này; không khôi phục gì. "
                    "Khác biệt: %(differences)s. Hãy khôi phục bằng đúng phiên bản mã nguồn đã sao lưu."
                )
                % {"differences": "; ".join(differences)}
            )

    def confirmed(self):
        answer = input(
            _(
                "Khôi phục sẽ THAY THẾ toàn bộ cơ sở dữ liệu, tệp media và tệp đính kèm hiện tại. "
                "Gõ “yes” để tiếp tục: "
            )
        )
        return answer.strip().lower() in {"yes", "có", "co"}

    def record_for(self, path, manifest):
        """The restored archive's record (the restored database predates it), for the audit log."""
        record = BackupRecord.objects.filter(file_name=path.name).first()
        if record is None:
            record = BackupRecord.objects.create(
                file_name=path.name,
                created_at=datetime.datetime.fromisoformat(manifest["created_at"]),
                size=path.stat().st_size,
                sha256=archive.sha256_of(path),
                encrypted=path.name.endswith(".enc"),
                engine=manifest["engine"],
                member_count=len(manifest["members"]),
            )
        return record
