"""The mail to approvers when a page reaches their step is a background task (issue 17.6): the
submit queues it with the step's and the submitter's ids, sends nothing itself, and the task,
run later, e-mails the school's principal; a step already decided by then notifies no one."""

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import WorkflowState

from django_tasks import default_task_backend

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from news.models import NewsPage

from ..builders import make_school, make_site, make_user, news_form

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
APPROVER_NOTICES = "editorial.tasks.send_approver_notices"


@override_settings(TASKS=DUMMY)
class ApproverNoticeTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        setup_roles()
        access = SchoolAccess.objects.get(school=cls.school)
        cls.contact = make_user("daumoi_a", access.contact_group)
        cls.principal = make_user("hieutruong_a", access.principal_group)

    def submit(self):
        default_task_backend.clear()
        self.client.force_login(self.contact)
        data = news_form("Tin của trường A", "tin-a")
        data["action-submit"] = "1"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school.pk]), data
            )
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get(slug="tin-a")
        step = WorkflowState.objects.active().get(object_id=str(page.pk)).current_task_state
        [queued] = [r for r in default_task_backend.results if r.task.module_path == APPROVER_NOTICES]
        return page, step, queued

    def test_the_submit_queues_ids_and_the_task_mails_the_principal(self):
        _page, step, queued = self.submit()
        self.assertEqual(mail.outbox, [])
        self.assertEqual(queued.args, [step.pk, self.contact.pk])
        self.assertIs(queued.task.call(*queued.args, **queued.kwargs), True)
        self.assertEqual([message.to for message in mail.outbox], [["hieutruong_a@truong.test"]])
        self.assertIn("đang chờ bạn duyệt", mail.outbox[0].subject)

    def test_a_step_decided_before_the_task_runs_notifies_no_one(self):
        _page, step, queued = self.submit()
        step.status = step.STATUS_APPROVED
        step.save(update_fields=["status"])
        self.assertIs(queued.task.call(*queued.args, **queued.kwargs), False)
        self.assertEqual(mail.outbox, [])
