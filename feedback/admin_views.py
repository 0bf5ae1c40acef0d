"""The admin inbox for readers' questions and feedback (Điều 14).

The IT officer receives every item, classifies it, routes it to schools or units and
watches the deadline (5 working days, 10 when complex); a school sees and answers only
what is assigned to it; saving an answer e-mails it to the reader.

Built on Wagtail's own ``ModelViewSet`` rather than the ``wagtail-modeladmin`` package:
modeladmin is the legacy add-on Wagtail has moved out of its core and only maintains,
while ``ModelViewSet`` is part of Wagtail itself and gives what this inbox needs without
workarounds: a queryset per request (a school must never list or open another school's
item), django-filter filter sets, a different form per user, and the admin's own
listing, search, menu and permission machinery.
"""

import dataclasses
from functools import partial
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, RelatedObjectsColumn, StatusTagColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import policy_registry

import django_filters

from site_kb.admin_ui import local_time
from site_kb.background import outcome

from . import tasks, workdays
from .admin_forms import AnswerFeedbackForm, ClassifyFeedbackForm, DayOffForm
from .records import OPEN_STATUSES, DayOff, Feedback, FeedbackEvent, Status, Topic

CLASSIFY = "feedback.classify_feedback"
Action = FeedbackEvent.Action


def can_classify(user):
    return user.has_perm(CLASSIFY)


def can_see_feedback(user):
    return policy_registry.get_by_type(Feedback).user_has_any_permission(user, ["view", "change"])


def local_date(value):
    return date_format(value, "d/m/Y") if value else ""


