"""The public cache policy on every route of every page (issue 13.2)."""

from wagtail import hooks

from .pages import BasePage


@hooks.register("on_serve_page")
def apply_cache_policy(serve):
    """After any route of a BasePage is served (the page itself, a RoutablePageMixin's routes such
    as feeds and the iCalendar file, a view restriction's login or password form), its response
    carries the Cache-Control of ``BasePage.apply_cache_headers``: the one policy, one place."""

    def serve_with_cache_policy(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        if isinstance(page, BasePage):
            page.apply_cache_headers(request, response)
        return response

    return serve_with_cache_policy
