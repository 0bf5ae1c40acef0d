"""The weekly work schedule (lịch công tác tuần): week view, paste from a spreadsheet,
change marks after publishing, the iCalendar feed and a constant query count."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from icalendar import Calendar

from home.models import HomePage
from news.models import NewsIndexPage
from schedule.changes import compute_marks
from schedule.forms import add_pasted_entries, entries_from_paste
from schedule.models import ScheduleEntry, WorkSchedulePage
from schedule.parsing import parse_pasted_schedule, parse_time_range
from schedule.weeks import week_from_param

from ..builders import make_site, publish

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # settings.TIME_ZONE

# Wednesday 25/11/2026, 09:00 in Hà Nội: the week runs from Monday 23/11 to Sunday 29/11.
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=VIETNAM_TZ)
MONDAY = datetime.date(2026, 11, 23)


def day(offset):
    return MONDAY + datetime.timedelta(days=offset)


def entry(offset, hour, content, minute=0, **extra):
    return ScheduleEntry(date=day(offset), start_time=datetime.time(hour, minute), content=content, **extra)


def frozen_now(test_case, now=NOW):
    patcher = mock.patch("django.utils.timezone.now", return_value=now)
    patcher.start()
    test_case.addCleanup(patcher.stop)


def make_schedule(home, entries=(), slug="lich-cong-tac"):
    return publish(
        home,
        WorkSchedulePage(
            title="Lịch công tác tuần",
            slug=slug,
            intro="Lịch làm việc của lãnh đạo Phòng.",
            show_in_menus=True,
            entries=list(entries),
        ),
    )


class ScheduleTreeTests(WagtailPageTestCase):
    def test_only_under_the_home_page_and_no_children(self):
        self.assertAllowedParentPageTypes(WorkSchedulePage, {HomePage})
        self.assertAllowedSubpageTypes(WorkSchedulePage, set())
        self.assertCanCreateAt(HomePage, WorkSchedulePage)
        self.assertCanNotCreateAt(NewsIndexPage, WorkSchedulePage)

    def test_one_schedule_per_home_page(self):
        home, _sections = make_site()
        self.assertTrue(WorkSchedulePage.can_create_at(home))
        make_schedule(home)
        self.assertFalse(WorkSchedulePage.can_create_at(home))


class PasteParserTests(SimpleTestCase):
    def test_two_tab_separated_lines_become_entries(self):
        rows = parse_pasted_schedule(
            "23/11/2026\t07:30-11:00\tGiao ban lãnh đạo Phòng\tTrưởng phòng\tLãnh đạo, chuyên viên\tPhòng họp số 1\t\n"
            "24/11/2026\t14:00\tKiểm tra Trường THCS Ba Sao\tPhó trưởng phòng\t\tTrường THCS Ba Sao\tĐi xe cơ quan\n"
        )
        self.assertEqual(len(rows), 2)
        first, second = rows
        self.assertEqual((first.line, first.date), (1, datetime.date(2026, 11, 23)))
        self.assertEqual((first.start_time, first.end_time), (datetime.time(7, 30), datetime.time(11, 0)))
        self.assertEqual(first.content, "Giao ban lãnh đạo Phòng")
        self.assertEqual(first.chaired_by, "Trưởng phòng")
        self.assertEqual(first.attendees, "Lãnh đạo, chuyên viên")
        self.assertEqual(first.place, "Phòng họp số 1")
        self.assertEqual((second.line, second.start_time, second.end_time), (2, datetime.time(14, 0), None))
        self.assertEqual(second.note, "Đi xe cơ quan")

    def test_a_bad_line_is_reported_with_its_number(self):
        text = (
            "23/11/2026\t07:30\tGiao ban\n"
            "24/11/2026\t08:00\tHọp chuyên môn\n"
            "31/02/2026\t08:00\tHội nghị\n"
            "25/11/2026\t7 rưỡi\tKiểm tra\n"
            "26/11/2026\t08:00\t\n"
            "27/11/2026\t16:00-15:00\tTổng kết\n"
        )
        with self.assertRaises(ValidationError) as caught:
            parse_pasted_schedule(text)
        self.assertEqual(
            caught.exception.messages,
            [
                "Dòng 3: ngày 31/02/2026 không hợp lệ.",
                "Dòng 4: giờ “7 rưỡi” không hợp lệ, hãy ghi theo dạng HH:MM hoặc HH:MM-HH:MM (ví dụ 14:00-16:30).",
                "Dòng 5: cần ít nhất 3 cột Ngày, Giờ, Nội dung, cách nhau bằng dấu Tab (hãy chép thẳng các ô từ bảng tính).",
                "Dòng 6: giờ kết thúc 15:00 phải sau giờ bắt đầu 16:00.",
            ],
        )

    def test_header_row_merged_dates_and_multiline_cells_from_excel(self):
        text = (
            "Ngày\tGiờ\tNội dung\tChủ trì\tThành phần\n"
            'Thứ Hai, 23/11/2026\t7h30\tGiao ban\tTrưởng phòng\t"- Lãnh đạo Phòng\n- Tổ trưởng"\t\t\n'
            "\t14:00 - 16:30\tDuyệt kế hoạch\n"
            "\n"
            "24/11/26\t8 giờ đến 11 giờ\tDự giờ\n"
        )
        rows = parse_pasted_schedule(text)
        self.assertEqual([row.line for row in rows], [2, 4, 6])
        self.assertEqual([row.date for row in rows], [day(0), day(0), day(1)])
        self.assertEqual(rows[0].attendees, "- Lãnh đạo Phòng\n- Tổ trưởng")
        self.assertEqual(
            (rows[1].start_time, rows[1].end_time), (datetime.time(14, 0), datetime.time(16, 30))
        )
        self.assertEqual((rows[2].start_time, rows[2].end_time), (datetime.time(8, 0), datetime.time(11, 0)))

    def test_missing_date_and_too_many_columns(self):
        with self.assertRaises(ValidationError) as caught:
            parse_pasted_schedule("\t07:30\tGiao ban\n23/11/2026\t07:30\tA\tB\tC\tD\tE\tF\n")
        self.assertEqual(caught.exception.messages[0], "Dòng 1: thiếu ngày (dd/mm/yyyy).")
        self.assertTrue(caught.exception.messages[1].startswith("Dòng 2: có 8 cột"))

    def test_time_formats(self):
        self.assertEqual(parse_time_range("07:30:00"), (datetime.time(7, 30), None))
        self.assertEqual(parse_time_range("2:00 CH"), (datetime.time(14, 0), None))
        self.assertEqual(parse_time_range("7g30–11g"), (datetime.time(7, 30), datetime.time(11, 0)))
        for bad in ("25:00", "Sáng", "7"):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                parse_time_range(bad)


class WeekParamTests(SimpleTestCase):
    def test_any_day_names_its_week_and_bad_values_fall_back(self):
        today = day(2)
        self.assertEqual(week_from_param("2026-12-03", today), datetime.date(2026, 11, 30))
        self.assertEqual(week_from_param("2026-11-29", today), MONDAY)
        for bad in (None, "", "abc", "2026-02-31", "2026-W48-1", "20261123", "9999-12-31", "1900-01-01"):
            with self.subTest(bad=bad):
                self.assertEqual(week_from_param(bad, today), MONDAY)


class WeekViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = make_schedule(
            cls.home,
            [
                entry(0, 14, "Họp Hội đồng thi đua", chaired_by="Trưởng phòng", place="Phòng họp số 1"),
                entry(
                    0,
                    7,
                    "Giao ban lãnh đạo Phòng",
                    minute=30,
                    end_time=datetime.time(9, 0),
                    attendees="Lãnh đạo Phòng, tổ trưởng",
                ),
                entry(2, 8, "Kiểm tra Trường THCS Ba Sao", note="Đi xe cơ quan"),
                entry(-3, 8, "Lịch của tuần trước"),
                entry(7, 8, "Lịch của tuần sau"),
            ],
        )

    def setUp(self):
        frozen_now(self)

    def test_current_week_with_its_entries_in_time_order(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tuần từ 23/11/2026 đến 29/11/2026")
        html = response.content.decode()
        self.assertLess(html.index("Giao ban lãnh đạo Phòng"), html.index("Họp Hội đồng thi đua"))
        self.assertLess(html.index("Họp Hội đồng thi đua"), html.index("Kiểm tra Trường THCS Ba Sao"))
        self.assertContains(response, "07:30")
        self.assertContains(response, "09:00")
        self.assertContains(response, "Phòng họp số 1")
        self.assertContains(response, "Lãnh đạo Phòng, tổ trưởng")
        self.assertNotContains(response, "Lịch của tuần trước")
        self.assertNotContains(response, "Lịch của tuần sau")
        for name in ("Thứ Hai, 23/11/2026", "Thứ Tư, 25/11/2026", "Chủ nhật, 29/11/2026"):
            self.assertContains(response, name)
        self.assertContains(response, "Không có lịch", count=5)

    def test_today_is_marked(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, 'aria-current="date"', count=1)
        self.assertContains(response, "Hôm nay", count=1)
        html = response.content.decode()
        marked = html.index('aria-current="date"')
        self.assertLess(marked, html.index("Thứ Tư, 25/11/2026"))
        self.assertGreater(marked, html.index("Thứ Ba, 24/11/2026"))

    def test_previous_next_and_this_week_links(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, 'href="?tuan=2026-11-16"')
        self.assertContains(response, 'href="?tuan=2026-11-30"')
        self.assertContains(response, f'href="{self.page.url}" aria-current="page">Tuần này')

        response = self.client.get(self.page.url, {"tuan": "2026-12-03"})
        self.assertContains(response, "Tuần từ 30/11/2026 đến 06/12/2026")
        self.assertContains(response, "Lịch của tuần sau")
        self.assertNotContains(response, "Giao ban lãnh đạo Phòng")
        self.assertNotContains(response, 'aria-current="date"')
        self.assertNotContains(response, "Hôm nay")
        self.assertContains(response, 'href="?tuan=2026-11-23"')
        self.assertContains(response, f'href="{self.page.url}">Tuần này')

    def test_bad_week_values_fall_back_to_the_current_week(self):
        for bad in ("abc", "2026-02-31", "9999-12-31", "0000-00-00", "2026-11-23'", ""):
            with self.subTest(tuan=bad):
                response = self.client.get(self.page.url, {"tuan": bad})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Tuần từ 23/11/2026 đến 29/11/2026")

    def test_today_follows_vietnam_not_utc(self):
        # 23:30 UTC on Tuesday is already Wednesday 06:30 in Hà Nội.
        frozen_now(self, datetime.datetime(2026, 11, 24, 23, 30, tzinfo=datetime.UTC))
        response = self.client.get(self.page.url)
        html = response.content.decode()
        self.assertGreater(html.index('aria-current="date"'), html.index("Thứ Ba, 24/11/2026"))

    def test_links_to_the_calendar_feed_and_is_cacheable(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, f'href="{self.page.url}lich-ics/"')
        self.assertContains(response, "Thêm vào lịch của bạn (iCal)")
        self.assertIn("public", response["Cache-Control"])


class CalendarFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = make_schedule(
            cls.home,
            [
                entry(
                    0,
                    7,
                    "Giao ban lãnh đạo Phòng",
                    minute=30,
                    end_time=datetime.time(9, 0),
                    chaired_by="Trưởng phòng",
                    attendees="Lãnh đạo Phòng",
                    place="Phòng họp số 1",
                    note="Chuẩn bị báo cáo tuần",
                ),
                entry(3, 14, "Hội nghị tổng kết"),
                entry(-27, 8, "Bốn tuần trước"),
                entry(-29, 8, "Quá xa về trước"),
                entry(62, 8, "Tám tuần tới"),
                entry(63, 8, "Quá xa về sau"),
            ],
        )

    def setUp(self):
        frozen_now(self)

    def feed(self):
        response = self.client.get(f"{self.page.url}lich-ics/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("public", response["Cache-Control"])
        return Calendar.from_ical(response.content)

    def test_feed_parses_and_has_the_right_events(self):
        calendar = self.feed()
        events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
        self.assertEqual(
            set(events), {"Giao ban lãnh đạo Phòng", "Hội nghị tổng kết", "Bốn tuần trước", "Tám tuần tới"}
        )
        meeting = events["Giao ban lãnh đạo Phòng"]
        start, end = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
        self.assertEqual(start, datetime.datetime(2026, 11, 23, 7, 30, tzinfo=VIETNAM_TZ))
        self.assertEqual(end, datetime.datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM_TZ))
        self.assertEqual(meeting["DTSTART"].params["TZID"], "Asia/Ho_Chi_Minh")
        self.assertEqual(str(meeting["LOCATION"]), "Phòng họp số 1")
        description = str(meeting["DESCRIPTION"])
        self.assertIn("Chủ trì: Trưởng phòng", description)
        self.assertIn("Thành phần: Lãnh đạo Phòng", description)
        self.assertIn("Ghi chú: Chuẩn bị báo cáo tuần", description)
        self.assertNotIn("DTEND", events["Hội nghị tổng kết"])
        self.assertEqual(len(list(calendar.walk("VTIMEZONE"))), 1)
        self.assertIn("?tuan=2026-11-23", str(meeting["URL"]))

    def test_uids_are_stable_and_unique(self):
        first = [str(event["UID"]) for event in self.feed().walk("VEVENT")]
        second = [str(event["UID"]) for event in self.feed().walk("VEVENT")]
        self.assertEqual(sorted(first), sorted(second))
        self.assertEqual(len(set(first)), len(first))
        giao_ban = self.page.entries.get(content="Giao ban lãnh đạo Phòng")
        self.assertIn(f"{giao_ban.uid}-{self.page.pk}@", " ".join(first))


class PasteIntoPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = make_schedule(cls.home, [entry(0, 7, "Giao ban", minute=30)])

    def paste(self, page, text):
        """What the editor form does with the paste box (schedule.forms)."""
        return add_pasted_entries(page, entries_from_paste(ScheduleEntry, text))

    def test_pasted_rows_become_entries(self):
        page = self.page.get_latest_revision_as_object()
        self.paste(
            page,
            "Ngày\tGiờ\tNội dung\n"
            "24/11/2026\t08:00-11:00\tKiểm tra Trường Tiểu học Ba Sao\tPhó trưởng phòng\t\tBa Sao\n"
            "25/11/2026\t14:00\tHội nghị triển khai nhiệm vụ\n",
        )
        page.full_clean()
        page.save_revision().publish()
        contents = list(
            ScheduleEntry.objects.filter(page=self.page).order_by("date").values_list("content", flat=True)
        )
        self.assertEqual(
            contents, ["Giao ban", "Kiểm tra Trường Tiểu học Ba Sao", "Hội nghị triển khai nhiệm vụ"]
        )
        # A form field only: nothing of the paste is stored on the page.
        self.assertNotIn("paste_from_spreadsheet", {f.name for f in WorkSchedulePage._meta.get_fields()})

    def test_a_bad_line_is_a_validation_error_with_its_number(self):
        with self.assertRaises(ValidationError) as caught:
            entries_from_paste(
                ScheduleEntry, "24/11/2026\t08:00\tA\n25/11/2026\t08:00\tB\n31/02/2026\t08:00\tC\n"
            )
        self.assertEqual(caught.exception.messages, ["Dòng 3: ngày 31/02/2026 không hợp lệ."])

    def test_too_long_cells_are_reported_with_their_line(self):
        with self.assertRaises(ValidationError) as caught:
            entries_from_paste(ScheduleEntry, f"24/11/2026\t08:00\tHọp\t\t\t{'x' * 300}\n")
        (message,) = caught.exception.messages
        self.assertTrue(message.startswith("Dòng 1 (địa điểm): "), message)

    def test_the_same_rows_pasted_twice_are_added_once(self):
        page = self.page.get_latest_revision_as_object()
        self.paste(page, "23/11/2026\t07:30\tGiao ban\n24/11/2026\t08:00\tHọp\n24/11/2026\t08:00\tHọp\n")
        self.assertEqual([e.content for e in page.entries.all()], ["Giao ban", "Họp"])


class AdminEditorTests(TestCase):
    """The board enters a whole week in the page editor, typing rows and pasting from Excel."""

    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = make_schedule(
            cls.home, [entry(0, 7, "Giao ban", minute=30, place="Phòng họp"), entry(1, 8, "Dự giờ")]
        )
        cls.admin = get_user_model().objects.create_superuser("quantri", "qt@example.test", "pw")

    def setUp(self):
        frozen_now(self)
        self.client.force_login(self.admin)

    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def form_data(self, rows, paste="", action="action-publish", initial=None):
        data = nested_form_data(
            {
                "title": self.page.title,
                "slug": self.page.slug,
                "intro": self.page.intro,
                "show_in_menus": "on",
                "paste_from_spreadsheet": paste,
                "entries": inline_formset(rows, initial=len(rows) if initial is None else initial),
                "comments": inline_formset([]),
            }
        )
        data[action] = "1"
        return data

    def existing_rows(self, page):
        return [
            {
                "id": e.pk or "",
                "uid": str(e.uid),
                "date": e.date.strftime("%d/%m/%Y"),
                "start_time": e.start_time.strftime("%H:%M"),
                "end_time": e.end_time.strftime("%H:%M") if e.end_time else "",
                "content": e.content,
                "chaired_by": e.chaired_by,
                "attendees": e.attendees,
                "place": e.place,
                "note": e.note,
            }
            for e in page.entries.all()
        ]

    def test_editor_shows_entries_and_the_paste_field_in_vietnamese(self):
        response = self.client.get(self.edit_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dán từ bảng tính")
        self.assertContains(response, "Ngày (dd/mm/yyyy)")
        self.assertContains(response, "Các buổi công tác")
        for e in self.page.entries.all():
            self.assertContains(response, f'value="{e.uid}"')

    def test_paste_and_typed_rows_are_published_together(self):
        giao_ban_uid = self.page.entries.get(content="Giao ban").uid
        rows = self.existing_rows(self.page)
        rows[1]["place"] = "Trường Tiểu học Ba Sao"
        # Rows added with "Thêm" all start from the blank form, so they share its uid.
        shared = "0b0f7e4c-1111-4c1e-9c55-3f1f0a0b0c0d"
        rows += [
            {"uid": shared, "date": "27/11/2026", "start_time": "14:00", "content": "Hội nghị tổng kết"},
            {"uid": shared, "date": "27/11/2026", "start_time": "16:00", "content": "Họp cơ quan"},
        ]
        paste = (
            "25/11/2026\t08:00-11:00\tKiểm tra Trường THCS Ba Sao\tPhó trưởng phòng\n"
            "26/11/2026\t07:30\tHọp chuyên môn\n"
        )
        response = self.client.post(self.edit_url(), self.form_data(rows, paste, initial=2))
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        live = WorkSchedulePage.objects.get(pk=self.page.pk)
        self.assertTrue(live.live)
        entries = list(live.entries.all())
        self.assertEqual(
            [e.content for e in entries],
            [
                "Giao ban",
                "Dự giờ",
                "Kiểm tra Trường THCS Ba Sao",
                "Họp chuyên môn",
                "Hội nghị tổng kết",
                "Họp cơ quan",
            ],
        )
        self.assertEqual(len({e.uid for e in entries}), 6, "every entry has its own uid")
        self.assertEqual(entries[0].uid, giao_ban_uid)
        # Marked: the edited entry and everything added to the already-published week.
        self.assertEqual([e.changed_after_publish for e in entries], [False, True, True, True, True, True])

    def test_a_new_schedule_page_created_from_a_paste(self):
        other_home = publish(self.home.get_parent(), HomePage(title="Trang chủ 2", slug="trang-chu-2"))
        url = reverse("wagtailadmin_pages:add", args=["schedule", "workschedulepage", other_home.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        data = nested_form_data(
            {
                "title": "Lịch công tác tuần",
                "slug": "lich-cong-tac",
                "intro": "",
                "paste_from_spreadsheet": "23/11/2026\t07:30\tGiao ban\n\t14:00\tHọp chuyên môn\n",
                "entries": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
        data["action-publish"] = "1"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        page = WorkSchedulePage.objects.child_of(other_home).get()
        self.assertTrue(page.live)
        self.assertEqual([e.content for e in page.entries.all()], ["Giao ban", "Họp chuyên môn"])
        self.assertFalse(page.entries.filter(changed_after_publish=True).exists())

    def test_revision_comparison_renders(self):
        rows = self.existing_rows(self.page)
        rows[0]["content"] = "Giao ban tháng"
        self.client.post(self.edit_url(), self.form_data(rows, action="action-save_draft"))
        revisions = self.page.revisions.order_by("pk")
        url = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[self.page.pk, revisions.first().pk, revisions.last().pk],
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'Giao ban<span class="addition"> tháng</span>')

    def test_the_preview_shows_pasted_rows(self):
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.page.pk])
        data = self.form_data(self.existing_rows(self.page), "26/11/2026\t08:00\tHọp bổ sung\n")
        self.assertEqual(self.client.post(url, data).json()["is_valid"], True)
        response = self.client.get(url, {"tuan": "2026-11-23"})
        self.assertContains(response, "Họp bổ sung")
        self.assertContains(response, "Giao ban")
        self.assertFalse(ScheduleEntry.objects.filter(content="Họp bổ sung").exists())

    def test_a_bad_paste_keeps_the_form_with_the_line_number(self):
        paste = "25/11/2026\t08:00\tA\n31/02/2026\t08:00\tB\n"
        response = self.client.post(self.edit_url(), self.form_data(self.existing_rows(self.page), paste))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dòng 2: ngày 31/02/2026 không hợp lệ.")
        self.assertEqual(self.page.entries.count(), 2)

    def test_uids_survive_drafts_when_the_page_is_live(self):
        """Entries added in a draft have no database id; their uid still comes back from the form."""
        rows = self.existing_rows(self.page) + [
            {"date": "26/11/2026", "start_time": "09:00", "content": "Họp chi bộ"}
        ]
        self.client.post(self.edit_url(), self.form_data(rows, action="action-save_draft", initial=2))
        draft = WorkSchedulePage.objects.get(pk=self.page.pk).get_latest_revision_as_object()
        uid = draft.entries.get(content="Họp chi bộ").uid
        self.assertIsNone(draft.entries.get(content="Họp chi bộ").pk)
        self.client.post(
            self.edit_url(), self.form_data(self.existing_rows(draft), action="action-save_draft")
        )
        again = WorkSchedulePage.objects.get(pk=self.page.pk).get_latest_revision_as_object()
        self.assertEqual(again.entries.get(content="Họp chi bộ").uid, uid)


class ChangeMarkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = make_schedule(
            cls.home,
            [
                entry(0, 7, "Giao ban", minute=30, place="Phòng họp số 1"),
                entry(1, 8, "Kiểm tra Trường Mầm non Ba Sao"),
                entry(2, 14, "Hội nghị chuyên đề"),
            ],
        )

    def setUp(self):
        frozen_now(self)

    def republish(self, change, at=None):
        if at is not None:
            frozen_now(self, at)
        page = WorkSchedulePage.objects.get(pk=self.page.pk).get_latest_revision_as_object()
        page.entries.set(list(page.entries.all()))  # in memory, as the editor's form has them
        change(page)
        page.full_clean()
        page.save_revision().publish()
        return {e.content: e for e in ScheduleEntry.objects.filter(page_id=self.page.pk)}

    def test_first_publication_marks_nothing(self):
        self.assertFalse(self.page.entries.filter(changed_after_publish=True).exists())

    def test_changes_after_publishing_are_marked_with_their_time(self):
        changed_at = datetime.datetime(2026, 11, 24, 16, 45, tzinfo=VIETNAM_TZ)

        def edit(page):
            entries = list(page.entries.all())
            entries[0].place = "Hội trường UBND huyện"  # moved
            entries[2].start_time = datetime.time(15, 0)  # new time
            page.entries.add(entry(3, 9, "Họp bổ sung"))  # added to the published week
            page.entries.add(entry(14, 9, "Lịch hai tuần sau"))  # a week not yet published

        rows = self.republish(edit, at=changed_at)
        self.assertTrue(rows["Giao ban"].changed_after_publish)
        self.assertEqual(rows["Giao ban"].changed_at, changed_at)
        self.assertFalse(rows["Kiểm tra Trường Mầm non Ba Sao"].changed_after_publish)
        self.assertIsNone(rows["Kiểm tra Trường Mầm non Ba Sao"].changed_at)
        self.assertTrue(rows["Hội nghị chuyên đề"].changed_after_publish)
        self.assertTrue(rows["Họp bổ sung"].changed_after_publish)
        self.assertFalse(rows["Lịch hai tuần sau"].changed_after_publish)

        # Publishing again without touching them keeps the marks and their time.
        later = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=VIETNAM_TZ)
        rows = self.republish(lambda page: None, at=later)
        self.assertTrue(rows["Giao ban"].changed_after_publish)
        self.assertEqual(rows["Giao ban"].changed_at, changed_at)
        self.assertFalse(rows["Lịch hai tuần sau"].changed_after_publish)

        frozen_now(self)
        response = self.client.get(self.page.url)
        self.assertContains(response, "Đã thay đổi", count=3)
        self.assertContains(response, "16:45 ngày 24/11/2026")

    def test_a_preview_shows_the_marks_publishing_would_give(self):
        page = WorkSchedulePage.objects.get(pk=self.page.pk)
        page.entries.set(list(page.entries.all()))
        page.entries.all()[0].place = "Hội trường UBND huyện"
        add_pasted_entries(page, entries_from_paste(ScheduleEntry, "26/11/2026\t08:00\tHọp bổ sung\n"))
        page.full_clean()
        response = page.make_preview_request()
        self.assertContains(response, "Hội trường UBND huyện")
        self.assertContains(response, "Họp bổ sung")
        self.assertContains(response, "Đã thay đổi", count=2)
        self.assertFalse(ScheduleEntry.objects.filter(changed_after_publish=True).exists())

    def test_spacing_is_not_a_change(self):
        def edit(page):
            first = page.entries.all()[0]
            first.content = "  Giao   ban "

        rows = self.republish(edit)
        self.assertFalse(any(e.changed_after_publish for e in rows.values()))

    def test_republishing_after_unpublishing_compares_with_the_last_published_version(self):
        WorkSchedulePage.objects.get(pk=self.page.pk).unpublish()

        def edit(page):
            page.entries.all()[1].place = "Trường Mầm non Ba Sao"

        rows = self.republish(edit)
        self.assertTrue(rows["Kiểm tra Trường Mầm non Ba Sao"].changed_after_publish)
        self.assertFalse(rows["Giao ban"].changed_after_publish)

    def test_compute_marks_matches_by_uid_then_by_date_time_and_content(self):
        previous = [
            {
                "uid": "a",
                "date": "2026-11-23",
                "start_time": "07:30:00",
                "content": "Giao ban",
                "place": "P1",
            },
            {"uid": "b", "date": "2026-11-24", "start_time": "08:00:00", "content": "Kiểm tra"},
        ]
        current = [
            {
                "uid": "a",
                "date": "2026-11-23",
                "start_time": "07:30:00",
                "content": "Giao ban",
                "place": "P2",
            },
            {"uid": "x", "date": "2026-11-24", "start_time": "08:00:00", "content": "Kiểm tra"},
            {"uid": "y", "date": "2026-12-24", "start_time": "08:00:00", "content": "Xa"},
        ]
        self.assertEqual(compute_marks(previous, current, "T"), [(True, "T"), (False, None), (False, None)])
        self.assertEqual(compute_marks(None, current, "T"), [(False, None)] * 3)


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.small = make_schedule(cls.home, [entry(i % 7, 7 + i % 10, f"Việc {i}") for i in range(3)])
        other_home = publish(cls.home.get_parent(), HomePage(title="Trang chủ 2", slug="trang-chu-2"))
        from wagtail.models import Site

        Site.objects.create(hostname="large.test", port=80, root_page=other_home, site_name="Lớn")
        cls.large = make_schedule(other_home, [entry(i % 7, 7 + i % 10, f"Việc {i}") for i in range(30)])

    def setUp(self):
        frozen_now(self)

    def count(self, url, host):
        self.client.get(url, HTTP_HOST=host)  # warm the site caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_same_queries_for_3_and_30_entries(self):
        small, small_response = self.count("/lich-cong-tac/", "localhost")
        large, large_response = self.count("/lich-cong-tac/", "large.test")
        self.assertContains(small_response, "Việc 2")
        self.assertContains(large_response, "Việc 29")
        self.assertEqual(small, large)

        small_feed, _ = self.count("/lich-cong-tac/lich-ics/", "localhost")
        large_feed, _ = self.count("/lich-cong-tac/lich-ics/", "large.test")
        self.assertEqual(small_feed, large_feed)
