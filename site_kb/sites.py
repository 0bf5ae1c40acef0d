"""Member sites (issue 16): which Site a page belongs to, and which hostnames the install answers.

Circular 37/2020/TT-BGDĐT Art. 3 has the education authority give each school a member site on
its own ``edu.vn`` address. A school's site is a Wagtail ``Site`` rooted at the school's page,
which stays in the authority's tree; so one page lies inside two Sites. Its **canonical** Site
is the deepest one containing it (the school's), and every link, feed, sitemap entry and search
result uses that address; the authority's address for the same page answers 301 to it
(``site_kb.wagtail_hooks``).

With a thousand member sites, neither lookup may cost a query or a pass over the Sites per
request. Everything about the Sites a request needs is one ``SiteState``: each Site's root
path (``canonical_root_path`` looks a page's ancestors' paths up in it: a handful of dict
lookups per link), the number of Sites, every Site hostname and every old hostname with its
Site's current root URL, and the paths of the pages with a view restriction (Điều 4: every page
view and public listing asks whether one covers it; on most installs none does). A process keeps
its ``SiteState`` in memory and checks once per request that it is current against a short token
in the shared cache (``SITES_TOKEN_KEY``), which the receivers below delete whenever a Site, an
old hostname, a site's root page or a view restriction changes; the next request then reads them
again (three queries); code without the request at hand gets the request's state while it is
served (``serving``). Wagtail's own list of site root paths (``Site.get_site_root_paths``),
which is unpickled from the cache on every request that builds a link, costs several
milliseconds at a thousand Sites; it is not used here.

The receivers are connected when this module is imported, which every process does while
loading the page models (``site_kb.pages`` imports it), so a ``manage.py`` command that adds a
school tells the web servers too through the shared cache (Redis in production). A process-local
cache (no REDIS_URL) hears of another process's change when the token expires
(``SITES_TOKEN_SECONDS``), and of a new hostname within seconds (``known_hosts``).
"""

import contextlib
import contextvars
import time
import uuid
from collections import namedtuple
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.urls import NoReverseMatch, reverse

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import SiteRootPath as WagtailSiteRootPath
from wagtail.signals import page_slug_changed, post_page_move

from .cache_tags import add_tags, note_local_change, page_tag
from .models import HostRedirect

SITES_TOKEN_KEY = "site_kb:sites-token:v1"  # noqa: S105  (a cache key, not a secret)
# Changes delete the token; its expiry only bounds what a process-local cache (no REDIS_URL) misses
# of another process's change, as Wagtail's own list of site root paths is kept (an hour). A new
# school's hostname is served within seconds all the same (known_hosts).
SITES_TOKEN_SECONDS = 60 * 60
UNKNOWN_HOST_RECHECK_SECONDS = 10
STATE_ATTRIBUTE = "_site_kb_site_state"

# As Wagtail's SiteRootPath (wagtail.models.sites), without the language: one language per Site.
SiteRootPath = namedtuple("SiteRootPath", ["site_id", "root_path", "root_url"])
# A Site and its root page as loaded: the values of their concrete fields, from which each request
# gets instances of its own (site_for_request); nothing mutable is shared between requests.
SiteRecord = namedtuple("SiteRecord", ["hostname", "port", "is_default_site", "site_values", "page_values"])
SITE_FIELDS = [field.attname for field in Site._meta.concrete_fields]
ROOT_PAGE_FIELDS = [field.attname for field in Page._meta.concrete_fields]


@dataclass(frozen=True)
class SiteState:
    """What a request needs to know about the Sites; immutable, shared by a process's threads."""

    token: str
    index: dict  # root page url_path -> SiteRootPath
    site_count: int
    site_hosts: frozenset
    redirects: dict  # old hostname -> "https://new-host" (Site.root_url)
    loaded_at: float  # time.time()
    wagtail_root_paths: list  # Site.get_site_root_paths()'s list, for Wagtail's own code
    root_page_ids: frozenset
    authority: tuple = None  # (site id, root URL, site name) of the default Site, the authority's
    records_by_hostname: dict = None  # Site.hostname as stored -> SiteRecords (site_for_request)
    default_record: SiteRecord = None
    restricted_paths: tuple = ()  # paths of the pages with a view restriction (restricted_q)


