"""Each Site's sitemap: an index (``/sitemap.xml``) of pages of its addresses (issue 16.7, 17).

``/sitemap.xml`` is a sitemap index (https://www.sitemaps.org/protocol.html#index) naming
``/sitemap-pages.xml?p=1`` … one page per ``URLS_PER_PAGE`` addresses, through Django's own
``sitemaps.views.index`` and ``sitemap`` (Wagtail's wrappers, which give the sitemap the request).
A single sitemap of the benchmark's 55,000 pages and 1,004 Sites took 85–90 s (45–55 s of SQL)
and 5 MB. A page of the index reads ``URLS_PER_PAGE`` pages in id order, walking the primary key's
index (``LIMIT``/``OFFSET``; tree order made PostgreSQL sort the authority's 48,000 pages for a
deep page, and a sitemap needs no order), and the index costs one ``COUNT``: on that database the
index answers in about 0.1 s and each page in under a second, mostly the rendering of its
addresses (bench figures in docs/operations.md).

Both are public and cached like pages (``site_kb.cache_tags``): they carry the ``d<root path>``
tag, so publishing, unpublishing or moving any page of the Site purges them, in Varnish and in
the Django page cache.

A school's member site is rooted at the school's page inside the authority's tree, so
Wagtail's sitemap of the authority would list every school's pages too, under the
authority's host (Wagtail's own ``Sitemap.items`` is the root page's whole subtree). Here the
authority's sitemap leaves out the subtrees of deeper Sites in the query itself, so a thousand
schools' pages are never read to be dropped; each school's sitemap lists them on its own host.
``BasePage.get_sitemap_urls`` still drops a page whose canonical Site is another one rooted at
the same page (site_kb.sites).
"""

import functools

from django.conf import settings
from django.db.models.functions import Substr
from django.utils.cache import patch_cache_control

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Page

from .cache_tags import add_tags, descendants_tag
from .sites import public_pages

# Addresses per sitemap page: well under the protocol's 50,000 (and 50 MB), small enough that a
# page renders in well under a second (about 0.7 ms per address, mostly building its URL and the
# XML template).
URLS_PER_PAGE = 1000


def outside_deeper_sites(queryset, root):
    """``queryset`` without the pages of a Site rooted strictly below ``root`` (a school's member
    site inside the authority's tree).

    A page is in such a subtree when the first ``depth × steplen`` characters of its tree path are
    the path of a Site root at that depth: one ``NOT IN (SELECT …)`` per depth at which such roots
    are (one or two in practice), which PostgreSQL answers with a hash of the roots' paths, so each
    page costs one lookup. The former ``NOT EXISTS`` comparing every page with every root by prefix
    took 24 s to count the authority's 55,000 pages beside 1,000 member sites."""
    deeper_roots = Page.objects.filter(
        sites_rooted_here__isnull=False, path__startswith=root.path, depth__gt=root.depth
    )
    for depth in sorted(set(deeper_roots.values_list("depth", flat=True))):
        prefix = f"site_kb_root_prefix_{depth}"
        queryset = queryset.annotate(**{prefix: Substr("path", 1, depth * Page.steplen)}).exclude(
            **{f"{prefix}__in": deeper_roots.filter(depth=depth).values("path")}
        )
    return queryset


class SiteSitemap(Sitemap):
    limit = URLS_PER_PAGE

    def items(self):
        root = self.get_wagtail_site().root_page
        add_tags(None, descendants_tag(root))  # any page published below (issue 17)
        pages = public_pages(root.get_descendants(inclusive=True).live())
        return outside_deeper_sites(pages, root).order_by("pk").defer_streamfields().specific()

    def get_latest_lastmod(self):
        """None: the index gives no date per page. Django's default reads every page of the Site
        (``max`` over ``items()``) to find one; each page still has its own ``Last-Modified``."""
        return None


# One section: the Site's pages (``/sitemap-pages.xml``).
SITEMAPS = {"pages": SiteSitemap}


def public(view):
    """As the pages it lists: cacheable by browsers and shared caches (``CacheTagsMiddleware``
    adds the tags and ``s-maxage``); a sitemap is the same for every reader."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapped


index = public(sitemap_views.index)
sitemap = public(sitemap_views.sitemap)
