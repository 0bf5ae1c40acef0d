"""Navigation pieces every public page shows: main menu and breadcrumbs; the chrome's fragment cache."""

from django import template
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from site_kb.cache_tags import add_tags, children_tag, site_tag
from site_kb.fragment_cache import cached_fragment, site_settings
from site_kb.models import OrganisationSettings
from site_kb.routing import route_chain
from site_kb.sites import canonical_url, site_state

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context):
        vary = tuple(value.resolve(context) for value in self.vary)
        return cached_fragment(
            context.get("request"), self.name.resolve(context), vary, lambda: self.nodelist.render(context)
        )


@register.simple_tag(takes_context=True)
def form_fields(context, form, name, *vary, skip="", bound=False):
    """``{% form_fields form "name" value… skip="q" bound=True %}``: the form's fields (less those
    named in ``skip``, space-separated), each drawn by ``as_field_group``.

    Django draws a field through two or three templates, about 0.4 ms each: a dozen fields were a
    third of the uncached feedback page (bench/run, issue 17). Every anonymous reader of a Site is
    shown the same unbound form, so its fields are kept as a fragment (site_kb.fragment_cache)
    under ``name``, the request's Site and language and ``vary``, with the tags of the shared
    lists they show (``PublicFormMixin.shared_tags``), purged with them, and under the value each
    field shows (an initial one: a school's own unit). ``bound=True`` (a filter form read from the
    address, never one holding what a reader typed about themself) keeps a bound form too while
    it has no errors."""
    request = context.get("request")
    skipped = set(skip.split())
    fields = [field for field in form if field.name not in skipped]

    def render():
        add_tags(request, *form.shared_tags())
        return mark_safe("".join(str(field.as_field_group()) for field in fields))  # noqa: S308

    if form.is_bound and (not bound or form.errors):
        return render()
    # What each field shows: the value read (bound) or its initial one (a school's own unit).
    vary = (*vary, *(repr(field.value()) for field in fields))
    return cached_fragment(request, name, vary, render)


@register.simple_tag(takes_context=True)
def organisation(context):
    """The request's Site's OrganisationSettings, kept for anonymous readers
    (site_kb.fragment_cache.site_settings): ``{% organisation as org %}``."""
    request = context.get("request")
    return site_settings(request, OrganisationSettings) if request is not None else None


@register.tag("cached_fragment")
def do_cached_fragment(parser, token):
    """``{% cached_fragment "header" value… %}…{% endcached_fragment %}``: the enclosed HTML for
    the request's Site and language and the given values, kept in the shared cache until a tag
    its rendering recorded is purged (site_kb.fragment_cache, issue 17). Only for what every
    anonymous reader of the Site sees alike: nothing of the request but the values named."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% cached_fragment %} needs the fragment's name")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )


@register.simple_tag(takes_context=True)
def menu_position(context):
    """What the main menu shows of the current page, as a short string (its fragment varies on it):
    ``home`` on the Site's home, ``<path>=`` on a menu-level section itself (aria-current="page"),
    ``<path>`` below one (aria-current="true"), empty elsewhere. The menu lists the home's
    children, so the current page's ancestor at that depth decides everything it marks."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request is not None else None
    path = getattr(page, "path", "") if page else ""  # as main_menu reads it
    if site is None or not path:
        return ""
    root_path = site.root_page.path
    if path == root_path:
        return "home"
    if not path.startswith(root_path):
        return ""
    section = path[: len(root_path) + Page.steplen]
    return f"{section}=" if path == section else section


@register.simple_tag(takes_context=True)
def canonical_pageurl(context, page):
    """``{% pageurl %}`` for any Page row, plain ones included: the page's address on its own
    member site (site_kb.sites), relative within the request's Site, absolute from another.
    Wagtail's ``pageurl`` of a plain ``Page`` would prefer the request's Site (issue 16)."""
    return canonical_url(page, context.get("request")) or ""


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The root page's live children marked 'show in menus', from one query."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = []
    if site:
        add_tags(request, children_tag(site.root_page))  # a section added or removed (issue 17)
        items = list(site.root_page.get_children().live().in_menu())
    return {
        "request": request,
        "site_root": site.root_page if site else None,
        "menu_items": items,
        "current_path": current.path if current else "",
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The live ancestors of the current page from the home page of the Site it is read on: a
    school's member site starts at the school's own home, not at the authority's (issue 16)."""
    request = context["request"]
    page = context.get("page")
    site = Site.find_for_request(request)
    home_depth = site.root_page.depth if site and page and page.path.startswith(site.root_page.path) else 2
    ancestors = []
    if page and page.depth > home_depth:
        chain = route_chain(request, page)  # as routing read them: no second query (issue 17)
        if chain is not None:
            ancestors = [row for row in chain if row.depth >= home_depth and row.live]
        else:
            ancestors = list(page.get_ancestors().filter(depth__gte=home_depth).live())
    return {"request": request, "ancestors": ancestors, "page": page, "home_depth": home_depth}


@register.simple_tag(takes_context=True)
def authority_home(context):
    """On a member site's pages, the authority's home (``{"url", "name"}``) for the footer's way
    back (Circular 37/2020/TT-BGDĐT Art. 3: the school's site is part of the authority's portal);
    None on the authority's own site. No query: the Sites are in the process's SiteState."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    authority = site_state(request).authority
    if site is None or authority is None or site.pk == authority[0]:
        return None
    add_tags(request, site_tag(authority[0]))  # the authority's name (issue 17)
    return {"url": authority[1] + "/", "name": authority[2] or authority[1]}
