"""Who must give a second factor, and what an account has enrolled (issue 14, Điều 4).

The editorial board, leadership and the IT officer can publish or change the whole site, so a
stolen password alone must not be enough for them (``TWO_FACTOR_REQUIRED_GROUPS``); superusers
too unless ``TWO_FACTOR_REQUIRE_SUPERUSERS`` is off. Schools' accounts may enrol and are then
asked for the code like everyone else.
"""

from django.conf import settings
from django.utils.functional import LazyObject, empty

from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def must_use_two_factor(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser and settings.TWO_FACTOR_REQUIRE_SUPERUSERS:
        return True
    groups = settings.TWO_FACTOR_REQUIRED_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def has_two_factor(user):
    """Whether ``user`` has a confirmed authenticator app (recovery codes alone do not count)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def confirmed_devices(user):
    return list(devices_for_user(user, confirmed=True))


def remove_two_factor(user):
    """Delete every device of ``user`` (app and recovery codes); True if there was one."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    return removed > 0


def new_recovery_codes(user):
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` fresh ones and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def real_user(user):
    """The User behind ``request.user``: django-otp wraps Django's lazy user in another lazy
    object, and Wagtail's ``log()`` unwraps only one level to find the log model."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
