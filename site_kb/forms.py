"""Form behaviour every form of the site shares.

Text is stored in NFC (site_kb.unicode, TCVN 6909:2001); a form must therefore normalise what
it receives *before* it validates, or lengths are measured on the wrong string: a 190-character
title typed in decomposed form (245 code points) would be refused as too long, and a string
that NFC makes longer (U+0344 becomes two code points) would pass the form and then break the
database's length limit.
"""

from django.http import QueryDict

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.widgets.slug import SlugInput

from .review_flag import ReviewFlagFormMixin
from .slugs import VIETNAMESE_SLUG_FORMATTERS, fold_slug
from .unicode import nfc


def nfc_data(data):
    """A copy of submitted form data with every text value in NFC; ``None`` and files pass through."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        normalised = QueryDict(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            normalised.setlist(nfc(key), [nfc(value) for value in values])
        normalised._mutable = False
        return normalised
    if isinstance(data, dict):
        return {nfc(key): nfc(value) for key, value in data.items()}
    return data


class NFCFormMixin:
    """Normalise the submitted data to NFC before any field sees it (before ``max_length`` checks).

    Put it first among the bases: ``class MyForm(NFCFormMixin, forms.Form)``. It works for Django
    forms, model forms and Wagtail's admin forms (their formsets are built from the same data).
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(nfc_data(data), *args, **kwargs)


class NFCAdminModelForm(NFCFormMixin, WagtailAdminModelForm):
    """Base for snippet and admin model forms."""


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input, whose script folds Vietnamese letters as ``site_kb.slugs.ascii_slug``
    does (Wagtail's transliteration has no Vietnamese table: "Đồng" would lose its đ)."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=formatters or VIETNAMESE_SLUG_FORMATTERS, locale=locale)


class NFCAdminPageForm(ReviewFlagFormMixin, NFCFormMixin, WagtailAdminPageForm):
    """Base for every page's editor form (``BasePage.base_form_class``). Its slug is ASCII
    (site_kb.slugs): the script proposes one folded from the title, and an accented slug typed
    by hand is folded on save rather than refused."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(fold_slug_data(data, kwargs.get("prefix")), *args, **kwargs)
        field = self.fields.get("slug")
        if field is not None:
            field.widget = VietnameseSlugInput(
                attrs=field.widget.attrs, locale=getattr(self.instance, "locale", None)
            )


def fold_slug_data(data, prefix=None, name="slug"):
    """Submitted data with an accented ``slug`` folded to ASCII (other values untouched)."""
    name = f"{prefix}-{name}" if prefix else name
    if data is None or not hasattr(data, "get") or not isinstance(data.get(name), str):
        return data
    folded = fold_slug(nfc(data[name]))
    if folded == data[name]:
        return data
    data = data.copy()
    data[name] = folded
    return data


class VietnameseCopyForm(CopyForm):
    """Wagtail's "Sao chép trang" form (``BasePage.copy_form_class``) with the same ASCII slug
    as the editor: folded by its script and, when typed with accents, on submit."""

    def __init__(self, *args, **kwargs):
        if args:
            args = (fold_slug_data(args[0], None, name="new_slug"), *args[1:])
        elif "data" in kwargs:
            kwargs["data"] = fold_slug_data(kwargs["data"], None, name="new_slug")
        super().__init__(*args, **kwargs)
        self.fields["new_slug"].widget = VietnameseSlugInput(locale=getattr(self.page, "locale", None))