def normalise_host(hostname):
    return (hostname or "").strip().lower().rstrip(".")


def load_state(token):
    """Three queries, whatever the number of Sites: the Sites, the old hostnames, the restricted
    paths. The index keeps, for a root page shared by several Sites, the one Wagtail lists first
    (the default Site, then by hostname): one address for each page, as
    ``Site.get_site_root_paths`` orders them."""
    sites = list(
        Site.objects.select_related("root_page__locale").order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )
    records_by_hostname = {}
    default_record = None
    for site in sites:
        record = SiteRecord(
            site.hostname,
            site.port,
            site.is_default_site,
            tuple(getattr(site, name) for name in SITE_FIELDS),
            tuple(getattr(site.root_page, name) for name in ROOT_PAGE_FIELDS),
        )
        records_by_hostname.setdefault(site.hostname, []).append(record)
        if site.is_default_site:
            default_record = record
    index = {}
    for site in sites:
        index.setdefault(
            site.root_page.url_path, SiteRootPath(site.pk, site.root_page.url_path, site.root_url)
        )
    wagtail_root_paths = [
        WagtailSiteRootPath(
            site.pk, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in sites
    ]
    site_hosts = frozenset(normalise_host(site.hostname) for site in sites)
    # A hostname given back to a Site is served by it, whatever an old redirect says.
    redirects = {
        normalise_host(redirect.hostname): redirect.site.root_url
        for redirect in HostRedirect.objects.select_related("site")
        if normalise_host(redirect.hostname) not in site_hosts
    }
    return SiteState(
        token=token,
        index=index,
        site_count=len(sites),
        site_hosts=site_hosts,
        redirects=redirects,
        loaded_at=time.time(),
        wagtail_root_paths=wagtail_root_paths,
        root_page_ids=frozenset(site.root_page_id for site in sites),
        authority=next(
            ((site.pk, site.root_url, site.site_name) for site in sites if site.is_default_site), None
        ),
        records_by_hostname=records_by_hostname,
        default_record=default_record,
        restricted_paths=tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))),
    )


_process_state = {"state": None}


def sites_token():
    token = cache.get(SITES_TOKEN_KEY)
    if token is None:
        cache.add(SITES_TOKEN_KEY, uuid.uuid4().hex, SITES_TOKEN_SECONDS)
        token = cache.get(SITES_TOKEN_KEY) or uuid.uuid4().hex
    return token


# The SiteState of the request this thread serves (``serving``), for code that has no request at hand
# (a page's view restrictions, a listing's public pages): read once per request, not per call.
_serving_state = contextvars.ContextVar("site_kb_serving_state", default=None)


@contextlib.contextmanager
def serving(state):
    """While a request is served (SiteHostMiddleware), ``site_state()`` answers ``state``, the
    request's own, unless this process changes the Sites or a restriction meanwhile."""
    reset = _serving_state.set(state)
    try:
        yield
    finally:
        _serving_state.reset(reset)


def site_state(holder=None):
    """The current SiteState, checked against the shared token once per ``holder`` (the
    request; without one, the request being served, else each call): one small cache read per
    request, and three queries after a change."""
    if holder is None and (serving_state := _serving_state.get()) is not None:
        return serving_state
    state = getattr(holder, STATE_ATTRIBUTE, None) if holder is not None else None
    if state is None:
        token = sites_token()
        state = _process_state["state"]
        if state is None or state.token != token:
            state = _process_state["state"] = load_state(token)
        if holder is not None:
            setattr(holder, STATE_ATTRIBUTE, state)
    return state


def current_state(token):
    """This process's SiteState if it is current for ``token`` (the shared token, read by the caller
    with other keys in one round trip: the page cache's hit, ``site_kb.page_cache``), else None: the
    Sites changed, or this process has not read them yet, and a request must go through Django."""
    state = _process_state["state"]
    return state if state is not None and token is not None and state.token == token else None


