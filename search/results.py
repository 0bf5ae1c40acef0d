"""The reader's search, as an ordered list of page keys: found fast at 50,000 pages, kept exactly.

Issue 17 asks for a search answered in under 150 ms at 50,000 pages, and for every public page to
hold up under load. ``find`` does the work of a search once; ``cached_find`` keeps what it found
in the shared cache so the many parents typing the same words the same morning are answered by
two cache reads, and never with a page that is no longer there.

- Matching (``newest_matches``). On PostgreSQL the pages are matched against Wagtail's search
  index with the index row of each page's *own* content type. Wagtail's backend joins each page to
  an index row of any of the 17 page types (``content_type_id IN (…)``), which costs 17 index
  look-ups a page: for a common word ('trường', in most of the 55,000 pages) the newest 201 matches
  read 21,000 buffers, 'giáo dục' 397,000 (EXPLAIN ANALYZE on bench_run_7960_5073); one look-up a
  page reads 1,850 and 12,800. Other backends (SQLite FTS5, Elasticsearch) go through Wagtail's
  ``search()`` as before.
- Re-ranking (``rerank``) reads the few text fields it compares, not whole specific pages.
- Results are page keys only; the pages shown are fetched for the page of results read, through
  the reader's live and public pages, so a key kept from before can never show a page that has
  since been unpublished or made private.
- The cache (``cached_find``) is keyed by the searched site, the normalised words, the filters and
  the broad-search cap, and holds the whole ordered list (at most the cap and the pinned
  documents), so every page of results reads the same entry. It is valid while the tags it was
  found with were not purged since (``site_kb.page_cache.tags_valid``, the page cache's rule):
  ``d<site root>`` (any page of the site published, unpublished, moved or deleted,
  ``site_kb.cache_purges``) and ``RESULTS_TAG``, purged when the search index was written (its task
  finished, in the request in development, in the worker in production) and when a page's
  privacy changed (``purge_results``). Off with ``DJANGO_PAGE_CACHE=false``, like the page cache,
  so that uncached figures are really uncached.
"""

import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, OuterRef
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Cast

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from modelsearch.conf import get_app_config
from modelsearch.tasks import insert_or_update_object_task
from modelsearch.utils import get_descendants_content_types_pks

from directives.models import DirectivePage
from site_kb.cache_tags import invalidate_page_cache
from site_kb.page_cache import kept
from site_kb.query import exact_match_score

RERANK_WINDOW = 100
# A search estimated to match at least this many pages walks the pages newest first
# (``newest_matches``). On the benchmark's 63,000 pages the walk wins from about 15,000 matches
# ('giáo dục', 22,796: 12,738 buffers against some 20,000) and loses below ('chuyển đổi số',
# 15,300 but estimated 11,215: 38,643 against 11,286); a listing costs about a buffer a match.
WALK_MIN_MATCHES = 15_000
# Fields whose words lift a page in the re-ranking (site_kb.query.exact_match_score), beside the title.
SUMMARY_FIELDS = ("search_description", "lead", "summary", "intro")
RESULTS_TAG = "search-results"
PROMOTIONS_TAG = "search-promotions"
PROMOTED_KEY = "site_kb:search:promoted:v1"
ESTIMATE_PREFIX = "site_kb:search:estimate:v1:"
ESTIMATE_SECONDS = 60 * 60
KEY_PREFIX = "site_kb:search:v2:"


@dataclass
class Found:
    """A search's outcome: every result's page key in order, how many to announce, and whether the
    search was broad (more matches than ``SEARCH_BROAD_RESULTS``: the newest of them are listed)."""

    keys: list
    total: int
    broad: bool = False


def match_keys(results):
    """The primary keys of Wagtail search ``results``, in their order, reading only the keys.

    The database backends build a queryset: selecting whole rows there also computes every match's
    search vector. Backends without a queryset (Elasticsearch) return their hits."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return list(get_queryset().values_list("pk", flat=True))
    return [page.pk for page in results]


def postgres_backend(backend):
    """True for Wagtail's PostgreSQL database backend (the one ``newest_matches`` writes SQL for)."""
    return (
        connection.vendor == "postgresql"
        and hasattr(backend, "query_compiler_class")
        and (hasattr(backend.query_compiler_class, "build_tsquery"))
    )


