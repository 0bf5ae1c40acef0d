"""Which word-processor files the import accepts, judged by name AND content (Điều 11.4).

A renamed text file, a PDF or a truncated archive must be refused before any
converter sees it, with a message the editor understands.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DOCX, DOC, ODT = "docx", "doc", "odt"
EXTENSIONS = (DOCX, DOC, ODT)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A real document unpacks to a few times its size; far more means a zip bomb.
MAX_UNPACKED_RATIO = 20


def max_upload_bytes():
    return getattr(settings, "INTAKE_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# What zipfile raises for a damaged archive; NotImplementedError is a compression method
# it cannot read (such a file is refused like a damaged one).
DAMAGED_ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError)


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
    return kind
