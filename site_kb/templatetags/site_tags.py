"""Navigation pieces every public page shows: main menu and breadcrumbs."""

from django import template

from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The root page's live children marked 'show in menus', from one query."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = []
    if site:
        items = list(site.root_page.get_children().live().in_menu())
    return {
        "request": request,
        "site_root": site.root_page if site else None,
        "menu_items": items,
        "current_path": current.path if current else "",
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The live ancestors of the current page below the tree root."""
    page = context.get("page")
    ancestors = []
    if page and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live())
    return {"request": context["request"], "ancestors": ancestors, "page": page}
