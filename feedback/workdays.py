"""Working days for answer deadlines (Điều 14.2: 5 working days, 10 when complex; from settings).

Weekends, Vietnam's public holidays from the ``holidays`` package (Tết and Giỗ Tổ Hùng
Vương follow the lunar calendar; substituted days off included) and the extra days off
the IT officer enters in the admin (the bridge days the government announces each year).

Both are computed once, not on every deadline: the public holidays once per year and
process (they never change), the extra days off once in the shared cache, forgotten when
one is added, changed or removed (``feedback.signals``, which also moves the deadlines).
"""

import datetime
import functools

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

import holidays


def answer_days(is_complex=False):
    """Working days to answer (settings ``FEEDBACK_ANSWER_DAYS``, ``FEEDBACK_COMPLEX_ANSWER_DAYS``)."""
    return settings.FEEDBACK_COMPLEX_ANSWER_DAYS if is_complex else settings.FEEDBACK_ANSWER_DAYS


EXTRA_DAYS_OFF_KEY = "feedback:extra-days-off"
# Bounds how long another process may use an old list when each process has its own cache
# (no Redis); with a shared cache the list is forgotten at once.
EXTRA_DAYS_OFF_SECONDS = 300


@functools.lru_cache(maxsize=32)
def public_holidays(year):
    return frozenset(holidays.country_holidays("VN", years=year))


def extra_days_off():
    """The days off entered in the admin (a few a year: the whole table is small)."""
    days = cache.get(EXTRA_DAYS_OFF_KEY)
    if days is None:
        # By name: the model module imports this one.
        day_off = apps.get_model("feedback", "DayOff")
        days = frozenset(day_off.objects.values_list("date", flat=True))
        cache.set(EXTRA_DAYS_OFF_KEY, days, EXTRA_DAYS_OFF_SECONDS)
    return days


def forget_extra_days_off():
    cache.delete(EXTRA_DAYS_OFF_KEY)


def days_off(start, end):
    off = set(extra_days_off())
    for year in range(start.year, end.year + 1):
        off |= public_holidays(year)
    return off


def is_working_day(day, off):
    return day.weekday() < 5 and day not in off


def add_working_days(start, count):
    """The date ``count`` working days after ``start`` (the day of receipt does not count)."""
    horizon = start + datetime.timedelta(days=count * 3 + 30)  # generous: Tết is the longest break
    off = days_off(start, horizon)
    day, counted = start, 0
    while counted < count:
        day += datetime.timedelta(days=1)
        if is_working_day(day, off):
            counted += 1
    return day


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    if end <= start:
        return 0
    off = days_off(start, end)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset), off)
    )
