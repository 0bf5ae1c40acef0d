"""Small builders the demo's modules share: stable block ids, paragraphs, local times."""

import datetime
import uuid
from html import escape

from django.utils import timezone


def local_datetime(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def block_id(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "seed-demo/" + "/".join(str(p) for p in parts)))


def paragraph(text):
    return f"<p>{escape(text, quote=False)}</p>"
