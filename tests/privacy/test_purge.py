"""purge_personal_data: exactly the items past the retention period lose the reader's identity
and attachments (Luật 91/2025/QH15); open items, recent ones and a dry run are left alone."""

import datetime
import io

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.models import ModelLogEntry

from dateutil.relativedelta import relativedelta

from consultations.models import DraftComment
from directives.models import DirectivePage
from feedback.records import Feedback, FeedbackEvent, Status
from privacy.models import PersonalDataAction
from privacy.retention import MARKER

from ..builders import make_directive, make_site
from .helpers import make_feedback

DAY = datetime.timedelta(days=1)


def purge(*args):
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@override_settings(PERSONAL_DATA_RETENTION_MONTHS=24)
class FeedbackPurgeTests(TestCase):
    def setUp(self):
        self.boundary = timezone.now() - relativedelta(months=24)
        self.expired = make_feedback(finished_at=self.boundary - DAY, attachment=True)
        self.expired_answered = make_feedback(
            email="b@example.com", status=Status.ANSWERED, finished_at=self.boundary - DAY
        )
        self.recent = make_feedback(email="c@example.com", finished_at=self.boundary + DAY, attachment=True)
        # Open for years (reopened after an old closing): never touched.
        self.open = make_feedback(
            email="d@example.com", status=Status.ASSIGNED, finished_at=self.boundary - DAY
        )
        self.held = make_feedback(email="e@example.com", status=Status.HELD)
        Feedback.objects.filter(pk=self.held.pk).update(received_at=self.boundary - 10 * DAY)
        # Closed long ago, then answered again recently: the latest finish counts.
        self.reanswered = make_feedback(email="f@example.com", finished_at=self.boundary - 30 * DAY)
        self.reanswered.events.create(action=FeedbackEvent.Action.ANSWERED, at=self.boundary + DAY)
        self.storage = self.expired.attachment.storage
        self.expired_file = self.expired.attachment.name
        self.recent_file = self.recent.attachment.name

    def test_exactly_the_expired_items_are_anonymised_and_their_files_deleted(self):
        output = purge()
        for item in (self.expired, self.expired_answered):
            item.refresh_from_db()
            self.assertEqual((item.name, item.email, item.phone, item.sender_key), (str(MARKER), "", "", ""))
            self.assertIsNotNone(item.anonymised_at)
            self.assertEqual(item.title, "Học phí")  # the office's record stays
            self.assertEqual(item.content, "Xin hỏi học phí lớp 6?")
            last = item.events.last()
            self.assertEqual(last.action, FeedbackEvent.Action.ANONYMISED)
            self.assertIn("24 tháng", last.note)
        self.assertFalse(self.expired.attachment)
        self.assertFalse(self.storage.exists(self.expired_file))
        self.assertTrue(self.storage.exists(self.recent_file))
        for item in (self.recent, self.open, self.held, self.reanswered):
            item.refresh_from_db()
            self.assertEqual(item.name, "Nguyễn Thị Bí Mật")
            self.assertIsNone(item.anonymised_at)
        self.assertIn("2 hỏi đáp – góp ý (1 tệp đính kèm) và 0 góp ý dự thảo", output)

    def test_a_second_run_changes_nothing_and_logs_nothing(self):
        purge()
        first = self.expired.events.count()
        stamped = Feedback.objects.get(pk=self.expired.pk).anonymised_at
        output = purge()
        self.assertIn("0 hỏi đáp – góp ý (0 tệp đính kèm) và 0 góp ý dự thảo", output)
        self.assertEqual(self.expired.events.count(), first)
        self.assertEqual(Feedback.objects.get(pk=self.expired.pk).anonymised_at, stamped)
        self.assertEqual(PersonalDataAction.objects.count(), 1)

    def test_a_dry_run_lists_the_codes_and_changes_nothing(self):
        before = list(Feedback.objects.order_by("pk").values())
        output = purge("--dry-run")
        self.assertEqual(list(Feedback.objects.order_by("pk").values()), before)
        self.assertTrue(self.storage.exists(self.expired_file))
        self.assertIn(self.expired.tracking_code, output)
        self.assertIn(self.expired_answered.tracking_code, output)
        self.assertNotIn(self.recent.tracking_code, output)
        self.assertNotIn("Bí Mật", output)
        self.assertNotIn("bimat@example.com", output)
        self.assertIn("sẽ xoá thông tin cá nhân của 2 hỏi đáp – góp ý (1 tệp đính kèm)", output)
        self.assertFalse(PersonalDataAction.objects.exists())
        self.assertFalse(ModelLogEntry.objects.filter(action__startswith="privacy.").exists())

    def test_the_purge_is_in_the_audit_log_without_personal_data(self):
        purge()
        entry = ModelLogEntry.objects.get(action="privacy.purge")
        self.assertEqual(entry.data["feedback"], 2)
        self.assertEqual(entry.data["attachments"], 1)
        self.assertIn("2 hỏi đáp – góp ý", entry.message)
        for value in (entry.label, entry.message, str(entry.data)):
            self.assertNotIn("bimat", value)
            self.assertNotIn("Bí Mật", value)

    def test_old_mail_failure_notes_lose_the_address(self):
        self.expired.events.create(
            action=FeedbackEvent.Action.MAIL_FAILED,
            note="answer: SMTPRecipientsRefused({'bimat@example.com': (550, b'no such user')})",
        )
        purge()
        notes = list(self.expired.events.values_list("note", flat=True))
        self.assertNotIn("bimat", " ".join(notes))
        self.assertIn("answer", notes)

    def test_a_terminal_sees_the_progress(self):
        class Terminal(io.StringIO):
            def isatty(self):
                return True

        out = Terminal()
        call_command("purge_personal_data", stdout=out)
        self.assertIn("\r1/2", out.getvalue())
        self.assertIn("\r2/2\n", out.getvalue())
        self.assertNotIn("\r", purge())  # not on a pipe or a log file (nothing left to do either)

    @override_settings(PERSONAL_DATA_RETENTION_MONTHS=12)
    def test_the_period_is_the_setting(self):
        purge()
        self.recent.refresh_from_db()
        self.reanswered.refresh_from_db()
        self.assertIsNotNone(self.recent.anonymised_at)  # 23 months old: past 12
        self.assertIsNotNone(self.reanswered.anonymised_at)


