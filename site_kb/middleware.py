"""Requests whose text is not UTF-8 are refused before any view reads them.

Django decodes a request's query string and form fields with the charset its Content-Type
declares (UTF-7 turns ``+ADw-`` into ``<``; an unknown name is silently ignored) and replaces
invalid UTF-8 bytes with U+FFFD. Every page of the site is UTF-8, so a browser never sends
anything else: such a request is a robot or an attack, and gets a short 400 in Vietnamese
instead of reaching a form with mangled text.
"""

import codecs
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


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
