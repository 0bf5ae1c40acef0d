from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        """Kept search results are purged when the search index is written and when a page's
        privacy changes (search.results: a private page never shows through a kept result), the
        promoted query strings when editors change a promotion; readers' searches are written
        after responses (search.hits)."""
        from django.core.signals import request_finished
        from django.db.models.signals import post_delete, post_save

        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.models import PageViewRestriction

        from django_tasks.signals import task_finished

        from . import hits
        from .results import index_written, purge_promotions, purge_results

        task_finished.connect(index_written, dispatch_uid="search_results_index_written")
        for signal in (post_save, post_delete):
            signal.connect(purge_results, sender=PageViewRestriction, dispatch_uid=f"search_results_{signal}")
            # A deleted Query deletes its promotions (their signals sent); readers' own Query rows,
            # written by search.hits, promote nothing.
            signal.connect(
                purge_promotions, sender=SearchPromotion, dispatch_uid=f"search_promotions_{signal}"
            )
        request_finished.connect(hits.flush_if_due, dispatch_uid="search_hits_flush")
