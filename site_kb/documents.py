"""The base of every document form in the admin (add, edit, chooser and multiple upload):
``WAGTAILDOCS_DOCUMENT_FORM_BASE``. Kept apart from site_kb.forms, which page models import
while the app registry is still loading, because Wagtail's document forms need the models."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from . import virusscan
from .filecheck import EXTENSION_KINDS, check_upload
from .forms import NFCFormMixin
from .pdftext import ScannedPdfWarningMixin
from .upload_titles import TitleFromFileMixin


class DocumentForm(ScannedPdfWarningMixin, TitleFromFileMixin, NFCFormMixin, BaseDocumentForm):
    """A document's title in NFC before its length (255) is checked (site_kb.forms), and the
    file judged by its content, not its name (Điều 11.4: office documents only), then scanned for
    malware when clamd is configured (Điều 4, site_kb.virusscan). Without a title it is named after
    its file (site_kb.upload_titles).

    A PDF that is a scan without a text layer is accepted with a warning (site_kb.pdftext).

    An HTML page renamed .pdf, a PDF that is also a web page, a cut-off file or a .docx that
    unpacks to gigabytes would otherwise be published to every reader under the site's name.
    """

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload is checked: on edit without a new file, the stored one stays.
        if isinstance(upload, UploadedFile):
            extensions = [name for name in settings.WAGTAILDOCS_EXTENSIONS if name in EXTENSION_KINDS]
            if Path(upload.name or "").suffix.lower().lstrip(".") in extensions:
                check_upload(upload, extensions)
            virusscan.check_upload(upload)
        return upload
