"""Sơ đồ trang: the site's public page tree on one page, for readers.

The target of the toolbar's Alt+Shift+M shortcut and of the footer link (Circular 32/2017/TT-BTTTT
Art. 18 encourages keyboard shortcuts and a site map). It lists the home page, its sections and
their pages (schools, units…) as the editors ordered them, but not the articles and documents a
section lists itself: a page type whose children are such items says so with
``site_map_lists_children = False``; one whose pages are listed alphabetically (the schools)
says ``site_map_sorts_children = True`` (Vietnamese order, site_kb.collation). Only live pages
without a view restriction are shown, and only where every page above them is shown too.
"""

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from wagtail.models import Page, Site

from .cache_tags import add_tags, descendants_tag
from .collation import vietnamese_sort_key
from .sites import public_pages

# The home page, its sections and the sections' pages.
LEVELS_BELOW_HOME = 2


def page_tree(site):
    """``(home, [(section, [page, …]), …])`` for ``site``, from one query."""
    home = site.root_page
    add_tags(None, descendants_tag(home))  # any page published below (issue 17)
    pages = (
        public_pages(Page.objects.live())
        .descendant_of(home)
        .filter(depth__lte=home.depth + LEVELS_BELOW_HOME)
        .order_by("path")
    )
    sections, listed = [], {}  # listed: a section's path -> the list its shown pages go in
    for page in pages:
        if page.depth == home.depth + 1:
            section_pages = []
            sections.append((page, section_pages))
            if getattr(page.specific_class, "site_map_lists_children", True):
                listed[page.path] = section_pages
        elif page.path[: -page.steplen] in listed:
            listed[page.path[: -page.steplen]].append(page)
    for section, section_pages in sections:
        if getattr(section.specific_class, "site_map_sorts_children", False):  # e.g. the schools
            section_pages.sort(key=lambda page: vietnamese_sort_key(page.title))
    return home, sections


def site_map(request):
    site = Site.find_for_request(request)
    if site is None or not site.root_page.live:
        raise Http404
    home, sections = page_tree(site)
    response = TemplateResponse(request, "site_kb/site_map.html", {"home": home, "sections": sections})
    # As the pages it lists: cacheable for anonymous readers, for as long as a page is.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response
