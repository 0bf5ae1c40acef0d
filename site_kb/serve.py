"""Wagtail's front-end page view, routed by site_kb.routing (issue 17): see that module.

Its own module: ``wagtail.views`` loads the page model when imported, which the page models'
module (site_kb.pages, importing site_kb.routing) cannot wait for.
"""

from django.http import Http404, HttpResponse

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.views import serve_chain

from .routing import answers_itself, route_by_url_path

# Wagtail's own cache of the route on the request (``Page.route_for_request``), filled here so that
# Wagtail's ``Page.find_for_request`` finds the same page.
WAGTAIL_ROUTE_ATTRIBUTE = "_wagtail_route_for_request"


def route_for_request(request, path):
    """``Page.route_for_request``: ``(page, args, kwargs)`` or None, kept on the request as Wagtail
    keeps it. Below the Site's root page the address is routed from the root's in-memory row
    (``route_by_url_path``), then, when that cannot tell, by Wagtail's walk from the root's own row."""
    if not hasattr(request, WAGTAIL_ROUTE_ATTRIBUTE):
        found = None
        site = Site.find_for_request(request)
        if site is not None:
            components = [component for component in path.split("/") if component]
            root = site.root_page
            model = root.specific_class
            try:
                if (
                    components
                    and model is not None
                    and getattr(model.route, "_site_kb_url_path_route", False)
                    and not answers_itself(model, root.live, components)
                ):
                    found = route_by_url_path(root, request, components)
                    if found is None:
                        found = Page.route(root.localized.specific, request, components)  # the walk
                else:
                    found = root.localized.specific.route(request, components)
            except Http404:
                found = None
        setattr(request, WAGTAIL_ROUTE_ATTRIBUTE, found)
    return getattr(request, WAGTAIL_ROUTE_ATTRIBUTE)


def serve(request, path):
    """Wagtail's ``wagtail.views.serve``, routed by ``route_for_request``: the same hooks
    (``on_serve_page``, ``before_serve_page``) in the same order."""
    found = route_for_request(request, path)
    if found is None:
        raise Http404
    page, args, kwargs = found
    on_serve_chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = hook(on_serve_chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
