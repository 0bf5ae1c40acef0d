"""The site's chrome (header, main menu, footer) rendered once and kept in the shared cache (issue 17).

Every public page repeats the same header, main menu, link directory and footer of its Site; with
the page cache missing (after a publish, or turned off) rendering them again costs the site
settings, the logo, the menu and the link directory from the database, and their templates, on
every page. A fragment is kept under its Site, language and what it varies on (the menu's current
section) for ``PAGE_CACHE_SECONDS``, with the cache tags its rendering recorded
(``site_kb.cache_tags``: the settings ``s<site>``, the menu's ``c<root>`` and ``p<id>``, the link
directory's ``m-…``), and is purged by the SAME tag generations as the Django page cache
(``page_cache.tags_valid``): a publish that renames a menu page, a saved link or site setting
makes every fragment showing it a miss on the next request, on every app server sharing the cache.

A page that includes a fragment carries the fragment's tags in its own ``xkey`` header whether the
fragment was rendered or read (``add_tags`` on a miss and on a hit), so Varnish purges the page
with it.

Only anonymous readers' GET and HEAD use it, as the page cache decides "anonymous" (no session
cookie, never a preview): an editor, a preview or a form post renders the chrome afresh. Off with
``DJANGO_FRAGMENT_CACHE=false`` (the tests' default: rolled-back rows purge nothing).
"""

import hashlib
import time

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Site

from .cache_tags import TAGS_ATTRIBUTE, add_tags, site_tag
from .page_cache import kept, tagged_get, tagged_set

ENTRY_PREFIX = "site_kb:fragment:v2:"
SETTINGS_PREFIX = "site_kb:site-settings:v1:"


def is_candidate(request):
    """May this request's chrome come from (and fill) the fragment cache? The page cache's notion
    of an anonymous reader: GET or HEAD, no session cookie, not a preview (Wagtail's dummy
    request, a preview link)."""
    return (
        settings.DJANGO_FRAGMENT_CACHE
        and request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and not getattr(request, "is_dummy", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def fragment_key(name, site, vary):
    raw = "\x1f".join([name, str(site.pk), get_language() or "", *(str(value) for value in vary)])
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def render_collecting_tags(request, render):
    """``render()``, and the tags recorded on ``request`` while it ran (they stay on it too)."""
    outer = getattr(request, TAGS_ATTRIBUTE, None)
    setattr(request, TAGS_ATTRIBUTE, set())
    try:
        html = render()
        found = getattr(request, TAGS_ATTRIBUTE)
    finally:
        setattr(request, TAGS_ATTRIBUTE, outer if outer is not None else set())
    add_tags(request, *found)
    return html, found


def cached_fragment(request, name, vary, render):
    """The HTML of fragment ``name`` of the request's Site, for ``vary`` (a tuple of what else it
    depends on): from the cache when no tag of it was purged since it was rendered, else from
    ``render()`` (then stored). Either way the fragment's tags, and the Site's settings tag, are
    added to the response's tags. Outside the cache's reach (``is_candidate``) just ``render()``."""
    site = Site.find_for_request(request) if is_candidate(request) else None
    if site is None:
        return render()
    key = fragment_key(name, site, vary)
    kept = tagged_get(key)
    if kept is not None:
        html, tags = kept
        add_tags(request, *tags)
        return html
    rendered_at = time.time()
    html, found = render_collecting_tags(request, render)
    tags = sorted(found | {site_tag(site)})  # the header and footer show the Site's settings
    add_tags(request, *tags)
    tagged_set(key, html, tags, rendered_at)
    return html


def site_settings(request, model):
    """``model.for_request(request)``: a Site's settings shown on every page (the organisation's
    name in the title, header and footer). For an anonymous reader they are kept in the shared
    cache under the Site's settings tag ``s<site>``, purged when they are saved
    (site_kb.cache_purges), instead of one query a page; editors and previews read the row.
    Either way they are kept on the request as Wagtail does."""
    attribute = model.get_cache_attr_name()
    if not hasattr(request, attribute) and is_candidate(request):
        site = Site.find_for_request(request)
        if site is not None:
            key = f"{SETTINGS_PREFIX}{model._meta.label_lower}:{site.pk}"
            instance, _tags = kept(key, lambda: (model.for_site(site), [site_tag(site)]))
            instance._request = request  # as Wagtail's for_request sets it
            setattr(request, attribute, instance)
    return model.for_request(request)