# What the re-ranking reads of the page table (text_fields), read with the matches themselves.
PAGE_TEXT_COLUMNS = ("content_type_id", "title", "search_description")


def newest_matches(pages, query, limit):
    """``{key: (content type id, title, search description)}`` of up to ``limit`` pages of ``pages``
    matching ``query``, newest first (a dict keeps that order; see the module). The columns the
    re-ranking reads come in the same query on PostgreSQL, whose plan reads those rows anyway.

    On PostgreSQL the plan is chosen here, from the planner's own estimate of the matches (its
    statistics of the index, one planning round trip): a word in at least ``WALK_MIN_MATCHES`` pages
    is found by walking the pages newest first and looking each one's index row up (the newest 201
    of 'trường' read 1,823 buffers), any other by listing its matches first and sorting them ('học
    sinh giỏi', 2,735 matches: 5,584 buffers, where the walk read 64,882 because the newest pages
    of the benchmark, the schools' own pages, seldom hold those words). Left to itself the planner
    walks for both once each look-up is cheap. Either way the pages are filtered and ordered alike."""
    backend = get_search_backend()
    if not postgres_backend(backend):
        newest = pages.order_by("-first_published_at").search(query, order_by_relevance=False)
        keys = match_keys(newest[:limit])
        rows = Page.objects.filter(pk__in=keys).values_list("pk", *PAGE_TEXT_COLUMNS)
        columns = {pk: tuple(rest) for pk, *rest in rows}
        return {pk: columns[pk] for pk in keys if pk in columns}
    compiler = backend.query_compiler_class(pages, query)
    tsquery = compiler.build_tsquery(query, config=backend.config)
    index_entry = get_app_config().get_model("IndexEntry")

    def entries():
        """The index rows matching: the expression the backend matches (and
        site_kb_indexentry_title_body_gin indexes)."""
        document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        return index_entry.objects.annotate(document=document).filter(document=tsquery)

    if estimated_matches(query, entries) < WALK_MIN_MATCHES:
        return listed_matches(pages, index_entry, tsquery, limit)
    own_row = entries().filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=Cast(OuterRef("pk"), output_field=CharField(max_length=50)),
    )
    matching = pages.filter(Exists(own_row)).order_by("-first_published_at")
    rows = matching.values_list("pk", *PAGE_TEXT_COLUMNS)[:limit]
    return {pk: tuple(rest) for pk, *rest in rows}


# The page's first-publication date on its index row, kept by PostgreSQL (search migration 0003).
PAGE_DATE_COLUMN = "page_first_published_at"


def listed_matches(pages, index_entry, tsquery, limit):
    """``newest_matches`` for words in fewer pages: the index rows of pages matching ``tsquery``
    (found by the GIN index) sorted newest first by the page date kept on each row, then each page
    looked up in that order among ``pages`` until ``limit`` are found. One statement: the sorted
    matches are a fenced subquery (``OFFSET 0``) and each page a LATERAL lookup on its primary key,
    so that PostgreSQL neither joins every match to the page table nor reads every page to sort
    them ('sơ cứu', 1,692 matches: 2,200 buffers and 2.3–2.8 ms, against 6,300 and 4–5 ms when
    every match's page was read; issue 17). Pages published at the same instant come highest key
    first; the walk leaves such ties in the order it meets them (a tie-break there would read whole
    groups of them: the benchmark's thousand schools were published together).

    The index side is written here rather than built as a queryset: building and compiling it
    through the ORM cost 0.7 ms a search (issue 17); only the tsquery is the backend's own SQL,
    compiled alone. Its match must stay the expression site_kb_indexentry_title_body_gin indexes,
    ``title || body`` (as ``entries`` in ``newest_matches``): a test asserts the plan uses it."""
    quote = connection.ops.quote_name
    table = quote(index_entry._meta.db_table)
    column = {name: f"{table}.{quote(name)}" for name in ("object_id", "title", "body", "content_type_id")}
    match_sql, match_params = (
        index_entry.objects.all().query.get_compiler(connection=connection).compile(tsquery)
    )
    rows_sql = (
        f'SELECT ({column["object_id"]})::integer AS "key", {table}.{PAGE_DATE_COLUMN} AS "published" '  # noqa: S608 (names only)
        f"FROM {table} WHERE ({column['title']} || {column['body']}) @@ {match_sql} "
        f"AND {column['content_type_id']} = ANY(%s) ORDER BY 2 DESC NULLS FIRST, 1 DESC OFFSET 0"
    )
    rows_params = (*match_params, get_descendants_content_types_pks(Page))
    lookup = pages.filter(pk=RawSQL('"listed"."key"', ())).order_by().values_list("pk", *PAGE_TEXT_COLUMNS)
    page_sql, page_params = lookup.query.sql_with_params()
    sql = (
        f'SELECT "page".* FROM ({rows_sql}) AS "listed" '  # noqa: S608 (names and the ORM's SQL)
        f'CROSS JOIN LATERAL ({page_sql} OFFSET 0) AS "page" '
        f'ORDER BY "listed"."published" DESC NULLS FIRST, "listed"."key" DESC LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*rows_params, *page_params, limit))
        return {pk: tuple(rest) for pk, *rest in cursor.fetchall()}


def estimated_rows(queryset):
    """PostgreSQL's estimate of the rows ``queryset`` returns: EXPLAIN, planned, not run."""
    return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]


