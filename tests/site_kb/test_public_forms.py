"""The public-form toolkit (site_kb.public_forms): one field template, one limiter counted over
stored submissions, one reader mail, and every limit readers are told rendered from settings."""

import datetime
import socket
from html.parser import HTMLParser
from types import SimpleNamespace

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from consultations.forms import DraftCommentForm
from consultations.models import DraftComment
from directives.forms import RegistrySearchForm
from directives.models import DirectivePage
from feedback.forms import FeedbackForm, StatusForm
from feedback.models import Feedback, FeedbackPage
from previews.forms import PreviewLinkForm
from search.forms import SearchForm
from site_kb.public_forms import HoneypotMixin, PublicFormMixin, limit_reached, send_reader_mail, sender_key

from ..builders import make_directive, make_site, publish


class IdsAndReferences(HTMLParser):
    """Every id in a page, and every id an aria-describedby points at."""

    def __init__(self):
        super().__init__()
        self.ids, self.described_by, self.repeated = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.repeated.append(attrs["id"])
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by.extend(attrs["aria-describedby"].split())


def dangling_references(html):
    """(the ids aria-describedby names, those missing from the page); fails on a repeated id, which
    would tie a label or a description to the wrong field."""
    parser = IdsAndReferences()
    parser.feed(html)
    assert parser.repeated == [], parser.repeated
    return parser.described_by, [ref for ref in parser.described_by if ref not in parser.ids]


def test_every_public_form_is_built_on_the_toolkit():
    for form_class in (FeedbackForm, StatusForm, DraftCommentForm, SearchForm, RegistrySearchForm):
        assert issubclass(form_class, PublicFormMixin), form_class
    for form_class in (FeedbackForm, DraftCommentForm):
        assert issubclass(form_class, HoneypotMixin), form_class


def test_sender_keys_differ_by_purpose_and_share_an_ipv6_household():
    assert sender_key("", "a") == ""
    assert sender_key("203.0.113.7", "a") != sender_key("203.0.113.7", "b")
    assert sender_key("203.0.113.7", "a") != sender_key("203.0.113.8", "a")
    assert sender_key("2001:db8:1:2::1", "a") == sender_key("2001:db8:1:2:ffff::9", "a")
    assert "203.0.113.7" not in sender_key("203.0.113.7", "a")


class FeedbackPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def question(self, **overrides):
        return {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
            "website": "",
            "consent": "on",
            **overrides,
        }

    def test_errors_and_help_are_tied_to_their_fields(self):
        response = self.client.post(self.page.url, self.question(email="", title="", content=""))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        references, dangling = dangling_references(html)
        self.assertIn("id_title_error", references)
        self.assertIn("id_attachment_helptext", references)
        self.assertEqual(dangling, [])
        # The honeypot is drawn by its own template, hidden from people and screen readers.
        self.assertRegex(html, r'<div class="visually-hidden" aria-hidden="true"><label for="id_website">')
        self.assertEqual(Feedback.objects.count(), 0)
        # The status lookup beside it has its own ids.
        lookup = self.client.post(self.page.url, {"tra_cuu": "1", "code": "GY-XXXXXXXX", "email": "sai"})
        self.assertIn("tra-cuu-email_error", dangling_references(lookup.content.decode())[0])

    @override_settings(FEEDBACK_ANSWER_DAYS=7, FEEDBACK_COMPLEX_ANSWER_DAYS=12)
    def test_the_deadline_readers_are_told_follows_the_settings(self):
        with self.captureOnCommitCallbacks(execute=True):  # the confirmation: a task after the commit
            response = self.client.post(self.page.url, self.question(), follow=True)
        feedback = Feedback.objects.get()
        received = timezone.localdate(feedback.received_at)
        self.assertGreaterEqual((feedback.due_date - received).days, 7 + 2)  # 7 working days, a weekend
        self.assertContains(response, "7 ngày làm việc; trường hợp phức tạp có thể đến 12 ngày làm việc")
        self.assertNotContains(response, "5 ngày làm việc")
        self.assertIn("7 ngày làm việc; trường hợp phức tạp có thể đến 12 ngày làm việc", mail.outbox[0].body)

    @override_settings(FEEDBACK_ATTACHMENT_MAX_BYTES=1024 * 1024)
    def test_the_attachment_limit_is_the_setting(self):
        page = self.client.get(self.page.url)
        self.assertContains(page, "tối đa 1,0\xa0MB")  # Django's filesizeformat, Vietnamese
        self.assertNotContains(page, "5 MB")
        big = SimpleUploadedFile("thu.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), "application/pdf")
        response = self.client.post(self.page.url, {**self.question(), "attachment": big})
        self.assertContains(response, "Tệp quá lớn: tối đa 1,0\xa0MB.")
        self.assertEqual(Feedback.objects.count(), 0)
        # The typed question is kept for the reader to send again.
        self.assertContains(response, "Xin hỏi lịch tuyển sinh lớp 6 năm nay?")


class DraftCommentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = make_directive(cls.sections["directives"], 1)
        now = timezone.now()
        DirectivePage.objects.filter(pk=cls.page.pk).update(
            comment_opens=now - datetime.timedelta(days=1), comment_closes=now + datetime.timedelta(days=7)
        )

    def comment(self, text):
        return {
            "name": "Nguyễn Thị Hoa",
            "unit": "Trường THCS Ba Sao",
            "email": "hoa@example.com",
            "section": "",
            "comment": text,
            "website": "",
            "consent": "on",
        }

    @override_settings(CONSULTATION_COMMENT_MAX_CHARS=100)
    def test_the_comment_length_is_the_setting(self):
        page = self.client.get(self.page.url)
        self.assertContains(page, "Tối đa 100 ký tự.")
        self.assertContains(page, 'maxlength="100"')
        url = reverse("consultations:submit", args=[self.page.pk])
        response = self.client.post(url, self.comment("ý" * 101))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(DraftComment.objects.count(), 0)
        self.assertContains(response, "ý" * 101)  # kept as typed
        self.assertEqual(dangling_references(response.content.decode())[1], [])
        self.assertEqual(self.client.post(url, self.comment("ý" * 100)).status_code, 302)
        self.assertEqual(DraftComment.objects.count(), 1)

    def test_the_default_limit_is_written_the_vietnamese_way(self):
        self.assertContains(self.client.get(self.page.url), "Tối đa 5.000 ký tự.")


class LimiterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = make_directive(cls.sections["directives"], 1)

    def store(self, address, minutes_ago):
        comment = DraftComment.objects.create(
            page=self.page, name="A", unit="B", email="a@example.com", comment="C", ip_address=address
        )
        DraftComment.objects.filter(pk=comment.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
        )

    def reached(self, key, limit=2):
        return limit_reached(
            DraftComment.objects, key_field="ip_address", key=key, time_field="submitted_at", limit=limit
        )

    def test_counts_what_one_reader_stored_within_the_hour(self):
        self.store("203.0.113.7", 5)
        self.assertFalse(self.reached("203.0.113.7"))
        self.store("203.0.113.7", 61)  # older than the window
        self.store("203.0.113.8", 5)  # someone else
        self.assertFalse(self.reached("203.0.113.7"))
        self.store("203.0.113.7", 59)
        self.assertTrue(self.reached("203.0.113.7"))
        self.assertFalse(self.reached("203.0.113.8"))

    def test_an_unknown_reader_is_never_limited(self):
        self.store(None, 1)
        self.store(None, 1)
        self.assertFalse(self.reached(None))
        self.assertFalse(self.reached(""))


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ReaderMailTests(TestCase):
    templates = ("consultations/mail/confirmation_subject.txt", "consultations/mail/confirmation.txt")

    def context(self, title):
        page = SimpleNamespace(title=title, number="")
        comment = SimpleNamespace(
            name="Hoa", unit="THCS", section="", comment="Ý kiến", submitted_at=timezone.now()
        )
        return {"comment": comment, "page": page, "page_url": "https://example.edu.vn/du-thao/"}

    def test_sent_with_a_one_line_subject(self):
        error = send_reader_mail(
            *self.templates, self.context("Dự thảo\r\nBcc: x@evil"), "lan@example.com", "Thử"
        )
        self.assertIsNone(error)
        self.assertEqual(mail.outbox[0].subject, "Đã nhận góp ý dự thảo: Dự thảo Bcc: x@evil")
        self.assertEqual(mail.outbox[0].to, ["lan@example.com"])

    def test_a_failing_server_is_logged_and_returned_not_raised(self):
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=closed_port(),
                EMAIL_TIMEOUT=5,
            ),
            self.assertLogs("site_kb.public_forms", "WARNING") as logs,
        ):
            error = send_reader_mail(*self.templates, self.context("Dự thảo"), "lan@example.com", "Thử")
        self.assertIsInstance(error, OSError)
        self.assertIn("Thử: e-mail to the reader failed", logs.output[0])


@override_settings(PREVIEW_LINK_MAX_DAYS=10, PREVIEW_LINK_DEFAULT_DAYS=3)
def test_the_preview_link_life_is_the_setting():
    form = PreviewLinkForm({"note": "", "days": "11"})
    assert not form.is_valid()
    assert "từ 1 đến 10" in form.error_text()
    assert "(1–10)" in str(form["days"].label)
    assert PreviewLinkForm({"note": "", "days": "10"}).is_valid()
    assert PreviewLinkForm()["days"].initial == 3


class FilterFormTests(TestCase):
    """The search and registry filters are drawn by the same field template."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def test_errors_are_tied_to_their_fields(self):
        for url in (reverse("search"), self.sections["directives"].url):
            response = self.client.get(url, {"q": "tuyển sinh", "tu_ngay": "32/13/2026", "nam": "3000"})
            self.assertEqual(response.status_code, 200, url)
            references, dangling = dangling_references(response.content.decode())
            self.assertTrue(any(ref.endswith("_error") for ref in references), url)
            self.assertEqual(dangling, [], url)
