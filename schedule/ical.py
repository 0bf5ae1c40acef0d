"""The work schedule as an iCalendar feed readers can subscribe to."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event

from .weeks import local_datetime, local_zone


def _one_line(text):
    return " ".join((text or "").split())


def event_description(entry):
    lines = []
    for label, value in (
        (_("Chủ trì"), entry.chaired_by),
        (_("Thành phần"), entry.attendees),
        (_("Ghi chú"), entry.note),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if entry.changed_after_publish and entry.changed_at:
        changed = timezone.localtime(entry.changed_at, local_zone())
        lines.append(_("Đã thay đổi lúc %(time)s") % {"time": changed.strftime("%H:%M %d/%m/%Y")})
    return "\n".join(lines)


def build_calendar(*, name, entries, uid_domain, page_url, stamp=None):
    """``text/calendar`` bytes: one VEVENT per entry, times in Asia/Ho_Chi_Minh with its VTIMEZONE.

    ``page_url`` (absolute) links each event back to its week on the public page.
    """
    entries = list(entries)
    calendar = Calendar()
    calendar.add("prodid", "-//Cong thong tin Phong GD&DT//Lich cong tac tuan//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(local_zone()))
    stamp = stamp or timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}-{entry.page_id}@{uid_domain}")
        event.add("dtstamp", stamp.astimezone(datetime.UTC))
        event.add("dtstart", local_datetime(entry.date, entry.start_time))
        if entry.end_time:
            event.add("dtend", local_datetime(entry.date, entry.end_time))
        event.add("summary", _one_line(entry.content))
        if entry.place:
            event.add("location", _one_line(entry.place))
        description = event_description(entry)
        if description:
            event.add("description", description)
        if entry.changed_after_publish and entry.changed_at:
            event.add("last-modified", entry.changed_at.astimezone(datetime.UTC))
        if page_url:
            event.add("url", f"{page_url}?tuan={entry.date:%Y-%m-%d}")
        calendar.add_component(event)
    # The VTIMEZONE (UTC+7, unchanged since 1975), valid well past the feed's last event.
    last_day = max((entry.date for entry in entries), default=timezone.localdate(timezone=local_zone()))
    calendar.add_missing_timezones(
        first_date=datetime.date(2000, 1, 1), last_date=last_day + datetime.timedelta(days=366)
    )
    return calendar.to_ical()
