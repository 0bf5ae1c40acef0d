"""The listing columns of a news article, kept in step with the page tree (issue 17, part 7).

Every public listing of news (the home page, a section, a school, the schools' aggregated news,
the feeds, an article's related news) filters on whether the article is live and public and on
the page it sits in, and orders by date. ``live`` and ``path`` are columns of ``wagtailcore_page``,
the date one of ``news_newspage``: no index spans both, so at 50,000 articles PostgreSQL joined
and sorted the whole news table for every listing, and a deep page (``?page=500``) walked
thousands of joined rows. ``NewsPage`` therefore carries two copies of its own:

- ``listed``: live and outside every view restriction (Wagtail's ``live().public()``);
- ``section_id``: the id of its parent page (a news section or a school).

With them, ``news_newspage``'s partial indexes on ``(section_id, date, id)`` and ``(date, id)``
answer a listing, its count and any page of it from the news table alone (news.models).

They are recomputed from the tree, in one UPDATE, whenever what they copy may change:
``NewsPage.save`` (creation, publishing, a copy), the ``page_published``/``page_unpublished``
signals (Wagtail may unpublish through a plain ``Page`` instance), a move (``post_page_move``:
the moved page's subtree, whose articles may have a new parent or a new restriction above them)
and a view restriction saved or deleted (its subtree). Reordering siblings changes paths but
neither a parent nor a restriction's reach, so nothing is stale after it. Only raw SQL here:
the UPDATE reads the tree as it is, whatever instance triggered it.
"""

from django.db import connection

from wagtail.models import Page

# Only constants are formatted into this text (the placeholders' shape; 4 is Wagtail's path step); every
# value is a query parameter.
_REFRESH = """
UPDATE news_newspage SET
    listed = (
        SELECT page.live AND NOT EXISTS (
            SELECT 1 FROM wagtailcore_pageviewrestriction restriction
            JOIN wagtailcore_page restricted ON restricted.id = restriction.page_id
            WHERE substr(page.path, 1, length(restricted.path)) = restricted.path
        )
        FROM wagtailcore_page page WHERE page.id = news_newspage.page_ptr_id
    ),
    section_id = (
        SELECT parent.id FROM wagtailcore_page page
        JOIN wagtailcore_page parent ON parent.path = substr(page.path, 1, length(page.path) - 4)
        WHERE page.id = news_newspage.page_ptr_id
    )
WHERE page_ptr_id IN ({pages})
"""


def refresh_article(page_id):
    """Recompute the listing columns of one article (a no-op for a page that is not one)."""
    refresh_articles([page_id])


def refresh_articles(page_ids, batch_size=500):
    """Recompute the listing columns of these articles (pages written in bulk: demo.sites)."""
    page_ids = list(page_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(page_ids), batch_size):
            batch = page_ids[start : start + batch_size]
            cursor.execute(_REFRESH.format(pages=", ".join(["%s"] * len(batch))), batch)  # noqa: S608


def refresh_subtree(path):
    """Recompute the listing columns of every article in the subtree at ``path`` (inclusive)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _REFRESH.format(pages="SELECT id FROM wagtailcore_page WHERE path LIKE %s"), [f"{path}%"]
        )


def refresh_all():
    """Recompute every article's listing columns (the migration adding them; a repair)."""
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH.format(pages="SELECT page_ptr_id FROM news_newspage"))


def on_published(sender, instance, **kwargs):
    refresh_article(instance.pk)


def on_moved(sender, instance, **kwargs):
    refresh_subtree(instance.path)


def on_restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed: its page's subtree (gone with a deleted page)."""
    for path in Page.objects.filter(pk=instance.page_id).values_list("path", flat=True):
        refresh_subtree(path)