# The flow of one save: what changed decides the new status and the history lines.


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The item as it was before the form touched it."""

    topic: str
    is_complex: bool
    status: str
    answer: str
    is_published: bool
    assigned: frozenset

    @classmethod
    def of(cls, feedback):
        return cls(
            topic=feedback.topic,
            is_complex=feedback.is_complex,
            status=feedback.status,
            answer=feedback.answer,
            is_published=feedback.is_published,
            assigned=frozenset(feedback.assigned_to.values_list("pk", flat=True)),
        )


def apply_flow(feedback, before, form, user):
    """Set the status and answer stamps on ``feedback`` (not saved yet); return the events to log.

    Topic or complexity changed while new: classified. New units assigned: assigned.
    An answer written or changed: answered (and the caller mails it). A status the IT
    officer picks by hand wins over these automatic steps; closing and reopening are logged.
    A held item moved to any status but closed is released: its deadline starts now and the
    caller sends the confirmation the reader has not had yet.
    """
    data = form.cleaned_data
    events = []
    automatic = None

    if "topic" in form.fields and (
        feedback.topic != before.topic or feedback.is_complex != before.is_complex
    ):
        days = workdays.answer_days(feedback.is_complex)
        note = _("Lĩnh vực: %(topic)s; hạn trả lời %(days)s ngày làm việc") % {
            "topic": feedback.get_topic_display(),
            "days": days,
        }
        events.append((Action.CLASSIFIED, note))
        if before.status == Status.NEW:
            automatic = Status.CLASSIFIED

    if "assigned_to" in form.fields:
        units = list(data["assigned_to"])
        if units and {unit.pk for unit in units} != before.assigned:
            events.append((Action.ASSIGNED, ", ".join(unit.title for unit in units)))
            if before.status in OPEN_STATUSES:
                automatic = Status.ASSIGNED

    if feedback.answer and feedback.answer != before.answer:
        feedback.answered_at = timezone.now()
        feedback.answered_by = user
        events.append((Action.ANSWERED, ""))
        automatic = Status.ANSWERED

    chosen = data.get("status") if "status" in form.fields else None
    if chosen and chosen != before.status:
        status = chosen
    else:
        status = automatic or before.status

    if status != before.status:
        logged = {action for action, _note in events}
        if before.status == Status.HELD and status not in (Status.HELD, Status.CLOSED):
            feedback.released_at = timezone.now()
            events.append((Action.RELEASED, ""))
        if status == Status.CLOSED:
            events.append((Action.CLOSED, ""))
        elif status in OPEN_STATUSES and before.status in (Status.ANSWERED, Status.CLOSED):
            events.append((Action.REOPENED, ""))
        elif status in (Status.CLASSIFIED, Status.ASSIGNED, Status.ANSWERED) and status not in logged:
            events.append((Action(status), ""))
    feedback.status = status

    if feedback.is_published and not before.is_published:
        events.append((Action.PUBLISHED, getattr(form, "publish_note", "")))
    elif feedback.is_published and getattr(form, "publish_note", ""):
        events.append((Action.PUBLISHED, form.publish_note))
    return events


# The history: mail kinds are stored by key (the retry command reads them), shown by name.
MAIL_KINDS = {"confirmation": gettext_lazy("thư xác nhận"), "answer": gettext_lazy("thư trả lời")}


def history_note(event):
    """The note as the history shows it: "answer: SMTPException" reads "thư trả lời: SMTPException"."""
    if event.action not in (Action.MAILED, Action.MAIL_FAILED):
        return event.note
    kind, separator, rest = event.note.partition(":")
    label = MAIL_KINDS.get(kind.strip())
    return f"{label}{separator}{rest}" if label else event.note


# The listing.


class DueDateColumn(Column):
    """The deadline, with a badge when it has passed or is close."""

    cell_template_name = "feedback/admin/due_cell.html"


DEADLINE_CHOICES = [("overdue", gettext_lazy("Quá hạn")), ("due_soon", gettext_lazy("Sắp đến hạn"))]


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Trạng thái"),
        choices=Status.choices,
        empty_label=gettext_lazy("Tất cả"),
        widget=forms.RadioSelect,
    )
    topic = django_filters.ChoiceFilter(
        label=gettext_lazy("Lĩnh vực"),
        choices=Topic.choices,
        empty_label=gettext_lazy("Tất cả"),
        widget=forms.RadioSelect,
    )
    is_complex = django_filters.BooleanFilter(
        label=gettext_lazy("Trường hợp phức tạp"),
        widget=forms.RadioSelect(
            choices=[
                ("", gettext_lazy("Tất cả")),
                ("true", gettext_lazy("Có")),
                ("false", gettext_lazy("Không")),
            ]
        ),
    )
    deadline = django_filters.ChoiceFilter(
        label=gettext_lazy("Hạn"),
        choices=DEADLINE_CHOICES,
        empty_label=gettext_lazy("Tất cả"),
        widget=forms.RadioSelect,
        method="filter_deadline",
    )

    class Meta:
        model = Feedback
        fields = ["status", "topic", "is_complex", "deadline"]

    def filter_deadline(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        if value == "due_soon":
            return queryset.due_soon()
        return queryset


class FeedbackIndexView(IndexView):
    def get_base_queryset(self):
        """Only what the user may see (a school: what is assigned to it), with the deadline badges."""
        today = timezone.localdate()
        return (
            Feedback.objects.visible_to(self.request.user)
            .annotate(
                deadline_overdue=Exists(Feedback.objects.overdue(today).filter(pk=OuterRef("pk"))),
                deadline_soon=Exists(Feedback.objects.due_soon(today).filter(pk=OuterRef("pk"))),
            )
            .prefetch_related("assigned_to")
        )

    def order_queryset(self, queryset):
        """Ties broken by the time of receipt, so paging is stable."""
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "received_at", "pk")


class FeedbackEditView(EditView):
    success_message = gettext_lazy("Đã lưu “%(object)s”.")
    error_message = gettext_lazy("Chưa lưu được: hãy sửa các lỗi bên dưới.")

    def get_queryset(self):
        """Another school's item is a 404, exactly as if it did not exist."""
        return Feedback.objects.visible_to(self.request.user).select_related("concerned_unit", "answered_by")

    def get_object(self, queryset=None):
        feedback = super().get_object(queryset)
        self.before = Snapshot.of(feedback)
        return feedback

    @cached_property
    def can_classify(self):
        return can_classify(self.request.user)

    def get_form_class(self):
        return ClassifyFeedbackForm if self.can_classify else AnswerFeedbackForm

    @property
    def submit_button_label(self):
        return _("Lưu") if self.can_classify else _("Lưu và gửi câu trả lời")

    def save_instance(self):
        user = self.request.user
        events = apply_flow(self.form.instance, self.before, self.form, user)
        feedback = super().save_instance()  # form.save(): fields, units, due date; Wagtail's own log entry
        for action, note in events:
            feedback.log(action, user, note[:255])
        actions = {action for action, _note in events}
        if Action.ASSIGNED in actions:
            # The newly assigned schools are e-mailed after the commit (feedback.assignment).
            units = self.form.cleaned_data["assigned_to"]
            added = [unit for unit in units if unit.pk not in self.before.assigned]
            transaction.on_commit(partial(tasks.notify_units, self.request, feedback, added))
        if Action.ANSWERED in actions:
            # After the commit: the reader must not get an answer that was rolled back, and a
            # slow mail server must not hold the database transaction open.
            transaction.on_commit(partial(self.send_answer, feedback))
        elif Action.RELEASED in actions and feedback.email and not feedback.confirmation_sent_at:
            transaction.on_commit(partial(self.send_confirmation, feedback))
        return feedback

    def queue_mail(self, feedback, kind):
        """Queue ``kind`` for the reader (feedback.tasks); True/False when it already ran (development,
        tests), None while it waits for the worker. Marked pending first, as the public form does:
        if no worker takes it, ``retry_feedback_mail`` sends it (the task then skips it)."""
        Feedback.objects.filter(pk=feedback.pk).update(mail_pending=kind)
        feedback.mail_pending = kind
        return outcome(tasks.send_reader_mail.enqueue(feedback.pk, kind, self.request.user.pk))

    def send_confirmation(self, feedback):
        """The tracking code and deadline, withheld while the item was held."""
        sent = self.queue_mail(feedback, "confirmation")
        if sent is None:
            messages.success(self.request, _("Thư xác nhận và mã tra cứu đang được gửi tới bạn đọc."))
        elif sent:
            messages.success(
                self.request,
                _("Đã gửi thư xác nhận và mã tra cứu tới %(email)s.") % {"email": feedback.email},
            )
        else:
            messages.warning(
                self.request,
                _("Chưa gửi được thư xác nhận; hệ thống sẽ gửi lại sau (lệnh retry_feedback_mail)."),
            )

    def send_answer(self, feedback):
        if not feedback.email:
            messages.warning(
                self.request,
                _("Bạn đọc không để lại địa chỉ thư điện tử nên câu trả lời chưa được gửi đi."),
            )
            return
        sent = self.queue_mail(feedback, "answer")
        if sent is None:
            messages.success(self.request, _("Câu trả lời đang được gửi tới bạn đọc."))
        elif sent:
            messages.success(self.request, _("Đã gửi câu trả lời tới %(email)s.") % {"email": feedback.email})
        else:
            messages.warning(
                self.request,
                _("Chưa gửi được thư trả lời; hệ thống sẽ gửi lại sau (lệnh retry_feedback_mail)."),
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = self.object
        context["feedback"] = feedback
        context["can_classify"] = self.can_classify
        context["received"] = local_time(feedback.received_at)
        context["consent"] = local_time(feedback.consent_at)
        context["anonymised"] = local_time(feedback.anonymised_at)
        context["due"] = local_date(feedback.due_date)
        context["answered"] = local_time(feedback.answered_at)
        context["answered_by"] = get_user_display_name(feedback.answered_by) if feedback.answered_by else ""
        context["answer_sent"] = local_time(feedback.answer_sent_at)
        context["history"] = [
            {
                "at": local_time(event.at),
                "user": get_user_display_name(event.user) if event.user else "",
                "action": event.get_action_display(),
                "note": history_note(event),
            }
            for event in feedback.events.select_related("user")
        ]
        return context


class FeedbackDeleteView(DeleteView):
    def get_queryset(self):
        return Feedback.objects.visible_to(self.request.user)


def download_attachment(request, pk):
    """The reader's attachment, only for those who may see the item (it may hold personal data)."""
    feedback = get_object_or_404(Feedback.objects.visible_to(request.user).exclude(attachment=""), pk=pk)
    return FileResponse(
        feedback.attachment.open("rb"), as_attachment=True, filename=Path(feedback.attachment.name).name
    )


class FeedbackViewSet(ModelViewSet):
    """Hỏi đáp – góp ý: no "add" here (items come from readers), no copy, no Wagtail history view
    (the item's own history, FeedbackEvent, is on its edit page); delete only with the delete
    permission, which no role has."""

    model = Feedback
    icon = "help"
    menu_label = gettext_lazy("Danh sách")
    menu_name = "feedback-list"
    index_view_class = FeedbackIndexView
    edit_view_class = FeedbackEditView
    delete_view_class = FeedbackDeleteView
    edit_template_name = "feedback/admin/edit.html"
    filterset_class = FeedbackFilterSet
    search_fields = ["title", "content", "tracking_code", "name"]
    search_backend_name = None  # the database's icontains: the search index holds only published text
    ordering = "due_date"
    list_per_page = 30
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "tracking_code",
        "title",
        "topic",
        StatusTagColumn(
            "status",
            label=gettext_lazy("Trạng thái"),
            accessor="get_status_display",
            primary=lambda feedback: feedback.status in (Status.NEW, Status.HELD),
            sort_key="status",
        ),
        Column(
            "received_at",
            label=gettext_lazy("Nhận lúc"),
            accessor=lambda feedback: local_time(feedback.received_at),
            sort_key="received_at",
        ),
        DueDateColumn("due_date", label=gettext_lazy("Hạn trả lời"), sort_key="due_date"),
        RelatedObjectsColumn("assigned_to", label=gettext_lazy("Giao cho")),
    ]

    REMOVED_VIEWS = {"add", "copy", "history", "history_results", "usage"}

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "history_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        patterns = [
            pattern for pattern in super().get_urlpatterns() if pattern.name not in self.REMOVED_VIEWS
        ]
        return patterns + [path("<int:pk>/tep-dinh-kem/", download_attachment, name="attachment")]

    def get_form_class(self, for_update=False):
        return ClassifyFeedbackForm  # the edit view picks AnswerFeedbackForm for schools

    def get_permissions_to_register(self):
        return Permission.objects.filter(content_type=ContentType.objects.get_for_model(Feedback)).exclude(
            codename="add_feedback"
        )


