"""The member-sites report (issue 16.6, Circular 37/2020 Art. 3, 9): each school's figures and the
totals on a known fixture, its filters, its CSV and XLSX exports, a constant number of queries,
the dashboard count, the authority's minimum, and who is refused."""

import csv
import datetime
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from openpyxl import load_workbook

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from feedback.records import Feedback, Status
from links.models import ExternalLink, LinkCategory
from news.models import NewsPage
from schools.models import AdmissionsPage
from units.art9 import ensure_school_pages, missing_pages
from units.models import MemberSitePolicy
from units.reports import MemberSitesFigures

from ..builders import make_school, make_site, make_user, publish

REPORT = "units_reports:member_sites"


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def article(parent, slug, first_published, body=None):
    """A live news article first (and last) published at ``first_published``."""
    page = publish(
        parent,
        NewsPage(
            title=f"Tin {slug}",
            slug=slug,
            lead="Tóm tắt tin.",
            body=body or [("paragraph", "<p>Nội dung.</p>")],
        ),
    )
    Page.objects.filter(pk=page.pk).update(
        first_published_at=first_published, last_published_at=first_published
    )
    return page


def question(school, title, received_at, status=Status.ASSIGNED):
    item = Feedback.objects.create(
        name="Trần Thị Bạn Đọc",
        email="bandoc@example.test",
        title=title,
        content="Xin hỏi thủ tục.",
        status=status,
        received_at=received_at,
    )
    item.assigned_to.set([school])
    return item


def quiet(school, since):
    """Every page of ``school``'s subtree last published at ``since``."""
    Page.objects.filter(path__startswith=school.path).update(last_published_at=since)


