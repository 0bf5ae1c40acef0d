"""RSS 2.0 and Atom 1.0 feeds of a news section or a school (Điều 7: news published on the portal).

Each NewsIndexPage and SchoolPage answers at ``rss/`` and ``atom/`` below its own address
with the newest news under it; ``?category=`` narrows the feed as it narrows the listing.
The routes and what a feed lists come from the page (``news.models.FeedRoutesMixin``): this
module knows no page model. The feed is served through the page, so Wagtail's view restrictions apply to it exactly as
to the page, and anonymous readers get the same Cache-Control (BasePage.apply_cache_headers, applied to
every route by site_kb.wagtail_hooks).
"""

import datetime
import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from site_kb.models import OrganisationSettings

FEED_SIZE = 20


def absolute_url(request, page):
    """``page``'s address on the host of ``request``; a page of another Site keeps that Site's root."""
    return request.build_absolute_uri(page.get_url(request))


class SectionNewsFeed(Feed):
    """The newest live, public news under one section; a new instance serves each request."""

    feed_type = Rss201rev2Feed
    feed_kind = "rss"
    language = "vi"
    item_guid_is_permalink = False

    def get_object(self, request, section):
        self.request = request
        self.category = section.feed_category(request)
        self.organisation = OrganisationSettings.for_request(request)
        # Absolute addresses on the host the reader asked (a feed must not carry relative
        # links), so a feed read through any of the site's names links back to that name.
        self.section_url = absolute_url(request, section)
        return section

    def title(self, section):
        if self.category:
            return f"{section.title}: {section.feed_category_label(self.category)} – {self.organisation.name}"
        return f"{section.title} – {self.organisation.name}"

    def link(self, section):
        return self.section_url

    def feed_url(self, section):
        return section.feed_urls(self.request, self.category)[self.feed_kind]

    def description(self, section):
        return getattr(section, "intro", "") or _("Tin bài mới của %(section)s.") % {"section": section.title}

    def author_name(self, section):
        return self.organisation.name

    def ttl(self, section):
        return max(settings.PUBLIC_PAGE_CACHE_SECONDS // 60, 1)

    def items(self, section):
        return section.feed_articles(self.category)[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return absolute_url(self.request, article)

    def item_guid(self, article):
        # The page's translation key never changes when the article is renamed or moved.
        return f"urn:uuid:{article.translation_key}"

    def item_pubdate(self, article):
        if article.first_published_at:
            return article.first_published_at
        return timezone.make_aware(datetime.datetime.combine(article.date, datetime.time()))

    def item_updateddate(self, article):
        return article.last_published_at or self.item_pubdate(article)

    def item_categories(self, article):
        return [str(article.get_category_display())] + sorted(tag.name for tag in article.tags.all())

    def item_enclosures(self, article):
        """The listing image's rendition (prefetched by news_listing); its size is a stat of a file
        already on disk, not a query."""
        rendition = article.listing_rendition()
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:
            return []
        mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [Enclosure(urljoin(self.section_url, rendition.url), str(length), mime_type)]


class SectionAtomFeed(SectionNewsFeed):
    feed_type = Atom1Feed
    feed_kind = "atom"

    def subtitle(self, section):
        return self.description(section)
