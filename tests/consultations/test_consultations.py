"""Comments on drafts published for comment (Điều 6.3): taken only while the window is open,
stored as sent, nothing lost; the board reads and exports them in the admin."""

import csv
import datetime
import io
import smtplib

from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.template import RequestContext, Template
from django.test import RequestFactory, TestCase, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from openpyxl import load_workbook

from consultations.admin_views import draft_comments_button
from consultations.models import DraftComment
from directives.models import DirectivePage

from ..builders import make_directive, make_site

TAG = Template("{% load consultation_tags %}{% consultation_form page %}")


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("máy chủ thư không trả lời")


def local(value, fmt):
    return timezone.localtime(value).strftime(fmt)


class ConsultationTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = make_directive(cls.sections["directives"], 1)
        cls.other = make_directive(cls.sections["directives"], 2)

    def setUp(self):
        now = timezone.now().replace(second=0, microsecond=0)
        self.set_window(self.page, now - datetime.timedelta(days=1), now + datetime.timedelta(days=7))

    def set_window(self, page, opens, closes, audience=""):
        DirectivePage.objects.filter(pk=page.pk).update(
            comment_opens=opens, comment_closes=closes, comment_audience=audience
        )
        page.refresh_from_db()

    def submit_url(self, page=None):
        return reverse("consultations:submit", args=[(page or self.page).pk])

    def post(self, page=None, ip="10.0.0.1", **overrides):
        data = {
            "name": "Nguyễn Thị Hoa",
            "unit": "Trường THCS Ba Sao",
            "email": "hoa@example.com",
            "section": "Điều 5, khoản 2",
            "comment": "Đề nghị bổ sung quy định về thời gian nộp hồ sơ tuyển sinh lớp 6.",
            "website": "",
            "consent": "on",
            **overrides,
        }
        with self.captureOnCommitCallbacks(execute=True):  # the copy to the sender: a task after the commit
            return self.client.post(self.submit_url(page), data, REMOTE_ADDR=ip)

    def render_tag(self, page=None, query=""):
        request = RequestFactory().get("/van-ban/van-ban-1/" + query)
        return TAG.render(RequestContext(request, {"page": page or self.page}))


