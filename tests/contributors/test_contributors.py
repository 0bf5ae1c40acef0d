"""Authors and editors (Điều 10): the register, the credits on public pages, the royalty report."""

import csv
import datetime
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from contributors.models import Contributor, PageContributor, WorkRole
from editorial.roles import setup_roles
from news.models import NewsPage
from site_kb.admin_ui import previous_month

from ..builders import make_directive, make_school, make_site, make_user, publish


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def credit(page, contributor, role):
    return PageContributor.objects.create(page=page, contributor=contributor, role=role)


def news(parent, slug, published=None, **extra):
    page = publish(
        parent,
        NewsPage(
            title=f"Tin {slug}", slug=slug, lead="Tóm tắt.", body=[("paragraph", "<p>Nội dung.</p>")], **extra
        ),
    )
    if published:
        Page.objects.filter(pk=page.pk).update(first_published_at=published)
    return page


class ContributorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.lan = Contributor.objects.create(name="Trần Thị Lan", unit="Tổ Tiểu học")
        cls.minh = Contributor.objects.create(name="Lê Văn Minh", school=cls.school, role="editor")
        cls.hoa = Contributor.objects.create(name="Phạm Thu Hoa", role="collaborator", active=False)


class PublicCreditsTests(ContributorTestCase):
    def test_credits_line_groups_names_by_role(self):
        page = news(self.sections["news"], "tin-co-tac-gia")
        credit(page, self.lan, WorkRole.AUTHOR)
        credit(page, self.hoa, WorkRole.AUTHOR)
        credit(page, self.minh, WorkRole.EDITOR)
        body = self.client.get(page.url).content.decode()
        self.assertIn(
            '<p class="article__credits">Tác giả: Trần Thị Lan, Phạm Thu Hoa; Biên tập: Lê Văn Minh</p>', body
        )

    def test_directive_shows_its_credits(self):
        directive = make_directive(self.sections["directives"], 1)
        credit(directive, self.minh, WorkRole.COLLECTOR)
        body = self.client.get(directive.url).content.decode()
        self.assertIn("Sưu tầm tư liệu: Lê Văn Minh", body)

    def test_queries_do_not_grow_with_the_number_of_contributors(self):
        one = news(self.sections["news"], "mot-nguoi")
        credit(one, self.lan, WorkRole.AUTHOR)
        many = news(self.sections["news"], "nhieu-nguoi")
        for i in range(8):
            person = Contributor.objects.create(name=f"Người số {i}")
            credit(many, person, WorkRole.AUTHOR if i % 2 else WorkRole.EDITOR)

        def count(page):
            self.client.get(page.url)  # warm the site settings and menus cache
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(page.url).status_code, 200)
            return len(queries)

        self.assertEqual(count(one), count(many))


