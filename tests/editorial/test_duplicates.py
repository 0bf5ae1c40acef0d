"""The duplicate warning (Điều 13.3d), through the admin's create and edit views."""

import datetime

from django.contrib.messages import get_messages
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils.form_data import rich_text, streamfield

from directives.models import DirectivePage, DocumentKind, IssuingBody
from editorial.duplicates import find_duplicates, warning_html
from editorial.roles import setup_roles
from news.models import NewsCategory, NewsPage

from .. import builders
from ..builders import make_site, make_user, publish

TITLE = "Lễ khai giảng năm học 2025–2026 tại Trường THCS Ba Sao"
LEAD = "Sáng 5/9, thầy và trò Trường THCS Ba Sao long trọng tổ chức lễ khai giảng năm học mới."
BODY = (
    "Tới dự buổi lễ có đại diện lãnh đạo Ủy ban nhân dân xã, Hội cha mẹ học sinh cùng đông đảo phụ huynh. "
    "Mở đầu chương trình là tiết mục văn nghệ chào mừng do các em học sinh lớp sáu biểu diễn. "
    "Thầy hiệu trưởng đọc thư của Chủ tịch nước gửi ngành giáo dục nhân dịp khai giảng, "
    "tổng kết những thành tích nổi bật của nhà trường trong năm qua và phát động phong trào "
    "thi đua dạy tốt, học tốt. Nhà trường trao mười hai suất học bổng cho học sinh vượt khó, "
    "rồi thầy hiệu trưởng đánh hồi trống khai trường, mở đầu năm học với nhiều kỳ vọng mới."
)
THIRD_BODY = (
    "Trong hai ngày, hơn một trăm cán bộ quản lý và tổ trưởng chuyên môn được hướng dẫn "
    "xây dựng kế hoạch dạy học, kiểm tra đánh giá theo định hướng phát triển phẩm chất, "
    "năng lực học sinh. Các báo cáo viên giải đáp nhiều câu hỏi thực tế của cơ sở về "
    "sách giáo khoa, thiết bị dạy học và việc bố trí giáo viên dạy các môn tích hợp."
)
OTHER_TITLE = "Hội thi giáo viên dạy giỏi cấp huyện môn Toán"
OTHER_BODY = (
    "Hội thi diễn ra trong ba ngày với sự tham gia của bốn mươi giáo viên đến từ các trường tiểu học. "
    "Mỗi giáo viên trình bày một biện pháp nâng cao chất lượng và dạy hai tiết thực hành trên lớp. "
    "Ban giám khảo đánh giá cao sự sáng tạo trong việc ứng dụng công nghệ thông tin, bảng tương tác "
    "và phiếu học tập số. Kết quả có mười lăm thầy cô đạt danh hiệu giáo viên dạy giỏi, "
    "ba người được đề nghị dự thi cấp tỉnh vào học kỳ hai sắp tới."
)


def news(title, slug, lead=LEAD, body=BODY, **fields):
    return NewsPage(
        title=title,
        slug=slug,
        date=datetime.date(2025, 9, 5),
        lead=lead,
        body=[("paragraph", f"<p>{body}</p>")],
        **fields,
    )


