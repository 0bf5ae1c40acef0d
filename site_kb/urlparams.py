"""Public filters speak Vietnamese in the address bar (issue 15.12).

A reader shares a filtered list as its address, so names and values there are Vietnamese ASCII
slugs (``?loai=truong-thcs``, ``?hieu_luc=con-hieu-luc``), not the English codes the database
keeps (``category=school-thcs``, ``status=in-force``). A ``PublicParam`` maps one filter's
stored values to their slugs; the English name and values that links already shared carry are
answered by a permanent redirect to the Vietnamese address (``legacy_redirect``, run before a
page is served by the ``before_serve_page`` hook in site_kb.wagtail_hooks), so they keep working.
"""

from urllib.parse import urlencode


class PublicParam:
    """One public filter: its URL ``name``, ``slugs`` (stored value → slug) and what old links
    used: ``legacy_names`` for the parameter and ``legacy_values`` (old value → stored value;
    each stored value is an old value too, e.g. ``category=office``)."""

    def __init__(self, name, slugs, *, legacy_names=(), legacy_values=None):
        self.name = name
        self.slugs = {str(value): slug for value, slug in slugs.items()}
        self.values = {slug: value for value, slug in self.slugs.items()}
        self.legacy_names = tuple(legacy_names)
        self.legacy_values = {str(old): str(value) for old, value in (legacy_values or {}).items()}

    def slug(self, value):
        return self.slugs.get(str(value), "")

    def choices(self, choices):
        """``[(slug, label)]`` for Django ``choices`` given as ``[(stored value, label)]``."""
        return [(self.slug(value), label) for value, label in choices if self.slug(value)]

    def read(self, query):
        """The stored value the Vietnamese ``query`` asks for, or "" (none, or not one of ours)."""
        return self.values.get(query.get(self.name, ""), "")

    def legacy_slug(self, value):
        """The slug an old value stands for (a stored value or a listed old one), or None."""
        stored = value if value in self.slugs else self.legacy_values.get(value)
        return self.slugs.get(stored) if stored is not None else None

    def modernise(self, pairs):
        """``pairs`` with this parameter's old name and values in Vietnamese; None if nothing changed."""
        result, changed = [], False
        for key, value in pairs:
            if key == self.name or key in self.legacy_names:
                slug = None if value in self.values else self.legacy_slug(value)
                if key != self.name or slug:
                    key, value, changed = self.name, slug or value, True
            result.append((key, value))
        return result if changed else None


def legacy_redirect(request, params):
    """The address ``request`` should be answered at when it named one of ``params`` the old
    English way, or None. Other parameters are kept as they are, in their order."""
    pairs = [(key, value) for key, values in request.GET.lists() for value in values]
    changed = False
    for param in params:
        modern = param.modernise(pairs)
        if modern is not None:
            pairs, changed = modern, True
    if not changed:
        return None
    path = "/" + request.path.lstrip("/")  # never "//host…", which a browser reads as another site
    return f"{path}?{urlencode(pairs)}"
