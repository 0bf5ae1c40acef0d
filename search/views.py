"""Site search for readers: one box, filters, Vietnamese with or without diacritics."""

import datetime

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from directives.models import DirectivePage
from site_kb.cache_tags import add_tags, descendants_tag
from site_kb.models import paginate
from site_kb.query import document_numbers, exact_match_score, highlight, query_words, reader_query
from site_kb.sites import widest_root_path
from site_kb.unicode import nfc
from site_kb.urlparams import legacy_redirect

from .forms import CONTENT_TYPES, NEWEST, SCOPE_PARAM, SEARCH_PARAMS, WHOLE_AUTHORITY, SearchForm

PER_PAGE = 10
RERANK_WINDOW = 100


def match_ids(results):
    """The primary keys of search ``results``, in their order.

    The database backends build a queryset, from which only the keys are read: selecting whole
    rows there also computes every match's search vector, which on PostgreSQL costs about four
    times as much for a common word at 50,000 pages (bench/search.py). Backends without a
    queryset (Elasticsearch) return their hits."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return list(get_queryset().values_list("pk", flat=True))
    return [page.pk for page in results]


class SpecificPages:
    """Pages by primary key whose items and slices come back as their specific pages, fetched
    only for what is asked (one query per page type)."""

    def __init__(self, ids):
        self.ids = ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, item):
        chunk = self.ids[item] if isinstance(item, slice) else [self.ids[item]]
        specific = Page.objects.filter(pk__in=chunk).specific().in_bulk()
        found = [specific[pk] for pk in chunk if pk in specific]
        return found if isinstance(item, slice) else found[0]


class RerankedResults:
    """Results with pinned documents first, the next ``RERANK_WINDOW`` re-ordered so that pages
    containing the words as typed (with diacritics) come before pages that only match folded,
    and everything after that in the backend's order. Sliceable and countable for Paginator."""

    def __init__(self, results, words, pinned, count):
        pinned_ids = {page.pk for page in pinned}
        window = list(results[:RERANK_WINDOW])
        kept = [page for page in window if page.pk not in pinned_ids]
        ranked = sorted(enumerate(kept), key=lambda item: (-exact_match_score(item[1], words), item[0]))
        self.head = list(pinned) + [page for _position, page in ranked]
        self.results = results
        window_ids = {page.pk for page in window}
        # ``count`` is the number of matches, already known; a pinned document not among them adds one.
        self.total = count + sum(1 for page in pinned if page.pk not in window_ids)

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        start, stop = (item.start or 0, item.stop) if isinstance(item, slice) else (item, item + 1)
        stop = min(stop if stop is not None else self.total, self.total)
        head = self.head[start:stop]
        if stop > len(self.head):
            # Past the re-ranked window the backend's own order continues.
            offset = RERANK_WINDOW - len(self.head)
            head += list(self.results[max(start, len(self.head)) + offset : stop + offset])
        return head if isinstance(item, slice) else head[0]


