"""The reader forms tell what is done with personal data and take explicit consent, recorded with
the notice's version (Luật 91/2025/QH15); without it nothing is stored and nothing typed is lost."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from consultations.forms import NOTICE as COMMENT_NOTICE
from consultations.models import DraftComment
from directives.models import DirectivePage
from feedback.forms import NOTICE as FEEDBACK_NOTICE
from feedback.models import Feedback, FeedbackPage

from ..builders import make_directive, make_site, publish

REFUSED = "Hãy đánh dấu ô đồng ý: không có sự đồng ý của bạn, chúng tôi không được lưu thông tin bạn gửi."


class FeedbackConsentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def data(self, **overrides):
        return {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay ạ?",
            "website": "",
            **overrides,
        }

    @override_settings(PERSONAL_DATA_RETENTION_MONTHS=18)
    def test_the_form_shows_the_notice_with_the_retention_setting_and_an_unticked_box(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, "Mục đích:")
        self.assertContains(response, "Ai được xem:")
        self.assertContains(response, "18 tháng sau khi câu hỏi được trả lời hoặc đóng")
        self.assertContains(response, f'data-notice-version="{FEEDBACK_NOTICE.version}"')
        html = response.content.decode()
        box = html[html.index('name="consent"') - 200 : html.index('name="consent"') + 200]
        self.assertIn('type="checkbox"', box)
        self.assertNotIn("checked", box)
        self.assertIn('aria-describedby="id_consent_notice"', box)

    def test_without_consent_nothing_is_stored_and_the_text_is_kept(self):
        response = self.client.post(self.page.url, self.data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, REFUSED)
        self.assertContains(response, "Xin hỏi lịch tuyển sinh lớp 6 năm nay ạ?")
        self.assertContains(response, 'value="Trần Thị Lan"')
        self.assertFalse(Feedback.objects.exists())

    def test_consent_is_recorded_with_its_time_and_the_notice_version(self):
        before = timezone.now()
        response = self.client.post(self.page.url, self.data(consent="on"))
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        self.assertEqual(item.consent_version, FEEDBACK_NOTICE.version)
        self.assertGreaterEqual(item.consent_at, before)

    def test_items_from_before_the_notice_keep_no_consent(self):
        item = Feedback.objects.create(name="A", email="a@example.com", title="T", content="C")
        self.assertIsNone(item.consent_at)
        self.assertEqual(item.consent_version, "")
        self.client.force_login(get_user_model().objects.create_superuser("sieu", "s@pgd.test", "pw"))
        response = self.client.get(reverse("feedback_admin:edit", args=[item.pk]))
        self.assertContains(response, "Gửi trước khi có thông báo")

    def test_the_admin_shows_the_consent_and_its_version(self):
        self.client.post(self.page.url, self.data(consent="on"))
        item = Feedback.objects.get()
        self.client.force_login(get_user_model().objects.create_superuser("sieu", "s@pgd.test", "pw"))
        response = self.client.get(reverse("feedback_admin:edit", args=[item.pk]))
        self.assertContains(response, f"thông báo phiên bản {FEEDBACK_NOTICE.version}")


class CommentConsentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        cls.draft = make_directive(sections["directives"], 1)
        now = timezone.now()
        DirectivePage.objects.filter(pk=cls.draft.pk).update(
            comment_opens=now - datetime.timedelta(days=1), comment_closes=now + datetime.timedelta(days=5)
        )
        cls.draft.refresh_from_db()
        cls.url = f"/gop-y-du-thao/{cls.draft.pk}/"

    def data(self, **overrides):
        return {
            "name": "Lê Văn Hùng",
            "unit": "Trường THCS Ba Sao",
            "email": "hung@example.com",
            "section": "Điều 5",
            "comment": "Đề nghị bổ sung thời hạn nộp hồ sơ.",
            "website": "",
            **overrides,
        }

    @override_settings(PERSONAL_DATA_RETENTION_MONTHS=30)
    def test_the_draft_shows_the_notice_with_the_retention_setting(self):
        response = self.client.get(self.draft.url)
        self.assertContains(response, "30 tháng sau khi hết hạn lấy ý kiến")
        self.assertContains(response, f'data-notice-version="{COMMENT_NOTICE.version}"')
        self.assertContains(response, 'aria-describedby="gop-y-consent_notice"')

    def test_without_consent_nothing_is_stored_and_the_text_is_kept(self):
        response = self.client.post(self.url, self.data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, REFUSED)
        self.assertContains(response, "Đề nghị bổ sung thời hạn nộp hồ sơ.")
        self.assertFalse(DraftComment.objects.exists())

    def test_consent_is_recorded_with_the_notice_version(self):
        response = self.client.post(self.url, self.data(consent="on"))
        self.assertEqual(response.status_code, 302)
        comment = DraftComment.objects.get()
        self.assertEqual(comment.consent_version, COMMENT_NOTICE.version)
        self.assertIsNotNone(comment.consent_at)
        self.client.force_login(get_user_model().objects.create_superuser("sieu", "s@pgd.test", "pw"))
        response = self.client.get(reverse("draft_comments:inspect", args=[comment.pk]))
        self.assertContains(response, f"(thông báo phiên bản {COMMENT_NOTICE.version})")
