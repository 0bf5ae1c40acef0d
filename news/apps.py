from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        """Keep each article's listing columns in step with the tree (news.listing, issue 17)."""
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import listing
        from .models import NewsPage

        page_published.connect(listing.on_published, sender=NewsPage, dispatch_uid="news-listing-published")
        page_unpublished.connect(
            listing.on_published, sender=NewsPage, dispatch_uid="news-listing-unpublished"
        )
        post_page_move.connect(listing.on_moved, dispatch_uid="news-listing-moved")
        post_save.connect(
            listing.on_restriction_changed, sender=PageViewRestriction, dispatch_uid="news-listing-restricted"
        )
        post_delete.connect(
            listing.on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid="news-listing-unrestricted",
        )
