"""Readers' and schools' mail leaves the request as django-tasks tasks queued after the commit
(issue 17.6): with the immediate backend it arrives once the transaction commits, with the dummy
backend the request only queues a task whose arguments are ids, and running that task sends it."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from django_tasks import TaskContext, default_task_backend

from consultations import tasks as consultation_tasks
from consultations.models import DraftComment
from directives.models import DirectivePage
from feedback import tasks as feedback_tasks
from feedback.models import Feedback, FeedbackPage

from ..builders import make_directive, make_site, publish

READER_MAIL = "feedback.tasks.send_reader_mail"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
QUESTION = {
    "name": "Trần Thị Lan",
    "email": "lan@example.com",
    "phone": "",
    "topic": "dao-tao",
    "title": "Lịch tuyển sinh lớp 6",
    "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
    "website": "",
    "consent": "on",
}


def run(result):
    """Run a queued task as the worker does: the context first when the task takes it."""
    task = result.task
    if task.takes_context:
        return task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
    return task.call(*result.args, **result.kwargs)


def queued_task(path):
    """The one task of ``path`` the dummy backend holds (saves also queue search index updates)."""
    [found] = [result for result in default_task_backend.results if result.task.module_path == path]
    return found


def plain(value):
    """Ids, kinds and addresses of the admin: nothing but numbers, strings and None."""
    return value is None or isinstance(value, (int, str))


class ReaderMailTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap", rate_limit=3))
        cls.directive = make_directive(cls.sections["directives"], 1)

    def ask(self):
        return self.client.post(self.page.url, QUESTION, REMOTE_ADDR="10.0.0.1")

    def test_with_the_immediate_backend_the_confirmation_arrives_after_the_commit(self):
        with self.captureOnCommitCallbacks() as callbacks:
            response = self.ask()
            self.assertEqual(response.status_code, 302)
        # Stored and answered; nothing sent while the transaction is open.
        self.assertEqual(mail.outbox, [])
        item = Feedback.objects.get()
        self.assertEqual(item.mail_pending, "confirmation")
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()  # the commit
        self.assertEqual([message.to for message in mail.outbox], [["lan@example.com"]])
        self.assertIn(item.tracking_code, mail.outbox[0].body)
        item.refresh_from_db()
        self.assertEqual(item.mail_pending, "")
        self.assertIsNotNone(item.confirmation_sent_at)

    @override_settings(TASKS=DUMMY)
    def test_the_request_queues_a_task_with_ids_and_sends_nothing(self):
        default_task_backend.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.ask()
        self.assertEqual(response.status_code, 302)
        self.assertEqual(mail.outbox, [])
        item = Feedback.objects.get()
        queued = queued_task(READER_MAIL)
        self.assertEqual(queued.args, [item.pk, "confirmation", None])
        self.assertTrue(all(plain(value) for value in [*queued.args, *queued.kwargs.values()]))
        self.assertNotIn("lan@example.com", repr(queued.args) + repr(queued.kwargs))
        # The confirmation page says the mail is on its way, not that it was sent.
        page = self.client.get(response["Location"])
        self.assertNotContains(page, "Chúng tôi đã gửi mã này")

        self.assertIs(run(queued), True)  # the worker's turn
        self.assertEqual([message.to for message in mail.outbox], [["lan@example.com"]])
        item.refresh_from_db()
        self.assertEqual(item.mail_pending, "")

    @override_settings(TASKS=DUMMY)
    def test_a_task_late_after_the_retry_command_does_not_send_twice(self):
        default_task_backend.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.ask()
        queued = queued_task(READER_MAIL)
        # The worker was down: the timer's retry sends the marked confirmation first.
        call_command("retry_feedback_mail", stdout=StringIO())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIs(run(queued), True)
        self.assertEqual(len(mail.outbox), 1)

    @override_settings(TASKS=DUMMY)
    def test_a_task_for_an_item_deleted_meanwhile_sends_nothing(self):
        default_task_backend.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.ask()
        queued = queued_task(READER_MAIL)
        Feedback.objects.all().delete()
        self.assertIs(run(queued), False)
        self.assertEqual(mail.outbox, [])

    @override_settings(TASKS=DUMMY)
    def test_a_draft_comment_queues_its_copy_by_id(self):
        default_task_backend.clear()
        now = timezone.now()
        DirectivePage.objects.filter(pk=self.directive.pk).update(
            comment_opens=now - datetime.timedelta(days=1), comment_closes=now + datetime.timedelta(days=7)
        )
        data = {
            "name": "Nguyễn Thị Hoa",
            "unit": "Trường THCS Ba Sao",
            "email": "hoa@example.com",
            "section": "",
            "comment": "Đề nghị bổ sung quy định về thời gian nộp hồ sơ.",
            "website": "",
            "consent": "on",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("consultations:submit", args=[self.directive.pk]), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(mail.outbox, [])
        comment = DraftComment.objects.get()
        queued = queued_task(consultation_tasks.send_confirmation.module_path)
        self.assertEqual(queued.args[0], comment.pk)
        self.assertTrue(all(plain(value) for value in queued.args))
        self.assertNotIn("hoa@example.com", repr(queued.args))
        self.assertIs(run(queued), True)
        self.assertEqual([message.to for message in mail.outbox], [["hoa@example.com"]])

    def test_a_rolled_back_transaction_queues_nothing(self):
        """An answer saved in a transaction that then fails never reaches the reader."""
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    item = Feedback.objects.create(
                        name="Lan", email="lan@example.com", title="T", content="C"
                    )
                    feedback_tasks.queue_reader_mail(item, "answer")
                    raise RuntimeError("the save failed after the mail was asked for")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])
