"""Which word-processor files the import accepts, judged by name AND content (Điều 11.4).

A renamed text file, a PDF or a truncated archive must be refused before any
converter sees it, with a message the editor understands.
"""

import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from site_kb import virusscan

from . import limits

DOCX, DOC, ODT = "docx", "doc", "odt"
EXTENSIONS = (DOCX, DOC, ODT)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A real document unpacks to a few times its size; far more means a zip bomb.
MAX_UNPACKED_RATIO = 20


def max_upload_bytes():
    return settings.INTAKE_MAX_UPLOAD_BYTES  # default in site_kb/settings/base.py


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# What zipfile raises for a damaged archive; NotImplementedError is a compression method
# it cannot read, zlib.error a damaged deflate stream, RuntimeError an encrypted member (such
# files are refused like a damaged one).
DAMAGED_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    NotImplementedError,
    zlib.error,
    RuntimeError,
)


def _zip_names(fileobj):
    """The member names of a sound zip archive, or None when it is not one (or is damaged)."""
    fileobj.seek(0)
    if not zipfile.is_zipfile(fileobj):
        return None
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if unpacked > max(max_upload_bytes(), 1) * MAX_UNPACKED_RATIO:
                raise ValidationError(_("Tệp nén bên trong quá lớn bất thường; không thể nhập tệp này."))
            limits.check_sizes(archive, max_upload_bytes())  # before testzip decompresses anything
            if archive.testzip() is not None:
                return None
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
            return names, mimetype
    except DAMAGED_ARCHIVE_ERRORS:
        return None  # check_upload turns this into the "damaged or renamed file" message
    finally:
        fileobj.seek(0)


def content_kind(fileobj):
    """'docx', 'doc', 'odt' from the file's bytes, or None."""
    fileobj.seek(0)
    head = fileobj.read(len(OLE_MAGIC))
    fileobj.seek(0)
    if head == OLE_MAGIC:
        return DOC
    zipped = _zip_names(fileobj)
    if zipped is None:
        return None
    names, mimetype = zipped
    if "word/document.xml" in names:
        return DOCX
    if mimetype == ODT_MIMETYPE and "content.xml" in names:
        return ODT
    return None


def check_upload(uploaded):
    """Return the file's kind, or raise ValidationError with a Vietnamese message."""
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); chỉ nhận tệp đến %(limit)s."),
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    extension = extension_of(uploaded.name)
    if extension not in EXTENSIONS:
        raise ValidationError(_("Chỉ nhận tệp Word (.docx, .doc) hoặc OpenDocument (.odt)."))
    if uploaded.size == 0:
        raise ValidationError(_("Tệp rỗng, không có nội dung để nhập."))
    kind = content_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _(
                "Nội dung tệp không phải văn bản Word/OpenDocument hợp lệ (tệp hỏng, bị cắt cụt "
                "hoặc chỉ đổi đuôi). Hãy mở tệp bằng Word, lưu lại rồi thử lần nữa."
            )
        )
    if kind != extension:
        raise ValidationError(
            _("Đuôi tệp .%(extension)s không khớp với nội dung (tệp .%(kind)s). Hãy đổi lại đúng đuôi tệp."),
            params={"extension": extension, "kind": kind},
        )
    if kind == DOCX:
        check_docx_bytes(uploaded)
    virusscan.check_upload(uploaded)  # Điều 4: malware, when clamd is configured
    return kind


def check_docx_bytes(fileobj):
    """Paragraphs, runs, cells and text of a .docx within the bounds of ``intake.limits`` (issue 12),
    counted before any converter reads it. Used on uploads and on LibreOffice's output."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return limits.check_docx(archive, max_upload_bytes())
    except DAMAGED_ARCHIVE_ERRORS as error:
        raise ValidationError(_("Nội dung tệp không phải văn bản Word hợp lệ (tệp hỏng).")) from error
    finally:
        fileobj.seek(0)