def estimated_matches(query, entries):
    """``estimated_rows(entries())``, the index rows matching ``query`` (``entries`` builds their
    queryset, only when the estimate is not kept), kept in the shared cache for
    ``ESTIMATE_SECONDS``: a round trip and a planning (0.8 ms, 5 % of an uncached search, issue 17)
    saved for every later search of the same words. The estimate comes from the planner's
    statistics, which change only when the index is analysed (autovacuum); one an hour old chooses
    a plan as well, and both plans find the same pages in the same order."""
    key = ESTIMATE_PREFIX + hashlib.sha256(repr(query).encode("utf-8", "surrogateescape")).hexdigest()
    return cache.get_or_set(key, lambda: estimated_rows(entries()), ESTIMATE_SECONDS)


def relevance_keys(keys, query):
    """``keys`` (every match of a narrow search) in the backend's order of relevance."""
    return match_keys(Page.objects.filter(id__in=keys).search(query))  # "id": a FilterField of Page


class TextFields:
    """What ``exact_match_score`` reads of a page: its title and summary fields."""

    def __init__(self, **values):
        self.__dict__.update(values)


def text_fields(keys, known=None):
    """``{key: TextFields}`` for ``keys``, in two queries whatever the page types: the titles, then
    every summary field at once (``summary_rows``), instead of whole specific pages (their bodies,
    their clusters) or one ORM query per page type (eight for 'trường', 5 ms of Python, issue 17).
    ``known``: ``{key: PAGE_TEXT_COLUMNS}`` already read (``newest_matches``); only the others are
    asked for the titles."""
    known = known or {}
    missing = [pk for pk in keys if pk not in known]
    rows = [(pk, *known[pk]) for pk in keys if pk in known]
    if missing:
        rows += Page.objects.filter(pk__in=missing).values_list("pk", *PAGE_TEXT_COLUMNS)
    found, by_type = {}, {}
    for pk, content_type_id, title, description in rows:
        found[pk] = TextFields(title=title, search_description=description)
        by_type.setdefault(content_type_id, []).append(pk)
    for pk, name, value in summary_rows(by_type):
        setattr(found[pk], name, value)
    return found


def summary_fields(model, names=SUMMARY_FIELDS[1:]):
    """The fields among ``names`` that ``model`` stores (by default the ``SUMMARY_FIELDS`` beside
    ``search_description``, a Page column)."""
    concrete = {model_field.name for model_field in model._meta.concrete_fields}
    return [model._meta.get_field(name) for name in names if name in concrete]


def summary_rows(by_type, fields=SUMMARY_FIELDS[1:]):
    """``(key, field name, value)`` of the ``fields`` (by default the summary fields) of
    pages grouped ``{content type id: keys}``: one query, a SELECT of each field from its own table
    by the page key (no join), joined by UNION ALL. Table and column names come from the models;
    the keys are parameters."""
    quote = connection.ops.quote_name
    selects, params, names = [], [], []
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose code was removed: its title still ranks
            continue
        for field in summary_fields(model, fields):
            table = field.model._meta  # an inherited field lives in its parent's table
            key = quote(table.pk.column)
            placeholders = ", ".join(["%s"] * len(pks))
            selects.append(
                f"SELECT {key}, {len(names)}, {quote(field.column)} FROM {quote(table.db_table)} "  # noqa: S608
                f"WHERE {key} IN ({placeholders})"  # names from the models, quoted; keys as parameters
            )
            params.extend(pks)
            names.append(field.name)
    if not selects:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return [(pk, names[index], value) for pk, index, value in cursor.fetchall()]


