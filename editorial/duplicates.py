"""Warn editors about content that repeats what is already published (Điều 13.3d).

The board may refuse information that duplicates content already on the website. When a page
is saved, submitted or published (and when a reviewer opens a page in moderation) the editor
is shown the published pages of the same type that have the same title once diacritics, case
and punctuation are ignored, or whose text (lead or summary and body) is at least
``SIMILARITY_THRESHOLD`` alike.

Candidates come from the site search index, not from scanning the archive: one phrase query
on the folded title and one query on a few distinctive words from the start and the end of the
text, each limited to ``CANDIDATES`` live pages. Only those are compared, so the check costs
the same few queries with 50 or 50,000 published pages.
"""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.search.query import Phrase, PlainText

from site_kb.folding import WORD_RE, fold

SIMILARITY_THRESHOLD = 0.8
CANDIDATES = 20
MIN_WORDS = 30  # shorter texts are too alike by chance ("Tóm tắt tin. Nội dung.")
MAX_WORDS = 3000  # enough to judge; keeps difflib fast on very long documents
QUERY_WORDS = 5  # distinctive words taken from each end of the text
SUMMARY_FIELDS = ("lead", "summary", "intro")

# Words so common in the office's writing that they say nothing about an article.
COMMON_WORDS = set(
    fold(
        "các của những được trong cho với về năm học và là có này đã theo tại từ một người "
        "thực hiện công tác giáo dục đào tạo phòng trường ngày tháng đến khi sẽ không để"
    ).split()
)


@dataclass
class Match:
    page: object
    same_title: bool = False
    similarity: float = 0.0
    reasons: list = field(default_factory=list)


def words_of(text):
    """Folded words, punctuation dropped: 'Lễ khai giảng – năm học 2025!' → ['le', 'khai', …]."""
    return WORD_RE.findall(fold(text))


def title_key(title):
    return " ".join(words_of(title))


def has_body(page):
    try:
        page._meta.get_field("body")
    except FieldDoesNotExist:
        return False
    return True


def text_words(page):
    """The folded words of the page's lead (or summary, intro) and body."""
    parts = [str(getattr(page, name, "") or "") for name in SUMMARY_FIELDS]
    body = page.body
    searchable = getattr(page._meta.get_field("body"), "get_searchable_content", None)
    if body and searchable:  # StreamField and RichTextField give their text without markup
        parts.extend(str(part) for part in searchable(body))
    elif body:
        parts.append(str(body))
    return words_of(" ".join(parts))[:MAX_WORDS]


def similarity(words, other_words):
    matcher = difflib.SequenceMatcher(None, words, other_words, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def distinctive(words):
    """A few long, uncommon words from each end of the text: a copy with a few words changed
    still contains all of one group."""
    chosen = []
    for group in (words[:40], words[-40:]):
        picked = []
        for word in sorted(dict.fromkeys(group), key=lambda w: (-len(w), group.index(w))):
            if word not in COMMON_WORDS and len(word) > 2 and not word.isdigit():
                picked.append(word)
            if len(picked) == QUERY_WORDS:
                break
        if picked and picked not in chosen:
            chosen.append(picked)
    return chosen


def find_duplicates(page):
    """Published pages of the page's type that look like copies of it, best match first."""
    if not has_body(page):
        return []
    model = type(page)
    live = model.objects.live().order_by("-first_published_at")
    if page.pk:
        live = live.exclude(pk=page.pk)

    key = title_key(page.title)
    candidates = {}
    if key:
        for other in live.search(Phrase(key), order_by_relevance=False)[:CANDIDATES]:
            candidates[other.pk] = other

    words = text_words(page)
    if len(words) >= MIN_WORDS:
        groups = distinctive(words)
        if groups:
            queries = [PlainText(" ".join(group), operator="and") for group in groups]
            query = queries[0] if len(queries) == 1 else queries[0] | queries[1]
            for other in live.search(query, order_by_relevance=False)[:CANDIDATES]:
                candidates.setdefault(other.pk, other)

    matches = []
    for other in candidates.values():
        match = Match(other, same_title=bool(key) and title_key(other.title) == key)
        if len(words) >= MIN_WORDS:
            match.similarity = similarity(words, text_words(other))
        if match.same_title:
            match.reasons.append(_("trùng tiêu đề"))
        if match.similarity >= SIMILARITY_THRESHOLD:
            match.reasons.append(
                _("nội dung giống ~%(percent)s%%") % {"percent": round(match.similarity * 100)}
            )
        if match.reasons:
            matches.append(match)
    return sorted(matches, key=lambda m: (not m.same_title, -m.similarity))


def warning_html(request, matches):
    """The warning listing each candidate with links to its live page and its edit view."""
    items = [
        {
            "title": match.page.title,
            "url": match.page.get_url(request),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[match.page.pk]),
            "reasons": match.reasons,
        }
        for match in matches
    ]
    return render_to_string("editorial/duplicate_warning.html", {"matches": items}, request=request)
