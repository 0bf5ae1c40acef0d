"""Vietnamese alphabetical order, as dictionaries and school lists use it.

Code points put "Đồng Hóa" after every name in Z and "Ấp" after "Yên"; even a folded sort puts
"Bắc" before "Ba Sao". The Vietnamese alphabet has 29 letters: a ă â b c d đ e ê g h i k l m n
o ô ơ p q r s t u ư v x y (f j w z, in foreign names, take their Latin places). Names are
compared word by word, as dictionaries compare syllables: first the letters of the word, then
its tone, in the order ngang, huyền, hỏi, ngã, sắc, nặng; only then the next word. Numbers
compare by value ("số 2" before "số 10"); case decides last. Sorting happens in Python, so
every database orders alike (no ICU collation needed).

A word's key is kept once computed (``WORD_KEYS_KEPT`` of them): an authority's thousand school
names are a few hundred distinct words ("Trường", "THCS", commune names), so sorting them costs
a few milliseconds instead of 0.3 s (the reader's feedback page, issue 17).
"""

import functools
import re
import unicodedata

from django.db.models import F, Func, IntegerField

LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Marks that make another letter (ă â ê ô ơ ư): part of the letter, compared first.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks, by their rank after ngang (no mark): huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_RANK = {letter: rank for rank, letter in enumerate(LETTERS)}

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_PART_RE = re.compile(r"\d+|\D", re.UNICODE)
_NUMBER, _LETTER, _OTHER = 0, 1, 2  # digits before letters, letters before anything else
WORD_KEYS_KEPT = 65536  # distinct lower-case words whose key is kept (a few MB at most)


def _letter(cluster):
    """(letter, tone) of one base character with its combining marks, in lower case."""
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = max((_TONES[m] for m in marks if m in _TONES), default=0)
    return letter, tone


@functools.lru_cache(maxsize=WORD_KEYS_KEPT)
def _word_key(word):
    """(letters, tones) of one lower-case word; kept (module doc): keys are immutable tuples."""
    letters, tones = [], []
    for part in _PART_RE.findall(word):
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
    return (tuple(_word_key(word.lower()) for word in words), cases, text)


def sorted_vietnamese(items, key=str):
    """``items`` in Vietnamese order of ``key(item)`` (the item's text by default)."""
    return sorted(items, key=lambda item: vietnamese_sort_key(key(item)))


class ListedOrder(Func):
    """A row's position in ``pks`` (integer primary keys), for ``order_by``: one SQL ``CASE`` written
    when the query is compiled, so ordering a thousand rows in an order computed in Python costs
    no expression per row (a ``Case`` of a thousand ``When`` took 9 ms to build and a thousand
    ``resolve_expression`` calls to compile, issue 17). Rows not in ``pks`` come last."""

    output_field = IntegerField()

    def __init__(self, pks, field="pk"):
        super().__init__(F(field))
        # Integers only: they are written into the SQL text, which never holds anything else.
        self.pks = tuple(int(pk) for pk in pks)
        if not self.pks:
            raise ValueError("ListedOrder needs at least one primary key (CASE needs a WHEN).")

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join(f"WHEN {pk} THEN {position}" for position, pk in enumerate(self.pks))
        return f"CASE {column} {whens} ELSE {len(self.pks)} END", params


def order_listed(queryset, pks):
    """``queryset`` in the order of ``pks`` (then by pk), still a queryset."""
    return queryset.order_by(ListedOrder(pks), "pk") if pks else queryset.order_by("pk")


def order_vietnamese(queryset, field="title"):
    """``queryset`` ordered by ``field`` in Vietnamese order, still a queryset (for a form's
    ModelChoiceField or a filter): the names are read once and sorted here, and the database
    orders the rows by their rank (``ListedOrder``). For short lists (schools, units, issuing
    bodies); a list shown on every request is better sorted once (site_kb.shared_choices)."""
    rows = sorted(queryset.values_list("pk", field), key=lambda row: vietnamese_sort_key(row[1] or ""))
    if not rows:
        return queryset
    return order_listed(queryset, [pk for pk, _name in rows])
