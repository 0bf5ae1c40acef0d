"""The backup archive: one gzip-compressed tar (optionally encrypted, ``backups.crypto``) holding

- ``database/…``: the database dump (``backups.database``),
- ``media/…``: ``MEDIA_ROOT`` without ``images/`` (Wagtail's renditions: made again on demand;
  the restore deletes their rows so none points at a missing file),
- ``private/…``: the readers' attachments (``storages["private"]``, Điều 14),
- ``manifest.json`` last: format, creation time, site name, engine, schema version (latest
  migration per app) and each member's SHA-256 and size.

Reading verifies everything into a staging folder before the site is touched: only regular
files under those three folders, no absolute path, no ``..``, no link, no duplicate, every
checksum and size equal to the manifest and nothing more or less than it lists.
"""

import datetime
import gzip
import hashlib
import json
import os
import re
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .crypto import MAGIC, ArchiveError, DecryptingReader, EncryptingWriter

FORMAT = "site_kb-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
PREFIX = "site_kb-backup-"
# Only files named like this are ever deleted by the retention: nothing else in the folder.
NAME_PATTERN = re.compile(r"^site_kb-backup-\d{8}-\d{6}-\d{6}\.tar\.gz(\.enc)?$")
TOP_FOLDERS = ("database", "media", "private")
RENDITIONS_FOLDER = "images"  # Wagtail's renditions under MEDIA_ROOT
COPY_CHUNK = 1024 * 1024
GZIP_LEVEL = (
    1  # photos and PDFs are compressed already; level 1 keeps the dump's gain at a fraction of the time
)


def archive_name(moment, encrypted):
    stamp = moment.astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%S-%f")
    return f"{PREFIX}{stamp}.tar.gz{'.enc' if encrypted else ''}"


class HashingReader:
    """Hands a file to tarfile while computing its SHA-256 in the same pass."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def media_files(root, skip_top=()):
    """(relative POSIX path, absolute path) of each regular file under ``root``; links are skipped."""
    root = Path(root)
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        relative_folder = Path(folder).relative_to(root)
        if relative_folder == Path("."):
            dirs[:] = [name for name in dirs if name not in skip_top]
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield (relative_folder / name).as_posix(), path


def write_archive(destination, *, database_member, database_file, roots, manifest, passphrase=""):
    """Writes the archive to ``destination`` (an open binary file); returns the manifest written.

    ``roots``: (archive folder, absolute folder, top-level folders to skip) for media and private.
    """
    members = {}
    sink = EncryptingWriter(destination, passphrase) if passphrase else destination
    compressed = gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)
    tar = tarfile.open(fileobj=compressed, mode="w|", format=tarfile.PAX_FORMAT)

    def add(arcname, path):
        info = tar.gettarinfo(str(path), arcname)
        info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
        with open(path, "rb") as file:
            reader = HashingReader(file)
            tar.addfile(info, reader)
        members[arcname] = {"sha256": reader.digest.hexdigest(), "size": info.size}

    add(database_member, database_file)
    for folder, root, skip in roots:
        for relative, path in media_files(root, skip):
            try:
                add(f"{folder}/{relative}", path)
            except FileNotFoundError:
                continue  # deleted while the backup ran: the database dump no longer needs it either
    manifest = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "members": members}
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mode, info.mtime = len(body), 0o600, int(datetime.datetime.now(datetime.UTC).timestamp())
    tar.addfile(info, _BytesReader(body))
    tar.close()
    compressed.close()
    if passphrase:
        sink.close()
    return manifest


class _BytesReader:
    def __init__(self, data):
        self.data, self.position = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


def _check_name(member, seen):
    """The member's path inside the staging folder, or a refusal naming the member."""
    name = member.name
    path = PurePosixPath(name)
    if (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(p in ("", ".", "..") for p in name.split("/"))
    ):
        raise ArchiveError(
            _("Bản sao lưu chứa đường dẫn nguy hiểm «%(name)s» (tuyệt đối hoặc có “..”); không khôi phục gì.")
            % {"name": name}
        )
    if not member.isreg():
        raise ArchiveError(
            _(
                "Bản sao lưu chứa «%(name)s» không phải tệp thường (liên kết, thư mục hay thiết bị); không khôi phục gì."
            )
            % {"name": name}
        )
    if name != MANIFEST and (len(path.parts) < 2 or path.parts[0] not in TOP_FOLDERS):
        raise ArchiveError(
            _(
                "Tệp «%(name)s» không thuộc một bản sao lưu của trang: đây không phải bản sao lưu do lệnh backup tạo; không khôi phục gì."
            )
            % {"name": name}
        )
    if name in seen:
        raise ArchiveError(_("Bản sao lưu chứa hai lần tệp «%(name)s»; không khôi phục gì.") % {"name": name})
    seen.add(name)
    return path


