"""Small string filters the public templates need."""

from django import template

register = template.Library()


@register.filter
def startswith(value, prefix):
    """True when ``value`` begins with a non-empty ``prefix`` (e.g. a page path within a section)."""
    if not value or not prefix:
        return False
    return str(value).startswith(str(prefix))