def search(request):
    modern = legacy_redirect(request, SEARCH_PARAMS)  # an old English link (issue 15.12)
    if modern is not None:
        return HttpResponsePermanentRedirect(modern)
    site = Site.find_for_request(request)
    scope_site, authority = search_scope(request, site)
    form = SearchForm(
        request.GET or None,
        site_root=scope_site.root_page if scope_site else None,
        scoped=authority is not None,
    )
    context = {
        "form": form,
        "scope_field": form[SCOPE_PARAM] if SCOPE_PARAM in form.fields else None,
        "search_query": "",
        "promotions": [],
        "search_results": None,
    }
    if not form.is_bound or not form.is_valid():
        return TemplateResponse(request, "search/search.html", context)

    data = form.cleaned_data
    text = " ".join(data["q"].split())
    context["search_query"] = text
    query = reader_query(text)
    if query is None:
        return TemplateResponse(request, "search/search.html", context)

    pages = Page.objects.live().public()
    add_tags(request, descendants_tag(scope_site.root_page if scope_site else Page.get_first_root_node()))
    if scope_site:
        pages = pages.in_site(scope_site)
    if data["loai"]:
        pages = pages.type(*CONTENT_TYPES[data["loai"]][1])
    for key in ("muc", "truong"):
        if data[key]:
            scope = Page.objects.filter(pk=data[key]).first()
            if scope is not None:
                pages = pages.descendant_of(scope, inclusive=True)
    if data["tu_ngay"]:
        pages = pages.filter(first_published_at__gte=start_of_day(data["tu_ngay"]))
    if data["den_ngay"]:
        pages = pages.filter(
            first_published_at__lt=start_of_day(data["den_ngay"] + datetime.timedelta(days=1))
        )

    newest = data["sap_xep"] == NEWEST
    # One search query lists the newest ``cap + 1`` matches (plain Page rows): that gives the
    # count, and for broad or date-sorted searches the results themselves. Both orders match
    # the same pages, so only a narrow search sorted by relevance asks the index again.
    cap = settings.SEARCH_BROAD_RESULTS
    newest_matches = match_ids(
        pages.order_by("-first_published_at").search(query, order_by_relevance=False)[: cap + 1]
    )
    matches = len(newest_matches)
    broad = matches > cap
    if broad:
        # Ranking every match of a word found in most pages costs seconds on the database
        # backends; such broad queries list the newest ``cap`` matches instead (pages named as
        # typed and words with their diacritics still come first) and say so.
        results, matches = SpecificPages(newest_matches[:cap]), cap
        context["broad_query"] = True
    elif newest:
        results = SpecificPages(newest_matches)
    else:
        results = pages.specific().search(query)

    # A document number puts that document first (Điều 6: readers look documents up by number).
    keys = document_numbers(text)
    pinned = []
    if keys and not newest:
        pinned = list(DirectivePage.objects.filter(number_key__in=keys, pk__in=pages.values("pk")))
    items = results if newest else RerankedResults(results, query_words(text), pinned, matches)
    page_of_results = paginate(request, items, PER_PAGE)
    words = query_words(text)
    context["search_results"] = page_of_results
    context["results"] = [
        {"page": page, "snippet": highlight(snippet_text(page), words)}
        for page in page_of_results.object_list
    ]

    search_query = promotion_query(text)
    if search_query is not None:
        search_query.add_hit()
        context["promotions"] = list(
            search_query.editors_picks.filter(page__live=True).select_related("page")
        )
    return TemplateResponse(request, "search/search.html", context)


def search_scope(request, site):
    """``(site searched, wider Site or None)``. On a member site (a Site inside a wider one: a
    school's, inside the authority's) the search covers that site unless the reader asks for
    ``pham-vi=toan-nganh``; the wider Site is then searched. Elsewhere: the request's Site.
    The wider Site is read only when it is searched (one query); the site root paths it is
    found from are Wagtail's cached list (site_kb.sites)."""
    if site is None:
        return None, None
    widest = widest_root_path(site.root_page, request)
    if widest is None or widest.site_id == site.pk:
        return site, None
    if request.GET.get(SCOPE_PARAM) == WHOLE_AUTHORITY:
        wider = Site.objects.select_related("root_page").filter(pk=widest.site_id).first()
        if wider is not None:
            return wider, wider
    return site, widest


def promotion_query(text):
    """The editors' picks record for ``text``, looked up by the very string it is stored as.

    ``Query.get`` looks up its normalised string (cut to 255, then lower-cased) but stores it
    normalised again and in NFC, so a string those steps change ('İ' lower-cases to two code
    points) would never be found and be inserted again: a unique-constraint error. The key is
    therefore normalised until the steps leave it alone."""
    key = text
    for _round in range(3):
        stored = nfc(normalise_query_string(key))[:MAX_QUERY_STRING_LENGTH]
        if stored == key:
            return Query.get(key) if key else None
        key = stored
    return None  # not settled: the search is not counted


def start_of_day(day):
    """Local midnight: search backends filter on plain datetimes, not on date lookups."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def snippet_text(page):
    for name in ("search_description", "lead", "summary", "intro"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""
