"""The leadership's weekly work schedule (lịch công tác tuần): the "chỉ đạo, điều hành, tác
nghiệp" information of Điều 2, published one week at a time and as an iCalendar feed."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search import index

from site_kb.pages import INTRO_HELP, BasePage

from . import changes, ical, weeks
from .forms import PASTE_FIELD, WorkSchedulePageForm
from .panels import HiddenFieldPanel

# The feed covers the past 4 weeks and the next 8, around the current week.
FEED_WEEKS_BEFORE, FEED_WEEKS_AFTER = 4, 8


class ScheduleEntry(models.Model):
    """One meeting or visit of the leadership: when, what, who chairs, who attends, where."""

    page = ParentalKey("schedule.WorkSchedulePage", related_name="entries", on_delete=models.CASCADE)
    uid = models.UUIDField(
        _("mã mục lịch"),
        default=uuid.uuid4,
        blank=True,
        help_text=_("Giữ nguyên qua các lần sửa; dùng để nhận ra mục đã thay đổi."),
    )
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("giờ bắt đầu"))
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung"))
    chaired_by = models.CharField(_("chủ trì"), max_length=255, blank=True)
    attendees = models.TextField(_("thành phần"), blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    changed_after_publish = models.BooleanField(_("đã thay đổi sau khi đăng"), default=False, editable=False)
    changed_at = models.DateTimeField(_("thay đổi lúc"), null=True, blank=True, editable=False)
    sort_order = models.IntegerField(_("thứ tự"), default=0, editable=False)

    panels = [
        HiddenFieldPanel("uid"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("chaired_by"), FieldPanel("place")]),
        FieldPanel("attendees"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["date", "start_time", "sort_order"]
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")

    def __str__(self):
        when = f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}" if self.date and self.start_time else ""
        return f"{when} {self.content}".strip()

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})

    @property
    def changed_at_local(self):
        changed = changes.as_datetime(self.changed_at)
        return timezone.localtime(changed, weeks.local_zone()) if changed else None


class WorkSchedulePage(RoutablePageMixin, BasePage):
    """The office's weekly work schedule: one page, entered a week at a time, read a week at a time."""

    intro = models.TextField(_("giới thiệu"), blank=True, help_text=INTRO_HELP)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        # A form field only (WorkSchedulePageForm): the pasted rows become entries on saving.
        MultiFieldPanel([FieldPanel(PASTE_FIELD)], heading=_("Dán từ bảng tính")),
        InlinePanel("entries", heading=_("Các buổi công tác"), label=_("buổi công tác")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    base_form_class = WorkSchedulePageForm

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")

    # --- entering the schedule -------------------------------------------------------

    def clean(self):
        super().clean()
        self.normalise_entries()

    def save(self, *args, **kwargs):
        self.normalise_entries()
        if not kwargs.get("update_fields"):
            self._mark_changes_if_publishing()
        return super().save(*args, **kwargs)

    def normalise_entries(self):
        """Unique uids (rows added in the editor share the blank form's) and a stable order."""
        entries = self.entries.all()
        if not isinstance(entries, FakeQuerySet):
            return  # not loaded for editing: nothing to save
        seen = set()
        for position, entry in enumerate(entries):
            if not entry.uid or str(entry.uid) in seen:
                entry.uid = uuid.uuid4()
            seen.add(str(entry.uid))
            entry.sort_order = position

    # --- publishing: mark what changed ------------------------------------------------

    def _mark_changes_if_publishing(self):
        """On the save that publishes a revision, mark the entries that differ from the
        previously published schedule, before the rows are written.

        Every way of publishing (the editor, workflows, scheduled publishing, ``publish()``)
        ends in ``save()`` on the page rebuilt from the revision, with ``live_revision`` set to
        it while the database still holds the previous state. The marks are also written into
        that revision, which the next publication compares with.
        """
        if not (self.pk and self.live and self.live_revision_id):
            return
        entries = self.entries.all()
        if not isinstance(entries, FakeQuerySet):
            return
        state = Page.objects.filter(pk=self.pk).values("live", "live_revision_id").first()
        if state is None or (state["live"] and state["live_revision_id"] == self.live_revision_id):
            return  # not a publication
        previous = self._last_published_revision(state)
        previous_entries = None if previous is None else (previous.content.get("entries") or [])
        now = timezone.now()
        entries = list(entries)
        for entry, (changed, changed_at) in zip(
            entries, changes.compute_marks(previous_entries, entries, now), strict=True
        ):
            entry.changed_after_publish = changed
            entry.changed_at = changes.as_datetime(changed_at)

        revision = self.live_revision
        marks = {str(entry.uid): entry for entry in entries}
        updated = False
        for data in revision.content.get("entries") or []:
            entry = marks.get(str(data.get("uid")))
            if entry is None:
                continue
            changed_at = entry.changed_at.isoformat() if entry.changed_at else None
            if data.get("changed_after_publish") != entry.changed_after_publish or (
                changes.as_datetime(data.get("changed_at")) != entry.changed_at
            ):
                data["changed_after_publish"], data["changed_at"] = entry.changed_after_publish, changed_at
                updated = True
        if updated:
            revision.save(update_fields=["content"])

    def _last_published_revision(self, state=None):
        """The revision readers saw last: the live one, or after unpublishing the last published."""
        if state is None:
            state = Page.objects.filter(pk=self.pk).values("live", "live_revision_id").first() or {}
        if state.get("live") and state.get("live_revision_id"):
            return Revision.objects.filter(pk=state["live_revision_id"]).first()
        last = (
            PageLogEntry.objects.filter(
                page_id=self.pk,
                action__in=["wagtail.publish", "wagtail.publish.scheduled"],
                revision__isnull=False,
            )
            .select_related("revision")
            .order_by("-timestamp", "-pk")
            .first()
        )
        return last.revision if last else None

    # --- reading the schedule ---------------------------------------------------------

    def entries_between(self, first_day, last_day):
        """Entries from ``first_day`` to ``last_day`` inclusive, by date and time: one query
        (or none in a preview, where the entries are in memory)."""
        return list(
            self.entries.filter(date__gte=first_day, date__lte=last_day).order_by(
                "date", "start_time", "sort_order"
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = weeks.today()
        monday = weeks.week_from_param(request.GET.get("tuan"), today)
        sunday = monday + datetime.timedelta(days=6)
        entries = self.entries_between(monday, sunday)
        if getattr(request, "is_preview", False):
            self._mark_preview(entries)
        days = []
        for offset, name in enumerate(weeks.WEEKDAY_NAMES):
            day = monday + datetime.timedelta(days=offset)
            days.append(
                {
                    "date": day,
                    "name": name,
                    "is_today": day == today,
                    "entries": [entry for entry in entries if entry.date == day],
                }
            )
        context.update(
            today=today,
            week_start=monday,
            week_end=sunday,
            days=days,
            entry_count=len(entries),
            is_current_week=monday == weeks.week_start(today),
            previous_week=(monday - datetime.timedelta(days=7)).isoformat(),
            next_week=(monday + datetime.timedelta(days=7)).isoformat(),
            ics_url=self.ics_url(request),
        )
        return context

    def _mark_preview(self, entries):
        """In a preview, show the marks publishing the draft would give."""
        previous = self._last_published_revision() if self.pk else None
        if previous is None:
            return
        now = timezone.now()
        marks = changes.compute_marks(previous.content.get("entries") or [], entries, now)
        for entry, (changed, changed_at) in zip(entries, marks, strict=True):
            entry.changed_after_publish = changed
            entry.changed_at = changes.as_datetime(changed_at)

    def ics_url(self, request=None):
        url = self.get_url(request)
        return f"{url}{self.reverse_subpage('ics')}" if url else ""

    @path("lich-ics/", name="ics")
    def ics(self, request):
        """The iCalendar feed: the past 4 weeks and the next 8. (Wagtail's page URLs take no dot,
        so the address is ``…/lich-ics/``; the file is offered as ``lich-cong-tac.ics``.)"""
        monday = weeks.week_start(weeks.today())
        first = monday - datetime.timedelta(weeks=FEED_WEEKS_BEFORE)
        last = monday + datetime.timedelta(weeks=FEED_WEEKS_AFTER + 1, days=-1)
        body = ical.build_calendar(
            name=self.title,
            entries=self.entries_between(first, last),
            uid_domain=request.get_host().split(":")[0] or "localhost",
            page_url=self.get_full_url(request),
            stamp=self.last_published_at,
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
        return response
