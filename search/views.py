"""Site search for readers: one box, filters, Vietnamese with or without diacritics."""

import datetime

from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site

from site_kb.cache_tags import add_tags, descendants_tag
from site_kb.models import paginate
from site_kb.query import document_numbers, highlight, query_words, reader_query
from site_kb.sites import public_pages, widest_root_path
from site_kb.urlparams import legacy_redirect

from . import hits
from .forms import CONTENT_TYPES, NEWEST, SCOPE_PARAM, SEARCH_PARAMS, WHOLE_AUTHORITY, SearchForm
from .results import (
    RESULTS_TAG,
    SUMMARY_FIELDS,
    cache_key,
    cached_find,
    find,
    promoted_query_strings,
    summary_rows,
)

PER_PAGE = 10


# What a result shows beside its Page row's title and date: its summary (snippet_text) and number.
RESULT_FIELDS = (*SUMMARY_FIELDS[1:], "number")
# What a result reads of its Page row beside its key: its address on its own Site (url_path,
# site_kb.sites.canonical_url), its title, type, date and search description.
RESULT_PAGE_FIELDS = ("title", "url_path", "content_type_id", "first_published_at", "search_description")


class ResultPages:
    """The results' pages by key, in the keys' order, sliceable and countable for Paginator: only
    the slice read is fetched, and only among ``pages`` (the reader's live and public pages), so a
    key kept from before never shows a page since unpublished or made private (search.results).

    A result shows its title, address, type, date, number and summary, never its body: it is its
    Page row, with only the columns it shows, and the few fields of its own type it shows are read
    for every type at once (``summary_rows``) and set on it. Two queries whatever the types, and
    no specific page built (issue 17: 2.6 ms for ten results read whole, 1.5 ms as Wagtail's
    deferred specific pages, 0.85 ms as these rows)."""

    def __init__(self, keys, pages, total=None):
        self.keys = keys
        self.pages = pages
        self.total = len(keys) if total is None else total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        chunk = self.keys[item] if isinstance(item, slice) else [self.keys[item]]
        rows = self.pages.filter(pk__in=chunk).only(*RESULT_PAGE_FIELDS).in_bulk()
        by_type = {}
        for page in rows.values():
            by_type.setdefault(page.content_type_id, []).append(page.pk)
        for pk, name, value in summary_rows(by_type, RESULT_FIELDS):
            setattr(rows[pk], name, value)
        found = [rows[pk] for pk in chunk if pk in rows]
        return found if isinstance(item, slice) else found[0]


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

    pages = public_pages(Page.objects.live(), request)
    scope_root = scope_site.root_page if scope_site else Page.get_first_root_node()
    tags = [descendants_tag(scope_root), RESULTS_TAG]
    add_tags(request, tags[0])
    newest = data["sap_xep"] == NEWEST
    words = query_words(text)
    filters = {name: data[name] for name in ("loai", "muc", "truong", "tu_ngay", "den_ngay", "sap_xep")}
    found = cached_find(
        cache_key(scope_root, text, filters),
        tags,
        lambda: find(
            filtered(pages, scope_site, data), query, words, newest=newest, number_keys=document_numbers(text)
        ),
    )
    context["broad_query"] = found.broad
    page_of_results = paginate(request, ResultPages(found.keys, pages, found.total), PER_PAGE)
    context["search_results"] = page_of_results
    context["results"] = [result_item(page, words) for page in page_of_results.object_list]

    query_string = hits.stored_query_string(text)
    if query_string is not None:
        hits.count(query_string)  # written after the response (search.hits)
        if query_string in promoted_query_strings():
            promotions = SearchPromotion.objects.filter(query__query_string=query_string, page__live=True)
            context["promotions"] = list(promotions.select_related("page"))
    return TemplateResponse(request, "search/search.html", context)


def filtered(pages, scope_site, data):
    """``pages`` narrowed to the searched site and the reader's filters."""
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
    return pages


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


def start_of_day(day):
    """Local midnight: search backends filter on plain datetimes, not on date lookups."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def result_item(page, words):
    """What a result shows beside its page's title and address, read once here: its snippet, its
    number ("number" given: a template's lookup of an attribute a page lacks costs a dir() of it),
    its type and its date, local, as the ``datetime`` attribute and as read (d/m/Y); the template
    filter formatted each date twice (0.3 ms a page of results, issue 17)."""
    published = page.first_published_at and timezone.localtime(page.first_published_at)
    return {
        "page": page,
        "snippet": highlight(snippet_text(page), words),
        "number": getattr(page, "number", ""),
        "type_name": (page.specific_class or Page).get_verbose_name(),  # a removed type: "Trang"
        "date": published and (published.strftime("%Y-%m-%d"), published.strftime("%d/%m/%Y")),
    }


def snippet_text(page):
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, "")
        if value:
            return value
    return ""
