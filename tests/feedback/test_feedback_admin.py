"""The admin inbox for readers' questions (Điều 14): the IT officer classifies and routes,
schools answer only what is theirs, deadlines in working days, the answer e-mailed."""

import datetime

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from feedback.models import DayOff, Feedback, FeedbackEvent, Status

from ..builders import make_org_unit, make_school, make_site
from ..site_kb.test_admin_vietnamese import english_found

User = get_user_model()
Action = FeedbackEvent.Action

MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))  # no holiday in March 2026
FIVE_DAYS = datetime.date(2026, 3, 9)
TEN_DAYS = datetime.date(2026, 3, 16)


def index_url(query=""):
    return reverse("feedback_admin:index") + query


def edit_url(feedback):
    return reverse("feedback_admin:edit", args=[feedback.pk])


def classify_data(feedback, **changes):
    """The IT officer's form as it comes back unchanged, plus ``changes``."""
    data = {
        "topic": feedback.topic,
        "status": feedback.status,
        "assigned_to": [str(pk) for pk in feedback.assigned_to.values_list("pk", flat=True)],
        "answer": feedback.answer,
        "public_question": feedback.public_question,
        "public_answer": feedback.public_answer,
    }
    if feedback.is_complex:
        data["is_complex"] = "on"
    if feedback.is_published:
        data["is_published"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class FeedbackAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school_a = make_school(cls.sections["schools"], 1)
        cls.school_b = make_school(cls.sections["schools"], 2)
        cls.unit = make_org_unit(cls.sections["org"], 1)
        groups = setup_roles()
        access_a = SchoolAccess.objects.get(school=cls.school_a)
        access_b = SchoolAccess.objects.get(school=cls.school_b)

        def user(username, *groups_):
            account = User.objects.create_user(
                username, f"{username}@pgd.test", "pw", first_name="Nguyễn", last_name=username
            )
            account.groups.add(*groups_)
            return account

        cls.it_officer = user("quantri", groups["it_officer"])
        cls.board = user("bientap", groups["board"])
        cls.staff = user("canbo", groups["office_staff"])
        cls.contact_a = user("daumoi_a", access_a.contact_group)
        cls.principal_a = user("hieutruong_a", access_a.principal_group)
        cls.contact_b = user("daumoi_b", access_b.contact_group)

        cls.item_a = cls.feedback("Hỏi về tuyển sinh lớp 6 ở trường số 1", assigned=[cls.school_a])
        cls.item_b = cls.feedback("Hỏi về học phí trường số 2", assigned=[cls.school_b])
        cls.item_new = cls.feedback("Góp ý về trang thông tin", status=Status.NEW)

    @classmethod
    def feedback(cls, title, assigned=(), status=Status.ASSIGNED, received_at=None, **fields):
        item = Feedback.objects.create(
            name="Trần Thị Bạn Đọc",
            email="bandoc@example.test",
            phone="0912345678",
            title=title,
            content="Xin hỏi thủ tục và thời gian.",
            status=status,
            received_at=received_at or timezone.now(),
            **fields,
        )
        item.assigned_to.set(assigned)
        item.log(Action.RECEIVED)
        return item

    def actions(self, item):
        return list(item.events.values_list("action", flat=True))

    # Who sees what.

    def test_school_lists_only_what_is_assigned_to_it(self):
        self.client.force_login(self.contact_a)
        response = self.client.get(index_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.item_a.title)
        self.assertContains(response, self.item_a.tracking_code)
        self.assertNotContains(response, self.item_b.title)
        self.assertNotContains(response, self.item_new.title)
        self.assertEqual(english_found(response.content.decode()), [])

    def test_school_gets_404_on_another_schools_item(self):
        self.client.force_login(self.contact_a)
        self.assertEqual(self.client.get(edit_url(self.item_b)).status_code, 404)
        self.assertEqual(self.client.post(edit_url(self.item_b), {"answer": "Trả lời lạc"}).status_code, 404)
        self.item_b.refresh_from_db()
        self.assertEqual(self.item_b.answer, "")
        self.assertEqual(self.client.get(edit_url(self.item_a)).status_code, 200)
        # The principal of school A is in the same position as its contact.
        self.client.force_login(self.principal_a)
        self.assertEqual(self.client.get(edit_url(self.item_b)).status_code, 404)
        self.assertEqual(self.client.get(edit_url(self.item_a)).status_code, 200)

    def test_it_officer_and_board_see_everything(self):
        for account in (self.it_officer, self.board):
            self.client.force_login(account)
            response = self.client.get(index_url())
            for item in (self.item_a, self.item_b, self.item_new):
                self.assertContains(response, item.title)

    def test_no_add_in_the_admin_and_no_delete_for_schools(self):
        with self.assertRaises(NoReverseMatch):
            reverse("feedback_admin:add")
        self.client.force_login(self.contact_a)
        response = self.client.post(reverse("feedback_admin:delete", args=[self.item_a.pk]))
        self.assertNotEqual(response.status_code, 200)
        self.assertTrue(Feedback.objects.filter(pk=self.item_a.pk).exists())

    def test_search_by_tracking_code(self):
        self.client.force_login(self.it_officer)
        response = self.client.get(index_url(f"?q={self.item_b.tracking_code}"))
        self.assertContains(response, self.item_b.title)
        self.assertNotContains(response, self.item_a.title)

    # The IT officer's flow.

    def test_it_officer_classifies_then_assigns(self):
        item = self.feedback("Hỏi về chế độ giáo viên", status=Status.NEW, received_at=MONDAY)
        self.assertEqual(item.due_date, FIVE_DAYS)
        self.client.force_login(self.it_officer)

        form = self.client.get(edit_url(item))
        self.assertContains(form, "Xin hỏi thủ tục và thời gian.")  # the reader's message, read-only
        self.assertContains(form, "0912345678")
        self.assertContains(form, 'name="assigned_to"')
        self.assertContains(form, self.unit.title)  # organisation units can be chosen too

        response = self.client.post(edit_url(item), classify_data(item, topic="dao-tao", is_complex="on"))
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.status, Status.CLASSIFIED)
        self.assertTrue(item.is_complex)
        self.assertEqual(item.due_date, TEN_DAYS)  # 10 working days when complex (Điều 14.2)

        response = self.client.post(edit_url(item), classify_data(item, assigned_to=[str(self.school_a.pk)]))
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.status, Status.ASSIGNED)
        self.assertEqual(list(item.assigned_to.all()), [self.school_a.page_ptr])
        self.assertEqual(self.actions(item), [Action.RECEIVED, Action.CLASSIFIED, Action.ASSIGNED])
        assigned = item.events.get(action=Action.ASSIGNED)
        self.assertEqual(assigned.user, self.it_officer)
        self.assertIn(self.school_a.title, assigned.note)

        # School A now sees it; the history is on the page.
        self.client.force_login(self.contact_a)
        page = self.client.get(edit_url(item))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Giao xử lý")
        self.assertContains(page, "Nguyễn quantri")
        self.assertContains(page, timezone.localtime(assigned.at).strftime("%d/%m/%Y %H:%M"))
        self.assertNotContains(page, 'name="assigned_to"')

    def test_it_officer_closes_and_publishes(self):
        self.client.force_login(self.it_officer)
        item = self.item_a
        response = self.client.post(edit_url(item), classify_data(item, is_published="on"))
        self.assertEqual(response.status_code, 200)  # no answer yet: cannot publish
        self.assertContains(response, "Cần có nội dung trả lời")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                edit_url(item), classify_data(item, answer="Xin trả lời như sau.", status=Status.CLOSED)
            )
        item.refresh_from_db()
        self.assertEqual(item.status, Status.CLOSED)
        self.client.post(
            edit_url(item), classify_data(item, is_published="on", public_answer="Xin trả lời như sau.")
        )
        item.refresh_from_db()
        self.assertTrue(item.is_published)
        self.assertEqual(
            self.actions(item),
            [Action.RECEIVED, Action.ANSWERED, Action.CLOSED, Action.MAILED, Action.PUBLISHED],
        )

    def test_it_officer_reopens_an_answered_item(self):
        item = self.item_a
        Feedback.objects.filter(pk=item.pk).update(status=Status.ANSWERED, answer="Trả lời chưa đủ.")
        item.refresh_from_db()
        self.client.force_login(self.it_officer)
        self.client.post(edit_url(item), classify_data(item, status=Status.ASSIGNED))
        item.refresh_from_db()
        self.assertEqual(item.status, Status.ASSIGNED)
        self.assertEqual(self.actions(item), [Action.RECEIVED, Action.REOPENED])
        self.assertEqual(mail.outbox, [])  # the answer did not change: nothing is sent again

    # The school's answer.

    def test_school_answers_and_the_reader_gets_it_by_email(self):
        item = self.item_a
        self.client.force_login(self.contact_a)
        form = self.client.get(edit_url(item))
        self.assertContains(form, 'name="answer"')
        self.assertNotContains(form, 'name="status"')
        self.assertEqual(english_found(form.content.decode()), [])

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                edit_url(item),
                {
                    "answer": "Nhà trường tuyển sinh từ ngày 1/7, hồ sơ nộp tại văn phòng.",
                    # Fields that are not in a school's form are ignored:
                    "status": Status.CLOSED,
                    "assigned_to": [str(self.school_b.pk)],
                    "is_complex": "on",
                    "is_published": "on",
                },
            )
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.status, Status.ANSWERED)
        self.assertEqual(item.answered_by, self.contact_a)
        self.assertIsNotNone(item.answered_at)
        self.assertEqual(list(item.assigned_to.all()), [self.school_a.page_ptr])
        self.assertFalse(item.is_complex)
        self.assertFalse(item.is_published)
        self.assertEqual(self.actions(item), [Action.RECEIVED, Action.ANSWERED, Action.MAILED])

        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["bandoc@example.test"])
        self.assertIn(item.tracking_code, message.subject)
        self.assertIn("Nhà trường tuyển sinh từ ngày 1/7", message.body)
        self.assertIsNotNone(item.answer_sent_at)

    def test_school_must_write_an_answer(self):
        self.client.force_login(self.contact_a)
        response = self.client.post(edit_url(self.item_a), {"answer": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hãy nhập nội dung trả lời.")
        self.item_a.refresh_from_db()
        self.assertEqual(self.item_a.status, Status.ASSIGNED)
        self.assertEqual(mail.outbox, [])

    def test_the_answer_mail_is_plain_text_and_its_subject_one_line(self):
        item = self.feedback(
            'GD&ĐT "lớp 6" <b>\r\nBcc: victim@example.com\x0b\u2028\x85 tiếp',
            assigned=[self.school_a],
        )
        Feedback.objects.filter(pk=item.pk).update(name="Lê Thị D'Arc")
        self.client.force_login(self.contact_a)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                edit_url(item), {"answer": "Điểm chuẩn <= 25 & hồ sơ \"đủ\"; xem 'mục 2'."}
            )
        self.assertEqual(response.status_code, 302)
        message = mail.outbox[0]
        self.assertIn("Kính gửi Lê Thị D'Arc,", message.body)
        self.assertIn('«GD&ĐT "lớp 6" <b>', message.body)
        self.assertIn("Điểm chuẩn <= 25 & hồ sơ \"đủ\"; xem 'mục 2'.", message.body)
        for entity in ("&#x27;", "&amp;", "&quot;", "&lt;", "&gt;"):
            self.assertNotIn(entity, message.body + message.subject)
        self.assertEqual(
            message.subject,
            f'Trả lời câu hỏi, góp ý {item.tracking_code}: GD&ĐT "lớp 6" <b> Bcc: victim@example.com tiếp',
        )
        headers = message.message().as_string().split("\n\n", 1)[0]
        self.assertNotIn("\nBcc", headers)
        item.refresh_from_db()
        self.assertEqual(item.mail_pending, "")

    # Held items (over the hourly limit).

    def test_held_items_wait_for_the_board_and_release_starts_the_clock(self):
        held = self.feedback("Gửi lần thứ sáu trong giờ", status=Status.HELD, received_at=MONDAY)
        self.assertIsNone(held.due_date)
        self.client.force_login(self.it_officer)
        listing = self.client.get(index_url("?status=held"))
        self.assertContains(listing, held.title)
        self.assertNotContains(listing, self.item_new.title)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), 'data-feedback-held="1"')
        self.assertContains(self.client.get(edit_url(held)), "được giữ lại chờ kiểm tra")

        # Nobody works on it before it is released.
        response = self.client.post(edit_url(held), classify_data(held, assigned_to=[str(self.school_a.pk)]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Câu hỏi đang chờ kiểm tra")
        held.refresh_from_db()
        self.assertEqual(held.status, Status.HELD)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(edit_url(held), classify_data(held, status=Status.NEW))
        self.assertEqual(response.status_code, 302)
        held.refresh_from_db()
        self.assertEqual(held.status, Status.NEW)
        self.assertIsNotNone(held.released_at)
        # Five working days from the release, not from the (earlier) receipt.
        self.assertGreater(held.due_date, FIVE_DAYS)
        self.assertEqual(self.actions(held), [Action.RECEIVED, Action.RELEASED, Action.MAILED])
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(held.tracking_code, mail.outbox[0].body)
        self.assertIsNotNone(held.confirmation_sent_at)

    def test_a_held_item_closed_as_spam_gets_no_mail(self):
        held = self.feedback("Quảng cáo", status=Status.HELD)
        self.client.force_login(self.board)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(edit_url(held), classify_data(held, status=Status.CLOSED))
        held.refresh_from_db()
        self.assertEqual(held.status, Status.CLOSED)
        self.assertEqual(self.actions(held), [Action.RECEIVED, Action.CLOSED])
        self.assertEqual(mail.outbox, [])

    def test_schools_never_see_held_items(self):
        held = self.feedback("Giữ lại", status=Status.HELD)
        self.client.force_login(self.contact_a)
        self.assertNotContains(self.client.get(index_url()), held.title)
        self.assertEqual(self.client.get(edit_url(held)).status_code, 404)

    # Text that NFC makes longer (U+0344 becomes two code points) is measured after NFC.

    def test_admin_forms_measure_lengths_after_nfc(self):
        self.client.force_login(self.it_officer)
        response = self.client.post(
            reverse("feedback_days_off:add"), {"date": "2026-03-04", "name": "\u0344" * 150}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Giá trị này chỉ có tối đa")
        self.assertFalse(DayOff.objects.exists())

    # Deadlines.

    def test_overdue_filter_and_badge(self):
        old = self.feedback(
            "Câu hỏi gửi từ lâu", status=Status.NEW, received_at=timezone.now() - datetime.timedelta(days=60)
        )
        self.client.force_login(self.it_officer)
        response = self.client.get(index_url("?deadline=overdue"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, old.title)
        self.assertNotContains(response, self.item_new.title)
        self.assertContains(response, "Quá hạn")
        # Answered items are not overdue any more.
        Feedback.objects.filter(pk=old.pk).update(status=Status.ANSWERED)
        self.assertNotContains(self.client.get(index_url("?deadline=overdue")), old.title)

    def test_due_soon_filter(self):
        soon = self.feedback("Sắp hết hạn", status=Status.NEW)
        Feedback.objects.filter(pk=soon.pk).update(due_date=timezone.localdate())
        self.client.force_login(self.it_officer)
        response = self.client.get(index_url("?deadline=due_soon"))
        self.assertContains(response, soon.title)
        self.assertNotContains(response, self.item_new.title)
        self.assertContains(response, "Sắp đến hạn")

    def test_listing_is_ordered_by_due_date(self):
        old = self.feedback(
            "Câu hỏi gửi từ lâu", status=Status.NEW, received_at=timezone.now() - datetime.timedelta(days=60)
        )
        self.client.force_login(self.it_officer)
        content = self.client.get(index_url()).content.decode()
        self.assertLess(content.index(old.title), content.index(self.item_new.title))

    def test_day_off_moves_open_deadlines(self):
        item = self.feedback("Hỏi trong tuần có ngày nghỉ bù", status=Status.NEW, received_at=MONDAY)
        self.assertEqual(item.due_date, FIVE_DAYS)
        self.client.force_login(self.it_officer)
        response = self.client.post(
            reverse("feedback_days_off:add"), {"date": "2026-03-04", "name": "Nghỉ bù thử nghiệm"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(DayOff.objects.filter(date=datetime.date(2026, 3, 4)).exists())
        item.refresh_from_db()
        self.assertEqual(item.due_date, datetime.date(2026, 3, 10))

    def test_schools_cannot_manage_days_off(self):
        self.client.force_login(self.contact_a)
        response = self.client.get(reverse("feedback_days_off:index"))
        self.assertNotEqual(response.status_code, 200)

    # Menu and dashboard.

    def test_menu(self):
        self.client.force_login(self.it_officer)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(home, "feedback-list")
        self.assertContains(home, "feedback-days-off")
        self.client.force_login(self.contact_a)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(home, "feedback-list")
        self.assertNotContains(home, "feedback-days-off")
        self.client.force_login(self.staff)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), "feedback-list")

    def test_dashboard_counts(self):
        self.feedback(
            "Câu hỏi gửi từ lâu", status=Status.NEW, received_at=timezone.now() - datetime.timedelta(days=60)
        )
        self.client.force_login(self.it_officer)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(home, 'data-feedback-overdue="1"')
        self.assertContains(home, 'data-feedback-new="2"')
        self.assertContains(home, index_url("?deadline=overdue"))
        self.assertContains(home, index_url("?status=new"))
        # A school counts only its own items; staff without the right see no panel.
        self.client.force_login(self.contact_a)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), 'data-feedback-overdue="0"')
        self.client.force_login(self.staff)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), "feedback-deadlines")
