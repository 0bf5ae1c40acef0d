"""The base of every document form in the admin (add, edit, chooser and multiple upload):
``WAGTAILDOCS_DOCUMENT_FORM_BASE``. Kept apart from site_kb.forms, which page models import
while the app registry is still loading, because Wagtail's document forms need the models."""

from wagtail.documents.forms import BaseDocumentForm

from .forms import NFCFormMixin


class DocumentForm(NFCFormMixin, BaseDocumentForm):
    """A document's title in NFC before its length (255) is checked (site_kb.forms)."""