def _open_stream(raw, passphrase):
    start = raw.read(len(MAGIC))
    raw.seek(0)
    if start == MAGIC:
        if not passphrase:
            raise ArchiveError(
                _(
                    "Bản sao lưu này được mã hóa: đặt biến môi trường BACKUP_ENCRYPTION_KEY là khóa đã dùng khi sao lưu."
                )
            )
        return DecryptingReader(raw, passphrase)
    if start[:2] != b"\x1f\x8b":
        raise ArchiveError(
            _("Tệp này không phải bản sao lưu của trang (không phải tệp nén tar.gz); không khôi phục gì.")
        )
    return raw


def extract_verified(archive_path, staging, passphrase=""):
    """Unpacks ``archive_path`` into ``staging`` and verifies all of it; returns the manifest.

    Raises ArchiveError (Vietnamese message) on anything but a complete, intact archive of ours.
    """
    staging = Path(staging)
    seen, digests, manifest_body = set(), {}, None
    try:
        with open(archive_path, "rb") as raw:
            stream = _open_stream(raw, passphrase)
            compressed = gzip.GzipFile(fileobj=stream, mode="rb")
            with tarfile.open(fileobj=compressed, mode="r|") as tar:
                for member in tar:
                    path = _check_name(member, seen)
                    source = tar.extractfile(member)
                    if member.name == MANIFEST:
                        if member.size > MAX_MANIFEST_BYTES:
                            raise ArchiveError(_("Mục lục của bản sao lưu quá lớn; không khôi phục gì."))
                        manifest_body = source.read()
                        continue
                    target = staging.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha256()
                    with open(target, "xb") as out:
                        while chunk := source.read(COPY_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
                    digests[member.name] = {"sha256": digest.hexdigest(), "size": target.stat().st_size}
            while compressed.read(COPY_CHUNK):  # to the end: gzip's CRC and the last encrypted record
                pass
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error, OSError) as error:
        raise ArchiveError(
            _("Bản sao lưu bị hỏng hoặc bị cắt cụt (%(error)s); không khôi phục gì.") % {"error": error}
        ) from None
    manifest = _parse_manifest(manifest_body)
    _compare(manifest["members"], digests)
    return manifest


def _parse_manifest(body):
    if body is None:
        raise ArchiveError(
            _(
                "Tệp không có mục lục manifest.json: đây không phải bản sao lưu do lệnh backup tạo; không khôi phục gì."
            )
        )
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ArchiveError(
            _("Mục lục manifest.json của bản sao lưu không đọc được; không khôi phục gì.")
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(_("Mục lục không phải của bản sao lưu trang này; không khôi phục gì."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            _(
                "Bản sao lưu có định dạng phiên bản %(found)s, mã nguồn này đọc phiên bản %(ours)s; không khôi phục gì."
            )
            % {"found": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    required = ("members", "schema", "engine", "created_at", "site_name")
    if any(key not in manifest for key in required) or not isinstance(manifest["members"], dict):
        raise ArchiveError(_("Mục lục của bản sao lưu thiếu thông tin bắt buộc; không khôi phục gì."))
    return manifest


def _compare(listed, found):
    for name in sorted(set(listed) - set(found)):
        raise ArchiveError(
            _("Bản sao lưu thiếu tệp «%(name)s» có trong mục lục; không khôi phục gì.") % {"name": name}
        )
    for name in sorted(set(found) - set(listed)):
        raise ArchiveError(
            _("Bản sao lưu có tệp «%(name)s» không có trong mục lục; không khôi phục gì.") % {"name": name}
        )
    for name, facts in sorted(found.items()):
        if listed[name] != facts:
            raise ArchiveError(
                _(
                    "Tệp «%(name)s» trong bản sao lưu không khớp mã kiểm tra SHA-256; bản sao lưu bị hỏng, không khôi phục gì."
                )
                % {"name": name}
            )


def our_archives(folder):
    """The archives in ``folder`` written by the backup command, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if NAME_PATTERN.match(path.name) and path.is_file())


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
