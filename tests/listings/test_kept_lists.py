"""The short lists of the home page and a school's home, and the registry's filter choices, kept in
the shared cache for anonymous readers (issue 17): read again without the rows they show, the same
page to the byte, and never stale once a publish has purged what they show."""

from django.core.cache import cache
from django.test import TestCase, override_settings

from directives.models import DocumentKind, IssuingBody
from site_kb.cache_tags import HEADER, page_tag

from ..builders import make_directive, make_news, make_school, make_site, make_superuser
from ..query_counts import assert_kept_the_same, get_counting


@override_settings(DJANGO_FRAGMENT_CACHE=True)
class KeptListsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.office_news = make_news(cls.sections["news"], 3)
        cls.school = make_school(cls.sections["schools"], 1)
        cls.school_news = make_news(cls.school, 3, prefix="tin-truong")
        cls.announcement = cls.school_news[0]
        cls.announcement.tags.add("thông báo")
        cls.announcement.save_revision().publish()
        cls.directive = make_directive(cls.sections["directives"], 1)

    def setUp(self):
        cache.clear()

    def get(self, url, client=None):
        return get_counting(self, url, client)

    def test_read_again_the_lists_cost_fewer_queries_and_the_page_is_the_same(self):
        urls = ("/", self.school.url, self.sections["directives"].url)
        kept = {}
        for url in urls:
            with self.subTest(url=url):
                kept[url] = assert_kept_the_same(self, url).content
        with override_settings(DJANGO_FRAGMENT_CACHE=False):
            for url in urls:
                self.assertEqual(self.get(url)[0].content, kept[url], url)  # as rendered without it

    def test_the_home_page_carries_the_tags_of_what_its_kept_lists_show(self):
        self.get("/")
        tags = self.get("/")[0][HEADER].split()
        for page in (self.office_news[-1], self.school_news[-1], self.directive):
            self.assertIn(page_tag(page), tags)

    def test_a_published_change_shows_at_once(self):
        for url in ("/", self.school.url):
            self.get(url)
        article, directive = self.school_news[-1], self.directive
        article.title = "Tiêu đề mới của tin trường"
        directive.summary = "Về việc đã sửa."
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
            directive.save_revision().publish()
        self.assertContains(self.get("/")[0], "Tiêu đề mới của tin trường")
        self.assertContains(self.get("/")[0], "Về việc đã sửa.")
        self.assertContains(self.get(self.school.url)[0], "Tiêu đề mới của tin trường")

    def test_an_unpublished_announcement_leaves_the_school_home(self):
        self.assertContains(self.get(self.school.url)[0], self.announcement.title, count=2)
        with self.captureOnCommitCallbacks(execute=True):
            self.announcement.unpublish()
        self.assertNotContains(self.get(self.school.url)[0], self.announcement.title)

    def registry_kinds(self, client=None):
        response, _ = self.get(self.sections["directives"].url, client)
        return [value for value, _label in response.context["filter_form"].fields["loai"].choices]

    def add_document_of_a_new_kind(self):
        page = make_directive(self.sections["directives"], 2)
        page.doc_type = DocumentKind.coded("ke-hoach")
        page.save_revision().publish()

    def test_the_registry_offers_a_new_kind_once_it_is_published(self):
        self.assertEqual(self.registry_kinds(), ["", "quyet-dinh"])
        with self.captureOnCommitCallbacks(execute=True):
            self.add_document_of_a_new_kind()
        self.assertEqual(sorted(self.registry_kinds()), ["", "ke-hoach", "quyet-dinh"])

    def test_a_renamed_issuing_body_is_offered_under_its_new_name(self):
        self.get(self.sections["directives"].url)
        body = IssuingBody.objects.get(name="Phòng GD&ĐT")
        body.name = "Phòng Văn hoá - Xã hội"
        with self.captureOnCommitCallbacks(execute=True):
            body.save()
        response, _ = self.get(self.sections["directives"].url)
        labels = [label for _value, label in response.context["filter_form"].fields["co_quan"].choices]
        self.assertIn("Phòng Văn hoá - Xã hội", labels)

    def test_an_editor_is_never_offered_kept_choices(self):
        """The kept choices are for anonymous readers: a logged-in editor's registry reads them even
        when the purge has not come (here: never, the test's transaction is not committed)."""
        self.registry_kinds()
        self.add_document_of_a_new_kind()  # no commit: nothing is purged
        self.assertEqual(self.registry_kinds(), ["", "quyet-dinh"])  # the kept list, as intended
        editor = self.client_class()
        editor.force_login(make_superuser())
        self.assertEqual(sorted(self.registry_kinds(editor)), ["", "ke-hoach", "quyet-dinh"])
