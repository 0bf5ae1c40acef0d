"""Vietnamese alphabetical order, as dictionaries and school lists use it.

Code points put "Đồng Hóa" after every name in Z and "Ấp" after "Yên"; even a folded sort puts
"Bắc" before "Ba Sao". The Vietnamese alphabet has 29 letters (TCVN 5712, the school alphabet):
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; f j w z (in foreign names) take their
Latin places. Names are compared word by word on the letters first; only names with the same
letters are told apart by their tones, in the order ngang, huyền, hỏi, ngã, sắc, nặng; then by
case. Numbers compare by value ("số 2" before "số 10"). This is how CLDR's Vietnamese collation
orders too, without needing ICU on every database.
"""

import re
import unicodedata

LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Marks that make another letter (ă â ê ô ơ ư): part of the letter, compared first.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks, by their rank after ngang (no mark): huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_RANK = {letter: rank for rank, letter in enumerate(LETTERS)}
_TOKEN_RE = re.compile(r"\d+|\w|[^\w]+", re.UNICODE)

# Weights of the first level: a run of spaces or punctuation before any digit, digits before letters.
_SEPARATOR, _NUMBER, _LETTER, _OTHER = 0, 1, 2, 3


def _letter(cluster):
    """(letter, tone) of one base character with its combining marks, in lower case."""
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = max((_TONES[m] for m in marks if m in _TONES), default=0)
    return letter, tone


def vietnamese_sort_key(text):
    """A key that sorts Vietnamese names in dictionary order (module doc): ``sorted(names,
    key=vietnamese_sort_key)``; "An" < "Ấp", "Ba Sao" < "Bắc", "Dương" < "Đồng Hóa"."""
    text = unicodedata.normalize("NFC", " ".join(str(text).split()))
    letters, tones, cases = [], [], []
    for token in _TOKEN_RE.findall(text):
        if token.isdigit():
            letters.append((_NUMBER, int(token)))
            tones.append(0)
            cases.append(0)
        elif not token[0].isalnum() and token[0] != "_":
            letters.append((_SEPARATOR, 0))
            tones.append(0)
            cases.append(0)
        else:
            lower = token.lower()
            letter, tone = _letter(lower)
            rank = _LETTER_RANK.get(letter)
            letters.append((_LETTER, rank) if rank is not None else (_OTHER, ord(letter[0])))
            tones.append(tone)
            cases.append(0 if token == lower else 1)
    return (tuple(letters), tuple(tones), tuple(cases), text)


def sorted_vietnamese(items, key=str):
    """``items`` in Vietnamese order of ``key(item)`` (the item's text by default)."""
    return sorted(items, key=lambda item: vietnamese_sort_key(key(item)))
