"""A reader's name, e-mail and phone never reach a public page, a feed, a search result or a log
line (Luật 91/2025/QH15): not on the published Q&A, not in the search index, not in what a
submission or a refused mail logs (an SMTP refusal echoes the address: only its class and code
are logged)."""

import logging
import socket
import threading

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.search.models import IndexEntry

from consultations.models import DraftComment
from feedback import mail as feedback_mail
from feedback.models import Feedback, FeedbackPage
from feedback.records import FeedbackEvent, Status
from news.models import NewsPage
from site_kb.public_forms import mail_error_text

from ..builders import make_directive, make_news, make_site, publish

NAME = "Phạm Thị Riêng Tư"
EMAIL = "riengtu@example.com"
PHONE = "0988776655"
PRIVATE = (NAME, "Riêng Tư", EMAIL, "riengtu", PHONE)


class RefusingSMTPServer:
    """An SMTP server on loopback that refuses every recipient, echoing the address (as Postfix
    does: "550 5.1.1 <a@b>: Recipient address rejected")."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self):
        self.listener.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                peer, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self.session, args=(peer,), daemon=True).start()

    def session(self, peer):
        with peer, peer.makefile("rb") as reader:
            peer.sendall(b"220 localhost ESMTP test\r\n")
            while line := reader.readline():
                command = line.strip().upper()
                if command.startswith(b"EHLO"):
                    peer.sendall(b"250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                elif command.startswith(b"RCPT"):
                    address = line.strip()[8:]
                    peer.sendall(b"550 5.1.1 " + address + b": Recipient address rejected\r\n")
                elif command.startswith(b"QUIT"):
                    peer.sendall(b"221 bye\r\n")
                    return
                else:  # HELO, MAIL, RSET, NOOP
                    peer.sendall(b"250 ok\r\n")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(5)
        self.listener.close()


def refusing_mail(port):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
    )


class NoPersonalDataInPublicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        make_news(cls.sections["news"], 2)
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        cls.published = Feedback.objects.create(
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            title="Học phí lớp 3",
            content=f"Tôi là {NAME}, hỏi học phí lớp 3.",
            public_question="Học phí lớp 3 năm học mới là bao nhiêu?",
            answer="Học sinh tiểu học công lập được miễn học phí.",
            public_answer="Học sinh tiểu học công lập được miễn học phí.",
            status=Status.ANSWERED,
            is_published=True,
        )

    def assert_private_absent(self, text, where):
        for value in PRIVATE:
            self.assertNotIn(value, text, f"{value!r} in {where}")

    def test_the_published_answer_shows_no_reader_identity(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, "Học phí lớp 3 năm học mới là bao nhiêu?")
        self.assert_private_absent(response.content.decode(), "the Q&A page")
        searched = self.client.get(self.page.url, {"hoi": "hoc phi"})
        self.assertContains(searched, "miễn học phí")
        self.assert_private_absent(searched.content.decode(), "the Q&A search")
        by_name = self.client.get(self.page.url, {"hoi": "Riêng"})
        self.assertContains(by_name, "Không có câu hỏi đã trả lời nào khớp")

    def test_the_search_index_holds_no_reader_identity(self):
        entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Feedback))
        text = " ".join(f"{entry.title} {entry.autocomplete} {entry.body}" for entry in entries)
        # The published text is indexed, folded (plain text on SQLite, a tsvector on PostgreSQL).
        self.assertIn("hoc", text)
        self.assertIn("mien", text)
        self.assert_private_absent(text, "the search index")
        for word in ("pham", "rieng", "988776655"):
            self.assertNotIn(word, text)

    def test_site_search_and_feeds_show_no_reader_identity(self):
        for query in (NAME, EMAIL, PHONE, "học phí"):
            response = self.client.get("/tim-kiem/", {"q": query})
            self.assertEqual(response.status_code, 200)
            page = response.content.decode().replace(f"{query}", "")  # the query echoed back
            self.assert_private_absent(page, f"the search page for {query!r}")
        news = self.sections["news"]
        for suffix in ("rss/", "atom/"):
            response = self.client.get(news.url + suffix)
            self.assertEqual(response.status_code, 200)
            self.assertIn(NewsPage.objects.first().title, response.content.decode())
            self.assert_private_absent(response.content.decode(), f"the {suffix} feed")
        self.assert_private_absent(self.client.get("/sitemap-pages.xml").content.decode(), "the sitemap")


class NoPersonalDataInLogsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def test_a_submission_whose_mail_is_refused_logs_no_identity(self):
        data = {
            "name": NAME,
            "email": EMAIL,
            "phone": PHONE,
            "topic": "khac",
            "title": "Câu hỏi",
            "content": "Nội dung câu hỏi.",
            "website": "",
            "consent": "on",
        }
        with RefusingSMTPServer() as server, refusing_mail(server.port):
            with self.assertLogs(level=logging.DEBUG) as logs:
                logging.getLogger("privacy.test").info("capture starts")
                with self.captureOnCommitCallbacks(execute=True):  # the mail: a task after the commit
                    response = self.client.post(self.page.url, data)
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        self.assertEqual(item.mail_pending, "confirmation")  # the refusal did happen
        captured = "\n".join(logs.output)
        self.assertIn("e-mail to the reader failed: SMTPRecipientsRefused 550", captured)
        self.assert_private_absent(captured)
        notes = " ".join(item.events.values_list("note", flat=True))
        self.assertIn("SMTPRecipientsRefused 550", notes)
        self.assert_private_absent(notes)

    def test_the_error_text_names_the_class_and_code_only(self):
        with RefusingSMTPServer() as server, refusing_mail(server.port):
            try:
                mail.send_mail("Thử", "Nội dung", None, [EMAIL])
            except Exception as error:  # noqa: BLE001 - the refusal under test
                refused = error
        self.assertIn(EMAIL, repr(refused))  # why this matters
        self.assertEqual(mail_error_text(refused), "SMTPRecipientsRefused 550")
        self.assertEqual(mail_error_text(OSError("connection refused")), "OSError")

    def assert_private_absent(self, text):
        for value in PRIVATE:
            self.assertNotIn(value, text)

    def test_a_deleted_comment_leaves_no_name_in_the_audit_log(self):
        comment = DraftComment.objects.create(
            page=make_directive(self.sections["directives"], 1),
            name=NAME,
            unit="Trường THCS Ba Sao",
            email=EMAIL,
            comment="Ý kiến",
        )
        self.client.force_login(get_user_model().objects.create_superuser("sieu", "s@pgd.test", "pw"))
        response = self.client.post(reverse("draft_comments:delete", args=[comment.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(DraftComment.objects.exists())
        entry = ModelLogEntry.objects.get(action="wagtail.delete")
        self.assertEqual(entry.label, f"Góp ý số {comment.pk} – Trường THCS Ba Sao")
        self.assert_private_absent(f"{entry.label} {entry.data}")

    def test_history_notes_from_a_refused_answer_hold_no_address(self):
        item = Feedback.objects.create(name=NAME, email=EMAIL, title="T", content="C", status=Status.ANSWERED)
        with RefusingSMTPServer() as server, refusing_mail(server.port):
            self.assertFalse(feedback_mail.send(item, "answer"))
        note = item.events.get(action=FeedbackEvent.Action.MAIL_FAILED).note
        self.assertEqual(note, "answer: SMTPRecipientsRefused 550")
