"""Is an uploaded file what its name says? Judged by its content, for any form of the site.

A name is only a claim: an HTML page renamed .jpg, a PDF that is also an HTML page, a
30000×30000 PNG that takes gigabytes to decode and a .docx that unpacks to gigabytes all
have acceptable names. Each kind is checked by what a real file of that kind must look like,
without decoding more than a bounded amount. Generic: no feature app is imported here; a
form names the kinds it accepts and gets a ValidationError with a Vietnamese message.
"""

import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from PIL import Image

from .pictures import HTML_MARKERS

JPEG, PNG, PDF, DOCX, DOC = "jpeg", "png", "pdf", "docx", "doc"
XLSX, XLS, PPTX, PPT, ODT, ODS, ODP, RTF = "xlsx", "xls", "pptx", "ppt", "odt", "ods", "odp", "rtf"

# The kinds a file name may claim, by extension.
EXTENSION_KINDS = {
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "pdf": PDF,
    "docx": DOCX,
    "doc": DOC,
    "xlsx": XLSX,
    "xls": XLS,
    "pptx": PPTX,
    "ppt": PPT,
    "odt": ODT,
    "ods": ODS,
    "odp": ODP,
    "rtf": RTF,
}
# Kinds people confuse harmlessly (a phone's PNG saved as .jpg, a Word 97 file named .docx,
# an RTF saved as .doc by old office software): accepted for each other, since the content
# itself has been checked.
WORD_FAMILY = {DOCX, DOC, RTF}
SAME_FAMILY = {
    JPEG: {JPEG, PNG},
    PNG: {JPEG, PNG},
    PDF: {PDF},
    DOCX: WORD_FAMILY,
    DOC: WORD_FAMILY,
    RTF: WORD_FAMILY,
    XLSX: {XLSX, XLS},
    XLS: {XLSX, XLS},
    PPTX: {PPTX, PPT},
    PPT: {PPTX, PPT},
    ODT: {ODT},
    ODS: {ODS},
    ODP: {ODP},
}
# Zip-based kinds, by the member that makes a zip one of them (Office Open XML) or the
# media type its "mimetype" member names (OpenDocument).
ZIP_MEMBERS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
OPENDOCUMENT_TYPES = {
    ODT: b"application/vnd.oasis.opendocument.text",
    ODS: b"application/vnd.oasis.opendocument.spreadsheet",
    ODP: b"application/vnd.oasis.opendocument.presentation",
}
OLE2_KINDS = {DOC, XLS, PPT}
ZIP_KINDS = set(ZIP_MEMBERS) | set(OPENDOCUMENT_TYPES)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# What makes a browser or viewer treat bytes as a web page (polyglot files): HTML_MARKERS, shared
# with the picture checks of the limited worker (site_kb.pictures).
HTML_SCAN_BYTES = 64 * 1024

DEFAULT_MAX_PIXELS = 64_000_000  # 8000×8000: more than any phone photo that fits in a few MB
DEFAULT_MAX_UNPACKED = 50 * 1024 * 1024
MAX_UNPACK_RATIO = 100  # real .docx files unpack to a few (at most tens of) times their size
MAX_ARCHIVE_MEMBERS = 5000
CHUNK = 64 * 1024

NOT_WHAT_IT_CLAIMS = _(
    "Nội dung tệp không phải %(kind)s thật (tệp hỏng hoặc chỉ đổi đuôi). Hãy mở tệp, lưu lại đúng định dạng rồi gửi lại."
)
KIND_NAMES = {
    JPEG: _("ảnh JPG"),
    PNG: _("ảnh PNG"),
    PDF: _("tệp PDF"),
    DOCX: _("văn bản Word (.docx)"),
    DOC: _("văn bản Word 97–2003 (.doc)"),
    RTF: _("văn bản RTF"),
    XLSX: _("bảng tính Excel (.xlsx)"),
    XLS: _("bảng tính Excel 97–2003 (.xls)"),
    PPTX: _("trình chiếu PowerPoint (.pptx)"),
    PPT: _("trình chiếu PowerPoint 97–2003 (.ppt)"),
    ODT: _("văn bản OpenDocument (.odt)"),
    ODS: _("bảng tính OpenDocument (.ods)"),
    ODP: _("trình chiếu OpenDocument (.odp)"),
}


def _head(fileobj, size):
    fileobj.seek(0)
    data = fileobj.read(size)
    fileobj.seek(0)
    return data


def _looks_like_html(data):
    lowered = data.lower()
    return any(marker in lowered for marker in HTML_MARKERS)


def sniff(fileobj, claimed=None):
    """The kind the bytes start like, or None.

    Signatures shared by a family (the OLE2 container of .doc, .xls and .ppt; the zip of every
    Office Open XML and OpenDocument file) are read as the ``claimed`` kind when it is one of
    them (its content check then looks inside), else as DOC or DOCX.
    """
    head = _head(fileobj, 16)
    if head.startswith(OLE2_MAGIC) and claimed in OLE2_KINDS:
        return claimed
    if head.startswith(b"PK\x03\x04") and claimed in ZIP_KINDS:
        return claimed
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(JPEG_MAGIC):
        return JPEG
    if head.startswith(PNG_MAGIC):
        return PNG
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(OLE2_MAGIC):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        return DOCX
    return None


