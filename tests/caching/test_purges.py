"""Exact purges (issue 17, part 1): a change purges the tags it concerns, once, after the commit;
the Django page cache shows which pages that invalidates; a failing backend never blocks publishing."""

import datetime
import io

from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from contributors.models import Contributor, PageContributor
from directives.models import DirectivePage, DocumentSubject
from news.models import SCHOOL_NEWS_QUERY, NewsPage
from org.models import OrgUnitPage
from site_kb import cache_tags
from site_kb.cache_tags import ALL, children_tag, descendants_tag, listing_tag
from site_kb.models import OrganisationSettings

from ..builders import (
    make_directive,
    make_image,
    make_news,
    make_org_unit,
    make_school,
    make_site,
    make_superuser,
    news_form,
)
from .recording import FAILING_THEN_RECORDING, PURGED, RECORDING

NEWS = "news.newspage"


def ancestor_paths(page):
    return [page.path[:end] for end in range(page.steplen, len(page.path), page.steplen)]


def listing_tags_of(page, model=NEWS):
    """What the issue asks a new page of ``model`` at ``page``'s place to purge, written out."""
    tags = {f"p{page.pk}", f"c{page.path[: -page.steplen]}", ALL}
    for path in ancestor_paths(page):
        tags |= {f"d{path}", f"l{path}-{model}"}
    return tags


