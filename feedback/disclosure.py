"""What of the reader a text about to be published would reveal (Điều 14; Luật 91/2025/QH15).

The office publishes chosen questions and answers "without the reader's identity", yet answers
are written to the reader ("Chào chị Lan, …") and questions signed. Before publishing, the public
texts are searched for the reader's name, telephone number and e-mail address, however written:

- the full name without regard to case or diacritics ("nguyen thi lan" is "Nguyễn Thị Lan");
- the given name with the words before it ("Thị Lan") and the given name after a form of address
  ("chị Lan", "em Lan"), when written as a name: capitalised, or with the name's own diacritics.
  A lower-case word that only folds to the name is ordinary Vietnamese ("chị lần lượt", "thi lần
  hai"), and a warning on every answer would teach editors to ignore it;
- the telephone number in any spelling ("0912 345 678", "0912.345.678", "+84 912 345 678");
- the e-mail address in any case, spaces around the "@" included.

Only the standard library and the core's folding and phone helpers: the admin form calls it.
"""

import dataclasses
import re

from django.utils.translation import gettext as _

from site_kb.folding import fold
from site_kb.phones import phone_digits

WORD_RE = re.compile(r"\w+")
# Runs of digits and what people put between them in a telephone number.
DIGIT_RUN_RE = re.compile(r"\+?\(?\d[\d\s.\-()]*\d")
# Vietnamese forms of address, folded: the word before a given name when a text speaks to someone.
FORMS_OF_ADDRESS = frozenset(
    fold(word)
    for word in (
        "anh chị em ông bà cô chú bác dì cậu mợ thím thầy cháu con bạn cụ phụ huynh quý vị đồng chí"
    ).split()
)
# National numbers without the trunk 0 have 9 digits (mobile) or more; shorter runs are dates, sums.
MIN_NATIONAL_DIGITS = 8


@dataclasses.dataclass(frozen=True)
class Finding:
    """One kind of the reader's data found, and the words that showed it (for the editor)."""

    kind: str
    shown: str

    def describe(self):
        labels = {
            "name": _("tên của bạn đọc"),
            "phone": _("số điện thoại của bạn đọc"),
            "email": _("thư điện tử của bạn đọc"),
        }
        return f"{labels[self.kind]} («{self.shown}»)"


def _words(text):
    """[(word as written, folded word)] of ``text``."""
    return [(match.group(), fold(match.group())) for match in WORD_RE.finditer(text)]


def _written_as_name(written, name_word):
    """A word of the text that stands for ``name_word``: same letters with its diacritics in any
    case, or folded to it and capitalised (a name typed without diacritics: "chị Lan", "chi Lan")."""
    if written.lower() == name_word.lower():
        return True
    return fold(written) == fold(name_word) and written[:1].isupper()


def find_name(text, name):
    """The part of the reader's ``name`` that ``text`` shows, or ""."""
    parts = WORD_RE.findall(name or "")
    if not parts:
        return ""
    words = _words(text)
    folded_parts = [fold(part) for part in parts]
    size = len(parts)
    # The full name (two words or more), any case and diacritics.
    if size >= 2:
        for start in range(len(words) - size + 1):
            if [folded for _written, folded in words[start : start + size]] == folded_parts:
                return " ".join(written for written, _folded in words[start : start + size])
    # The given name with the words before it ("Thị Lan", "Văn An"), written as a name.
    for length in range(size - 1, 1, -1):
        tail = parts[-length:]
        for start in range(len(words) - length + 1):
            window = words[start : start + length]
            if all(_written_as_name(written, part) for (written, _f), part in zip(window, tail, strict=True)):
                return " ".join(written for written, _folded in window)
    # The given name after a form of address ("chị Lan", "em Lan").
    given = parts[-1]
    for (before, folded_before), (written, _folded) in zip(words, words[1:], strict=False):
        if folded_before in FORMS_OF_ADDRESS and _written_as_name(written, given):
            return f"{before} {written}"
    return ""


def find_phone(text, phone):
    """The run of digits in ``text`` that holds the reader's telephone number, or ""."""
    national = phone_digits(phone or "").lstrip("0")
    if len(national) < MIN_NATIONAL_DIGITS:
        return ""
    for match in DIGIT_RUN_RE.finditer(text):
        if national in phone_digits(match.group()):
            return match.group().strip()
    return ""


def find_email(text, email):
    """The reader's e-mail address as ``text`` writes it, or ""."""
    email = (email or "").strip()
    if not email or "@" not in email:
        return ""
    local, _at, domain = email.rpartition("@")
    pattern = re.compile(rf"{re.escape(local)}\s*@\s*{re.escape(domain)}", re.IGNORECASE)
    match = pattern.search(text)
    return match.group() if match else ""


def findings(text, *, name="", email="", phone=""):
    """What of the reader ``text`` shows: a list of ``Finding``, empty when nothing."""
    found = []
    for kind, shown in (
        ("name", find_name(text, name)),
        ("phone", find_phone(text, phone)),
        ("email", find_email(text, email)),
    ):
        if shown:
            found.append(Finding(kind, shown))
    return found


def findings_for(feedback, text):
    """``findings`` of ``text`` for the reader who sent ``feedback``."""
    return findings(text or "", name=feedback.name, email=feedback.email, phone=feedback.phone)