def _check_image(fileobj, kind, max_pixels):
    too_large = ValidationError(
        _("Ảnh quá lớn về kích thước điểm ảnh: chỉ nhận ảnh đến %(limit)s megapixel."),
        params={"limit": max_pixels // 1_000_000},
        code="image_too_large",
    )
    fileobj.seek(0)
    try:
        # Image.open reads only the header; the size is checked before anything is decoded.
        # (Pillow's own bomb check raises beyond twice its MAX_IMAGE_PIXELS; warnings are not
        # turned into errors here: warnings.catch_warnings is not thread-safe.)
        with Image.open(fileobj) as picture:
            if picture.format != kind.upper():
                raise ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[kind]})
            width, height = picture.size
            if width * height > max_pixels:
                raise too_large
            if kind == JPEG:
                # JPEG's verify() checks nothing: decode at 1/8 scale (a few MB at most), which
                # reads every byte and so finds a cut-off file.
                picture.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
                picture.load()
            else:
                picture.verify()  # PNG: every chunk's CRC, up to IEND
    except Image.DecompressionBombError as error:
        raise too_large from error
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[kind]}) from error
    finally:
        fileobj.seek(0)
    if _looks_like_html(_head(fileobj, HTML_SCAN_BYTES)):
        raise ValidationError(_("Ảnh có chứa mã trang web (HTML), không nhận tệp này."), code="polyglot")


def _tail(fileobj, size):
    fileobj.seek(0, 2)
    fileobj.seek(max(fileobj.tell() - size, 0))
    data = fileobj.read(size)
    fileobj.seek(0)
    return data


def _check_pdf(fileobj):
    head = _head(fileobj, HTML_SCAN_BYTES)
    # A PDF starts with its signature and ends with %%EOF (readers look in the last 1024 bytes):
    # without it the upload was cut off.
    if not head.startswith(PDF_MAGIC) or b"%%EOF" not in _tail(fileobj, 1024):
        raise ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[PDF]})
    if _looks_like_html(head):
        raise ValidationError(
            _(
                "Tệp PDF có chứa mã trang web (HTML), không nhận tệp này. Hãy xuất lại tệp PDF từ phần mềm soạn thảo."
            ),
            code="polyglot",
        )


def _check_zip(fileobj, kind, size, max_unpacked):
    """A sound zip that is a ``kind`` file (its main part, or its OpenDocument media type) and
    unpacks to a bounded size.

    The sizes an archive declares can lie, so members are actually inflated, counting the
    bytes and stopping as soon as the bound is passed: a zip bomb costs at most that much work.
    """
    limit = min(max_unpacked, max(size * MAX_UNPACK_RATIO, 1024 * 1024))
    bomb = ValidationError(
        _("Tệp Word khi giải nén lớn bất thường (quá %(limit)s); không nhận tệp này."),
        params={"limit": filesizeformat(limit)},
        code="zip_bomb",
    )
    invalid = ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[kind]})
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise bomb
            names = {member.filename for member in members}
            if kind in ZIP_MEMBERS and ZIP_MEMBERS[kind] not in names:
                raise invalid
            if kind in OPENDOCUMENT_TYPES and (
                "mimetype" not in names or archive.getinfo("mimetype").file_size > 100
            ):
                raise invalid
            if sum(member.file_size for member in members) > limit:
                raise bomb
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise bomb
            if kind in OPENDOCUMENT_TYPES and archive.read("mimetype").strip() != OPENDOCUMENT_TYPES[kind]:
                raise invalid
    except ValidationError:
        raise
    # Damaged archive, unknown compression, encrypted member, bad CRC.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        OSError,
        EOFError,
    ) as error:
        raise invalid from error
    finally:
        fileobj.seek(0)


def _check_ole2(fileobj, kind):
    head = _head(fileobj, 512)
    if not head.startswith(OLE2_MAGIC) or len(head) < 512:
        raise ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[kind]})


def _check_rtf(fileobj):
    head = _head(fileobj, HTML_SCAN_BYTES)
    if not head.startswith(b"{\\rtf") or b"}" not in _tail(fileobj, 64):
        raise ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[RTF]})


def check_content(
    fileobj, kind, *, size=None, max_pixels=DEFAULT_MAX_PIXELS, max_unpacked=DEFAULT_MAX_UNPACKED
):
    """Raise ValidationError unless ``fileobj`` really is a file of ``kind`` (see the module doc)."""
    if kind in (JPEG, PNG):
        _check_image(fileobj, kind, max_pixels)
    elif kind == PDF:
        _check_pdf(fileobj)
    elif kind in ZIP_KINDS:
        _check_zip(fileobj, kind, size if size is not None else getattr(fileobj, "size", 0), max_unpacked)
    elif kind in OLE2_KINDS:
        _check_ole2(fileobj, kind)
    elif kind == RTF:
        _check_rtf(fileobj)
    else:
        raise ValueError(f"unknown kind {kind!r}")


def check_upload(upload, extensions, **limits):
    """The kind of ``upload`` after checking its name against ``extensions`` and its content.

    The content decides which check runs, within the family the name claims (see SAME_FAMILY);
    a file whose bytes match no kind of that family is refused as not what it claims.
    """
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    claimed = EXTENSION_KINDS.get(extension) if extension in extensions else None
    if claimed is None:
        raise ValueError(f"extension {extension!r} is not among {sorted(extensions)}")
    actual = sniff(upload, claimed)
    if actual not in SAME_FAMILY[claimed]:
        raise ValidationError(NOT_WHAT_IT_CLAIMS, params={"kind": KIND_NAMES[claimed]})
    check_content(upload, actual, size=upload.size, **limits)
    return actual
