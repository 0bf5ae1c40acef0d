"""Vietnamese folding: what readers type without diacritics must still find the text.

SQLite's FTS5 ``unicode61`` tokenizer folds only letters with one mark and never
đ/Đ; PostgreSQL's default configuration folds nothing. Every page therefore carries
a folded copy of its searchable text (``BasePage.search_folded``) and queries are
folded the same way, so matching behaves alike on every backend.
"""

import re
import unicodedata

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
