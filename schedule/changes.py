"""Which schedule entries changed after the week was published.

Readers plan around the published schedule, so an entry edited after publication, or added
to a week that was already published, carries a "Đã thay đổi" mark with the time of the
change. Entries are matched with the previously published revision by their ``uid`` (kept
through every edit), and failing that by date, start time and content.

Works on revision JSON (dicts) and on ``ScheduleEntry`` objects alike.
"""

import datetime

from django.utils.dateparse import parse_date, parse_datetime, parse_time

from .weeks import week_start

TRACKED_FIELDS = ("date", "start_time", "end_time", "content", "chaired_by", "attendees", "place", "note")


def _get(entry, name):
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def _normalise(name, value):
    if value is None or value == "":
        return None
    if name == "date":
        return value if isinstance(value, datetime.date) else parse_date(str(value))
    if name in ("start_time", "end_time"):
        value = value if isinstance(value, datetime.time) else parse_time(str(value))
        return value.replace(second=0, microsecond=0) if value else None
    return " ".join(str(value).split()) or None


def signature(entry):
    """What readers see of an entry, normalised (spacing differences are not changes)."""
    return tuple(_normalise(name, _get(entry, name)) for name in TRACKED_FIELDS)


def _match_key(entry):
    date, start, _end, content, *_rest = signature(entry)
    return date, start, content


def _uid(entry):
    value = _get(entry, "uid")
    return str(value) if value else None


def compute_marks(previous, current, now):
    """One ``(changed, changed_at)`` per entry of ``current``, in order.

    ``previous`` is the entries of the previously published revision, or None when this is
    the first publication (then nothing is marked). ``now`` is the time of this publication.
    An entry is marked when it differs from its previous version, or when it is new in a week
    that already had published entries; an unchanged entry keeps its earlier mark and time.
    """
    if previous is None:
        return [(False, None) for _ in current]

    previous_by_uid = {}
    for entry in previous:
        previous_by_uid.setdefault(_uid(entry), entry)
    matched, used = {}, set()
    for index, entry in enumerate(current):
        old = previous_by_uid.get(_uid(entry)) if _uid(entry) else None
        if old is not None and id(old) not in used:
            matched[index] = old
            used.add(id(old))
    by_key = {}
    for entry in previous:
        if id(entry) not in used:
            by_key.setdefault(_match_key(entry), []).append(entry)
    for index, entry in enumerate(current):
        if index not in matched and by_key.get(_match_key(entry)):
            matched[index] = by_key[_match_key(entry)].pop(0)

    published_weeks = {week_start(sig[0]) for sig in map(signature, previous) if sig[0]}
    marks = []
    for index, entry in enumerate(current):
        old = matched.get(index)
        if old is None:
            date = signature(entry)[0]
            changed = date is not None and week_start(date) in published_weeks
            marks.append((changed, now if changed else None))
        elif signature(old) != signature(entry):
            marks.append((True, now))
        elif _get(old, "changed_after_publish"):
            marks.append((True, _get(old, "changed_at")))
        else:
            marks.append((False, None))
    return marks


def as_datetime(value):
    """``changed_at`` from revision JSON (ISO text) or a model (datetime)."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    return parse_datetime(str(value))
