"""Long lists of choices built once and shared by every request and app server (issue 17).

The reader's "đơn vị liên quan" (feedback) and the search's school and section filters list
every school of an authority: a thousand names read, sorted in Vietnamese order
(site_kb.collation) and drawn as ``<option>`` on every request took most of the feedback page's
0.6 s. Here a list is built once: its ``(value, label)`` pairs and their ``<option>`` markup are
kept in the default cache (Redis, shared by every app server; local memory in development and
tests) under a name the caller gives (the list and its root page), for ``PAGE_CACHE_SECONDS``.

It is purged by the SAME tag generations as the Django page cache (``site_kb.cache_tags``,
``page_cache.tags_valid``), never by a scheme of its own: the builder names the tags of what it
listed (``d<root>`` for a page joining or leaving the list, ``p<id>`` of each listed page for a
rename), a list is valid while none of its tags was purged since its building began, and a tag
whose purge record is missing (evicted) makes it a miss. A list of more than ``MAX_TAGS`` pages
carries ``all`` instead, as a page showing too many things to name does
(``cache_tags.header_value``): any purge rebuilds it, which costs one query and a sort of cached
collation keys, a few milliseconds.

Only what readers are SHOWN comes from here. A posted value is checked as exactly as before:
``ModelChoiceField`` looks the unit up in its queryset (site_kb.public_forms); a plain
``ChoiceField`` compares it with the shared list, which a purge keeps as current as the pages.
"""

from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from .cache_tags import ALL, header_value
from .page_cache import kept

ENTRY_PREFIX = "site_kb:choices:v2:"
OPTION_HTML = '<option value="{}">{}</option>'


def option_marker(value):
    """The start of ``value``'s option in ``render_options``' markup, unique per value."""
    return f'<option value="{escape(value)}">'


def render_options(choices):
    """``<option>`` markup of ``(value, label)`` pairs, none selected: Django's ``select_option.html``
    (value and label escaped), without a template render per option."""
    return format_html_join("", OPTION_HTML, choices)


class SharedOptions:
    """A list's ``(value, label)`` pairs and their markup; ``markup(selected)`` marks one selected."""

    def __init__(self, choices, html=None, tags=()):
        self.choices = tuple(choices)
        # ``html``: the markup ``render_options`` wrote for these choices, read back from the cache.
        self.html = render_options(self.choices) if html is None else mark_safe(html)  # noqa: S308
        # The cache tags of what the list shows: markup kept with it must carry them (form_fields).
        self.tags = tuple(tags)

    def __len__(self):
        return len(self.choices)

    def markup(self, values, multiple=False):
        """The options with the first of ``values`` (strings, as ``Select.format_value`` gives) that
        is listed marked ``selected``, or every listed one when ``multiple``: Django's rule, with the
        first in the list's order winning."""
        found = sorted(
            (position, marker)
            for marker in {option_marker(value) for value in values}
            if (position := self.html.find(marker)) >= 0
        )
        if not multiple:
            found = found[:1]
        html = str(self.html)
        for _position, marker in found:
            html = html.replace(marker, marker[:-1] + " selected>", 1)
        return mark_safe(html)  # noqa: S308 - escaped markup with " selected" added to one tag


class SharedChoices(BaseChoiceIterator):
    """A field's choices: its own few first (``leading``, such as the empty choice with its
    translated label), then the shared ``options``. ``LongSelect`` draws it from the kept markup;
    anything else iterates it as plain ``(value, label)`` pairs."""

    def __init__(self, leading, options):
        """``options``: the SharedOptions, or a function returning them, read on first use only:
        a form whose fields come from the fragment cache and whose value is not checked against
        the list never reads a thousand schools (``{% form_fields %}``)."""
        self.leading = tuple(leading)
        self._options = options

    @property
    def options(self):
        if callable(self._options):
            self._options = self._options()
        return self._options

    def __iter__(self):
        yield from self.leading
        yield from self.options.choices

    def __len__(self):
        return len(self.leading) + len(self.options)


def leading_markup(choices, values):
    """(markup, whether one of them is selected) of a few choices, as ``render_options`` draws
    them, the first whose value is in ``values`` marked ``selected``."""
    rows, selected = [], False
    for value, label in choices:
        value = "" if value is None else str(value)
        mark = not selected and value in values
        selected |= mark
        rows.append((value, " selected" if mark else "", label))
    return format_html_join("", '<option value="{}"{}>{}</option>', rows), selected


def shared_options(name, build):
    """The SharedOptions kept under ``name``, or ``build()``'s, stored for the next request.

    ``build()`` returns ``(choices, tags)``: the ``(value, label)`` pairs in the order shown and
    the cache tags of everything they show (at least one: a list nothing can purge would never
    change). Its building time, not its storing time, is compared with the purges, so a purge
    that lands while it is being built leaves it a miss."""

    def build_entry():
        choices, tags = build()
        options = SharedOptions(choices)
        # ``all`` alone when there are too many to name
        return (options.choices, str(options.html)), header_value(tags).split() or [ALL]

    (choices, html), tags = kept(ENTRY_PREFIX + name, build_entry)
    return SharedOptions(choices, html, tags)