def restricted_q(holder=None):
    """A condition matching the pages a view restriction covers (on them or above them), as
    Wagtail's ``PageQuerySet.private_q``, from the paths kept in the SiteState instead of a query
    of every restriction; None when no page has one."""
    paths = site_state(holder).restricted_paths
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def public_pages(pages, holder=None):
    """``pages`` less those a view restriction covers: Wagtail's ``public()`` without its query."""
    condition = restricted_q(holder)
    return pages if condition is None else pages.exclude(condition)


def share_with_wagtail(request, state):
    """Wagtail's own URL code (``{% pageurl %}`` of a plain ``Page`` row, its sitemap and admin)
    reads the site root paths from ``request._wagtail_cached_site_root_paths`` when set, its
    cache for the request (``Page._get_site_root_paths``): given the same list from the
    process's SiteState, it never unpickles a thousand of them from the cache."""
    request._wagtail_cached_site_root_paths = state.wagtail_root_paths


def matching_record(state, hostname, port):
    """The SiteRecord Wagtail's ``get_site_for_hostname`` would choose, from the state: the Site with
    this hostname and port; else the default Site if it has this hostname; else the only Site with
    this hostname, or the default Site when there are none or several; None without a default."""
    named = state.records_by_hostname.get(hostname, ())
    for record in named:
        if record.port == port:
            return record
    default = state.default_record
    if default is not None and default.hostname == hostname:
        return default
    others = [record for record in named if not record.is_default_site]
    if len(others) == 1:
        return others[0]
    return default


def site_for_request(request, state):
    """``Site.find_for_request(request)`` without its query (1.7 ms of a page at a thousand Sites):
    the Site and its root page built from ``state``'s values, new instances for this request.
    SiteHostMiddleware sets it as Wagtail's per-request cache (``request._wagtail_site``)."""
    record = matching_record(state, split_domain_port(request._get_raw_host())[0], request.get_port())
    if record is None:
        return None
    site = Site.from_db(DEFAULT_DB_ALIAS, SITE_FIELDS, record.site_values)
    site.root_page = Page.from_db(DEFAULT_DB_ALIAS, ROOT_PAGE_FIELDS, record.page_values)
    return site


def forget_sites(**kwargs):
    """Every process reads the Sites again on its next request; this one at once. The token is
    deleted now and again once the change commits: a request of another process that read the
    rows in between (without the change) made a new token, which would otherwise keep, say, a
    page just restricted public there until the token expires."""
    cache.delete(SITES_TOKEN_KEY)
    transaction.on_commit(lambda: cache.delete(SITES_TOKEN_KEY))
    _serving_state.set(None)
    note_local_change()


def forget_sites_if_root(sender, instance, **kwargs):
    """A saved page that is a Site's root may have a new url_path. A process that has read the
    Sites knows their root pages without a query; one that has not (a management command) asks."""
    if not isinstance(instance, Page) or not instance.pk:
        return
    state = _process_state["state"]
    if state is not None:
        is_root = instance.pk in state.root_page_ids
    else:
        is_root = Site.objects.filter(root_page_id=instance.pk).exists()
    if is_root:
        forget_sites()


for model in (Site, HostRedirect, PageViewRestriction):
    post_save.connect(forget_sites, sender=model, dispatch_uid=f"site_kb_sites_save_{model.__name__}")
    post_delete.connect(forget_sites, sender=model, dispatch_uid=f"site_kb_sites_delete_{model.__name__}")
post_save.connect(forget_sites_if_root, dispatch_uid="site_kb_sites_root_page_save")
# A move or a new slug changes the url_paths of every page below, Site roots included, by an
# update that saves none of them.
post_page_move.connect(forget_sites, dispatch_uid="site_kb_sites_page_move")
page_slug_changed.connect(forget_sites, dispatch_uid="site_kb_sites_slug_changed")


# Canonical Site of a page -----------------------------------------------------------------------


