"""The request's Site from the process's SiteState (site_kb.sites.site_for_request, issue 17): the
same Site Wagtail's own lookup chooses, for every host and port, without its query per page."""

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from site_kb.sites import load_state, site_for_request

from ..builders import make_school, make_site

CASES = [
    ("localhost", 80),
    ("localhost", 8000),
    ("truong-a.localhost", 80),
    ("truong-a.localhost", 8080),
    ("truong-b.localhost", 80),
    ("truong-b.localhost", 8000),
    ("truong-b.localhost", 8080),
    ("TRUONG-A.localhost", 80),
    ("khong-co.localhost", 80),
]


class SiteForRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        school_a = cls.school_a = make_school(cls.sections["schools"], 0)
        school_b = cls.school_b = make_school(cls.sections["schools"], 1)
        Site.objects.create(hostname="truong-a.localhost", port=80, root_page=school_a, site_name="A")
        # One hostname on two ports: only an exact port chooses between them.
        Site.objects.create(hostname="truong-b.localhost", port=8000, root_page=school_b, site_name="B")
        Site.objects.create(hostname="truong-b.localhost", port=8080, root_page=school_a, site_name="B2")

    def request_for(self, hostname, port):
        return RequestFactory().get("/", HTTP_HOST=f"{hostname}:{port}")

    def assert_same_as_wagtail(self):
        state = load_state("token")
        for hostname, port in CASES:
            with self.subTest(host=hostname, port=port):
                expected = Site._find_for_request(self.request_for(hostname, port))
                found = site_for_request(self.request_for(hostname, port), state)
                self.assertEqual(getattr(found, "pk", None), getattr(expected, "pk", None))
                if expected is not None:
                    self.assertEqual(found.root_page.pk, expected.root_page.pk)
                    self.assertEqual(found.root_page.path, expected.root_page.path)
                    self.assertEqual(found.root_page.url_path, expected.root_page.url_path)

    def test_the_same_site_as_wagtail_with_a_default_site(self):
        self.assert_same_as_wagtail()

    def test_the_same_site_as_wagtail_without_a_default_site(self):
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
        self.assert_same_as_wagtail()

    def test_each_request_gets_instances_of_its_own(self):
        state = load_state("token")
        first = site_for_request(self.request_for("localhost", 80), state)
        second = site_for_request(self.request_for("localhost", 80), state)
        self.assertIsNot(first, second)
        self.assertIsNot(first.root_page, second.root_page)
        self.assertEqual(first.root_page.specific.title, self.home.title)
        self.assertNotIn("specific", second.root_page.__dict__)  # nothing cached on one reaches the other

    def test_a_page_costs_no_query_for_its_site(self):
        self.client.get("/")
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertFalse([query for query in queries if 'FROM "wagtailcore_site"' in query["sql"]])

    def test_a_site_given_another_root_serves_it_on_the_next_request(self):
        self.assertContains(self.client.get("/", HTTP_HOST="truong-a.localhost"), "<h1>Trường số 0</h1>")
        site = Site.objects.get(hostname="truong-a.localhost")
        site.root_page = self.school_b
        site.save()  # forget_sites: every process reads the Sites again
        self.assertContains(self.client.get("/", HTTP_HOST="truong-a.localhost"), "<h1>Trường số 1</h1>")