@override_settings(PERSONAL_DATA_RETENTION_MONTHS=24)
class CommentPurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        now = timezone.now()
        boundary = now - relativedelta(months=24)
        cls.old_draft = make_directive(sections["directives"], 1)
        cls.recent_draft = make_directive(sections["directives"], 2)
        cls.open_draft = make_directive(sections["directives"], 3)
        DirectivePage.objects.filter(pk=cls.old_draft.pk).update(
            comment_opens=boundary - 30 * DAY, comment_closes=boundary - DAY
        )
        DirectivePage.objects.filter(pk=cls.recent_draft.pk).update(
            comment_opens=boundary - 30 * DAY, comment_closes=boundary + DAY
        )
        # Comments sent years ago on a draft whose window is open again: never touched while open.
        DirectivePage.objects.filter(pk=cls.open_draft.pk).update(
            comment_opens=now - DAY, comment_closes=now + 10 * DAY
        )

        def comment(page, email):
            return DraftComment.objects.create(
                page=page,
                name="Lê Văn Góp Ý",
                unit="Trường THCS Ba Sao",
                email=email,
                comment="Đề nghị sửa Điều 5.",
                ip_address="10.1.2.3",
                submitted_at=boundary - 40 * DAY,
            )

        cls.old = comment(cls.old_draft, "gopy@example.com")
        cls.recent = comment(cls.recent_draft, "gopy2@example.com")
        cls.open = comment(cls.open_draft, "gopy3@example.com")

    def test_comments_go_after_the_window_closed_plus_the_period(self):
        output = purge()
        self.old.refresh_from_db()
        self.assertEqual((self.old.name, self.old.email, self.old.ip_address), (str(MARKER), "", None))
        self.assertEqual(self.old.comment, "Đề nghị sửa Điều 5.")  # the consultation's record stays
        self.assertEqual(self.old.unit, "Trường THCS Ba Sao")
        for kept in (self.recent, self.open):
            kept.refresh_from_db()
            self.assertEqual(kept.name, "Lê Văn Góp Ý")
            self.assertEqual(kept.ip_address, "10.1.2.3")
        self.assertIn("và 1 góp ý dự thảo", output)
        self.assertEqual(ModelLogEntry.objects.get(action="privacy.purge").data["comments"], 1)

    def test_a_dry_run_changes_no_comment(self):
        output = purge("--dry-run")
        self.assertIn(f"góp ý dự thảo số {self.old.pk}", output)
        self.assertNotIn("Lê Văn", output)
        self.assertEqual(DraftComment.objects.filter(anonymised_at__isnull=False).count(), 0)
