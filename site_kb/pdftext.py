"""Is an uploaded PDF a scan without a text layer? (issue 15, Build 4)

A signed paper scanned to PDF is a picture of text: a reader's screen reader says nothing, the
site's search and search engines find nothing, and a phone cannot zoom the text to fit. Circular
32/2017/TT-BTTTT Art. 18 asks for text alternatives; Điều 11.4 of the regulation asks for files
in common office formats with Unicode text. A scan is still published (a signed directive often
exists only as one), so the editor gets a warning at upload, not a refusal.

pypdf reads the uploaded file in the limited worker process (site_kb.sandbox, site_kb.worker):
a hostile PDF costs that process, never the web worker. A PDF it cannot read, or that does not
finish in time, gets no warning: the content checks (site_kb.filecheck) have already judged it.
"""

import io

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import sandbox

TASK = "site_kb.pdftext:pdf_text_task"
# Pages read before deciding: a scan has no text on its first pages either, and a long text PDF
# answers on its first page.
MAX_PAGES = 200

SCANNED_PDF_WARNING = _(
    "Tệp PDF “%(name)s” là bản chụp, không có lớp chữ: người đọc dùng phần mềm đọc màn hình và "
    "công cụ tìm kiếm không đọc được. Hãy đính kèm bản PDF xuất từ Word (Tệp → Lưu thành → PDF), "
    "hoặc đính kèm thêm tệp Word của văn bản."
)


def pdf_text_task(data, options):
    """In the worker (no Django): ``{"pages": n, "text": bool}``, whether any of the first
    ``max_pages`` pages has extractable text."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return {"error": "encrypted"}
    pages = len(reader.pages)
    for index in range(min(pages, options["max_pages"])):
        if reader.pages[index].extract_text().strip():
            return {"pages": pages, "text": True}
    return {"pages": pages, "text": False}


def has_text_layer(upload):
    """True or False for a PDF upload; None when it cannot be told (unreadable, encrypted,
    too slow). The upload is left at its start."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        answer = sandbox.run(TASK, data, {"max_pages": MAX_PAGES})
    except sandbox.WorkerError:
        return None
    return answer["text"] if answer.get("pages") else None


def scanned_pdf_warning(upload):
    """The Vietnamese warning for a PDF upload without a text layer, or None."""
    if has_text_layer(upload) is False:
        return SCANNED_PDF_WARNING % {"name": upload.name}
    return None


class ScannedPdfWarningMixin:
    """For Wagtail's document forms (site_kb.documents): a PDF without a text layer is accepted
    with the warning shown beside the form the editor sees next — the multiple uploader's form
    for the new document, and the document's edit page (a stored scan is checked when opened)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if hasattr(self.instance, "scanned_pdf_warning"):  # checked at this upload
            warning = self.instance.scanned_pdf_warning
        else:
            warning = self.stored_scan_warning()
        if warning:
            self.scanned_pdf_warning = warning
            field = self.fields.get("file") or self.fields.get("title")
            if field is not None:
                field.help_text = format_lazy("⚠ {} {}", warning, field.help_text or "")

    def stored_scan_warning(self):
        document = self.instance
        if (
            self.is_bound
            or not document.pk
            or not document.file
            or not document.file.name.lower().endswith(".pdf")
        ):
            return None
        try:
            with document.file.open("rb") as stored:
                return scanned_pdf_warning(File(stored, name=document.filename))
        except OSError:  # the stored file is missing: the edit page says so itself
            return None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if (
            "file" not in self.errors
            and isinstance(upload, UploadedFile)
            and upload.name.lower().endswith(".pdf")
        ):
            self.instance.scanned_pdf_warning = self.scanned_pdf_warning = scanned_pdf_warning(upload)
        return cleaned
