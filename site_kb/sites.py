"""Member sites (issue 16): which Site a page belongs to, and which hostnames the install answers.

Circular 37/2020/TT-BGDĐT Art. 3 has the education authority give each school a member site on
its own ``edu.vn`` address. A school's site is a Wagtail ``Site`` rooted at the school's page,
which stays in the authority's tree; so one page lies inside two Sites. Its **canonical** Site
is the deepest one containing it (the school's), and every link, feed, sitemap entry and search
result uses that address; the authority's address for the same page answers 301 to it
(``site_kb.wagtail_hooks``).

Both lookups here cost no query per request and no loop over the Sites:

- ``canonical_root_path`` looks the page's own ancestors' paths up in a dict built once per
  request from Wagtail's cached list of site root paths (a thousand schools: a handful of dict
  lookups per link instead of a thousand string comparisons);
- ``known_hosts`` reads one cache key holding every Site and old (HostRedirect) hostname; the
  receivers below drop it whenever a Site or a HostRedirect is saved or deleted. They are
  connected when this module is imported, which every process does while loading the page
  models (``site_kb.pages`` imports it), so a ``manage.py`` command that adds a school clears
  the cache the web servers read too (a shared cache, e.g. Redis, in production).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.urls import NoReverseMatch, reverse

from wagtail.models import Site

from .models import HostRedirect

KNOWN_HOSTS_CACHE_KEY = "site_kb:known-hosts:v1"
KNOWN_HOSTS_CACHE_SECONDS = 5 * 60  # changes clear it; this bounds what another process missed
KNOWN_HOSTS_RECHECK_SECONDS = 10
ROOT_PATH_INDEX_ATTRIBUTE = "_site_kb_root_path_index"
SITE_COUNT_ATTRIBUTE = "_site_kb_site_count"


# Canonical Site of a page -----------------------------------------------------------------------


def root_path_index(site_root_paths):
    """``{root url_path: SiteRootPath}`` keeping, for a root shared by several Sites, the one
    Wagtail lists first (the default Site, then by hostname): one address for each page."""
    index = {}
    for root in site_root_paths:
        index.setdefault(root.root_path, root)
    return index


def cached_root_path_index(page, cache_object=None):
    """The index of Wagtail's site root paths, built once per ``cache_object`` (the request when
    there is one, else the page), from the list Wagtail itself caches there."""
    holder = cache_object if cache_object is not None else page
    index = getattr(holder, ROOT_PATH_INDEX_ATTRIBUTE, None)
    if index is None:
        index = root_path_index(page._get_site_root_paths(cache_object))
        setattr(holder, ROOT_PATH_INDEX_ATTRIBUTE, index)
        setattr(holder, SITE_COUNT_ATTRIBUTE, len({root.site_id for root in index.values()}))
    return index


def cached_site_count(page, cache_object=None):
    """How many Sites there are, counted when the index is built (not once per link)."""
    cached_root_path_index(page, cache_object)
    return getattr(cache_object if cache_object is not None else page, SITE_COUNT_ATTRIBUTE)


def containing_root_paths(page, cache_object=None):
    """The SiteRootPaths of the Sites containing ``page``, deepest first.

    ``url_path`` is ``/home/truong-hoc/truong-a/tin/``: its prefixes ending in ``/`` are the
    url_paths of the page's ancestors, tried from the page itself upwards."""
    index = cached_root_path_index(page, cache_object)
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
    caches the site root paths: it never chooses the Site."""
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
    if (current_site is not None and current_site.pk == site_id) or cached_site_count(page, request) == 1:
        return page_path
    return root_url + page_path


# Hostnames the install answers --------------------------------------------------------------------


@dataclass(frozen=True)
class KnownHosts:
    """Every Site's hostname, and every old hostname with the root URL its Site answers on now."""

    site_hosts: frozenset
    redirects: dict  # old hostname -> "https://new-host" (Site.root_url)
    loaded_at: float = 0.0  # time.time() when they were read


def normalise_host(hostname):
    return (hostname or "").strip().lower().rstrip(".")


def load_known_hosts():
    """Two queries, whatever the number of Sites; cached by ``known_hosts``."""
    site_hosts = frozenset(normalise_host(name) for name in Site.objects.values_list("hostname", flat=True))
    # A hostname given back to a Site is served by it, whatever an old redirect says.
    redirects = {
        normalise_host(redirect.hostname): redirect.site.root_url
        for redirect in HostRedirect.objects.select_related("site")
        if normalise_host(redirect.hostname) not in site_hosts
    }
    return KnownHosts(site_hosts=site_hosts, redirects=redirects, loaded_at=time.time())


def known_hosts(hostname=None):
    """The cached KnownHosts. Given the ``hostname`` of a request that it does not know, it is read
    again from the database if the cached copy is more than a few seconds old: a process-local
    cache (no REDIS_URL) is not told of a Site another process added, and a new school's address
    must work at once; a flood of unknown hosts still costs at most one reload per few seconds."""
    hosts = cache.get(KNOWN_HOSTS_CACHE_KEY)
    stale = (
        hosts is not None
        and hostname is not None
        and hostname not in hosts.site_hosts
        and hostname not in hosts.redirects
        and time.time() - hosts.loaded_at > KNOWN_HOSTS_RECHECK_SECONDS
    )
    if hosts is None or stale:
        hosts = load_known_hosts()
        cache.set(KNOWN_HOSTS_CACHE_KEY, hosts, KNOWN_HOSTS_CACHE_SECONDS)
    return hosts


def forget_known_hosts(**kwargs):
    cache.delete(KNOWN_HOSTS_CACHE_KEY)


for model in (Site, HostRedirect):
    post_save.connect(
        forget_known_hosts, sender=model, dispatch_uid=f"site_kb_known_hosts_save_{model.__name__}"
    )
    post_delete.connect(
        forget_known_hosts, sender=model, dispatch_uid=f"site_kb_known_hosts_delete_{model.__name__}"
    )


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