def containing_root_paths(page, cache_object=None):
    """The SiteRootPaths of the Sites containing ``page``, deepest first.

    ``url_path`` is ``/home/truong-hoc/truong-a/tin/``: its prefixes ending in ``/`` are the
    url_paths of the page's ancestors, tried from the page itself upwards."""
    index = site_state(cache_object).index
    url_path = page.url_path or ""
    end = len(url_path)
    while end > 0:
        found = index.get(url_path[:end])
        if found is not None:
            yield found
        end = url_path.rfind("/", 0, end - 1) + 1


def canonical_root_path(page, cache_object=None):
    """The SiteRootPath of the deepest Site containing ``page``, or None if no Site does."""
    return next(containing_root_paths(page, cache_object), None)


def widest_root_path(page, cache_object=None):
    """The SiteRootPath of the shallowest Site containing ``page`` (the authority's, for a school's
    page), or None: what "the whole authority" means to a member site's search."""
    widest = None
    for widest in containing_root_paths(page, cache_object):  # noqa: B007  (the last one is kept)
        pass
    return widest


def canonical_url_parts(page, request=None):
    """``(site_id, root_url, path)`` of ``page`` on its canonical Site, as Wagtail's
    ``Page.get_url_parts`` returns them; None when no Site contains the page. The request only
    caches the site root paths: it never chooses the Site. Every link to a page passes here, so
    the response being rendered is tagged with the page it shows (``p<id>``, site_kb.cache_tags)."""
    add_tags(request if hasattr(request, "META") else None, page_tag(page))
    root = canonical_root_path(page, request)
    if root is None:
        return None
    try:
        page_path = reverse("wagtail_serve", args=(page.url_path[len(root.root_path) :],))
    except NoReverseMatch:
        return (root.site_id, None, None)
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and page_path != "/":
        page_path = page_path.rstrip("/")
    return (root.site_id, root.root_url, page_path)


def canonical_url(page, request=None, current_site=None):
    """``page``'s canonical address as a link from ``current_site`` (by default the request's
    Site): a path within the same Site, or when there is only one Site; the full URL otherwise.
    Wagtail's ``Page.get_url`` with the canonical Site, for plain ``Page`` rows too (menus, the
    site map, search promotions), and without counting the Sites once per link."""
    parts = canonical_url_parts(page, request)
    if parts is None or parts[2] is None:
        return None
    site_id, root_url, page_path = parts
    if current_site is None and request is not None:
        current_site = Site.find_for_request(request)
    if (current_site is not None and current_site.pk == site_id) or site_state(request).site_count == 1:
        return page_path
    return root_url + page_path


# Hostnames the install answers --------------------------------------------------------------------


def known_hosts(hostname=None, holder=None):
    """The SiteState, whose ``site_hosts`` and ``redirects`` say which hosts are served. Given the
    ``hostname`` of a request that it does not know, the Sites are read again if this process
    read them more than a few seconds ago: a new school's address works at once even where the
    cache is not shared, while a flood of unknown hosts costs at most one reload per few seconds."""
    state = site_state(holder)
    if (
        hostname is not None
        and hostname not in state.site_hosts
        and hostname not in state.redirects
        and time.time() - state.loaded_at > UNKNOWN_HOST_RECHECK_SECONDS
    ):
        state = _process_state["state"] = load_state(state.token)
        if holder is not None:
            setattr(holder, STATE_ATTRIBUTE, state)
    return state


def configured_hosts():
    """Hosts the operator names in settings rather than in the database: ALLOWED_HOSTS' exact names
    (the load balancer's probe host, a single office's own name; not its ``.suffix`` or ``*``
    patterns, which the database narrows) and the host of WAGTAILADMIN_BASE_URL."""
    hosts = {normalise_host(host) for host in settings.ALLOWED_HOSTS if host and host[0] not in ".*"}
    admin_host = split_domain_port(settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0])[0]
    if admin_host:
        hosts.add(normalise_host(admin_host))
    return hosts


def request_hostname(request):
    """The hostname the request names, without port, lower case; Django's ALLOWED_HOSTS check is
    left to Django (this reads the raw header as Wagtail's Site lookup does)."""
    return normalise_host(split_domain_port(request._get_raw_host())[0])
