"""A day off added, changed or removed: forget the cached list and move the open deadlines."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import workdays
from .records import DayOff, recompute_open_due_dates


@receiver(post_save, sender=DayOff)
@receiver(post_delete, sender=DayOff)
def day_off_changed(sender, **kwargs):
    workdays.forget_extra_days_off()
    recompute_open_due_dates()
