"""A page found from its address in one query rather than one step of the tree at a time (issue 17).

Wagtail routes ``/tin-tuc/mot-tin/`` by walking the tree: the section among the home page's
children by its slug, then the section's own row (``.specific``), then the article among the
section's children, then the article's row: two queries for each step, about a third of what
rendering an article costs. Every page's ``url_path`` is its parent's plus its slug, so the pages
along an address are the pages whose ``url_path`` is one of the address's prefixes: one query
reads them all, and one more the page found.

The walk's meaning is kept exactly; where it cannot be told without the walk, the walk is taken:

- the rows read must be a chain of parent and child (tree path and depth), each with the slug
  of its step: a ``url_path`` out of step with the tree (a repair left half done) is not trusted,
  and an address naming no page is left to the walk, which answers 404;
- a step through a page whose type answers addresses of its own (``RoutablePageMixin``: feeds,
  calendars, the schools' news) goes to that page's own ``route`` when it would answer the rest
  of the address, as Wagtail's walk does, and a page type with a ``route`` of its own always does;
- the page at the end answers through its own ``route`` with nothing left, as in the walk: a page
  that is not live is not found, a routable page serves its index route.

``site_kb.serve`` is Wagtail's front-end view with one change: the Site's root page, which Wagtail reads
again on every request (``.specific``, to call its ``route``), is read only when it is itself the
page served or answers the address itself; the Site's in-memory root row (site_kb.sites) is enough
to route below it. The rows read along the address are kept on the request (``route_chain``): the
breadcrumbs show them without reading the ancestors again.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

# Deeper than any page of an authority's tree (authority, schools list, school, section, article):
# a longer address is walked, which stops at its first unknown step, rather than sending every one
# of its prefixes (a 4 kB request line of one-letter steps would be megabytes of SQL parameters).
MAX_STEPS = 12

# The rows along the address of the page served (``route_chain``), on the request.
CHAIN_ATTRIBUTE = "_site_kb_route_chain"

# A page type whose ``route`` is one of these is walked through here; any other route is its own.
PLAIN_ROUTES = {Page.route, RoutablePageMixin.route}


def walk_answers(model):
    """Whether the tree walk past a page of ``model`` only looks its child up by slug (no
    addresses of its own), or it answers addresses by the standard routable rule."""
    return model.route in PLAIN_ROUTES or getattr(model.route, "_site_kb_url_path_route", False)


def answers_itself(model, row_live, remaining):
    """Would a page of ``model`` answer ``remaining`` (the rest of the address) itself, rather than
    pass it to a child? A routable page does when it is live and one of its routes matches."""
    if not issubclass(model, RoutablePageMixin) or not row_live:
        return False
    if model.resolve_subpage is not RoutablePageMixin.resolve_subpage:
        return True  # its own rule: ask the page itself
    try:
        model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
    except Http404:
        return False
    return True


def route_by_url_path(parent, request, path_components):
    """``parent.route(request, path_components)`` as Wagtail's walk answers it, from the rows whose
    ``url_path`` the address names; None when the walk itself must be taken."""
    if len(path_components) > MAX_STEPS:
        return None
    prefixes = []
    url_path = parent.url_path
    for component in path_components:
        url_path += f"{component}/"
        prefixes.append(url_path)
    rows = {}
    for row in Page.objects.filter(url_path__in=prefixes).only(
        "id", "path", "depth", "slug", "url_path", "live", "content_type_id", "title"
    ):
        if row.url_path in rows:
            return None  # two pages under one address: only the tree can tell
        rows[row.url_path] = row
    above = parent
    for step, (prefix, component) in enumerate(zip(prefixes, path_components, strict=True)):
        row = rows.get(prefix)
        if (
            row is None  # no such page (the walk says 404), or a url_path out of step with the tree
            or row.slug != component
            or row.depth != above.depth + 1
            or not row.path.startswith(above.path)
        ):
            return None
        model = ContentType.objects.get_for_id(row.content_type_id).model_class()
        if model is None or not walk_answers(model):
            return None
        remaining = path_components[step + 1 :]
        if not remaining or answers_itself(model, row.live, remaining):
            page = model._default_manager.get(pk=row.pk)
            found = page.route(request, remaining)
            setattr(request, CHAIN_ATTRIBUTE, [rows[path] for path in prefixes[: step + 1]])
            return found
        above = row
    return None  # not reached: the last step always answers


def route_chain(request, page):
    """The pages from the Site's root page down to ``page``'s parent, as routing this request read
    them (id, path, depth, slug, url_path, live, title), when ``page`` is the page routed to or one
    on its way; None otherwise (the caller reads them)."""
    chain = getattr(request, CHAIN_ATTRIBUTE, None)
    site = Site.find_for_request(request) if chain else None
    if not chain or site is None or not page.path.startswith(site.root_page.path):
        return None
    rows = [site.root_page, *chain]
    for depth, row in enumerate(rows, start=site.root_page.depth):
        if row.depth != depth:
            return None
        if row.pk == page.pk:
            return rows[: depth - site.root_page.depth]
    return None