class PublicFormTests(ConsultationTestCase):
    def test_an_open_consultation_shows_the_form(self):
        self.set_window(
            self.page, self.page.comment_opens, self.page.comment_closes, audience="Giáo viên các trường THCS"
        )
        html = self.render_tag()
        self.assertIn('id="gop-y"', html)
        self.assertIn(f'action="{self.submit_url()}"', html)
        self.assertIn('name="csrfmiddlewaretoken"', html)
        self.assertIn('<label for="gop-y-comment">Nội dung góp ý', html)
        self.assertIn('<label for="gop-y-unit">Đơn vị hoặc trường', html)
        self.assertIn("Giáo viên các trường THCS", html)
        closes = self.page.comment_closes
        self.assertIn(f"Hạn góp ý: trước {local(closes, '%H:%M')} ngày {local(closes, '%d/%m/%Y')}.", html)
        self.assertNotIn("Đã nhận góp ý", html)

    def test_an_open_consultation_stores_the_comment_and_confirms(self):
        response = self.post()
        self.assertRedirects(response, f"{self.page.url}?da_gop_y=1#gop-y", fetch_redirect_response=False)
        comment = DraftComment.objects.get()
        self.assertEqual(comment.page_id, self.page.pk)
        self.assertEqual(comment.name, "Nguyễn Thị Hoa")
        self.assertEqual(comment.unit, "Trường THCS Ba Sao")
        self.assertEqual(comment.email, "hoa@example.com")
        self.assertEqual(comment.section, "Điều 5, khoản 2")
        self.assertIn("thời gian nộp hồ sơ", comment.comment)
        self.assertEqual(comment.ip_address, "10.0.0.1")
        self.assertLess(timezone.now() - comment.submitted_at, datetime.timedelta(minutes=1))
        self.assertEqual(list(self.page.draft_comments.all()), [comment])

        html = self.render_tag(query="?da_gop_y=1")
        self.assertIn('role="status"', html)
        self.assertIn("Đã nhận góp ý của bạn", html)

        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["hoa@example.com"])
        self.assertIn(self.page.title, mail.outbox[0].subject)
        self.assertIn("thời gian nộp hồ sơ", mail.outbox[0].body)

    @override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend")
    def test_a_mail_failure_never_loses_the_comment(self):
        with self.assertLogs("site_kb.public_forms", "WARNING") as logs:
            response = self.post()
        self.assertIn("SMTPServerDisconnected", logs.output[0])  # the server's failure, not a bad setting
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DraftComment.objects.count(), 1)

    def test_the_form_is_gone_when_closed_and_a_post_is_refused(self):
        now = timezone.now().replace(second=0, microsecond=0)
        closes = now - datetime.timedelta(hours=2)
        self.set_window(self.page, now - datetime.timedelta(days=10), closes)
        expected = f"Đã hết thời gian lấy ý kiến (hết hạn lúc {local(closes, '%H:%M')} ngày {local(closes, '%d/%m/%Y')})."
        html = self.render_tag()
        self.assertNotIn("<form", html)
        self.assertIn(expected, html)

        response = self.post(comment="Góp ý gửi sau hạn chót")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, expected, status_code=403)
        self.assertContains(response, 'role="alert"', status_code=403)
        # The writer gets the text back to keep; nothing is stored.
        self.assertContains(response, "Góp ý gửi sau hạn chót", status_code=403)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(DraftComment.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)

    def test_a_post_before_opening_is_refused(self):
        now = timezone.now().replace(second=0, microsecond=0)
        opens = now + datetime.timedelta(days=1)
        self.set_window(self.page, opens, opens + datetime.timedelta(days=7))
        html = self.render_tag()
        self.assertNotIn("<form", html)
        self.assertIn(f"Sẽ mở lấy ý kiến từ {local(opens, '%H:%M')} ngày {local(opens, '%d/%m/%Y')}", html)

        response = self.post()
        self.assertContains(response, "chưa mở lấy ý kiến", status_code=403)
        self.assertEqual(DraftComment.objects.count(), 0)

    def test_a_page_that_is_not_a_consultation_shows_nothing_and_refuses(self):
        self.assertEqual(self.render_tag(self.other).strip(), "")
        response = self.post(self.other)
        self.assertContains(response, "không lấy ý kiến", status_code=403)
        self.assertEqual(DraftComment.objects.count(), 0)

    def test_an_unpublished_draft_is_not_found(self):
        self.page.unpublish()
        response = self.post()
        self.assertEqual(response.status_code, 404)
        self.assertEqual(DraftComment.objects.count(), 0)

    def test_get_sends_the_reader_back_to_the_draft(self):
        response = self.client.get(self.submit_url())
        self.assertRedirects(response, f"{self.page.url}#gop-y", fetch_redirect_response=False)

    def test_the_honeypot_stores_nothing(self):
        response = self.post(website="http://spam.example")
        self.assertRedirects(response, f"{self.page.url}?da_gop_y=1#gop-y", fetch_redirect_response=False)
        self.assertEqual(DraftComment.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)

    @override_settings(CONSULTATION_RATE_LIMIT=2)
    def test_the_rate_limit_gives_429_and_keeps_the_text(self):
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(self.post().status_code, 302)
        response = self.post(comment="Góp ý thứ ba: đề nghị sửa Điều 7.", section="Điều 7")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Góp ý thứ ba: đề nghị sửa Điều 7.", status_code=429)
        self.assertContains(response, 'value="Điều 7"', status_code=429)
        self.assertContains(response, "nội dung bạn viết vẫn còn dưới đây", status_code=429)
        self.assertContains(response, 'role="alert"', status_code=429)
        self.assertEqual(DraftComment.objects.count(), 2)
        # Another address is not affected.
        self.assertEqual(self.post(ip="10.0.0.9").status_code, 302)
        self.assertEqual(DraftComment.objects.count(), 3)

    @override_settings(CONSULTATION_RATE_LIMIT=1, TRUSTED_PROXIES=["10.0.0.254"])
    def test_the_rate_limit_counts_readers_behind_the_proxy_not_the_proxy(self):
        """Issue 12.4: behind the reverse proxy every reader arrives from its address."""

        def via_proxy(reader, forged=""):
            chain = f"{forged}, {reader}" if forged else reader
            data = {
                "name": "Nguyễn Thị Hoa",
                "unit": "Trường THCS Ba Sao",
                "email": "hoa@example.com",
                "comment": "Đề nghị bổ sung quy định.",
                "website": "",
                "consent": "on",
            }
            return self.client.post(
                self.submit_url(), data, REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=chain
            )

        self.assertEqual(via_proxy("203.0.113.1").status_code, 302)
        self.assertEqual(via_proxy("203.0.113.2").status_code, 302, "another reader is not blocked")
        # A forged left-hand entry does not move the first reader into a fresh bucket.
        self.assertEqual(via_proxy("203.0.113.1", forged="198.51.100.77").status_code, 429)
        self.assertEqual(
            sorted(DraftComment.objects.values_list("ip_address", flat=True)), ["203.0.113.1", "203.0.113.2"]
        )

    @override_settings(CONSULTATION_RATE_LIMIT=1)
    def test_the_rate_limit_is_shared_by_every_worker(self):
        """Counted over stored comments: an empty cache (another worker, a restart) changes nothing."""
        from django.core.cache import cache

        self.assertEqual(self.post().status_code, 302)
        cache.clear()
        self.assertEqual(self.post().status_code, 429)

    def test_an_invalid_email_shows_an_error_and_keeps_the_text(self):
        response = self.post(email="khong-phai-thu-dien-tu", comment="Nội dung góp ý cần giữ lại.")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="field-error" role="alert"')
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, 'aria-describedby="gop-y-email_helptext gop-y-email_error"')
        self.assertContains(response, "Nội dung góp ý cần giữ lại.")
        self.assertContains(response, 'value="khong-phai-thu-dien-tu"')
        self.assertEqual(DraftComment.objects.count(), 0)

    def test_required_fields_and_the_length_limit(self):
        response = self.post(name="", unit="", comment="x" * 5001)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"name", "unit", "comment"})
        self.assertEqual(DraftComment.objects.count(), 0)


