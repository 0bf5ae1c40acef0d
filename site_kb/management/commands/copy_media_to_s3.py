"""``manage.py copy_media_to_s3 [--dry-run]``: an install's files moved into the object store (issue 17,
part 4), with the S3_* variables already set.

Every file under MEDIA_ROOT (original images, renditions, documents) goes to ``STORAGES["default"]``
and every file under PRIVATE_MEDIA_ROOT (readers' attachments) to ``STORAGES["private"]``, under the
same name, so the names the database holds stay right. A file already there with the same size is
skipped: the command can be run again after an interruption, and once more just before the switch.
Nothing is deleted on either side.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def files_under(root):
    """``(name, path)`` of every regular file under ``root``, the name in the storage's form."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


class Command(BaseCommand):
    help = gettext_lazy(
        "Chép tệp media và tệp đính kèm của bạn đọc từ ổ đĩa máy này lên kho lưu trữ S3, giữ nguyên tên."
    )

    def add_arguments(self, parser):
        parser.add_argument("--media-root", help=_("Thư mục tệp media cần chép (mặc định: MEDIA_ROOT)."))
        parser.add_argument(
            "--private-root",
            help=_("Thư mục tệp đính kèm của bạn đọc cần chép (mặc định: PRIVATE_MEDIA_ROOT)."),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ đếm, không chép gì."))

    def handle(self, *args, media_root=None, private_root=None, dry_run=False, **options):
        sources = (
            ("default", Path(media_root or settings.MEDIA_ROOT)),
            ("private", Path(private_root or settings.PRIVATE_MEDIA_ROOT)),
        )
        if any(isinstance(storages[alias], FileSystemStorage) for alias, _root in sources):
            raise CommandError(
                _(
                    "Kho lưu trữ S3 chưa được cấu hình: đặt S3_BUCKET, S3_PRIVATE_BUCKET, S3_ACCESS_KEY_ID, "
                    "S3_SECRET_ACCESS_KEY (và S3_ENDPOINT_URL) rồi chạy lại (docs/operations.md)."
                )
            )
        for alias, root in sources:
            storage = storages[alias]
            copied = skipped = size = 0
            for name, path in files_under(root):
                length = path.stat().st_size
                if storage.exists(name) and storage.size(name) == length:
                    skipped += 1
                    continue
                if not dry_run:
                    with path.open("rb") as source:
                        # _save, not save(): the exact name the database holds, never a renamed copy.
                        storage._save(name, File(source, name=name))  # noqa: SLF001
                copied += 1
                size += length
            self.stdout.write(
                (
                    _(
                        "%(root)s → bucket %(bucket)s: sẽ chép %(copied)s tệp (%(size)s byte), %(skipped)s tệp đã có."
                    )
                    if dry_run
                    else _(
                        "%(root)s → bucket %(bucket)s: đã chép %(copied)s tệp (%(size)s byte), %(skipped)s tệp đã có."
                    )
                )
                % {
                    "root": root,
                    "bucket": storage.bucket_name,
                    "copied": copied,
                    "size": size,
                    "skipped": skipped,
                }
            )
