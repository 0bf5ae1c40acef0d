"""A school is e-mailed when a reader's question is assigned to it (issue 15.9; Điều 14).

Each active contact and principal of the newly assigned school with an address gets a notice
(code, title, deadline, admin address; never the reader's personal data); a failing mail server is
logged and reported, never raised, and the assignment stays saved. Tested with Django's locmem
backend and with a real SMTP server on loopback (tests.hostile.test_faults).
"""

import smtplib

from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from feedback import tasks
from feedback.models import Feedback, FeedbackEvent, Status

from ..builders import make_org_unit, make_school, make_site, make_user
from ..hostile.test_faults import WorkingSMTPServer, smtp_settings
from .test_feedback_admin import classify_data

User = get_user_model()
READER = {"name": "Trần Thị Lan", "email": "lan.bandoc@example.test", "phone": "0912 345 678"}


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("máy chủ thư không trả lời")


class AssignmentMailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.other_school = make_school(cls.sections["schools"], 2)
        cls.unit = make_org_unit(cls.sections["org"], 1)
        groups = setup_roles()
        access = SchoolAccess.objects.get(school=cls.school)
        cls.contact = make_user("daumoi", access.contact_group)
        cls.principal = make_user("hieutruong", access.principal_group)
        cls.school_it = make_user("cntt.truong", access.it_group)  # runs the school's member site
        cls.former = make_user("daumoi_cu", access.contact_group)
        cls.former.is_active = False
        cls.former.save()
        cls.no_address = make_user("khong_thu", access.contact_group)
        cls.no_address.email = ""
        cls.no_address.save()
        cls.other_contact = make_user(
            "daumoi_khac", SchoolAccess.objects.get(school=cls.other_school).contact_group
        )
        cls.it_officer = make_user("quantri", groups["it_officer"])

    def setUp(self):
        self.item = Feedback.objects.create(
            title="Hỏi về tuyển sinh lớp 6", content="Xin hỏi lịch tuyển sinh.", status=Status.NEW, **READER
        )

    def assign(self, *units):
        self.client.force_login(self.it_officer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("feedback_admin:edit", args=[self.item.pk]),
                classify_data(self.item, assigned_to=[str(unit.pk) for unit in units]),
            )
        self.assertEqual(response.status_code, 302)
        self.item.refresh_from_db()
        return response

    def test_the_schools_contact_principal_and_it_officer_are_emailed(self):
        self.assign(self.school)
        self.assertEqual(self.item.status, Status.ASSIGNED)
        self.assertEqual(
            sorted(address for message in mail.outbox for address in message.to),
            ["cntt.truong@truong.test", "daumoi@truong.test", "hieutruong@truong.test"],
        )
        message = mail.outbox[0]
        self.assertIn(self.item.tracking_code, message.subject)
        self.assertIn("Trường số 1", message.subject)
        self.assertIn("Hỏi về tuyển sinh lớp 6", message.body)
        self.assertIn(f"http://testserver{reverse('feedback_admin:edit', args=[self.item.pk])}", message.body)
        self.assertIn(self.item.due_date.strftime("%d/%m/%Y"), message.body)
        for personal in READER.values():  # the school reads them in the admin, not in a mailbox
            self.assertNotIn(personal, message.body)
            self.assertNotIn(personal, message.subject)

    def test_only_newly_assigned_schools_are_emailed(self):
        self.assign(self.school)
        mail.outbox.clear()
        self.assign(self.school)  # saved again unchanged: nobody is told twice
        self.assertEqual(mail.outbox, [])
        self.assign(self.school, self.other_school)
        self.assertEqual([message.to for message in mail.outbox], [["daumoi_khac@truong.test"]])

    def test_a_unit_without_accounts_is_not_emailed(self):
        self.assign(self.unit)
        self.assertEqual(self.item.status, Status.ASSIGNED)
        self.assertEqual(mail.outbox, [])

    @override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend")
    def test_a_failing_mail_server_keeps_the_assignment_and_is_logged(self):
        with self.assertLogs("site_kb.public_forms", "WARNING") as logged:
            self.assign(self.school)
        self.assertEqual(self.item.status, Status.ASSIGNED)
        self.assertEqual(list(self.item.assigned_to.all()), [self.school.page_ptr])
        self.assertTrue(self.item.events.filter(action=FeedbackEvent.Action.ASSIGNED).exists())
        self.assertEqual(len(logged.output), 3)
        self.assertIn("SMTPServerDisconnected", logged.output[0])
        self.assertNotIn("@truong.test", "".join(logged.output))  # no address in the log

    def request(self):
        request = RequestFactory().post("/")
        request.user = self.it_officer
        request.session = self.client.session
        request._messages = FallbackStorage(request)
        return request

    def test_the_person_assigning_is_told_what_was_sent(self):
        request = self.request()
        tasks.notify_units(request, self.item, [self.school, self.unit])
        shown = [str(message).strip() for message in request._messages]
        self.assertEqual(shown[0], "Đã gửi thư báo việc được giao cho «Trường số 1» (3 người).")
        self.assertIn("Không gửi được thư báo cho «Bộ phận 1»", shown[1])
        with (
            override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"),
            self.assertLogs("site_kb.public_forms"),
        ):
            request = self.request()
            tasks.notify_units(request, self.item, [self.school])
        self.assertIn("chỉ nhận 0/3 thư báo", str(list(request._messages)[0]))

    def test_a_real_smtp_server_receives_the_notices(self):
        with WorkingSMTPServer() as server, smtp_settings(server.port, timeout=5):
            self.assign(self.school)
        self.assertEqual(
            sorted(message["To"] for message in server.messages),
            ["cntt.truong@truong.test", "daumoi@truong.test", "hieutruong@truong.test"],
        )
        received = server.messages[0]
        self.assertIn(self.item.tracking_code, received["Subject"])
        self.assertIn("Hỏi về tuyển sinh lớp 6", received.get_content())
