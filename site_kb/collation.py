"""Vietnamese alphabetical order, as dictionaries and school lists use it.

Code points put "Đồng Hóa" after every name in Z and "Ấp" after "Yên"; even a folded sort puts
"Bắc" before "Ba Sao". The Vietnamese alphabet has 29 letters: a ă â b c d đ e ê g h i k l m n
o ô ơ p q r s t u ư v x y (f j w z, in foreign names, take their Latin places). Names are
compared word by word, as dictionaries compare syllables: first the letters of the word, then
its tone, in the order ngang, huyền, hỏi, ngã, sắc, nặng; only then the next word. Numbers
compare by value ("số 2" before "số 10"); case decides last. Sorting happens in Python, so
every database orders alike (no ICU collation needed).
"""

import re
import unicodedata

from django.db.models import Case, Value, When

LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Marks that make another letter (ă â ê ô ơ ư): part of the letter, compared first.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks, by their rank after ngang (no mark): huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_RANK = {letter: rank for rank, letter in enumerate(LETTERS)}

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_PART_RE = re.compile(r"\d+|\D", re.UNICODE)
_NUMBER, _LETTER, _OTHER = 0, 1, 2  # digits before letters, letters before anything else


def _letter(cluster):
    """(letter, tone) of one base character with its combining marks, in lower case."""
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = max((_TONES[m] for m in marks if m in _TONES), default=0)
    return letter, tone


def _word_key(word):
    letters, tones = [], []
    for part in _PART_RE.findall(word.lower()):
        if part.isdigit():
            letters.append((_NUMBER, int(part)))
            continue
        letter, tone = _letter(part)
        rank = _LETTER_RANK.get(letter)
        letters.append((_LETTER, rank) if rank is not None else (_OTHER, ord(letter[0])))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def vietnamese_sort_key(text):
    """A key that sorts Vietnamese names in dictionary order (module doc): ``sorted(names,
    key=vietnamese_sort_key)``; "An" < "Ấp", "Ba Sao" < "Bắc", "Dương" < "Đồng Hóa".

    Word by word (syllable by syllable): letters, then tone; punctuation only separates words.
    Names equal so far are told apart by case, then by the text itself."""
    text = unicodedata.normalize("NFC", str(text))
    words = _WORD_RE.findall(text)
    cases = tuple(0 if word == word.lower() else 1 for word in words)
    return (tuple(_word_key(word) for word in words), cases, text)


def sorted_vietnamese(items, key=str):
    """``items`` in Vietnamese order of ``key(item)`` (the item's text by default)."""
    return sorted(items, key=lambda item: vietnamese_sort_key(key(item)))


def order_vietnamese(queryset, field="title"):
    """``queryset`` ordered by ``field`` in Vietnamese order, still a queryset (for a form's
    ModelChoiceField or a filter): the names are read once and sorted here, and the database
    orders the rows by their rank. For short lists (schools, units, issuing bodies)."""
    rows = sorted(queryset.values_list("pk", field), key=lambda row: vietnamese_sort_key(row[1] or ""))
    if not rows:
        return queryset
    rank = Case(*(When(pk=pk, then=Value(position)) for position, (pk, _name) in enumerate(rows)))
    return queryset.order_by(rank, "pk")