class RegisterAdminTests(ContributorTestCase):
    def test_board_lists_filters_and_searches_the_register(self):
        self.client.force_login(self.board)
        url = reverse("wagtailsnippets_contributors_contributor:list")
        response = self.client.get(url, {"role": "editor"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Lê Văn Minh")
        self.assertNotContains(response, "Trần Thị Lan")
        self.assertContains(response, "Trường số 1")  # the unit falls back to the school's name

        response = self.client.get(url, {"q": "Lan"})
        self.assertContains(response, "Trần Thị Lan")
        self.assertNotContains(response, "Phạm Thu Hoa")

    def test_register_listing_does_not_query_per_row(self):
        self.client.force_login(self.board)
        url = reverse("wagtailsnippets_contributors_contributor:list")
        self.client.get(url)

        def count():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertContains(response, "Biên tập")  # the role's label, not its code
            return len(queries)

        before = count()
        for i in range(5):
            Contributor.objects.create(
                name=f"Giáo viên {i}", school=make_school(self.sections["schools"], 10 + i)
            )
        self.assertEqual(count(), before)

    def test_add_form_speaks_vietnamese(self):
        self.client.force_login(self.board)
        response = self.client.get(reverse("wagtailsnippets_contributors_contributor:add"))
        self.assertEqual(response.status_code, 200)
        for label in ("Họ và tên", "Nơi công tác", "Cộng tác viên", "Còn cộng tác"):
            self.assertContains(response, label)

    def test_office_staff_cannot_open_the_register_or_the_report(self):
        self.client.force_login(self.staff)
        self.assertNotEqual(
            self.client.get(reverse("wagtailsnippets_contributors_contributor:list")).status_code, 200
        )
        response = self.client.get(reverse("contributors_reports:royalties"))
        self.assertEqual(response.status_code, 302)


class RoyaltyReportTests(ContributorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        first, last = previous_month()
        cls.in_month = news(cls.sections["news"], "trong-thang", published=at(first, 10))
        credit(cls.in_month, cls.lan, WorkRole.AUTHOR)
        credit(cls.in_month, cls.minh, WorkRole.EDITOR)
        cls.directive = make_directive(cls.sections["directives"], 1)
        Page.objects.filter(pk=cls.directive.pk).update(first_published_at=at(last, 16))
        credit(cls.directive, cls.minh, WorkRole.COLLECTOR)
        cls.older = news(
            cls.sections["news"], "thang-truoc-nua", published=at(first - datetime.timedelta(days=3))
        )
        credit(cls.older, cls.lan, WorkRole.AUTHOR)
        cls.draft = cls.sections["news"].add_child(
            instance=NewsPage(title="Tin nháp", slug="nhap", lead="x", body=[], live=False)
        )
        credit(cls.draft, cls.lan, WorkRole.AUTHOR)

    def get(self, **params):
        self.client.force_login(self.board)
        return self.client.get(reverse("contributors_reports:royalties"), params)

    def test_default_period_is_last_month_one_row_per_person_and_work(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        rows = [
            (row.contributor_name, row.role_label, row.page_title) for row in response.context["object_list"]
        ]
        self.assertEqual(
            rows,
            [
                ("Lê Văn Minh", "Biên tập", "Tin trong-thang"),
                ("Lê Văn Minh", "Sưu tầm tư liệu", "Văn bản số 1"),
                ("Trần Thị Lan", "Tác giả", "Tin trong-thang"),
            ],
        )
        self.assertContains(response, "Nhuận bút, thù lao")
        self.assertContains(response, "văn bản")  # the type column

    def test_filters_by_contributor_and_period(self):
        first, _last = previous_month()
        start = first - datetime.timedelta(days=10)
        response = self.get(
            contributor=self.lan.pk, published_from=start.isoformat(), published_to=first.isoformat()
        )
        titles = [row.page_title for row in response.context["object_list"]]
        self.assertEqual(titles, ["Tin thang-truoc-nua", "Tin trong-thang"])

    def test_csv_export_has_vietnamese_headings_and_the_rows(self):
        response = self.get(export="csv")
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(content.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        self.assertEqual(
            rows[0], ["Người thực hiện", "Đơn vị", "Vai trò", "Tin bài, văn bản", "Loại", "Đăng lần đầu"]
        )
        self.assertEqual(len(rows), 4)
        self.assertEqual(
            rows[1][:5], ["Lê Văn Minh", "Trường số 1", "Biên tập", "Tin trong-thang", "tin bài"]
        )
        first, _last = previous_month()
        self.assertEqual(rows[1][5], f"{first:%d/%m/%Y} 10:00")

    def test_xlsx_export(self):
        response = self.get(export="xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    def test_queries_do_not_grow_with_rows(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.get()
            return len(queries)

        self.get()  # warm the content type and permission caches
        before = count()
        first, _last = previous_month()
        for i in range(6):
            page = news(self.sections["news"], f"them-{i}", published=at(first, 11))
            credit(
                page,
                Contributor.objects.create(name=f"Cộng tác viên {i}", school=self.school),
                WorkRole.AUTHOR,
            )
        self.assertEqual(count(), before)

    def test_menu_item_for_the_board(self):
        self.client.force_login(self.board)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("contributors_reports:royalties"))
