"""A picture or document uploaded without a title is named after its file (issue 15.12).

Wagtail requires a title: its script fills it from the file name in the multiple uploader and the
add form, but not where the script does not run, and the chooser's upload form refused a teacher's
first picture for a missing title. Here the server does it, for every image and document form
(add, edit, chooser, multiple upload): "Khai_giang-2026.jpg" becomes "Khai giang 2026". A title
typed or sent (the multiple uploader's script sends the file name without its extension) is kept.
"""

import re
import unicodedata
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 255
SEPARATORS_RE = re.compile(r"[\s_\-]+")


def title_from_filename(name):
    """'IMG_2034.JPG' → 'IMG 2034'; 'khai-giang__năm học.png' → 'khai giang năm học' (NFC: names
    from a Mac arrive decomposed)."""
    stem = PurePath(name or "").name
    stem = stem.rsplit(".", 1)[0] if "." in stem.strip(".") else stem
    title = SEPARATORS_RE.sub(" ", unicodedata.normalize("NFC", stem)).strip()
    return title[:TITLE_MAX_LENGTH]


class TitleFromFileMixin:
    """For a Wagtail image or document form: an empty title is taken from the uploaded file's name
    instead of being refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields and "file" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Để trống thì lấy theo tên tệp.")

    def clean(self):
        cleaned = super().clean()
        if "title" not in self.fields or "file" not in self.fields:
            return cleaned
        title = (cleaned.get("title") or "").strip()
        upload = cleaned.get("file")
        if isinstance(upload, UploadedFile) and not title:
            title = title_from_filename(upload.name)
        if title:
            cleaned["title"] = title
        elif "title" not in self.errors and "file" not in self.errors:
            self.add_error("title", _("Hãy nhập tiêu đề."))
        return cleaned