class AdminTests(ConsultationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.superuser = User.objects.create_superuser("quantri", "quantri@example.com", "x")
        board = Group.objects.create(name="Ban biên tập thử")
        board.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(content_type__app_label="consultations", codename="view_draftcomment"),
        )
        cls.board_user = User.objects.create_user("bientap", "bientap@example.com", "x")
        cls.board_user.groups.add(board)
        staff = Group.objects.create(name="Chỉ vào admin")
        staff.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        cls.staff = User.objects.create_user("canbo", "canbo@example.com", "x")
        cls.staff.groups.add(staff)

    def setUp(self):
        super().setUp()
        self.comment = DraftComment.objects.create(
            page=self.page,
            name="Lê Văn Nam",
            unit="Trường Tiểu học Thanh Sơn",
            email="nam@example.com",
            section="Điều 3",
            comment="Đề nghị làm rõ khái niệm «đơn vị trực thuộc» tại Điều 3.",
            ip_address="10.1.2.3",
        )
        self.other_comment = DraftComment.objects.create(
            page=self.other,
            name="Phạm Thu Trang",
            unit="Bộ phận Tổ chức",
            email="trang@example.com",
            comment='=HYPERLINK("http://example.com") - góp ý bắt đầu bằng dấu bằng',
        )
        self.index_url = reverse("draft_comments:index")

    def export(self, fmt, **params):
        response = self.client.get(self.index_url, {"export": fmt, **params})
        self.assertEqual(response.status_code, 200)
        return response, b"".join(response.streaming_content)

    def test_the_list_shows_the_comment_to_a_superuser(self):
        self.client.force_login(self.superuser)
        response = self.client.get(self.index_url)
        self.assertEqual(response.status_code, 200)
        for text in ("Lê Văn Nam", "Trường Tiểu học Thanh Sơn", "Điều 3", self.page.title, "Phạm Thu Trang"):
            self.assertContains(response, text)
        submitted = timezone.localtime(self.comment.submitted_at).strftime("%d/%m/%Y %H:%M")
        self.assertContains(response, submitted)
        self.assertNotContains(response, "10.1.2.3")  # never in the listing
        self.assertContains(response, reverse("draft_comments:delete", args=[self.comment.pk]))
        self.assertContains(response, reverse("draft_comments:inspect", args=[self.comment.pk]))

        filtered = self.client.get(self.index_url, {"page": self.page.pk})
        self.assertContains(filtered, "Lê Văn Nam")
        self.assertNotContains(filtered, "Phạm Thu Trang")

        searched = self.client.get(self.index_url, {"q": "Thanh Sơn"})
        self.assertContains(searched, "Lê Văn Nam")
        self.assertNotContains(searched, "Phạm Thu Trang")

    def test_the_list_filters_by_date_sent(self):
        DraftComment.objects.filter(pk=self.other_comment.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=30)
        )
        self.client.force_login(self.superuser)
        today = timezone.localdate().strftime("%d/%m/%Y")
        response = self.client.get(self.index_url, {"submitted_at_from": today, "submitted_at_to": today})
        self.assertContains(response, "Lê Văn Nam")
        self.assertNotContains(response, "Phạm Thu Trang")

    def test_the_board_reads_but_cannot_add_edit_or_delete(self):
        self.client.force_login(self.board_user)
        response = self.client.get(self.index_url)
        self.assertContains(response, "Lê Văn Nam")
        self.assertNotContains(response, reverse("draft_comments:delete", args=[self.comment.pk]))

        inspect = self.client.get(reverse("draft_comments:inspect", args=[self.comment.pk]))
        self.assertContains(inspect, "Đề nghị làm rõ khái niệm")
        self.assertNotContains(inspect, "10.1.2.3")  # the address is for abuse handling only

        delete_url = reverse("draft_comments:delete", args=[self.comment.pk])
        self.assertEqual(self.client.post(delete_url).status_code, 302)
        self.assertTrue(DraftComment.objects.filter(pk=self.comment.pk).exists())
        for name in ("add", "edit", "copy", "history"):
            with self.assertRaises(NoReverseMatch):
                reverse(f"draft_comments:{name}", args=[self.comment.pk])
            with self.assertRaises(NoReverseMatch):
                reverse(f"draft_comments:{name}")

    def test_a_superuser_may_delete_and_sees_the_address(self):
        self.client.force_login(self.superuser)
        inspect = self.client.get(reverse("draft_comments:inspect", args=[self.comment.pk]))
        self.assertContains(inspect, "10.1.2.3")
        response = self.client.post(reverse("draft_comments:delete", args=[self.comment.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(DraftComment.objects.filter(pk=self.comment.pk).exists())

    def test_staff_without_the_permission_see_nothing(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.index_url)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(self.index_url, {"export": "csv"}).status_code, 302)

    def test_the_csv_export_contains_the_comment(self):
        self.client.force_login(self.superuser)
        response, content = self.export("csv", page=self.page.pk)
        self.assertEqual(response["Content-Type"], "text/csv")
        self.assertIn("gop-y-du-thao-van-ban-so-1", response["Content-Disposition"])
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"))  # BOM: Excel reads UTF-8
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(
            rows[0],
            [
                "Dự thảo",
                "Số, ký hiệu",
                "Người góp ý",
                "Đơn vị hoặc trường",
                "Thư điện tử",
                "Điều, khoản, mục",
                "Nội dung góp ý",
                "Gửi lúc",
            ],
        )
        self.assertEqual(len(rows), 2)  # only this draft's comment
        row = rows[1]
        self.assertEqual(row[0], self.page.title)
        self.assertEqual(row[1], self.page.number)
        self.assertEqual(
            row[2:7],
            ["Lê Văn Nam", "Trường Tiểu học Thanh Sơn", "nam@example.com", "Điều 3", self.comment.comment],
        )
        self.assertEqual(row[7], timezone.localtime(self.comment.submitted_at).strftime("%d/%m/%Y %H:%M"))
        self.assertNotIn("10.1.2.3", content.decode("utf-8-sig"))

    def test_the_csv_export_of_all_comments_neutralises_formulas(self):
        self.client.force_login(self.superuser)
        _response, content = self.export("csv")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 3)
        texts = [row[6] for row in rows[1:]]
        self.assertIn(self.comment.comment, texts)
        self.assertIn("'" + self.other_comment.comment, texts)

    def test_the_xlsx_export_opens_with_openpyxl(self):
        self.client.force_login(self.superuser)
        response, content = self.export("xlsx", page=self.page.pk)
        self.assertIn(".xlsx", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Dự thảo")
        self.assertEqual(rows[0][6], "Nội dung góp ý")
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][2], "Lê Văn Nam")
        self.assertEqual(rows[1][6], self.comment.comment)
        local_sent = timezone.localtime(self.comment.submitted_at).replace(tzinfo=None, microsecond=0)
        self.assertEqual(rows[1][7].replace(microsecond=0), local_sent)

        _response, content = self.export("xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        texts = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertIn(self.other_comment.comment, texts)  # kept as text, not a formula

    def test_the_drafts_admin_page_links_to_its_comments(self):
        button = draft_comments_button(self.page, self.board_user)
        self.assertEqual(button.url, f"{self.index_url}?page={self.page.pk}")
        self.assertIn("(1)", str(button.label))
        self.assertIsNone(draft_comments_button(self.home, self.board_user))
        self.assertIsNone(draft_comments_button(self.page, self.staff))