@override_settings(WAGTAILFRONTENDCACHE=RECORDING, DJANGO_PAGE_CACHE=True)
class PurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.office_news = make_news(cls.sections["news"], 2)
        cls.school = make_school(cls.sections["schools"], 1)
        cls.other_school = make_school(cls.sections["schools"], 2)
        cls.school_news = make_news(cls.school, 2, prefix="tin-truong")
        cls.other_school_news = make_news(cls.other_school, 1, prefix="tin-khac")
        cls.unit = make_org_unit(cls.sections["org"])
        cls.directive = make_directive(cls.sections["directives"])
        cls.site = Site.objects.get(is_default_site=True)

    def setUp(self):
        cache.clear()
        PURGED.clear()
        # setUpTestData's changes wait for a commit that never comes (the class's transaction):
        # a test's changes must not join their batch.
        cache_tags._batches.__dict__.clear()

    def settle(self):
        """What the test set up is committed, as far as purges go (its batch is not joined)."""
        cache_tags._batches.__dict__.clear()

    def purged(self):
        return set().union(*PURGED)

    def warm(self, urls):
        for url in urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.get("X-Cache"), "MISS", url)
            self.assertEqual(self.client.get(url).get("X-Cache"), "HIT", url)

    def misses(self, urls):
        return {url for url in urls if self.client.get(url).get("X-Cache") != "HIT"}

    def publish_new_school_news(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.school.add_child(
                instance=NewsPage(
                    title="Lễ khai giảng năm học mới",
                    slug="le-khai-giang",
                    live=False,  # a draft, as the editor creates it
                    date=datetime.date(2026, 9, 5),
                    lead="Tóm tắt.",
                    body=[("paragraph", "<p>Nội dung.</p>")],
                )
            )
            page = NewsPage.objects.get(slug="le-khai-giang")
            page.save_revision().publish()
        return page

    def test_publishing_a_school_news_item_purges_its_listings_and_nothing_else(self):
        school_news_index = self.sections["schools"].url + "tin-cac-truong/"
        listing_it = {
            "/",  # the authority's home lists every school's news
            self.school.url,  # the school's home
            self.school.url + "rss/",
            self.school.url + "atom/",
            school_news_index,  # the schools' news aggregation
            school_news_index + "rss/",
            self.sections["news"].url + "?" + SCHOOL_NEWS_QUERY,  # the news index's "school news"
            self.sections["news"].url + "rss/?" + SCHOOL_NEWS_QUERY,
            "/so-do-trang/",
        }
        not_listing_it = {
            self.sections["news"].url,  # the office's news only
            self.sections["news"].url + "rss/",
            self.office_news[0].url,
            self.school_news[0].url,  # an article of the same school: its related news expire
            self.other_school.url,
            self.other_school.url + "rss/",
            self.other_school_news[0].url,
            self.sections["schools"].url,  # the list of schools
            self.sections["org"].url,
            self.unit.url,
            self.sections["directives"].url,  # the registry
            self.directive.url,
        }
        self.warm(listing_it | not_listing_it)
        page = self.publish_new_school_news()
        self.assertEqual(PURGED, [sorted(listing_tags_of(page))])  # one purge, these tags
        self.assertEqual(self.misses(listing_it | not_listing_it), listing_it)
        self.assertContains(self.client.get("/"), "Lễ khai giảng năm học mới")  # rendered again since

    def test_publishing_through_the_page_editor_purges_once(self):
        """The editor's path: a draft made and published in one request of Wagtail's admin."""
        self.client.force_login(make_superuser())
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school.pk])
        data = news_form("Học sinh đạt giải thi học sinh giỏi", "hoc-sinh-gioi")
        data["action-publish"] = "1"
        self.warm_as_reader({"/", self.school.url, self.other_school.url})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:500])
        page = NewsPage.objects.get(slug="hoc-sinh-gioi")
        self.assertTrue(page.live)
        self.assertEqual(PURGED, [sorted(listing_tags_of(page))])
        self.client.logout()
        self.assertEqual(self.misses({"/", self.school.url, self.other_school.url}), {"/", self.school.url})

    def warm_as_reader(self, urls):
        """Warm the cache with a reader's client while this test's client stays logged in."""
        reader = Client()
        for url in urls:
            reader.get(url)
            self.assertEqual(reader.get(url)["X-Cache"], "HIT", url)

    def test_publishing_an_edit_of_the_text_purges_the_pages_showing_it(self):
        article = self.school_news[0]
        showing = {"/", self.school.url, self.school_news[1].url, article.url}
        not_showing = {self.sections["news"].url, self.other_school.url, self.office_news[0].url}
        self.warm(showing | not_showing)
        article.title = "Tiêu đề đã sửa"
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        self.assertEqual(PURGED, [sorted({f"p{article.pk}", ALL})])
        self.assertEqual(self.misses(showing | not_showing), showing)
        self.assertContains(self.client.get("/"), "Tiêu đề đã sửa")

    def test_changing_the_date_moves_it_in_the_listings(self):
        article = self.office_news[0]
        article.date = datetime.date(2027, 1, 1)
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        self.assertEqual(PURGED, [sorted(listing_tags_of(article))])

    def test_new_subjects_move_a_document_in_the_registry_filters(self):
        """A live document published again with only its subjects changed leaves and joins the
        registry's "lĩnh vực" listings: its listings are purged, not only its own page."""
        subject = DocumentSubject.objects.create(name="Giáo dục mầm non")
        self.settle()
        directive = DirectivePage.objects.get(pk=self.directive.pk)
        directive.subjects = [subject]
        with self.captureOnCommitCallbacks(execute=True):
            directive.save_revision().publish()
        self.assertEqual(PURGED, [sorted(listing_tags_of(directive, "directives.directivepage"))])
        PURGED.clear()
        directive.title = "Văn bản số 1 (sửa lời)"
        with self.captureOnCommitCallbacks(execute=True):
            directive.save_revision().publish()
        self.assertEqual(PURGED, [sorted({f"p{directive.pk}", ALL})])  # same subjects: its page alone

    def test_a_new_keyword_moves_an_article_into_the_announcements(self):
        """A school's announcements are its news with the keyword "thông báo": adding it to a live
        article purges the school's listings."""
        article = NewsPage.objects.get(pk=self.school_news[0].pk)
        self.warm({self.school.url})
        article.tags.add("thông báo")
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        self.assertEqual(PURGED, [sorted(listing_tags_of(article))])
        self.assertEqual(self.misses({self.school.url}), {self.school.url})

    def test_unpublishing_purges_the_listings_it_leaves(self):
        article = self.school_news[0]
        self.warm({"/", self.school.url, self.other_school.url})
        with self.captureOnCommitCallbacks(execute=True):
            article.unpublish()
        self.assertEqual(PURGED, [sorted(listing_tags_of(article))])
        self.assertEqual(self.misses({"/", self.school.url, self.other_school.url}), {"/", self.school.url})

    def test_deleting_purges_the_listings_it_leaves(self):
        article = self.school_news[1]
        tags = listing_tags_of(article)
        with self.captureOnCommitCallbacks(execute=True):
            article.delete()
        self.assertEqual(PURGED, [sorted(tags)])

    def test_moving_purges_the_old_and_the_new_place(self):
        article = self.school_news[0]
        old_tags = listing_tags_of(article)
        self.warm({self.school.url, self.other_school.url, self.sections["news"].url})
        with self.captureOnCommitCallbacks(execute=True):
            article.move(self.other_school, pos="last-child")
        article.refresh_from_db()
        self.assertEqual(len(PURGED), 1)
        self.assertEqual(set(PURGED[0]), old_tags | listing_tags_of(article))
        self.assertEqual(
            self.misses({self.school.url, self.other_school.url, self.sections["news"].url}),
            {self.school.url, self.other_school.url},
        )

    def test_moving_a_school_purges_the_pages_linking_to_what_is_below_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.other_school.move(self.sections["org"], pos="last-child")
        self.assertEqual(len(PURGED), 1)
        self.assertIn(f"p{self.other_school_news[0].pk}", PURGED[0])  # its address changed
        self.assertIn(children_tag(self.sections["schools"]), PURGED[0])
        self.assertIn(children_tag(self.sections["org"]), PURGED[0])

    def test_an_image_change_purges_the_pages_using_it(self):
        image = make_image()
        article = make_news(self.sections["news"], 1, image=image, prefix="co-anh")[0]
        self.settle()
        # The article, and the pages showing its card with the picture (its section, its siblings'
        # related news); not the other sections' pages.
        using = {article.url, self.office_news[0].url, self.sections["news"].url}
        not_using = {self.unit.url, self.other_school.url, self.other_school_news[0].url}
        self.warm(using | not_using)
        PURGED.clear()
        image.title = "Ảnh đã đổi"
        with self.captureOnCommitCallbacks(execute=True):
            image.save()
        self.assertEqual(PURGED, [sorted({f"p{article.pk}", ALL})])
        self.assertEqual(self.misses(using | not_using), using)

    def test_an_unused_image_purges_nothing(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_image("Ảnh mới tải lên")
        self.assertEqual(PURGED, [])

    def test_a_snippet_purges_only_the_pages_showing_it(self):
        contributor = Contributor.objects.create(name="Nguyễn Thị B")
        article = self.office_news[0]
        PageContributor.objects.create(page=article, contributor=contributor, role="author")
        article.save_revision().publish()  # the reference index learns of the credit
        self.settle()
        # The pages showing the article (its card, its link) are purged with it: p<id> names both.
        showing = {article.url, self.office_news[1].url, self.sections["news"].url, "/"}
        not_showing = {self.other_school.url, self.unit.url, self.directive.url}
        self.warm(showing | not_showing)
        PURGED.clear()
        contributor.name = "Nguyễn Thị C"
        with self.captureOnCommitCallbacks(execute=True):
            contributor.save()
        self.assertEqual(PURGED, [sorted({"m-contributors.contributor", f"p{article.pk}", ALL})])
        self.assertEqual(self.misses(showing | not_showing), showing)

    def test_a_site_setting_purges_its_site(self):
        settings = OrganisationSettings.for_site(self.site)
        self.warm({"/", self.unit.url})
        PURGED.clear()
        settings.name = "Phòng Giáo dục và Đào tạo thử"
        with self.captureOnCommitCallbacks(execute=True):
            settings.save()
        self.assertEqual(PURGED, [sorted({f"s{self.site.pk}", ALL})])
        self.assertEqual(self.misses({"/", self.unit.url}), {"/", self.unit.url})
        self.assertContains(self.client.get("/"), "Phòng Giáo dục và Đào tạo thử")

    def test_a_new_directive_purges_the_registry_not_the_news(self):
        self.warm({self.sections["directives"].url, self.sections["news"].url})
        with self.captureOnCommitCallbacks(execute=True):
            directive = make_directive(self.sections["directives"], 2)  # created live, then published
        self.assertEqual(self.purged(), listing_tags_of(directive, "directives.directivepage"))
        self.assertEqual(
            self.misses({self.sections["directives"].url, self.sections["news"].url}),
            {self.sections["directives"].url},
        )
        self.assertIn(listing_tag(self.home, DirectivePage), self.purged())
        self.assertIn(descendants_tag(self.home), self.purged())

    def test_making_a_school_private_purges_it_and_everything_below_it(self):
        """The refused side: once a school is restricted, no reader gets its stored pages or its news
        from the listings' stored copies."""
        article = self.school_news[0]
        urls = {"/", self.school.url, article.url, self.other_school.url}
        self.warm(urls)
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.school, restriction_type=PageViewRestriction.LOGIN)
        purged = self.purged()
        self.assertTrue({f"p{self.school.pk}", f"p{article.pk}", f"p{self.school_news[1].pk}"} <= purged)
        self.assertTrue(listing_tags_of(self.school, "schools.schoolpage") - {ALL} <= purged)
        self.assertNotIn(f"p{self.other_school.pk}", purged)
        # A restriction changes what the Sites' state holds (its restricted paths, forget_sites):
        # the first request after it reads the Sites again and is a miss, whatever its page. A page
        # outside ``urls`` takes that miss, so the set's order cannot choose one of them.
        self.client.get(self.sections["news"].url)
        self.assertEqual(self.misses(urls), {"/", self.school.url, article.url})
        for url in (self.school.url, article.url):
            response = self.client.get(url)
            self.assertNotEqual(response.status_code, 200, url)  # the login page, not the stored copy
            self.assertNotContains(response, article.lead, status_code=response.status_code)
        self.assertNotContains(self.client.get("/"), f'href="{article.url}"')

    def test_lifting_the_restriction_purges_the_same_pages(self):
        restriction = PageViewRestriction.objects.create(
            page=self.school, restriction_type=PageViewRestriction.LOGIN
        )
        self.settle()
        with self.captureOnCommitCallbacks(execute=True):
            restriction.delete()
        purged = self.purged()
        self.assertTrue(
            {f"p{self.school.pk}", f"p{self.school_news[0].pk}", f"c{self.school.path[:-4]}"} <= purged
        )
        self.assertNotIn(f"p{self.other_school.pk}", purged)

    def test_nothing_is_purged_before_the_commit(self):
        unit = OrgUnitPage(title="Bộ phận mới", slug="bo-phan-moi", kind="unit", live=False)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            with transaction.atomic():  # the admin's view: the whole change in one transaction
                self.sections["org"].add_child(instance=unit)
                unit.save_revision().publish()
        self.assertEqual(PURGED, [])
        for callback in callbacks:  # the purge batch, and the search results' own generation
            callback()
        # One purge for the whole change.
        self.assertEqual(PURGED, [sorted(listing_tags_of(unit, "org.orgunitpage"))])


