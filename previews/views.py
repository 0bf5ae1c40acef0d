"""The public address of a preview link (Điều 13.2c): one frozen draft, for whoever holds the token."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import PreviewLink

NO_STORE = "private, no-store"
NOINDEX = "noindex, nofollow"


def protect(response):
    """Headers for every preview response: never cached, never indexed, token never sent as Referer."""
    response["Cache-Control"] = NO_STORE
    response["X-Robots-Tag"] = NOINDEX
    response["Referrer-Policy"] = "no-referrer"
    return response


def render_preview(request, obj):
    """Render ``obj`` (a page rebuilt from a revision) through Wagtail's own preview machinery.

    ``make_preview_request`` builds a GET request to the page's real address and
    runs it through the middleware and ``serve_preview``, so the draft looks
    exactly as the published page will.
    """
    try:
        mode = obj.default_preview_mode
    except IndexError:
        return None
    return protect(obj.make_preview_request(request, mode))


def unavailable(request, status, reason):
    """A small refusal page that says nothing about the page behind the token."""
    response = render(request, "previews/link_unavailable.html", {"reason": reason}, status=status)
    return protect(response)


@require_safe
def shared(request, token):
    """The frozen draft for a live token; 404 for an unknown token, 410 Gone once revoked or expired."""
    link = PreviewLink.objects.select_related("revision").filter(token=token).first()
    if link is None:
        return unavailable(request, 404, "unknown")
    if link.is_revoked:
        return unavailable(request, 410, "revoked")
    if link.is_expired:
        return unavailable(request, 410, "expired")
    response = render_preview(request, link.revision.as_object())
    if response is None:
        return unavailable(request, 404, "unknown")
    return response
