"""Requests whose text is not UTF-8 are refused before any view reads them.

Django decodes a request's query string and form fields with the charset its Content-Type
declares (UTF-7 turns ``+ADw-`` into ``<``; an unknown name is silently ignored) and replaces
invalid UTF-8 bytes with U+FFFD. Every page of the site is UTF-8, so a browser never sends
anything else: such a request is a robot or an attack, and gets a short 400 in Vietnamese
instead of reaching a form with mangled text.

Hosts (issue 16): an old hostname of a member site answers 301 to the same address on its new one,
and in production a host that no Site, old hostname or setting names gets a 400 in Vietnamese
rather than the authority's site (``SiteHostMiddleware``).

The Content Security Policy (Điều 4: intrusion) is chosen here by path: the admin's policy for
the admin, the strict public one everywhere else.
"""

import codecs
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

from csp.constants import HEADER, SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config

from .sites import (
    configured_hosts,
    known_hosts,
    request_hostname,
    serving,
    share_with_wagtail,
    site_for_request,
)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")


def declared_charset(content_type):
    """The charset a Content-Type header names, or None; parsed as Django parses it."""
    _media_type, params = parse_header_parameters(content_type or "")
    return params.get("charset")


def is_utf8_charset(name):
    try:
        return codecs.lookup(name).name == "utf-8"
    except LookupError:
        return False


def percent_decodes_to_utf8(raw):
    """True when ``raw`` (a query string or a url-encoded body), once %-decoded, is valid UTF-8.

    Decoding the whole string at once is enough: ``&`` and ``=`` are ASCII, which no multi-byte
    UTF-8 sequence contains, so the whole is valid exactly when every name and value is."""
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def raw_query_string(request):
    """The query string as sent: WSGI carries its bytes as Latin-1 text; ASGI has already
    decoded it as UTF-8 (refusing invalid bytes itself), so its %-escapes are what remain."""
    if isinstance(request, WSGIRequest):
        return get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
    return request.META.get("QUERY_STRING", "")


class RequestEncodingMiddleware:
    """400 for a declared charset other than UTF-8 (known or not) and for invalid UTF-8 in the
    query string or a url-encoded body. Multipart bodies are left to the upload parser: their
    files are binary, and their fields are decoded with the (now UTF-8) request charset."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = declared_charset(request.META.get("CONTENT_TYPE"))
        if charset is not None and not is_utf8_charset(charset):
            return self.refuse(request)
        if not percent_decodes_to_utf8(raw_query_string(request)):
            return self.refuse(request)
        if (
            request.method == "POST"
            and request.content_type == FORM_CONTENT_TYPE
            and not percent_decodes_to_utf8(request.body)
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        message = _(
            "Dữ liệu gửi lên không dùng bảng mã UTF-8 nên không đọc được. Vui lòng gửi lại từ trang web."
        )
        response = HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
        patch_cache_control(response, private=True, no_store=True)
        return response


# The load balancer's probe (site_kb.health, the "healthz" URL) must answer 503 itself when the
# database or the cache is down, which reading the Sites would turn into a 500: it passes here
# unchecked (Django's ALLOWED_HOSTS still applies; it tells nothing but "ok" or "failed").
PROBE_PATHS = frozenset({"/healthz/"})


class SiteHostMiddleware:
    """Which member site a Host names, decided before anything else reads the request.

    - An old hostname (``site_kb.models.HostRedirect``, issue 16.5) answers 301 to the same path
      and query on its Site's current root URL, in every environment.
    - With ``SITE_HOSTS_FROM_DATABASE`` (production), a host is served only if a Site has it, or
      settings name it exactly (``ALLOWED_HOSTS`` without its ``.suffix`` patterns, the host of
      ``WAGTAILADMIN_BASE_URL``: the load balancer's probe, a single office's own name). So
      ``ALLOWED_HOSTS`` may hold a domain suffix (``.ninhbinh.edu.vn``) for a thousand schools
      while a mistyped or unclaimed name under it gets a clear 400, not the authority's site
      (Wagtail's fallback to the default Site, kept in development and tests).

    The hostnames come from the process's SiteState (``site_kb.sites``), checked against one small
    cache key per request: no query. So does the request's Site, given to Wagtail as its
    per-request cache (``Site.find_for_request``), which would otherwise cost a query per page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.configured = frozenset(configured_hosts())

    def __call__(self, request):
        if request.path_info in PROBE_PATHS:
            return self.get_response(request)
        hostname = request_hostname(request)
        # Only a host that would be refused is worth reading the Sites again for (known_hosts).
        refusing = settings.SITE_HOSTS_FROM_DATABASE and hostname not in self.configured
        hosts = known_hosts(hostname if refusing else None, holder=request)
        share_with_wagtail(request, hosts)
        request._wagtail_site = site_for_request(request, hosts)
        new_root = hosts.redirects.get(hostname)
        if new_root is not None:
            response = HttpResponsePermanentRedirect(new_root + request.get_full_path())
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
            return response
        if refusing and hostname not in hosts.site_hosts:
            return self.refuse(request)
        with serving(hosts):  # read once for the whole request (site_kb.sites.site_state)
            return self.get_response(request)

    def refuse(self, request):
        message = _(
            "Địa chỉ này không thuộc hệ thống cổng thông tin của ngành giáo dục: tên miền chưa được "
            "đăng ký cho trang nào. Vui lòng kiểm tra lại địa chỉ đã gõ."
        )
        response = HttpResponseBadRequest(
            render_to_string("400.html", {"message": message, "unknown_host": True})
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies and frames that follow X-Frame-Options.

    Admin paths (``CSP_ADMIN_PATH_PREFIXES``) get ``CONTENT_SECURITY_POLICY_ADMIN``: Wagtail's
    editor needs inline scripts and styles, which the public site must never allow. A response
    that allows same-origin framing (Wagtail's preview sets ``X-Frame-Options: SAMEORIGIN`` on its
    own views) gets ``frame-ancestors 'self'``; every other keeps the policy's ``'none'``, since
    browsers obey frame-ancestors over X-Frame-Options. A view's own @csp_update/@csp_replace
    still applies on top.
    """

    def process_response(self, request, response):
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN" and HEADER in response:
            # Wagtail's preview renders the page through the whole middleware chain with a request
            # for the page's own address (Page.make_preview_request): the page's policy is already
            # set, with frames refused; only that is widened, once the preview view allowed them.
            response[HEADER] = FRAME_ANCESTORS.sub("frame-ancestors 'self'", response[HEADER])
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES)):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
