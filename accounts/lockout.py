"""What django-axes needs from the project: the client address and the lockout page (Điều 4).

Axes counts failed logins per account and per address (``AXES_LOCKOUT_PARAMETERS``). The address
is the one every per-reader limit of the site uses (``site_kb.clientip``), so a forged
X-Forwarded-For never chooses whose bucket is counted or locked.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from site_kb.clientip import client_ip
from site_kb.unicode import nfc

LOGIN_URL_NAME = "wagtailadmin_login"


# The length of axes' username columns (AccessAttempt, AccessFailureLog).
USERNAME_MAX_CHARS = 255


def client_username(request, credentials):
    """The name axes records, as axes itself reads it, in NFC (as every text is stored:
    site_kb.unicode) and cut to its column: a 10,000-character name, or one NFC makes longer,
    is still counted against that name, and never a database error (500)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    return nfc(value)[:USERNAME_MAX_CHARS] if isinstance(value, str) else value


def client_address(request):
    """The reader's address for axes; None (not "") when nothing names it: the column is an IP."""
    return client_ip(request) or None


def lockout_message():
    """The Vietnamese refusal, with the wait from ``LOGIN_LOCKOUT_MINUTES``."""
    return _(
        "Tài khoản hoặc địa chỉ này tạm bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau "
        "%(minutes)s phút hoặc liên hệ cán bộ quản trị CNTT."
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


def lockout_response(request, original_response=None, credentials=None):
    """Wagtail's login page saying why and for how long (``AXES_LOCKOUT_CALLABLE``).

    On Wagtail's login form the page is already drawn with the message (``accounts.forms``):
    it is sent as 429. A lockout reached elsewhere (Django's admin login) is sent to it.
    """
    match = getattr(request, "resolver_match", None)
    if isinstance(original_response, HttpResponse) and match and match.url_name == LOGIN_URL_NAME:
        original_response.status_code = 429
        return original_response
    messages.error(request, lockout_message())
    return redirect(LOGIN_URL_NAME)
