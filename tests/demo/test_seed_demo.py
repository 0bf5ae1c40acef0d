"""seed_demo builds the whole demo site once, and a second run adds nothing."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils.html import escape

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, Site

from directives.models import DirectivePage
from editorial.models import SchoolAccess
from feedback.models import Feedback, FeedbackPage
from home.models import HomePage
from links.models import ExternalLink
from news.models import NewsIndexPage, NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schools.models import SchoolIndexPage, SchoolPage
from site_kb.models import OrganisationSettings
from units.art9 import missing_pages


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": get_user_model().objects.count(),
        "links": ExternalLink.objects.count(),
        "sites": Site.objects.count(),
        "settings": OrganisationSettings.objects.count(),
        "feedback": Feedback.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
    }


def header_of(response):
    """The page's <header> element: where the site's owner is named."""
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


DEMO_USERNAMES = (
    "quantri",
    "bientap",
    "lanhdao",
    "canbo",
    "daumoi.thcsbasao",
    "hieutruong.thcsbasao",
    "cntt.thcsbasao",
)


@override_settings(DEBUG=True)  # a development machine, as `make run` (the test settings turn DEBUG off)
class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=StringIO())

    def test_second_run_creates_nothing_new(self):
        before = snapshot()
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(snapshot(), before)

    def test_site_root_is_the_home_page(self):
        site = Site.objects.get(is_default_site=True)
        self.assertIsInstance(site.root_page.specific, HomePage)
        self.assertFalse(Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists())

    def test_regulation_is_published_with_all_15_articles(self):
        regulation = DirectivePage.objects.live().get(number="33/QĐ-GDĐT")
        self.assertEqual(
            regulation.title, "Quy chế tổ chức và quản lý hoạt động của Website Phòng GD&ĐT Kim Bảng"
        )
        self.assertEqual(regulation.signed_date.isoformat(), "2013-11-21")
        self.assertEqual(regulation.doc_type.name, "Quy chế")
        self.assertEqual(regulation.group, 3)
        self.assertEqual(regulation.status, "in-force")
        self.assertIsNotNone(regulation.first_published_at)
        registry = self.client.get(regulation.get_parent().url, {"q": "33/QD-GDDT"})
        self.assertEqual([page.pk for page in registry.context["documents"]], [regulation.pk])
        self.assertIn("Trương Văn Lộc", regulation.signer)
        articles = [
            block.value["text"]
            for block in regulation.body
            if block.block_type == "heading" and block.value["level"] == "h3"
        ]
        numbers = [int(re.match(r"Điều (\d+)\.", text).group(1)) for text in articles]
        self.assertEqual(numbers, list(range(1, 16)))
        chapters = [
            block.value["text"]
            for block in regulation.body
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]
        self.assertEqual(len(chapters), 4)

        response = self.client.get(regulation.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for number in range(1, 16):
            self.assertIn(f"Điều {number}.", html)
        # The source skips clause 2 of Điều 11; the site keeps it faithfully so.
        self.assertIn("Mỗi đơn vị cử một cán bộ kiêm nhiệm", html)

    def test_every_page_type_answers_200(self):
        for model in (
            HomePage,
            OrgIndexPage,
            OrgUnitPage,
            DirectivePage,
            NewsIndexPage,
            NewsPage,
            SchoolIndexPage,
            SchoolPage,
            FeedbackPage,
        ):
            page = model.objects.live().first()
            with self.subTest(model=model.__name__):
                self.assertIsNotNone(page, f"seed_demo made no {model.__name__}")
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, escape(page.title))
        directive_index = DirectivePage.objects.live().first().get_parent()
        self.assertEqual(self.client.get(directive_index.url).status_code, 200)

    def test_schools_at_three_levels_and_news_across_office_and_schools(self):
        schools = SchoolPage.objects.live()
        self.assertGreaterEqual(schools.count(), 45)
        self.assertEqual(set(schools.values_list("level", flat=True)), {"mam-non", "tieu-hoc", "thcs"})
        self.assertTrue(schools.filter(title="Trường THCS Ba Sao").exists())
        news = NewsPage.objects.live()
        self.assertGreaterEqual(news.count(), 30)
        school_news = [page for page in news if page.depth == schools.first().depth + 1]
        self.assertGreaterEqual(len(school_news), 5)
        self.assertGreater(news.exclude(listing_image=None).count(), 20)

    def test_demo_accounts_log_into_a_vietnamese_admin(self):
        for username in DEMO_USERNAMES:
            with self.subTest(username=username):
                self.assertTrue(self.client.login(username=username, password="demo12345"))
                response = self.client.get("/admin/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'lang="vi"')
                self.client.logout()

    def test_organisation_name_is_read_from_site_settings(self):
        site = Site.objects.get(is_default_site=True)
        settings = OrganisationSettings.for_site(site)
        self.assertEqual(settings.name, "Phòng Giáo dục và Đào tạo Kim Bảng")
        settings.name = "Phòng Giáo dục và Đào tạo Thử Nghiệm"
        settings.save()
        response = self.client.get("/")
        self.assertContains(response, "Phòng Giáo dục và Đào tạo Thử Nghiệm")

    def test_each_demo_account_is_in_its_role_group(self):
        expected = {
            "quantri": "Quản trị CNTT",
            "bientap": "Ban biên tập",
            "lanhdao": "Lãnh đạo phòng",
            "canbo": "Cán bộ phòng",
            "daumoi.thcsbasao": "Trường THCS Ba Sao – Đầu mối",
            "hieutruong.thcsbasao": "Trường THCS Ba Sao – Hiệu trưởng",
            "cntt.thcsbasao": "Trường THCS Ba Sao – Quản trị CNTT",
        }
        for username, group in expected.items():
            with self.subTest(username=username):
                user = get_user_model().objects.get(username=username)
                self.assertEqual(list(user.groups.values_list("name", flat=True)), [group])

    def test_three_demo_schools_are_member_sites_on_localhost(self):
        """Circular 37/2020 Art. 3: each demo member site answers on its own *.localhost address
        (port 8000, as `make run`) with the school's name in the header and its news beneath it."""
        authority = Site.objects.get(is_default_site=True)
        self.assertEqual((authority.hostname, authority.port), ("localhost", 8000))
        hostnames = {
            "truong-thcs-ba-sao": "thcs-basao.localhost",
            "truong-mam-non-ba-sao": "mn-basao.localhost",
            "truong-tieu-hoc-le-ho": "th-leho.localhost",
        }
        for slug, hostname in hostnames.items():
            with self.subTest(hostname=hostname):
                site = Site.objects.get(hostname=hostname)
                school = site.root_page.specific
                self.assertIsInstance(school, SchoolPage)
                self.assertEqual(school.slug, slug)
                self.assertEqual(site.port, 8000)
                # The school page stays in the authority's tree, so the authority still lists it.
                self.assertTrue(school.is_descendant_of(authority.root_page))
                settings = OrganisationSettings.for_site(site)
                self.assertEqual(settings.name, school.title)
                self.assertEqual(settings.address, school.address)
                self.assertIn(school.principal_name, settings.person_responsible)
                response = self.client.get("/", HTTP_HOST=f"{hostname}:8000")
                self.assertEqual(response.status_code, 200)
                header = header_of(response)
                self.assertIn(escape(school.title), header)
                self.assertTrue(NewsPage.objects.live().child_of(school).exists())
        header = header_of(self.client.get("/", HTTP_HOST="localhost:8000"))
        self.assertIn(escape("Phòng Giáo dục và Đào tạo Kim Bảng"), header)
        self.assertNotIn(escape("Trường THCS Ba Sao"), header)

    def test_port_option_moves_every_demo_site(self):
        out = StringIO()
        call_command("seed_demo", "--port", "8123", stdout=out)
        self.assertEqual(set(Site.objects.values_list("port", flat=True)), {8123})
        self.assertIn("http://thcs-basao.localhost:8123/", out.getvalue())
        self.assertEqual(self.client.get("/", HTTP_HOST="th-leho.localhost:8123").status_code, 200)

    def test_sites_option_bulk_creates_member_sites_once(self):
        """seed_demo --sites 5 adds five member schools, each a working site with its groups and its
        Art. 9 pages; a second run with the same N adds nothing."""
        before = snapshot()
        out = StringIO()
        call_command("seed_demo", "--sites", "5", stdout=out)
        self.assertIn("Added 5 member sites", out.getvalue())
        generated = Site.objects.filter(hostname__startswith="truong-tu-dong-").order_by("hostname")
        self.assertEqual(
            [site.hostname for site in generated],
            [f"truong-tu-dong-0000{n}.localhost" for n in range(1, 6)],
        )
        self.assertEqual(snapshot()["sites"], before["sites"] + 5)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        for site in generated:
            with self.subTest(hostname=site.hostname):
                school = site.root_page.specific
                self.assertIsInstance(school, SchoolPage)
                self.assertEqual(site.port, 8000)
                self.assertEqual(missing_pages(school), [])
                self.assertTrue(SchoolAccess.objects.filter(school=school, it_group__isnull=False).exists())
                self.assertEqual(OrganisationSettings.for_site(site).name, school.title)
                response = self.client.get("/", HTTP_HOST=f"{site.hostname}:8000")
                self.assertEqual(response.status_code, 200)
                self.assertIn(escape(school.title), header_of(response))
                article = NewsPage.objects.live().child_of(school).first()
                response = self.client.get(f"/{article.slug}/", HTTP_HOST=f"{site.hostname}:8000")
                self.assertContains(response, escape(article.title))

        after = snapshot()
        out = StringIO()
        call_command("seed_demo", "--sites", "5", stdout=out)
        self.assertIn("already exist, nothing to add", out.getvalue())
        self.assertEqual(snapshot(), after)

    def test_every_school_has_its_groups(self):
        self.assertEqual(SchoolAccess.objects.count(), SchoolPage.objects.count())


