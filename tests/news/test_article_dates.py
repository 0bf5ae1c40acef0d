"""An article says its date once: with the time it went online when that was the same day, and
both when the article is dated earlier than it went online (an import, a late write-up)."""

import datetime
import re

from django.test import TestCase
from django.utils import timezone

from ..builders import make_news, make_site


def meta_text(response):
    html = response.content.decode()
    meta = re.search(r'<p class="article__meta">(.*?)</p>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", meta).split())


class ArticleDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        cls.same_day, cls.backdated = make_news(sections["news"], 2)
        went_online = datetime.datetime(2026, 1, 1, 9, 30, tzinfo=timezone.get_current_timezone())
        for article in (cls.same_day, cls.backdated):
            article.first_published_at = went_online + datetime.timedelta(
                days=4 if article == cls.backdated else 0
            )
            article.date = datetime.date(2026, 1, 1)
            article.save()

    def test_published_the_day_it_is_dated_the_date_is_printed_once(self):
        text = meta_text(self.client.get(self.same_day.url))
        self.assertEqual(text, "Ngày đăng tin: 01/01/2026, lúc 09:30")

    def test_dated_earlier_than_it_went_online_both_are_told_apart(self):
        text = meta_text(self.client.get(self.backdated.url))
        self.assertEqual(text, "Ngày đăng tin: 01/01/2026 · lên trang lúc 09:30 05/01/2026")