def rerank(keys, words, pinned, known=None):
    """Pinned documents first, then the first ``RERANK_WINDOW`` results re-ordered so that pages
    with the words as typed (with diacritics) come before pages that only match folded, then the
    rest in the backend's order."""
    pinned_set = set(pinned)
    rest = [pk for pk in keys if pk not in pinned_set]
    window, tail = rest[:RERANK_WINDOW], rest[RERANK_WINDOW:]
    fields = text_fields(window, known)
    ranked = sorted(
        enumerate(window),
        key=lambda item: (-exact_match_score(fields[item[1]], words) if item[1] in fields else 0, item[0]),
    )
    return list(pinned) + [pk for _position, pk in ranked] + tail


def find(pages, query, words, *, newest, number_keys):
    """Search ``pages`` (live, public, filtered) for ``query``. One query lists the newest
    ``cap + 1`` matches by key: that gives the count, and the results of a broad or date-sorted
    search; only a narrow search sorted by relevance ranks its (at most ``cap``) matches."""
    cap = settings.SEARCH_BROAD_RESULTS
    matches = newest_matches(pages, query, cap + 1)
    newest_keys = list(matches)
    broad = len(newest_keys) > cap
    if broad:
        # Ranking every match of a word found in most pages costs seconds on the database backends;
        # such broad queries list the newest ``cap`` matches (re-ranked below) and say so.
        keys = newest_keys[:cap]
    elif newest or not newest_keys:
        keys = newest_keys
    else:
        keys = relevance_keys(newest_keys, query)
    if newest:
        return Found(keys=keys, total=len(keys), broad=broad)
    pinned = []
    if number_keys:
        # A document number puts that document first (Điều 6: readers look documents up by number).
        pinned = list(
            DirectivePage.objects.filter(number_key__in=number_keys, pk__in=pages.values("pk")).values_list(
                "pk", flat=True
            )
        )
    keys = rerank(keys, words, pinned, known=matches)
    return Found(keys=keys, total=len(keys), broad=broad)


# The cache ---------------------------------------------------------------------------------------


def cache_key(scope_root, text, filters):
    """The searched site's root, the words as the search reads them (case does not change a result),
    the filters and the cap."""
    raw = json.dumps(
        [scope_root.pk, text.lower(), filters, settings.SEARCH_BROAD_RESULTS],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def cached_find(key, tags, compute):
    """``compute()``'s Found, from the cache while ``tags`` were not purged since it was found."""
    if not settings.DJANGO_PAGE_CACHE:
        return compute()

    def build():
        found = compute()
        return (found.keys, found.total, found.broad), tags

    (keys, total, broad), _tags = kept(key, build)
    return Found(keys=keys, total=total, broad=broad)


def promoted_query_strings():
    """The query strings editors pinned pages to (Wagtail's search promotions), kept in the shared
    cache until a promotion is saved or deleted (``purge_promotions``): most searches
    have none and are answered without asking the database (issue 17)."""

    def build():
        strings = frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True))
        return strings, [PROMOTIONS_TAG]

    strings, _tags = kept(PROMOTED_KEY, build)
    return strings


def purge_promotions(**kwargs):
    """The promoted query strings are stale once the transaction commits (at once outside one)."""
    transaction.on_commit(lambda: invalidate_page_cache([PROMOTIONS_TAG]))


def purge_results(**kwargs):
    """Every kept search result is stale once the transaction commits (at once outside one)."""
    transaction.on_commit(lambda: invalidate_page_cache([RESULTS_TAG]))


def index_written(sender, task_result, **kwargs):
    """django-tasks' ``task_finished``: the search index was written (a page saved, published,
    unpublished, its text changed), so results found before may miss or wrongly hold it. Readers
    find pages only: a reader's question or an editor's image indexed for the admin's search
    changes no result."""
    if task_result.task.module_path != insert_or_update_object_task.module_path:
        return
    app_label, model_name, *_ = (*task_result.args, None, None)
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, TypeError, ValueError):
        model = Page  # unknown arguments: purge, as for a page
    if issubclass(model, Page):
        purge_results()
