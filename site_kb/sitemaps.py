"""Each Site's sitemap.xml lists the pages whose address is on that Site (issue 16.7).

A school's member site is rooted at the school's page inside the authority's tree, so
Wagtail's sitemap of the authority would list every school's pages too, under the
authority's host (Wagtail's own ``Sitemap.items`` is the root page's whole subtree). Here the
authority's sitemap leaves out the subtrees of deeper Sites in the query itself, so a thousand
schools' pages are never read to be dropped; each school's sitemap lists them on its own host.
``BasePage.get_sitemap_urls`` still drops a page whose canonical Site is another one rooted at
the same page (site_kb.sites).
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .cache_tags import add_tags, descendants_tag


def in_deeper_site(root):
    """An Exists() true for a page in the subtree of a Site rooted strictly below ``root``."""
    deeper_roots = Page.objects.filter(
        sites_rooted_here__isnull=False, path__startswith=root.path, depth__gt=root.depth
    )
    return Exists(
        deeper_roots.annotate(prefix=Substr(OuterRef("path"), 1, Length("path"))).filter(prefix=F("path"))
    )


class SiteSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        add_tags(None, descendants_tag(root))  # any page published below (issue 17)
        return (
            root.get_descendants(inclusive=True)
            .live()
            .public()
            .exclude(in_deeper_site(root))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
