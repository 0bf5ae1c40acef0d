"""Demo content for ``manage.py seed_demo``: text, drawings and the bulk generator.

Nothing here is imported by the site itself; only the management command uses it.
"""

import unicodedata

from django.utils.text import slugify


def fold(text):
    """Vietnamese text to plain ASCII: drop the tone and vowel marks, đ→d, Đ→D.

    >>> fold("Trường THCS Ba Sao, Đồng Hóa")
    'Truong THCS Ba Sao, Dong Hoa'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug_for(text):
    """An ASCII slug for a Vietnamese title: ``Trường THCS Ba Sao`` → ``truong-thcs-ba-sao``.

    A slash becomes a hyphen first, so document numbers keep their parts apart:
    ``33/QĐ-GDĐT`` → ``33-qd-gddt``.
    """
    return slugify(fold(text).replace("/", "-"))