class MemberSitesReportTests(TestCase):
    """Three schools: Ba Sao (own site, 2 articles this year: below a minimum of 3; an open and an
    overdue question), Bắc Sơn (own site, 4 articles: above; a link to a withdrawn page), Cẩm Lý
    (no site of its own, nothing for 60 days)."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.it_officer = make_user("quantri", groups["it_officer"])
        policy = MemberSitePolicy.load()
        policy.min_articles_per_year = 3
        policy.save()
        cls.today = timezone.localdate()
        cls.year_start, _end = policy.school_year(cls.today)
        last_year = cls.year_start - datetime.timedelta(days=20)
        schools = cls.sections["schools"]

        cls.basao = make_school(schools, 1)
        cls.basao.title, cls.basao.commune = "Trường THCS Ba Sao", "Ba Sao"
        cls.basao.save_revision().publish()
        cls.bacson = make_school(schools, 2, level="tieu-hoc")
        cls.bacson.title, cls.bacson.commune = "Trường Tiểu học Bắc Sơn", "Kim Bảng"
        cls.bacson.save_revision().publish()
        cls.camly = make_school(schools, 3, level="mam-non")
        cls.camly.title, cls.camly.commune = "Trường Mầm non Cẩm Lý", "Kim Bảng"
        cls.camly.save_revision().publish()
        Site.objects.create(hostname="thcs-basao.localhost", port=80, root_page=cls.basao, site_name="Ba Sao")
        Site.objects.create(
            hostname="th-bacson.localhost", port=8000, root_page=cls.bacson, site_name="Bắc Sơn"
        )

        for school in (cls.basao, cls.bacson, cls.camly):
            ensure_school_pages(school)
        AdmissionsPage.objects.child_of(cls.camly).get().unpublish()  # Cẩm Lý lacks a live "Tuyển sinh"

        cls.basao_latest = at(cls.today - datetime.timedelta(days=2))
        article(cls.basao, "basao-1", at(cls.year_start + datetime.timedelta(days=3)))
        article(cls.basao, "basao-2", cls.basao_latest)
        article(cls.basao, "basao-cu", at(last_year))  # last school year: not counted
        cls.withdrawn = article(cls.bacson, "bacson-go", at(cls.today - datetime.timedelta(days=9)))
        for i in range(4):
            article(
                cls.bacson,
                f"bacson-{i}",
                at(cls.year_start + datetime.timedelta(days=i)),
                body=[("paragraph", f'<p>Xem <a linktype="page" id="{cls.withdrawn.pk}">tin cũ</a>.</p>')]
                if i == 0
                else None,
            )
        cls.withdrawn.unpublish()

        # Last publications: Ba Sao two days ago, Bắc Sơn yesterday, Cẩm Lý 60 days ago.
        quiet(cls.basao, at(cls.today - datetime.timedelta(days=40)))
        Page.objects.filter(slug="basao-2").update(last_published_at=cls.basao_latest)
        quiet(cls.bacson, at(cls.today - datetime.timedelta(days=5)))
        cls.bacson_latest = at(cls.today - datetime.timedelta(days=1))
        Page.objects.filter(pk=cls.bacson.pk).update(last_published_at=cls.bacson_latest)
        quiet(cls.camly, at(cls.today - datetime.timedelta(days=60)))

        now = timezone.now()
        question(cls.basao, "Hỏi về tuyển sinh lớp 6", now)
        question(cls.basao, "Hỏi về học phí", now - datetime.timedelta(days=40))  # overdue
        question(cls.basao, "Hỏi đã trả lời", now - datetime.timedelta(days=40), status=Status.ANSWERED)
        question(cls.bacson, "Hỏi đã đóng", now, status=Status.CLOSED)

        category = LinkCategory.objects.create(name="Cơ quan cấp trên")
        ExternalLink.objects.create(
            category=category,
            title="Bộ GD&ĐT",
            url="https://moet.gov.vn/",
            is_broken=True,
            last_checked_at=now,
        )

        access = SchoolAccess.objects.get(school=cls.basao)
        cls.contact = make_user("daumoi", access.contact_group)
        cls.principal = make_user("hieutruong", access.principal_group)
        cls.school_it = make_user("cntt_truong", access.it_group)

    def get(self, user=None, **params):
        self.client.force_login(user or self.board)
        return self.client.get(reverse(REPORT), params)

    def rows(self, response):
        return {row.title: row for row in response.context["object_list"]}

    def test_each_schools_figures(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Báo cáo trang thành viên")
        rows = self.rows(response)
        self.assertEqual(
            list(rows), ["Trường Mầm non Cẩm Lý", "Trường THCS Ba Sao", "Trường Tiểu học Bắc Sơn"]
        )  # Vietnamese order: "Mầm" < "THCS" < "Tiểu"

        basao, bacson, camly = (
            rows["Trường THCS Ba Sao"],
            rows["Trường Tiểu học Bắc Sơn"],
            rows["Trường Mầm non Cẩm Lý"],
        )
        self.assertEqual(
            (basao.level_label, basao.commune, basao.hostname_display, basao.state_label),
            ("Trung học cơ sở", "Ba Sao", "thcs-basao.localhost", "Đang hoạt động"),
        )
        self.assertEqual(bacson.hostname_display, "th-bacson.localhost:8000")
        self.assertEqual(
            (camly.hostname_display, camly.state_label), ("chưa có tên miền riêng", "Chưa có trang riêng")
        )

        self.assertEqual(basao.last_published_at, self.basao_latest)
        self.assertEqual(bacson.last_published_at, self.bacson_latest)
        self.assertEqual(camly.last_published_at, at(self.today - datetime.timedelta(days=60)))

        self.assertEqual((basao.articles, basao.articles_display), (2, "2/3"))
        self.assertEqual((bacson.articles, bacson.articles_display), (4, "4/3"))
        self.assertEqual((camly.articles, camly.articles_display), (0, "0/3"))

        self.assertEqual((basao.open_questions, basao.overdue_questions), (2, 1))
        self.assertEqual((bacson.open_questions, bacson.overdue_questions), (0, 0))

        self.assertEqual((basao.broken_links, bacson.broken_links, camly.broken_links), (0, 1, 0))

        self.assertEqual((basao.missing_display, bacson.missing_display), ("", ""))
        self.assertEqual(camly.missing_display, "Tuyển sinh")

        self.assertIn("1 câu hỏi quá hạn", basao.attention_display)
        self.assertIn("1 liên kết hỏng", bacson.attention_display)
        self.assertIn("không có tin mới trong 30 ngày", camly.attention_display)
        self.assertIn("thiếu trang bắt buộc", camly.attention_display)
        self.assertNotIn("không có tin mới", basao.attention_display)

    def test_totals(self):
        response = self.get()
        totals = response.context["totals"]
        self.assertEqual(
            (totals.schools, totals.own_sites, totals.live, totals.below_minimum, totals.articles),
            (3, 2, 3, 2, 6),
        )
        self.assertEqual((totals.open_questions, totals.overdue_questions, totals.broken_links), (2, 1, 1))
        self.assertEqual((totals.missing_schools, totals.missing_pages, totals.attention), (1, 1, 3))
        self.assertContains(response, "3 trường, 2 có tên miền riêng, 3 đang xuất bản.")
        self.assertContains(response, "2 trường chưa đạt mức tối thiểu 3 tin")
        self.assertContains(response, "Câu hỏi của bạn đọc: 2 đang mở, 1 quá hạn.")
        self.assertContains(response, "Danh mục liên kết website dùng chung: 1 liên kết hỏng")
        self.assertContains(response, "1 trường còn thiếu trang bắt buộc (tổng 1 trang")

    def test_missing_pages_follow_units_art9(self):
        """The report's bulk reading gives what ``units.art9.missing_pages`` gives school by school."""
        figures = MemberSitesFigures(MemberSitePolicy.load())
        for school in (self.basao, self.bacson, self.camly):
            self.assertEqual(figures.by_pk[school.pk].missing_pages, missing_pages(school))
        fresh = make_school(self.sections["schools"], 9)
        self.assertEqual(len(MemberSitesFigures(MemberSitePolicy.load()).by_pk[fresh.pk].missing_pages), 7)

    def test_filters(self):
        rows = self.rows(self.get(level="tieu-hoc"))
        self.assertEqual(list(rows), ["Trường Tiểu học Bắc Sơn"])
        rows = self.rows(self.get(commune="Kim Bảng"))
        self.assertEqual(list(rows), ["Trường Mầm non Cẩm Lý", "Trường Tiểu học Bắc Sơn"])
        response = self.get(commune="Kim Bảng", level="mam-non")
        self.assertEqual(list(self.rows(response)), ["Trường Mầm non Cẩm Lý"])
        self.assertEqual(response.context["totals"].schools, 1)

    def test_bad_input_is_answered_not_a_server_error(self):
        for params in (
            {"level": "dai-hoc"},
            {"commune": "<script>"},
            {"attention": "co-le"},
            {"p": "abc"},
            {"p": "999"},
            {"export": "pdf"},
            {"export": "csv", "level": "dai-hoc"},
        ):
            with self.subTest(**params):
                self.assertEqual(self.get(**params).status_code, 200)
        response = self.get(level="dai-hoc")
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ")

    def test_attention_filter(self):
        # Ba Sao answers its overdue question; Bắc Sơn's link is fixed: only Cẩm Lý is left.
        Feedback.objects.filter(title="Hỏi về học phí").update(status=Status.ANSWERED)
        self.withdrawn.save_revision().publish()
        response = self.get(attention="true")
        self.assertEqual(list(self.rows(response)), ["Trường Mầm non Cẩm Lý"])
        self.assertEqual(response.context["totals"].attention, 1)
        response = self.get(attention="false")
        self.assertEqual(list(self.rows(response)), ["Trường THCS Ba Sao", "Trường Tiểu học Bắc Sơn"])

    def test_behind_pace_is_a_reason(self):
        policy = MemberSitePolicy.load()
        policy.min_articles_per_year = 3650  # ten a day: everyone is behind
        policy.save()
        figures = MemberSitesFigures(policy)
        self.assertTrue(all("chậm so với tiến độ" in " ".join(row.reasons) for row in figures.by_pk.values()))

    def test_csv_export(self):
        response = self.get(export="csv")
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(content.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        self.assertEqual(
            rows[0],
            [
                "Trường",
                "Cấp học",
                "Xã / phường",
                "Tên miền",
                "Trạng thái",
                "Đăng gần nhất",
                "Tin năm học",
                "Tối thiểu",
                "Câu hỏi đang mở",
                "Câu hỏi quá hạn",
                "Liên kết hỏng",
                "Trang bắt buộc còn thiếu",
                "Cần chú ý",
            ],
        )
        self.assertEqual(len(rows), 5)  # heading, three schools, the totals
        basao = rows[2]
        self.assertEqual(
            basao[:5],
            ["Trường THCS Ba Sao", "Trung học cơ sở", "Ba Sao", "thcs-basao.localhost", "Đang hoạt động"],
        )
        self.assertEqual(basao[5], timezone.localtime(self.basao_latest).strftime("%d/%m/%Y %H:%M"))
        self.assertEqual(basao[6:11], ["2", "3", "2", "1", "0"])
        totals = rows[4]
        self.assertEqual(totals[0], "Tổng cộng")
        self.assertEqual(totals[6], "6")
        self.assertEqual(totals[8:11], ["2", "1", "1"])
        self.assertEqual(totals[11:], ["1 trường thiếu 1 trang", "3 trường cần chú ý"])
        self.assertEqual(rows[1][11], "Tuyển sinh")  # Cẩm Lý

    def test_csv_export_follows_the_filters(self):
        content = b"".join(self.get(export="csv", level="thcs").streaming_content).decode("utf-8")
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        self.assertEqual([row[0] for row in rows[1:]], ["Trường THCS Ba Sao", "Tổng cộng"])

    def test_xlsx_export(self):
        response = self.get(export="xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Trường", "Cấp học", "Xã / phường"))
        self.assertEqual(len(rows), 5)
        basao = rows[2]
        self.assertEqual(basao[0], "Trường THCS Ba Sao")
        self.assertEqual(basao[5], timezone.localtime(self.basao_latest).replace(tzinfo=None))
        self.assertEqual(basao[6:8], (2, 3))
        self.assertEqual(rows[4][0], "Tổng cộng")

    def test_the_it_officer_sees_the_report(self):
        self.assertEqual(self.get(self.it_officer).status_code, 200)

    def test_school_users_are_refused(self):
        for user in (self.contact, self.principal, self.school_it):
            for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
                with self.subTest(user=user.username, **params):
                    response = self.get(user, **params)
                    self.assertRedirects(
                        response, reverse("wagtailadmin_home"), fetch_redirect_response=False
                    )
            self.client.force_login(user)
            response = self.client.get(reverse(REPORT), headers={"x-requested-with": "XMLHttpRequest"})
            self.assertEqual(response.status_code, 403)
            response = self.client.get(reverse("units_reports:member_sites_results"))
            self.assertEqual(response.status_code, 302)

    def test_dashboard_count_for_the_board_and_it_officer_not_for_schools(self):
        for user in (self.board, self.it_officer):
            self.client.force_login(user)
            response = self.client.get(reverse("wagtailadmin_home"))
            self.assertContains(response, 'data-member-sites-attention="3"')
            self.assertContains(response, "Trang thành viên cần chú ý: <strong>3</strong>", html=False)
            self.assertContains(response, f"{reverse(REPORT)}?attention=true")
        for user in (self.contact, self.principal, self.school_it):
            self.client.force_login(user)
            response = self.client.get(reverse("wagtailadmin_home"))
            self.assertNotContains(response, "data-member-sites-attention")
            self.assertNotContains(response, reverse(REPORT))

    def test_menu(self):
        self.client.force_login(self.board)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), reverse(REPORT))

    def test_queries_do_not_grow_with_schools(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                response = self.get()
            self.assertEqual(response.status_code, 200)
            return len(queries)

        self.get()  # warm the content type and permission caches
        before = count()
        for i in range(17):
            school = make_school(self.sections["schools"], 10 + i)
            article(school, f"them-{i}", at(self.year_start + datetime.timedelta(days=1)))
            question(school, f"Hỏi thêm {i}", timezone.now() - datetime.timedelta(days=40))
            if i % 2:
                Site.objects.create(hostname=f"truong-{i}.localhost", port=80, root_page=school)
        self.assertEqual(len(self.get().context["object_list"]), 20)
        self.assertEqual(count(), before)


class MemberSitePolicyTests(TestCase):
    """The authority's minimum: its IT officer edits it, the board and schools cannot."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.it_officer = make_user("quantri", groups["it_officer"])
        school = make_school(cls.sections["schools"], 1)
        cls.contact = make_user("daumoi", SchoolAccess.objects.get(school=school).contact_group)
        cls.url = reverse(
            "wagtailsettings:edit", args=["units", "membersitepolicy", MemberSitePolicy.load().pk]
        )

    def test_defaults(self):
        policy = MemberSitePolicy.load()
        self.assertEqual((policy.min_articles_per_year, policy.school_year_start_month), (40, 9))
        self.assertEqual(
            policy.school_year(datetime.date(2026, 12, 3)),
            (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31)),
        )
        self.assertEqual(
            policy.school_year(datetime.date(2027, 8, 31)),
            (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31)),
        )
        self.assertEqual(policy.expected_so_far(datetime.date(2026, 9, 1)), 0)
        self.assertEqual(policy.expected_so_far(datetime.date(2027, 8, 31)), 40)
        self.assertEqual(policy.expected_so_far(datetime.date(2027, 3, 2)), 20)  # day 183 of 365

    def test_it_officer_edits_the_minimum(self):
        self.client.force_login(self.it_officer)
        menu_url = reverse("wagtailsettings:edit", args=["units", "membersitepolicy"])
        self.assertRedirects(self.client.get(menu_url), self.url)
        self.assertContains(self.client.get(self.url), "Số tin tối thiểu mỗi năm học")
        response = self.client.post(
            self.url, {"min_articles_per_year": "60", "school_year_start_month": "8", "quiet_days": "21"}
        )
        self.assertEqual(response.status_code, 302)
        policy = MemberSitePolicy.objects.get()
        self.assertEqual(
            (policy.min_articles_per_year, policy.school_year_start_month, policy.quiet_days), (60, 8, 21)
        )

    def test_menu_for_the_it_officer_only(self):
        menu_url = reverse("wagtailsettings:edit", args=["units", "membersitepolicy"])
        self.client.force_login(self.it_officer)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), menu_url)
        self.client.force_login(self.board)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), menu_url)

    def test_a_bad_month_is_refused_in_vietnamese(self):
        self.client.force_login(self.it_officer)
        response = self.client.post(
            self.url, {"min_articles_per_year": "40", "school_year_start_month": "13", "quiet_days": "30"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tháng bắt đầu năm học phải từ 1 đến 12.")
        self.assertFalse(MemberSitePolicy.objects.filter(school_year_start_month=13).exists())

    def test_the_board_and_schools_cannot_change_it(self):
        for user in (self.board, self.contact):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(
                    self.url,
                    {"min_articles_per_year": "1", "school_year_start_month": "9", "quiet_days": "30"},
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertFalse(MemberSitePolicy.objects.filter(min_articles_per_year=1).exists())
                self.assertNotEqual(self.client.get(self.url).status_code, 200)
