"""Every text the site stores is in Unicode NFC, the precomposed form TCVN 6909:2001 uses (Điều 11.4).

Text pasted from Word, PDF or a Mac often arrives decomposed ("e" + U+0302 + U+0303 instead
of "ễ"): it looks the same but breaks search, sorting, uniqueness checks and some fonts.
``normalise_instance`` runs before every model save (connected in ``SiteKbConfig.ready``)
and rewrites char, text and JSON fields, StreamField data and the JSON of Wagtail revisions.
"""

import json
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Revision


def nfc(value):
    """``value`` with every string in NFC, looking inside dicts, lists and tuples."""
    if isinstance(value, str):
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, tuple):
        return tuple(nfc(item) for item in value)
    return value


_field_cache = {}


def text_fields(model):
    """(plain text fields, JSON fields, StreamFields) of ``model``, worked out once per model."""
    fields = _field_cache.get(model)
    if fields is None:
        plain, json_fields, streams = [], [], []
        for field in model._meta.concrete_fields:
            if isinstance(field, StreamField):
                streams.append(field)
            elif isinstance(field, models.JSONField):
                json_fields.append(field)
            elif isinstance(field, (models.CharField, models.TextField)):
                plain.append(field)
        fields = _field_cache[model] = (plain, json_fields, streams)
    return fields


def normalise_stream(instance, field):
    value = getattr(instance, field.attname)
    if value is None or isinstance(value, str) and not value:
        return
    raw = field.get_prep_value(value)
    normalised = nfc(raw)
    if normalised != raw:
        setattr(instance, field.attname, normalised)  # StreamField's descriptor rebuilds the StreamValue


def normalise_revision_content(instance):
    """A revision keeps StreamFields as JSON text inside its JSON; those are decoded, normalised, re-encoded."""
    content = instance.content
    if not isinstance(content, dict):
        instance.content = nfc(content)
        return
    model = (
        ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if instance.content_type_id
        else None
    )
    stream_names = {field.name for field in text_fields(model)[2]} if model else set()
    result = {}
    for key, item in content.items():
        if key in stream_names and isinstance(item, str) and item:
            try:
                data = json.loads(item)
            except ValueError:
                result[key] = nfc(item)
                continue
            normalised = nfc(data)
            result[key] = item if normalised == data else json.dumps(normalised)
        else:
            result[key] = nfc(item)
    instance.content = result


def normalise_instance(sender, instance, raw=False, **kwargs):
    """pre_save receiver for every model: put its text into NFC before it reaches the database."""
    plain, json_fields, streams = text_fields(sender)
    for field in plain:
        value = getattr(instance, field.attname)
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            setattr(instance, field.attname, unicodedata.normalize("NFC", value))
    for field in streams:
        normalise_stream(instance, field)
    if isinstance(instance, Revision):
        normalise_revision_content(instance)
        return
    for field in json_fields:
        value = getattr(instance, field.attname)
        if value is not None:
            setattr(instance, field.attname, nfc(value))
