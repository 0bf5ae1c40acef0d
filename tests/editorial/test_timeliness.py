"""Timeliness (Điều 12): the submission time is recorded by the workflow, and the report
flags what went up late."""

import csv
import datetime
import io

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

from directives.models import DirectivePage
from editorial.roles import setup_roles
from news.models import NewsPage

from ..builders import make_directive, make_site, make_user, news_form, publish


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


class SubmissionTimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.board = make_user("bientap", groups["board"])

    def submit_new(self):
        self.client.force_login(self.staff)
        data = news_form("Tập huấn giáo viên tiếng Anh", "tap-huan", **{"action-submit": "1"})
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        return NewsPage.objects.get(slug="tap-huan")

    def test_first_submission_is_recorded_and_survives_publishing(self):
        before = timezone.now()
        page = self.submit_new()
        self.assertIsNotNone(page.submitted_at)
        self.assertGreaterEqual(page.submitted_at, before)
        submitted = page.submitted_at

        self.client.force_login(self.board)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, "Gửi duyệt lúc")
        self.assertContains(response, "Ghi tự động khi tin bài được gửi duyệt lần đầu")

        state = WorkflowState.objects.active().get(object_id=str(page.pk))
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk]
        )
        self.client.post(url, {"comment": ""})
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.submitted_at, submitted)

    def test_a_later_submission_keeps_the_first_time(self):
        page = self.submit_new()
        first = local(2026, 11, 1, 8, 0)
        NewsPage.objects.filter(pk=page.pk).update(submitted_at=first)
        WorkflowState.objects.active().get(object_id=str(page.pk)).cancel(user=self.staff)
        page = NewsPage.objects.get(pk=page.pk)
        page.get_workflow().start(page, self.staff)
        page.refresh_from_db()
        self.assertEqual(page.submitted_at, first)

    def test_directive_submission_is_recorded(self):
        directive = make_directive(self.sections["directives"], 1)
        directive.get_workflow().start(directive, self.board)
        self.assertIsNotNone(DirectivePage.objects.get(pk=directive.pk).submitted_at)


class TimelinessReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.staff = make_user("canbo", groups["office_staff"])
        today = timezone.localdate()
        cls.base = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=3), datetime.time(15))
        )
        news = cls.sections["news"]

        def article(slug, published, **fields):
            page = publish(
                news, NewsPage(title=slug, slug=slug, lead="x", body=[("paragraph", "<p>x</p>")], **fields)
            )
            Page.objects.filter(pk=page.pk).update(first_published_at=published)
            return page

        hours = datetime.timedelta(hours=1)
        days = datetime.timedelta(days=1)
        article("su-kien-dung-han", cls.base, event_date=cls.base - 10 * hours)
        article("su-kien-cham", cls.base, event_date=cls.base - 30 * hours)
        article("bai-dung-han", cls.base, submitted_at=cls.base - 3 * days)
        article("bai-cham", cls.base, submitted_at=cls.base - 20 * days)
        article("dang-truc-tiep", cls.base)

        def directive(i, signed_days_before, hour, minute=0):
            page = make_directive(cls.sections["directives"], i)
            published = timezone.make_aware(
                datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(hour, minute))
            )
            DirectivePage.objects.filter(pk=page.pk).update(
                signed_date=today - datetime.timedelta(days=1 + signed_days_before)
            )
            Page.objects.filter(pk=page.pk).update(first_published_at=published)

        directive(1, 1, 23)  # signed the day before, published 23:00 the next day: on time
        directive(2, 2, 0, 30)  # published half an hour into the third day: late
        directive(3, 0, 8)  # published the signing day

    def get(self, **params):
        self.client.force_login(self.board)
        return self.client.get(reverse("editorial_reports:timeliness"), params)

    def verdicts(self, response):
        return {page.title: page.on_time for page in response.context["object_list"]}

    def test_flags_late_items_and_not_on_time_ones(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.verdicts(response),
            {
                "su-kien-dung-han": True,
                "su-kien-cham": False,
                "bai-dung-han": True,
                "bai-cham": False,
                "dang-truc-tiep": None,
                "Văn bản số 1": True,
                "Văn bản số 2": False,
                "Văn bản số 3": True,
            },
        )
        rows = {page.title: page for page in response.context["object_list"]}
        self.assertEqual(rows["su-kien-cham"].delay, "1 ngày 6 giờ")
        self.assertEqual(rows["su-kien-dung-han"].delay, "10 giờ 0 phút")
        self.assertContains(response, "Thời hạn đưa tin (Điều 12)")

    def test_late_only_and_section_filters(self):
        response = self.get(late_only="true")
        self.assertEqual(set(self.verdicts(response)), {"su-kien-cham", "bai-cham", "Văn bản số 2"})
        response = self.get(section=self.sections["directives"].pk)
        self.assertEqual(set(self.verdicts(response)), {"Văn bản số 1", "Văn bản số 2", "Văn bản số 3"})
        old = (timezone.localdate() - datetime.timedelta(days=400)).isoformat()
        response = self.get(published_from=old, published_to=old)
        self.assertEqual(self.verdicts(response), {})

    def test_csv_export(self):
        response = self.get(export="csv", late_only="true")
        content = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(content)))
        self.assertEqual(rows[0][0], "Tin bài, văn bản")
        self.assertEqual(len(rows), 4)
        self.assertEqual({row[-1] for row in rows[1:]}, {"Chậm"})

    def test_office_staff_may_not_see_it(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse("editorial_reports:timeliness")).status_code, 302)
