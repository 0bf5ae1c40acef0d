"""Turn what a reader typed into a backend-independent, diacritic-insensitive query."""

import html
import re

from django.utils.safestring import mark_safe

from wagtail.search.query import And, Phrase, PlainText

from .folding import DOCUMENT_NUMBER_RE, WORD_RE, document_number_key, fold, fold_word


def parse(text):
    """Quoted parts become phrases, the rest words that must all appear.

    A part without a single word character (lone accent marks, ``*``, ``-``, brackets) is
    dropped: it matches nothing, and SQLite's FTS5 cannot build a query from it."""
    parts = text.split('"')
    queries = []
    for position, part in enumerate(parts):
        part = " ".join(part.split())
        if not WORD_RE.search(part):
            continue
        # Odd positions sit between quotes; an unclosed quote still makes a phrase.
        queries.append(Phrase(part) if position % 2 else PlainText(part, operator="and"))
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else And(queries)


def reader_query(text):
    """The reader's words, folded: every page's folded copy matches on every backend; None when
    nothing searchable is left once folded (a combining mark alone folds to nothing).

    Pages with the words exactly as typed are lifted to the top afterwards
    (``exact_match_score``), which costs far less than ranking a second query.
    """
    return parse(fold(text))


def query_words(text):
    return [word for word in WORD_RE.findall(text.lower()) if word]


def exact_match_score(page, words):
    """How many of the typed words (with their diacritics) the title and summary contain.

    Re-ranks the top results so that 'hội' lists pages with 'hội' before pages with 'hồi'.
    Each word is looked for in the text, not the text split into words: a hundred results' titles
    and summaries split and searched by pattern cost a search about 1 ms (issue 17).
    """
    if not words:
        return 0
    title = page.title.lower()
    if named_as_typed(title, words):
        return 100  # the page is named exactly what the reader typed: a school, a unit, a document
    summary = " ".join(
        str(getattr(page, name, "") or "") for name in ("search_description", "lead", "summary", "intro")
    ).lower()
    return sum(2 for word in words if has_word(title, word)) + sum(
        1 for word in words if has_word(summary, word)
    )


def named_as_typed(title, words):
    """``title``'s words are ``words``, compared folded. A title with more whole alphanumeric
    words than ``words`` is passed over before it is split (most titles: a dozen words or more)."""
    if sum(map(str.isalnum, title.split())) > len(words):
        return False
    title_words = WORD_RE.findall(title)
    return len(title_words) == len(words) and [fold_word(word) for word in title_words] == [
        fold_word(word) for word in words
    ]


def has_word(text, word):
    """``word`` (a run of word characters) is a whole word of ``text``: what ``word in
    set(WORD_RE.findall(text))`` answers, found with ``str.find``. A word character is what
    ``\\w`` matches: alphanumeric (``str.isalnum``) or the underscore."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if not (start and word_character(text[start - 1])) and not (
            end < len(text) and word_character(text[end])
        ):
            return True
        start = text.find(word, start + 1)
    return False


def word_character(character):
    return character.isalnum() or character == "_"


def document_numbers(text):
    """Keys of anything in the query that looks like a document number."""
    return [document_number_key(match) for match in DOCUMENT_NUMBER_RE.findall(text)]


# A word of an escaped text; its entities (what html.escape writes) are passed over, not words.
ESCAPED_WORD_RE = re.compile(r"&(?:amp|lt|gt|quot|#x27);|(\w+)")


def highlight(text, words, limit=40):
    """Up to ``limit`` words of ``text`` with the query's words in <mark>, compared folded.

    The text is escaped once, whole (Python's escape, as Django's: & < > " '), then its words are
    found between the entities: escaping changes no word, so the words and what lies between them
    are those of the text, escaped, without an escape call for each of a results page's ~400
    separators nor Django's lazy-string wrapper (issue 17)."""
    wanted = {fold_word(word) for word in words}
    escaped = html.escape(str(text))
    out, end, count = [], 0, 0
    for match in ESCAPED_WORD_RE.finditer(escaped):
        word = match.group(1)
        if word is None:
            continue
        count += 1
        out.append(escaped[end : match.start()])
        if count > limit:
            out.append("…")
            break
        out.append(f"<mark>{word}</mark>" if fold_word(word) in wanted else word)
        end = match.end()
    else:
        out.append(escaped[end:])
    return mark_safe("".join(out))  # noqa: S308 - the text was escaped whole; words hold no markup