@override_settings(WAGTAILFRONTENDCACHE=FAILING_THEN_RECORDING, DJANGO_PAGE_CACHE=True)
class FailingPurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def setUp(self):
        cache.clear()
        PURGED.clear()
        cache_tags._batches.__dict__.clear()

    def test_a_failing_backend_never_blocks_publishing(self):
        with self.assertLogs("site_kb.cache_tags", "ERROR") as logs:
            with self.captureOnCommitCallbacks(execute=True):
                article = make_news(self.sections["news"], 1)[0]
        self.assertTrue(NewsPage.objects.get(pk=article.pk).live)
        self.assertIn("failing", logs.output[0])
        self.assertIn(f"p{article.pk}", set().union(*PURGED))  # the other backend was still asked
        self.assertEqual(self.client.get(article.url).status_code, 200)


@override_settings(WAGTAILFRONTENDCACHE=RECORDING, DJANGO_PAGE_CACHE=True)
class ScheduledPurgeTests(TestCase):
    """Scheduled go-live and expiry (Wagtail's publish_scheduled, run by cron) purge as an editor would."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.article = make_news(cls.school, 1)[0]

    def setUp(self):
        cache.clear()
        PURGED.clear()
        cache_tags._batches.__dict__.clear()

    def test_a_scheduled_news_item_purges_its_listings_when_it_goes_live(self):
        page = NewsPage(
            title="Thông báo tuyển sinh lớp 6",
            slug="tuyen-sinh",
            live=False,
            lead="Tóm tắt.",
            body=[("paragraph", "<p>Nội dung.</p>")],
            go_live_at=timezone.now() + datetime.timedelta(hours=1),
        )
        self.school.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()  # approved for later: not live yet
        self.assertFalse(NewsPage.objects.get(pk=page.pk).live)
        cache_tags._batches.__dict__.clear()
        PURGED.clear()
        self.client.get(self.school.url)
        # The hour has passed: the approved revision's go-live time is now behind us.
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
        with self.captureOnCommitCallbacks(execute=True):
            call_command("publish_scheduled", stdout=io.StringIO())
        page = NewsPage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertEqual(self.purged_tags(), listing_tags_of(page))
        response = self.client.get(self.school.url)
        self.assertEqual(response["X-Cache"], "MISS")
        self.assertContains(response, "Thông báo tuyển sinh lớp 6")

    def test_an_expired_news_item_purges_its_listings(self):
        NewsPage.objects.filter(pk=self.article.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        self.client.get(self.school.url)
        with self.captureOnCommitCallbacks(execute=True):
            call_command("publish_scheduled", stdout=io.StringIO())
        self.assertFalse(NewsPage.objects.get(pk=self.article.pk).live)
        self.assertEqual(self.purged_tags(), listing_tags_of(self.article))
        self.assertNotContains(self.client.get(self.school.url), self.article.title)

    def purged_tags(self):
        return set().union(*PURGED)
