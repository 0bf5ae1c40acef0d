"""The pages Circular 37/2020/TT-BGDĐT Art. 9 asks of a school's and an authority's site (issue 16.2).

``units.art9`` creates them once (a second call creates nothing), they sit in the school's subtree
so the school edits them and no other school can (refused by direct URL and POST), a question sent
on a school's own page is that school's, the admissions link refuses a ``javascript:`` address,
the procedures link only a public-service portal, and ``missing_pages`` names what is missing.
"""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from consultations.models import ConsultationIndexPage
from directives.models import DirectiveIndexPage
from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from feedback.models import Feedback, FeedbackEvent, FeedbackPage, Status
from news.models import NewsIndexPage
from org.models import IntroLeader, OrgIndexPage, Procedure, ProceduresPage
from schools.models import AdmissionsPage, DisclosureIndexPage, SchoolNewsIndexPage
from units.art9 import SCHOOL_SECTIONS, ensure_authority_pages, ensure_school_pages, missing_pages

from ..builders import make_school, make_site, make_user, publish

SCHOOL_TYPES = {
    OrgIndexPage,
    SchoolNewsIndexPage,
    DirectiveIndexPage,
    AdmissionsPage,
    ConsultationIndexPage,
    DisclosureIndexPage,
    FeedbackPage,
}


