"""The admin waits for the second factor (issue 14, Điều 4: a stolen password is not enough).

After the password, a user with a confirmed authenticator app reaches nothing of the admin
(pages, JSON endpoints, Django's admin) but the code page until the code is given; a user who
must use two factors (``accounts.policy``) and has no app reaches only the enrolment page.
Logging out and the login page itself stay open.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .policy import has_two_factor, must_use_two_factor

VERIFY_URL_NAME = "accounts_two_factor:verify"
ENROL_URL_NAME = "accounts_two_factor:enrol"
ALWAYS_OPEN = ("wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = None

    def admin_prefixes(self):
        if self.prefixes is None:
            self.prefixes = (reverse("wagtailadmin_home"), reverse("admin:index"))
        return self.prefixes

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.path_info.startswith(self.admin_prefixes()):
            if not user.is_verified():
                target = self.required_step(user)
                if target and self.url_name(request) not in (*ALWAYS_OPEN, target):
                    url = reverse(target)
                    if request.method == "GET":
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
        return self.get_response(request)

    @staticmethod
    def required_step(user):
        if has_two_factor(user):
            return VERIFY_URL_NAME
        if must_use_two_factor(user):
            return ENROL_URL_NAME
        return None

    @staticmethod
    def url_name(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match.view_name
