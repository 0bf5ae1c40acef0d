"""``manage.py backup [--output-dir DIR]``: one dated archive of the database, the media and the
readers' attachments (Điều 4: the IT officer backs up the site's data), then keeps the newest
``BACKUP_KEEP``. Run nightly from cron or a systemd timer (docs/operations.md).
"""

import getpass
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from backups import archive, database
from backups.crypto import ArchiveError
from backups.models import BackupRecord

BACKUP_ACTION = "backups.backup"


def storage_root(alias):
    """The folder of a storage on this server's disk; None when it is an object store (issue 17,
    S3_BUCKET): its files are not on this machine, and the store keeps its own copies (versioning,
    replication or ``aws s3 sync``, docs/operations.md). Never the S3 backend's empty key prefix,
    which as a path would mean the current folder."""
    storage = storages[alias]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def private_root():
    """The readers' attachments folder, asked of the private storage (never of the feedback app)."""
    return storage_root("private")


def media_root():
    return storage_root("default")


def object_storage_note(stdout, style):
    """Says which files a backup or restore leaves to the object store."""
    if media_root() is None or private_root() is None:
        stdout.write(
            style.WARNING(
                _(
                    "Tệp media hoặc tệp đính kèm nằm trong kho lưu trữ S3, không trên máy này: bản sao "
                    "lưu không chứa chúng; hãy sao lưu các bucket bằng công cụ của kho (docs/operations.md)."
                )
            )
        )


def human_size(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024
    return f"{size:.1f} GB"


def is_inside(path, folder):
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


class Command(BaseCommand):
    help = gettext_lazy("Sao lưu cơ sở dữ liệu, tệp media và tệp đính kèm của bạn đọc vào một tệp (Điều 4).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", help=_("Thư mục ghi bản sao lưu (mặc định: biến môi trường BACKUP_DIR).")
        )
        parser.add_argument(
            "--keep", type=int, help=_("Số bản sao lưu mới nhất được giữ (mặc định: BACKUP_KEEP).")
        )

    def handle(self, *args, output_dir=None, keep=None, **options):
        started = time.monotonic()
        folder = Path(output_dir or settings.BACKUP_DIR)
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError(_("Số bản sao lưu được giữ phải từ 1 trở lên."))
        if is_inside(folder, settings.MEDIA_ROOT):
            raise CommandError(
                _("Thư mục sao lưu %(folder)s nằm trong MEDIA_ROOT, nơi ai cũng tải được: chọn thư mục khác.")
                % {"folder": folder}
            )
        folder.mkdir(parents=True, exist_ok=True)
        passphrase = settings.BACKUP_ENCRYPTION_KEY
        moment = timezone.now()
        name = archive.archive_name(moment, encrypted=bool(passphrase))
        final = folder / name
        descriptor, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
        try:
            with tempfile.TemporaryDirectory(dir=folder, prefix=".site_kb-dump-") as scratch:
                self.stdout.write(_("Đang sao lưu cơ sở dữ liệu…"))
                dump_file = Path(scratch) / "database"
                member = database.dump(connection, dump_file)
                schema = database.applied_schema(connection)
                manifest = {
                    "created_at": moment.isoformat(),
                    "site_name": settings.WAGTAIL_SITE_NAME,
                    "engine": database.engine_of(connection),
                    "schema": schema,
                    "renditions": False,
                }
                self.stdout.write(_("Đang đóng gói tệp media và tệp đính kèm…"))
                with os.fdopen(descriptor, "wb") as destination:
                    manifest = archive.write_archive(
                        destination,
                        database_member=member,
                        database_file=dump_file,
                        roots=[
                            (top, root, skip)
                            for top, root, skip in (
                                ("media", media_root(), (archive.RENDITIONS_FOLDER,)),
                                ("private", private_root(), ()),
                            )
                            if root is not None
                        ],
                        manifest=manifest,
                        passphrase=passphrase,
                    )
                    destination.flush()
                    os.fsync(destination.fileno())
            os.replace(partial, final)  # the final name appears only on a complete archive
        except ArchiveError as error:
            Path(partial).unlink(missing_ok=True)
            raise CommandError(str(error)) from None
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        size = final.stat().st_size
        members = manifest["members"]
        duration = time.monotonic() - started
        record = BackupRecord.objects.create(
            file_name=name,
            created_at=moment,
            size=size,
            sha256=archive.sha256_of(final),
            encrypted=bool(passphrase),
            engine=manifest["engine"],
            member_count=len(members),
            duration_seconds=round(duration, 3),
        )
        log(
            record,
            BACKUP_ACTION,
            data={"file_name": name, "size": size, "members": len(members), "os_user": getpass.getuser()},
        )
        removed = self.prune(folder, keep)
        counts = {
            top: sum(1 for member in members if member.startswith(f"{top}/")) for top in ("media", "private")
        }
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã sao lưu vào %(path)s: %(size)s, cơ sở dữ liệu %(engine)s, %(media)s tệp media, "
                    "%(private)s tệp đính kèm, %(seconds).1f giây%(encrypted)s."
                )
                % {
                    "path": final,
                    "size": human_size(size),
                    "engine": manifest["engine"],
                    "media": counts["media"],
                    "private": counts["private"],
                    "seconds": duration,
                    "encrypted": _(", đã mã hóa") if passphrase else "",
                }
            )
        )
        object_storage_note(self.stdout, self.style)
        if removed:
            self.stdout.write(
                _("Đã xóa %(count)s bản sao lưu cũ (giữ %(keep)s bản mới nhất).")
                % {"count": removed, "keep": keep}
            )
        if schema != database.code_schema():
            self.stderr.write(
                _(
                    "Cảnh báo: cơ sở dữ liệu chưa chạy hết migration của mã nguồn; chỉ khôi phục được bằng đúng phiên bản này."
                )
            )

    def prune(self, folder, keep):
        """Deletes our oldest archives beyond ``keep``; files not named like ours are never touched."""
        ours = archive.our_archives(folder)
        old = ours[: max(len(ours) - keep, 0)]
        for path in old:
            path.unlink()
        return len(old)
