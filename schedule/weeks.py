"""Weeks of the work schedule: Monday to Sunday, in the site's time zone (settings.TIME_ZONE)."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)
# ?tuan= outside these years falls back to the current week (and keeps date arithmetic in range).
FIRST_YEAR, LAST_YEAR = 2000, 2100
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def local_zone():
    """The site's time zone: settings.TIME_ZONE (Asia/Ho_Chi_Minh), whatever the server's own."""
    return timezone.get_default_timezone()


def today():
    """Today's date in the site's time zone."""
    return timezone.localdate(timezone=local_zone())


def week_start(day):
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def week_from_param(value, current_day):
    """The Monday of the week ``?tuan=YYYY-MM-DD`` names (any day of it); the current week when
    the value is missing or not a date."""
    if value and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            day = None
        if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR:
            return week_start(day)
    return week_start(current_day)


def local_datetime(day, time):
    return datetime.datetime.combine(day, time, tzinfo=local_zone())