def news_form(title, slug, lead=LEAD, body=BODY):
    return builders.news_form(
        title,
        slug,
        lead=lead,
        body=streamfield([("paragraph", rich_text(f"<p>{body}</p>"))]),
        date="2025-09-06",
        category=NewsCategory.OFFICE.value,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def duplicate_warnings(response):
    return [message for message in messages_of(response) if "Điều 13.3d" in message]


class DuplicateWarningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.original = publish(cls.sections["news"], news(TITLE, "khai-giang"))
        cls.other = publish(
            cls.sections["news"], news(OTHER_TITLE, "hoi-thi", lead="Hội thi.", body=OTHER_BODY)
        )

    def create(self, user, title, slug, action="action-publish", **fields):
        self.client.force_login(user)
        data = news_form(title, slug, **fields)
        data[action] = "1"
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        return self.client.post(url, data)

    def edit(self, page, title, action="action-publish", **fields):
        self.client.force_login(self.board)
        data = news_form(title, page.slug, **fields)
        data[action] = "1"
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    def test_same_title_with_other_case_diacritics_and_punctuation_is_flagged(self):
        response = self.create(
            self.board,
            "LE KHAI GIANG nam hoc 2025 - 2026, tai truong THCS Ba Sao!",
            "ban-sao",
            body=THIRD_BODY,
        )
        self.assertEqual(response.status_code, 302)
        (warning,) = duplicate_warnings(response)
        self.assertIn(TITLE, warning)
        self.assertIn("trùng tiêu đề", warning)
        self.assertIn(f'href="{reverse("wagtailadmin_pages:edit", args=[self.original.pk])}"', warning)
        self.assertIn('href="/tin-tuc/khai-giang/"', warning)
        self.assertNotIn(OTHER_TITLE, warning)
        self.assertTrue(NewsPage.objects.get(slug="ban-sao").live)  # a warning, not a refusal

    def test_a_lightly_edited_body_under_a_new_title_is_flagged_with_its_likeness(self):
        body = BODY.replace("mười hai", "mười ba").replace("văn nghệ", "múa hát").replace("nổi bật", "chính")
        response = self.create(
            self.staff, "Trường Ba Sao đón năm học mới", "don-nam-hoc", action="", body=body
        )
        (warning,) = duplicate_warnings(response)
        self.assertIn(TITLE, warning)
        self.assertRegex(warning, r"nội dung giống ~9\d%")
        self.assertNotIn("trùng tiêu đề", warning)

    def test_submitting_for_moderation_warns_and_the_reviewer_sees_it_too(self):
        response = self.create(self.staff, TITLE.upper(), "gui-duyet", action="action-submit")
        self.assertEqual(len(duplicate_warnings(response)), 1)
        submitted = NewsPage.objects.get(slug="gui-duyet")
        self.assertTrue(submitted.workflow_in_progress)

        self.client.force_login(self.board)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))
        self.assertContains(response, "Điều 13.3d")
        self.assertContains(
            response, f'<a href="/tin-tuc/khai-giang/" target="_blank" rel="noopener">{TITLE}</a>'
        )

    def test_a_different_article_gives_no_warning(self):
        response = self.create(
            self.board,
            "Tập huấn chương trình giáo dục phổ thông mới",
            "tap-huan",
            lead="Phòng tổ chức tập huấn cho cán bộ quản lý.",
            body=THIRD_BODY,
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(duplicate_warnings(response), [])
        self.assertTrue(messages_of(response))  # Wagtail's own confirmation still shows

    def test_a_page_does_not_warn_about_itself_or_its_earlier_revisions(self):
        response = self.edit(self.original, TITLE, body=BODY + " Buổi lễ kết thúc lúc mười giờ.")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(duplicate_warnings(response), [])
        response = self.edit(self.original, TITLE, action="")
        self.assertEqual(duplicate_warnings(response), [])

    def test_a_draft_that_was_never_published_is_not_a_candidate(self):
        draft = news("Kế hoạch kiểm tra nội bộ trường học", "ke-hoach", body=OTHER_BODY.replace("ba", "bốn"))
        self.sections["news"].add_child(instance=draft)
        draft.save_revision()
        NewsPage.objects.filter(pk=draft.pk).update(live=False)
        response = self.create(
            self.board, "Kế hoạch kiểm tra nội bộ trường học", "ke-hoach-2", body=OTHER_BODY
        )
        warnings = duplicate_warnings(response)
        self.assertEqual(len(warnings), 1)
        self.assertIn(OTHER_TITLE, warnings[0])  # the published article with that body
        self.assertNotIn("Kế hoạch kiểm tra", warnings[0].split("</a>")[0])

    def test_an_unpublished_page_no_longer_counts(self):
        self.original.unpublish()
        response = self.create(self.board, TITLE, "sau-khi-go")
        self.assertEqual(duplicate_warnings(response), [])

    def test_the_warning_is_rendered_as_links_in_the_admin(self):
        self.client.force_login(self.board)
        data = news_form(TITLE.lower(), "hien-thi")
        data["action-publish"] = "1"
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "nội dung giống ~100%")
        self.assertContains(
            response, f'<a href="/tin-tuc/khai-giang/" target="_blank" rel="noopener">{TITLE}</a>'
        )
        self.assertNotContains(response, "&lt;a href")


class DirectiveDuplicateTests(TestCase):
    def test_a_directive_repeating_a_published_one_is_flagged(self):
        _home, sections = make_site()
        fields = {
            "doc_type": DocumentKind.coded("quyet-dinh"),
            "issuing_body": IssuingBody.named("Phòng GD&ĐT"),
            "signed_date": datetime.date(2025, 9, 1),
            "summary": LEAD,
            "body": [("paragraph", f"<p>{BODY}</p>")],
        }
        original = publish(
            sections["directives"], DirectivePage(title=TITLE, slug="qd-1", number="12/QĐ-PGDĐT", **fields)
        )
        copy = DirectivePage(title="Quyết định khác", slug="qd-2", number="13/QĐ-PGDĐT", **fields)
        self.assertEqual([match.page.pk for match in find_duplicates(copy)], [original.pk])
        self.assertEqual(find_duplicates(original), [])


class DuplicateQueryCountTests(TestCase):
    def test_the_check_costs_the_same_queries_with_5_or_30_published_copies(self):
        _home, sections = make_site()
        page = news(TITLE.lower(), "moi", live=False)
        sections["news"].add_child(instance=page)
        request = self.client.get("/").wsgi_request

        def check(copies):
            for i in range(NewsPage.objects.live().count(), copies):
                publish(sections["news"], news(TITLE, f"ban-{i}", body=f"{BODY} Bản số {i}."))
            with CaptureQueriesContext(connection) as queries:
                matches = find_duplicates(page)
                warning_html(request, matches)
            return len(matches), len(queries)

        found_5, queries_5 = check(5)
        found_30, queries_30 = check(30)
        self.assertEqual(found_5, 5)
        self.assertEqual(found_30, 20)  # the candidates are capped, the archive is never scanned
        self.assertEqual(queries_5, queries_30)
        self.assertLessEqual(queries_30, 8)
