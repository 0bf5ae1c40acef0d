"""Working days for answer deadlines (Điều 14.2: 5 working days, 10 when complex).

Weekends, Vietnam's public holidays from the ``holidays`` package (Tết and Giỗ Tổ Hùng
Vương follow the lunar calendar; substituted days off included) and the extra days off
the IT officer enters in the admin (the bridge days the government announces each year).
"""

import datetime

import holidays

NORMAL_DAYS = 5
COMPLEX_DAYS = 10


def days_off(start, end):
    from .models import DayOff

    official = holidays.country_holidays("VN", years=range(start.year, end.year + 1))
    extra = DayOff.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    return set(official) | set(extra)


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
