"""Two-factor pages of the admin (issue 14, Điều 4): the code after the password, enrolment with
a QR code and recovery codes, and the IT officer's reset for a lost phone.

Every step is written to Wagtail's audit log against the account (``accounts.audit``).
"""

import base64
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm, EnrolForm
from .policy import has_two_factor, must_use_two_factor, new_recovery_codes, real_user, remove_two_factor

CODES_SESSION_KEY = "accounts_recovery_codes"
RESET_PERMISSION = "auth.change_user"


def safe_next(request, default="wagtailadmin_home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse(default)


def throttled_message(details):
    seconds = 1
    if details and details.get("locked_until"):
        seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
    return _("Bạn đã nhập sai mã nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.") % {
        "seconds": seconds
    }


def check_code(user, code):
    """``(device, error)``: the device the code belongs to, or a Vietnamese reason.

    Six digits are asked of the authenticator app, anything else of the recovery codes, so a
    mistyped app code never slows the recovery codes down. Each device throttles its own
    failures (django-otp: 1, 2, 4, 8… seconds), so guessing a code is not feasible.
    """
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    devices = list(model.objects.devices_for_user(user, confirmed=True))
    if not devices:
        return None, _("Mã xác thực không đúng.")
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return None, throttled_message(details)
        if device.verify_token(code):
            return device, None
    return None, _("Mã xác thực không đúng.")


def verify(request):
    """The second step of the login: the app's code or one recovery code (used up)."""
    user = real_user(request.user)
    if not has_two_factor(user) or user.is_verified():
        return redirect(safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = check_code(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", error)
            log(user, "accounts.two_factor_failed", user=user)
        else:
            django_otp.login(request, device)
            recovery = isinstance(device, StaticDevice)
            log(user, "accounts.two_factor_passed", user=user, data={"recovery_code": recovery})
            if recovery:
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("Bạn vừa dùng một mã dự phòng; còn %(left)s mã. Mỗi mã chỉ dùng được một lần.")
                    % {"left": left},
                )
            return redirect(safe_next(request))
    return TemplateResponse(
        request,
        "accounts/verify.html",
        {"form": form, "next": safe_next(request)},
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def qr_svg(url):
    """The otpauth URL as inline SVG markup: no image request, nothing a CSP must allow."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def enrol(request):
    """Add an authenticator app: scan the QR code (or type the key), confirm with one code,
    then see ten recovery codes once. A user already enrolled sees the state and the choices."""
    user = real_user(request.user)
    if has_two_factor(user):
        return TemplateResponse(
            request,
            "accounts/two_factor.html",
            {
                "required": must_use_two_factor(user),
                "codes_left": sum(d.token_set.count() for d in StaticDevice.objects.filter(user=user)),
            },
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").last()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", throttled_message(details))
        elif device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            request.session[CODES_SESSION_KEY] = new_recovery_codes(user)
            django_otp.login(request, device)
            log(user, "accounts.two_factor_enrolled", user=user)
            codes_url = reverse("accounts_two_factor:recovery_codes")
            return redirect(f"{codes_url}?{urlencode({'next': safe_next(request)})}")
        else:
            form.add_error("code", _("Mã không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới nhất."))
    secret = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": must_use_two_factor(user),
            "next": safe_next(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def recovery_codes(request):
    """The recovery codes just made, shown this once (they are then only in the database)."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts_two_factor:enrol")
    return TemplateResponse(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request)}
    )


@require_POST
def regenerate_codes(request):
    if not has_two_factor(request.user):
        return redirect("accounts_two_factor:enrol")
    user = real_user(request.user)
    request.session[CODES_SESSION_KEY] = new_recovery_codes(user)
    log(user, "accounts.recovery_codes_renewed", user=user)
    return redirect("accounts_two_factor:recovery_codes")


@require_POST
def remove(request):
    """Turn two factors off for oneself; refused to those who must use them."""
    user = real_user(request.user)
    if must_use_two_factor(user):
        messages.error(request, _("Tài khoản của bạn bắt buộc dùng xác thực hai bước, không thể tắt."))
        return redirect("accounts_two_factor:enrol")
    if remove_two_factor(user):
        log(user, "accounts.two_factor_removed", user=user)
        messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("accounts_two_factor:enrol")


def reset(request, user_id):
    """The IT officer (or a superuser) removes another account's second factor (a lost phone):
    that user enrols again at the next login. A superuser's only by a superuser."""
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not request.user.has_perm(RESET_PERMISSION) or (target.is_superuser and not request.user.is_superuser):
        return permission_denied(request)
    if request.method == "POST":
        if remove_two_factor(target):
            log(target, "accounts.two_factor_reset", user=request.user)
            messages.success(
                request,
                _("Đã xoá xác thực hai bước của %(name)s; lần đăng nhập sau người này sẽ đăng ký lại.")
                % {"name": target.get_username()},
            )
        else:
            messages.info(request, _("Tài khoản này chưa đăng ký xác thực hai bước."))
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/reset_confirm.html",
        {"target": target, "enrolled": has_two_factor(target)},
    )
