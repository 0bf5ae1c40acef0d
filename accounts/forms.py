"""Forms of the login: the password step that names a lockout, and the second-factor code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .lockout import lockout_message


class LoginForm(WagtailLoginForm):
    """Wagtail's login form (``WAGTAILADMIN_USER_LOGIN_FORM``) that says when and why a login is
    locked out (axes flags the request) instead of "wrong password"."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return forms.ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()


class CodeForm(forms.Form):
    """The six digits of the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        help_text=_("6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Mã trên ứng dụng"),
        max_length=12,
        help_text=_("Nhập 6 chữ số ứng dụng xác thực đang hiển thị để xác nhận."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Mã gồm đúng 6 chữ số."))
        return code
