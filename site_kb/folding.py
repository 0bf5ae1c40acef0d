"""Vietnamese folding: what readers type without diacritics must still find the text.

SQLite's FTS5 ``unicode61`` tokenizer folds only letters with one mark and never
đ/Đ; PostgreSQL's default configuration folds nothing. Every page therefore carries
a folded copy of its searchable text (``BasePage.search_folded``) and queries are
folded the same way, so matching behaves alike on every backend.

On PostgreSQL the ``vietnamese_unaccent`` configuration (search/migrations/0001) folds
words itself, so there the copy holds only what its parser splits differently once
folded: document numbers ('33/QĐ-GDĐT' is parsed as '33/q' + 'đ-gdđt'). A full copy
would double every page's tsvector, and with it the time PostgreSQL spends checking
each candidate page of a common word or a phrase.
"""

import re
import unicodedata
from functools import lru_cache

from django.conf import settings

from modelsearch import index

_STROKES = str.maketrans({"đ": "d", "Đ": "D"})
WORD_RE = re.compile(r"\w+", re.UNICODE)


def strip_marks(text):
    """'Trường THCS Đồng Hóa' → 'Truong THCS Dong Hoa': no tone or vowel marks, đ → d, Đ → D."""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_STROKES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text):
    """'Trường THCS Đồng Hóa' → 'truong thcs dong hoa': what indexes and queries are compared as."""
    return strip_marks(text).lower()


@lru_cache(maxsize=8192)
def fold_word(word):
    """``fold`` of one word, remembered: a results page folds some 500 words of titles and
    snippets, drawn from the few thousand syllables Vietnamese writes (issue 17)."""
    return fold(word)


DOCUMENT_NUMBER_RE = re.compile(r"\d+\s*(?:/\s*\d{4})?\s*/\s*[^\s/]+")


def backend_folds_words():
    """True when the search backend's own text configuration already folds diacritics."""
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") == "vietnamese_unaccent"


def folded_copy(text):
    """What a page indexes beside ``text`` so that folded queries find it (see the module doc)."""
    if backend_folds_words():
        return " ".join(fold(number) for number in DOCUMENT_NUMBER_RE.findall(text))
    return fold(text)


def document_number_key(number):
    """'33/QĐ-GDĐT', '33/QD-GDDT' and '33 / qđ-gdđt' all become '33/QD-GDDT'."""
    return re.sub(r"\s+", "", fold(number)).upper()


def _flatten(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_flatten(item) for item in value.values())
    return str(value)


def searchable_text(obj, fields, skip=()):
    """The text of ``obj``'s SearchFields (and RelatedFields), as the search backends index it."""
    parts = []
    for field in fields:
        if isinstance(field, index.SearchField) and field.field_name not in skip:
            parts.append(_flatten(field.get_value(obj)))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            items = (
                related.all() if hasattr(related, "all") else [related() if callable(related) else related]
            )
            for item in items:
                parts.append(searchable_text(item, field.fields, skip))
    return " ".join(part for part in parts if part)