@override_settings(DEBUG=False)
class SeedDemoUnderProductionSettingsTests(TestCase):
    """With DEBUG off, seed_demo refuses; forced, it never sets the published demo password."""

    def test_refuses_when_debug_is_off(self):
        with self.assertRaisesMessage(CommandError, "--i-know-this-is-production") as caught:
            call_command("seed_demo", stdout=StringIO())
        self.assertIn("DEBUG đang tắt", str(caught.exception))
        self.assertFalse(get_user_model().objects.exists())
        self.assertFalse(HomePage.objects.exists())

    def test_forced_run_gives_the_superuser_a_random_password_and_the_others_none(self):
        out = StringIO()
        call_command("seed_demo", "--i-know-this-is-production", stdout=out)
        User = get_user_model()
        self.assertTrue(HomePage.objects.live().exists())
        for username in DEMO_USERNAMES:
            with self.subTest(username=username):
                user = User.objects.get(username=username)
                self.assertFalse(user.check_password("demo12345"))
                self.assertFalse(self.client.login(username=username, password="demo12345"))
        self.assertNotIn("demo12345", out.getvalue())
        password = re.search(r"Superuser quantri: random password (\S+) ", out.getvalue()).group(1)
        self.assertTrue(User.objects.get(username="quantri").check_password(password))
        others = User.objects.filter(username__in=DEMO_USERNAMES).exclude(username="quantri")
        self.assertFalse(any(user.has_usable_password() for user in others))
