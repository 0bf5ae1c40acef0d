from django import template

from links.models import active_link_groups

register = template.Library()


@register.inclusion_tag("components/link_directory.html")
def link_directory(compact=False):
    """The link directory, grouped; ``compact`` for the footer."""
    return {"link_groups": active_link_groups(), "compact": compact}