# Extra days off (bridge days), for the IT officer.


class DayOffIndexView(IndexView):
    @cached_property
    def columns(self):
        return [
            self._get_title_column("date", accessor=lambda day: local_date(day.date)),
            self._get_custom_column("name"),
        ]


class DayOffViewSet(ModelViewSet):
    model = DayOff
    icon = "date"
    menu_label = gettext_lazy("Ngày nghỉ bổ sung")
    menu_name = "feedback-days-off"
    index_view_class = DayOffIndexView
    ordering = "-date"
    copy_view_enabled = False
    add_to_reference_index = False

    def get_form_class(self, for_update=False):
        return DayOffForm

    def get_permissions_to_register(self):
        return Permission.objects.filter(content_type=ContentType.objects.get_for_model(DayOff))


class FeedbackViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Hỏi đáp – Góp ý")
    menu_icon = "help"
    menu_name = "feedback"
    menu_order = 260
    items = (
        FeedbackViewSet("feedback_admin", url_prefix="hoi-dap-gop-y"),
        DayOffViewSet("feedback_days_off", url_prefix="ngay-nghi-bo-sung"),
    )


# The dashboard.


class FeedbackDeadlinesPanel(Component):
    """Overdue, due within 2 working days and new, among the items the user can see."""

    name = "feedback_deadlines"
    order = 50  # above Wagtail's own panels: deadlines come first
    template_name = "feedback/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        user = parent_context["request"].user
        visible = Feedback.objects.visible_to(user)
        index = reverse("feedback_admin:index")
        rows = [
            (visible.overdue().count(), _("quá hạn trả lời"), f"{index}?deadline=overdue", "overdue"),
            (
                visible.filter(status=Status.HELD).count(),
                _("chờ kiểm tra (gửi vượt giới hạn mỗi giờ)"),
                f"{index}?status=held",
                "held",
            ),
            (
                visible.due_soon().count(),
                _("sắp đến hạn (trong %(days)s ngày làm việc)") % {"days": settings.FEEDBACK_DUE_SOON_DAYS},
                f"{index}?deadline=due_soon",
                "due-soon",
            ),
            (
                visible.filter(status=Status.NEW).count(),
                _("mới nhận, chưa phân loại"),
                f"{index}?status=new",
                "new",
            ),
        ]
        return {
            "rows": [
                {"count": count, "label": label, "url": url, "key": key} for count, label, url, key in rows
            ],
            "index_url": index,
        }