def admissions_form(page, **changes):
    """The page editor's POST for an AdmissionsPage, as a browser sends it (save draft)."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": "",
        "registration_url": "",
        "registration_opens": "",
        "registration_closes": "",
        "plan": rich_text("<p>Kế hoạch tuyển sinh lớp 6.</p>"),
        "notice": streamfield([]),
        "candidate_lists": inline_formset([]),
        "comments": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


class SchoolPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.other_school = make_school(cls.sections["schools"], 2)
        setup_roles()
        cls.contact = make_user("daumoi", SchoolAccess.objects.get(school=cls.school).contact_group)
        cls.other_contact = make_user(
            "daumoi_khac", SchoolAccess.objects.get(school=cls.other_school).contact_group
        )
        cls.created = ensure_school_pages(cls.school)

    def test_the_seven_sections_are_created_once(self):
        self.assertEqual({type(page) for page in self.created}, SCHOOL_TYPES)
        self.assertEqual(len(self.created), 7)
        self.assertEqual(ensure_school_pages(self.school), [])
        children = Page.objects.child_of(self.school).specific()
        self.assertEqual({type(page) for page in children}, SCHOOL_TYPES)
        for page in children:
            with self.subTest(page=page.title):
                self.assertTrue(page.live)
                self.assertTrue(page.show_in_menus)
                self.assertTrue(page.slug.isascii())
        titles = {page.title for page in children}
        self.assertLessEqual({"Giới thiệu", "Tuyển sinh", "Công khai", "Hỏi đáp – Góp ý"}, titles)

    def test_an_existing_section_is_kept_and_a_taken_slug_is_not_reused(self):
        school = make_school(self.sections["schools"], 3)
        own = publish(school, AdmissionsPage(title="Tuyển sinh 2026–2027", slug="tuyen-sinh-2026"))
        publish(school, DisclosureIndexPage(title="Chỗ khác", slug="gioi-thieu"))
        created = ensure_school_pages(school)
        self.assertNotIn(AdmissionsPage, {type(page) for page in created})
        self.assertNotIn(DisclosureIndexPage, {type(page) for page in created})
        self.assertEqual(AdmissionsPage.objects.child_of(school).get(), own)
        introduction = OrgIndexPage.objects.child_of(school).get()
        self.assertEqual(introduction.slug, "gioi-thieu-2")

    def test_the_school_home_links_its_sections(self):
        response = self.client.get(self.school.url)
        self.assertEqual(response.status_code, 200)
        for page in self.created:
            self.assertContains(response, f'href="{page.url}"')
        news_page = SchoolNewsIndexPage.objects.child_of(self.school).get()
        self.assertEqual(self.client.get(news_page.url).status_code, 200)
        disclosure = self.client.get(DisclosureIndexPage.objects.child_of(self.school).get().url)
        self.assertContains(disclosure, "Công khai theo Thông tư 09/2024/TT-BGDĐT")
        self.assertContains(disclosure, "Nhà trường chưa đăng thông tin công khai")

    def test_the_school_sites_menu_reaches_every_section(self):
        Site.objects.create(hostname="thcs-so-1.localhost", port=80, root_page=self.school)
        response = self.client.get("/", HTTP_HOST="thcs-so-1.localhost")
        self.assertEqual(response.status_code, 200)
        menu = response.content.decode().split('class="container main-nav__list"')[1].split("</ul>")[0]
        for slug in ("gioi-thieu", "tin-tuc", "van-ban", "tuyen-sinh", "du-thao-lay-y-kien", "cong-khai"):
            self.assertIn(f'href="/{slug}/"', menu)
        self.assertIn('href="/hoi-dap-gop-y/"', menu)
        news = self.client.get("/tin-tuc/", HTTP_HOST="thcs-so-1.localhost")
        self.assertEqual(news.status_code, 200)
        self.assertIsInstance(news.context["page"], SchoolNewsIndexPage)

    def test_the_school_edits_its_sections(self):
        page = AdmissionsPage.objects.child_of(self.school).get()
        self.client.force_login(self.contact)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.assertEqual(self.client.get(edit_url).status_code, 200)
        response = self.client.post(edit_url, admissions_form(page, intro="Tuyển sinh lớp 6 năm học mới."))
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.get_latest_revision_as_object().intro, "Tuyển sinh lớp 6 năm học mới.")

    def test_another_school_cannot_edit_them(self):
        self.client.force_login(self.other_contact)
        for page in Page.objects.child_of(self.school).specific():
            edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            with self.subTest(page=page.title):
                self.assertIn(self.client.get(edit_url).status_code, (302, 403))
        page = AdmissionsPage.objects.child_of(self.school).get()
        revisions = page.revisions.count()
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), admissions_form(page, intro="Sửa trộm")
        )
        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(page.revisions.count(), revisions)
        for view in ("delete", "unpublish"):
            with self.subTest(view=view):
                self.client.post(reverse(f"wagtailadmin_pages:{view}", args=[page.pk]))
                page.refresh_from_db()
                self.assertTrue(page.live)
        add_url = reverse("wagtailadmin_pages:add", args=["schools", "admissionspage", self.school.pk])
        self.assertIn(self.client.get(add_url).status_code, (302, 403))

    def test_missing_pages_names_an_unpublished_section(self):
        self.assertEqual(missing_pages(self.school), [])
        AdmissionsPage.objects.child_of(self.school).get().unpublish()
        FeedbackPage.objects.child_of(self.school).get().delete()
        with self.assertNumQueries(1):
            missing = missing_pages(self.school)
        self.assertEqual(missing, ["Tuyển sinh", "Hỏi đáp – Góp ý"])
        self.assertEqual(len(missing_pages(self.other_school)), len(SCHOOL_SECTIONS))

    def test_a_missing_introduction_is_named_for_the_authority(self):
        labels = missing_pages(self.home)
        self.assertIn("Thủ tục hành chính", labels)
        self.assertIn("Hỏi đáp – Góp ý", labels)
        self.assertNotIn("Tin tức", labels)


class AdmissionsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        ensure_school_pages(cls.school)
        cls.page = AdmissionsPage.objects.child_of(cls.school).get()

    def test_a_javascript_registration_link_is_refused_in_vietnamese(self):
        for address in ("javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,x"):
            with self.subTest(address=address):
                self.page.registration_url = address
                with self.assertRaises(ValidationError) as raised:
                    self.page.full_clean()
                self.assertIn("phải là một địa chỉ web bắt đầu bằng http://", str(raised.exception))

    def test_the_editor_sees_the_refusal_and_nothing_is_saved(self):
        admin = make_user("quantri")
        admin.is_superuser = True
        admin.save()
        self.client.force_login(admin)
        revisions = self.page.revisions.count()
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            admissions_form(self.page, registration_url="javascript:alert(1)"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Liên kết đăng ký trực tuyến phải là một địa chỉ web")
        self.assertEqual(self.page.revisions.count(), revisions)

    def test_registration_period_must_end_after_it_starts(self):
        self.page.registration_opens = datetime.date(2026, 7, 10)
        self.page.registration_closes = datetime.date(2026, 7, 1)
        with self.assertRaises(ValidationError) as raised:
            self.page.full_clean()
        self.assertIn("registration_closes", raised.exception.message_dict)

    def test_an_open_registration_is_a_prominent_link(self):
        today = datetime.date.today()
        self.page.registration_url = "https://tuyensinh.ninhbinh.edu.vn/"
        self.page.registration_opens = today - datetime.timedelta(days=1)
        self.page.registration_closes = today + datetime.timedelta(days=5)
        self.page.save_revision().publish()
        response = self.client.get(self.page.url)
        self.assertContains(response, 'class="button-link" href="https://tuyensinh.ninhbinh.edu.vn/"')
        self.assertContains(response, "Đang nhận hồ sơ.")
        self.assertContains(self.client.get(self.school.url), "Đang nhận hồ sơ tuyển sinh")


class SchoolQuestionsTests(TestCase):
    """Hỏi đáp – Góp ý on a school's site: the question is the school's (Điều 14)."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.other_school = make_school(cls.sections["schools"], 2)
        groups = setup_roles()
        ensure_school_pages(cls.school)
        ensure_school_pages(cls.other_school)
        cls.page = FeedbackPage.objects.child_of(cls.school).get()
        cls.contact = make_user("daumoi", SchoolAccess.objects.get(school=cls.school).contact_group)
        cls.other_contact = make_user(
            "daumoi_khac", SchoolAccess.objects.get(school=cls.other_school).contact_group
        )
        cls.it_officer = make_user("quantri", groups["it_officer"])

    def post(self, page, **changes):
        data = {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "phone": "",
            "concerned_unit": "",
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
            "website": "",
            "consent": "on",
            **changes,
        }
        with self.captureOnCommitCallbacks(execute=True):  # the mail tasks, queued after the commit
            return self.client.post(page.url, data, REMOTE_ADDR="10.0.0.7")

    def test_a_question_on_a_schools_page_is_assigned_to_that_school(self):
        self.assertEqual(self.client.get(self.page.url).status_code, 200)
        response = self.post(self.page)
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        self.assertEqual(list(item.assigned_to.all()), [self.school.page_ptr])
        self.assertEqual(item.concerned_unit_id, self.school.pk)
        self.assertEqual(item.status, Status.ASSIGNED)
        self.assertIn(FeedbackEvent.Action.ASSIGNED, item.events.values_list("action", flat=True))
        # The reader's confirmation, and a notice to the school's contact without the reader's data.
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox), ["daumoi@truong.test", "lan@example.com"]
        )
        notice = next(message for message in mail.outbox if message.to == ["daumoi@truong.test"])
        self.assertIn(item.tracking_code, notice.subject)
        self.assertIn(reverse("feedback_admin:edit", args=[item.pk]), notice.body)
        self.assertNotIn("Trần Thị Lan", notice.body)
        self.assertNotIn("lan@example.com", notice.body)

        self.client.force_login(self.contact)
        self.assertContains(self.client.get(reverse("feedback_admin:index")), item.title)
        edit_url = reverse("feedback_admin:edit", args=[item.pk])
        self.assertEqual(self.client.get(edit_url).status_code, 200)

        self.client.force_login(self.it_officer)
        self.assertContains(self.client.get(reverse("feedback_admin:index")), item.title)

        self.client.force_login(self.other_contact)
        self.assertNotContains(self.client.get(reverse("feedback_admin:index")), item.title)
        self.assertIn(self.client.get(edit_url).status_code, (302, 403, 404))
        self.client.post(edit_url, {"answer": "Trả lời trộm"})
        item.refresh_from_db()
        self.assertEqual(item.answer, "")

    def test_the_form_offers_only_the_school_and_a_forged_unit_is_refused(self):
        response = self.post(self.page, concerned_unit=str(self.other_school.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Feedback.objects.exists())

    def test_the_authoritys_page_still_waits_for_the_it_officer(self):
        authority_page = ensure_authority_pages(self.home)
        feedback_page = next(page for page in authority_page if isinstance(page, FeedbackPage))
        self.post(feedback_page, concerned_unit=str(self.school.pk))
        item = Feedback.objects.get()
        self.assertEqual(item.status, Status.NEW)
        self.assertFalse(item.assigned_to.exists())

    def test_a_schools_page_shows_the_answers_the_school_gave(self):
        own = Feedback.objects.create(
            name="A",
            email="a@example.com",
            title="Câu của trường",
            content="Nội dung",
            is_published=True,
            answer="Đã trả lời",
            public_answer="Trả lời công khai",
        )
        own.assigned_to.add(self.school)
        other = Feedback.objects.create(
            name="B",
            email="b@example.com",
            title="Câu của trường khác",
            content="Nội dung",
            is_published=True,
            answer="Đã trả lời",
            public_answer="Trả lời khác",
        )
        other.assigned_to.add(self.other_school)
        response = self.client.get(self.page.url)
        self.assertContains(response, "Câu của trường")
        self.assertNotContains(response, "Câu của trường khác")
        searched = self.client.get(self.page.url, {"hoi": "trường"})
        self.assertEqual(searched.status_code, 200)
        self.assertNotContains(searched, "Câu của trường khác")


class AuthorityPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def test_the_authority_gets_what_it_lacks_once(self):
        created = ensure_authority_pages(self.home)
        # make_site gave it an introduction, documents and news already.
        self.assertEqual({type(page) for page in created}, {ProceduresPage, FeedbackPage})
        self.assertEqual(ensure_authority_pages(self.home), [])
        self.assertEqual(missing_pages(self.home), [])
        self.assertEqual(OrgIndexPage.objects.child_of(self.home).count(), 1)
        self.assertEqual(NewsIndexPage.objects.child_of(self.home).count(), 1)
        procedures = ProceduresPage.objects.child_of(self.home).get()
        self.assertTrue(procedures.live)
        response = self.client.get(procedures.url)
        self.assertContains(response, 'href="https://dichvucong.gov.vn/"')

    def test_a_procedure_links_only_to_a_public_service_portal(self):
        page = ensure_authority_pages(self.home)[0]
        self.assertIsInstance(page, ProceduresPage)
        for address in ("javascript:alert(1)", "https://example.com/thu-tuc", "ftp://dichvucong.gov.vn/x"):
            with self.subTest(address=address):
                procedure = Procedure(page=page, name="Chuyển trường", code="1.005099", url=address)
                with self.assertRaises(ValidationError) as raised:
                    procedure.full_clean()
                self.assertIn("Cổng Dịch vụ công", str(raised.exception))
        good = Procedure(
            page=page,
            name="Chuyển trường đối với học sinh trung học cơ sở",
            code="1.005099",
            url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.005099",
        )
        good.full_clean()
        good.save()
        self.assertContains(self.client.get(page.url), "Chuyển trường đối với học sinh trung học cơ sở")

    def test_the_introduction_lists_its_leaders_contacts(self):
        introduction = OrgIndexPage.objects.child_of(self.home).get()
        IntroLeader.objects.create(
            page=introduction,
            name="Nguyễn Thị Hoa",
            title="Trưởng phòng",
            phone="0229 3871 234",
            email="hoa@example.edu.vn",
            duties="Phụ trách chung",
        )
        response = self.client.get(introduction.url)
        for text in (
            "Nguyễn Thị Hoa",
            "Trưởng phòng",
            "tel:02293871234",
            "hoa@example.edu.vn",
            "Phụ trách chung",
        ):
            self.assertContains(response, text)
