"""Who drafts, who approves, and why content is refused (Điều 8, 11, 13).

School content goes through the principal of the school the page sits in, then the
editorial board; office content through the board, then leadership when the page
asks for leadership's opinion. Every refusal carries a reason from Điều 13.3.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    AbstractGroupApprovalTask,
    Collection,
    Page,
    Task,
    TaskState,
    WorkflowState,
    WorkflowTask,
)

from schools.models import SchoolPage
from site_kb.forms import NFCFormMixin
from site_kb.review_flag import REVIEW_FLAG

from .locks import ReviewOnlyLock

# A reviewer's comment goes into the page history and an e-mail; anything longer is not a comment.
COMMENT_MAX_LENGTH = 2000


class RejectionReason(models.TextChoices):
    """The cases in which the board may refuse to publish (Điều 13.3 a–g)."""

    OUT_OF_SCOPE = "a", _("a. Nội dung không thuộc phạm vi quy định của Quy chế")
    AGAINST_POLICY = "b", _("b. Không phù hợp với chủ trương, đường lối của Đảng, pháp luật của Nhà nước")
    SECRET = "c", _("c. Thuộc bí mật nhà nước hoặc chưa được phép phổ biến công khai")
    UNTRUE_OR_DUPLICATE = "d", _("d. Không đúng sự thật, hoặc trùng lặp nội dung đã đăng")
    QUALITY_NOT_CONFIRMED = "e", _("e. Không bảo đảm chất lượng, đã đề nghị làm rõ nhưng chưa được đáp ứng")
    OTHER_OR_TIMING = "g", _("g. Lý do khác theo pháp luật, hoặc thời điểm đăng chưa thích hợp")


class RejectionForm(NFCFormMixin, forms.Form):
    """What a reviewer fills in to send a page back: a reason from Điều 13.3 and a comment."""

    reason = forms.ChoiceField(
        label=_("Lý do từ chối (Điều 13.3)"),
        choices=[("", _("— Chọn lý do —"))] + list(RejectionReason.choices),
        error_messages={"required": _("Hãy chọn lý do từ chối.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến cụ thể"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Ghi rõ cần sửa gì để người gửi chỉnh lại."),
    )


class ApprovalCommentForm(NFCFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class EditorialTaskState(TaskState):
    """A task state that remembers the Điều 13.3 reason of a refusal."""

    rejection_reason = models.CharField(
        _("lý do từ chối"), max_length=1, choices=RejectionReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("bước duyệt")
        verbose_name_plural = _("bước duyệt")

    def get_comment(self):
        """Shown in the page's workflow history and the notification e-mail."""
        if self.rejection_reason:
            reason = self.get_rejection_reason_display()
            return f"{_('Lý do')}: {reason}. {self.comment}".strip()
        return self.comment


class EditorialTaskMixin:
    """Review actions in Vietnamese, a required Điều 13.3 reason on refusal, and approvers per page."""

    task_state_class = EditorialTaskState

    # Each task defines can_moderate(obj, user) and approvers(obj): who may approve
    # ``obj`` at this step, and so who is notified when it arrives there.

    def start(self, workflow_state, user=None):
        """Start this step, or an earlier one that has not approved the latest revision.

        Wagtail resumes a refused page at the step that refused it; the principal approved
        the text before the fix, so a school page refused by the board would reach the
        principal only after the board, and the principal's approval would publish it. The
        steps keep their order (Điều 11.1, 13): the first one that has not approved the
        latest revision starts instead (``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``).
        """
        pending = workflow_state.get_next_task()
        if pending is not None and pending.pk != self.pk:
            return pending.specific.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.can_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self.can_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return self.can_moderate(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def may_reject(self, obj):
        """Whether this step may send ``obj`` back; see BoardApprovalTask."""
        return True

    def get_actions(self, obj, user):
        if not self.can_moderate(obj, user):
            return []
        actions = [("approve", _("Duyệt"), False), ("approve", _("Duyệt kèm ý kiến"), True)]
        if self.may_reject(obj):
            actions.insert(0, ("reject", _("Từ chối, yêu cầu sửa"), True))
        return actions

    def get_form_for_action(self, action):
        return RejectionForm if action == "reject" else ApprovalCommentForm

    def clean_action_data(self, action_name, data):
        """``data`` checked by the action's own form, whoever sent it; unknown keys are dropped.

        Wagtail's editor passes the JSON of ``workflow-action-extra-data`` to ``on_action``
        unchecked, so a forged request could store a reason outside Điều 13.3 or a comment of
        any size. Raises PermissionDenied for anything the form would not accept.
        """
        if action_name not in ("approve", "reject") or not isinstance(data, dict):
            raise PermissionDenied
        form_class = self.get_form_for_action(action_name)
        submitted = {key: value for key, value in data.items() if key in form_class.base_fields}
        if any(not isinstance(value, (str, int, float, bool, type(None))) for value in submitted.values()):
            raise PermissionDenied
        form = form_class(data={key: "" if value is None else str(value) for key, value in submitted.items()})
        if not form.is_valid():
            raise PermissionDenied
        return form.cleaned_data

    def check_task_state(self, task_state, user):
        """The task state, re-read and locked: only the step its page waits at, by one of its reviewers.

        Wagtail's workflow views check the page in the URL but act on the task state in the
        URL (issue 12); whatever the caller, a principal acts only on their own school's pages
        (Điều 11.1) and nobody acts on a finished or superseded step.
        """
        workflow_state = (
            WorkflowState.objects.select_for_update().filter(pk=task_state.workflow_state_id).first()
        )
        task_state = TaskState.objects.filter(pk=task_state.pk).first()
        if (
            workflow_state is None
            or task_state is None
            or task_state.task_id != self.pk
            or task_state.status != TaskState.STATUS_IN_PROGRESS
            or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
            or workflow_state.current_task_state_id != task_state.pk
        ):
            raise PermissionDenied
        task_state = task_state.specific
        task_state.workflow_state = workflow_state
        obj = workflow_state.content_object
        if obj is None or not self.can_moderate(obj, user):
            raise PermissionDenied
        return task_state

    def approve_own_edit(self, task_state, user):
        """Let a reviewer who edits and approves in one go approve what they just saved.

        With ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` an edit during a step sends the
        page back to the first step, so every step approves the revision that is published
        (Điều 13.2). At the first step, or when every earlier step has already approved the
        latest revision, a reviewer's own edit needs nobody else's approval: the step's task
        state is moved to that revision rather than starting the same step over. An edit by
        someone else still goes round again, since the reviewer's preview showed the older one.
        """
        latest = task_state.workflow_state.content_object.get_latest_revision()
        if latest is None or latest.pk == task_state.revision_id or latest.user_id != user.pk:
            return
        workflow_state = task_state.workflow_state
        step = WorkflowTask.objects.filter(workflow_id=workflow_state.workflow_id, task_id=self.pk).first()
        if step is None:
            return
        earlier_tasks = set(
            Task.objects.filter(
                active=True,
                workflow_tasks__workflow_id=workflow_state.workflow_id,
                workflow_tasks__sort_order__lt=step.sort_order,
            ).values_list("pk", flat=True)
        )
        approved_on_latest = set(
            TaskState.objects.filter(
                workflow_state=workflow_state,
                revision=latest,
                status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_SKIPPED),
            ).values_list("task_id", flat=True)
        )
        if earlier_tasks <= approved_on_latest:
            task_state.revision = latest
            task_state.save(update_fields=["revision"])

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve, or refuse with the reason stored; returns where to go next.

        A reviewer without edit rights (leadership) goes back to the dashboard
        rather than to an editor they may not open once their step is done.
        """
        task_state = self.check_task_state(task_state, user)
        data = self.clean_action_data(action_name, kwargs)
        if action_name == "reject" and not self.may_reject(task_state.workflow_state.content_object):
            raise PermissionDenied
        if action_name == "reject":
            task_state.rejection_reason = data["reason"]
            task_state.save(update_fields=["rejection_reason"])
            task_state.reject(user=user, comment=data["comment"])
        else:
            self.approve_own_edit(task_state, user)
            task_state.approve(user=user, comment=data["comment"])
        page = task_state.workflow_state.content_object
        if isinstance(page, Page) and not page.permissions_for_user(user).can_edit():
            return reverse("wagtailadmin_home")
        return None


class SchoolPrincipalApprovalTask(EditorialTaskMixin, Task):
    """Step 1 of school content (Điều 11.1): the principal of the school the page belongs to.

    One task serves every school: the approving group is looked up from the page's
    place in the tree, so a principal can never approve another school's page.
    """

    class Meta:
        verbose_name = _("Hiệu trưởng duyệt (theo trường của trang)")
        verbose_name_plural = _("Hiệu trưởng duyệt (theo trường của trang)")

    def can_moderate(self, obj, user):
        if user.is_superuser:
            return True
        cache = user.__dict__.setdefault("_principal_task_checks", {})
        key = getattr(obj, "pk", None)
        if key not in cache:
            access = school_access_for(obj)
            cache[key] = bool(access) and user.groups.filter(pk=access.principal_group_id).exists()
        return cache[key]

    def approvers(self, obj):
        access = school_access_for(obj)
        if access is None:
            return get_user_model().objects.none()
        return access.principal_group.user_set.filter(is_active=True)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Wagtail gives no page here, so the queue is filtered by the user's own schools' subtrees."""
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        schools = SchoolPage.objects.filter(access__principal_group__in=user.groups.all())
        condition = models.Q(pk__in=[])
        for path in schools.values_list("path", flat=True):
            condition |= models.Q(path__startswith=path)
        page_ids = (
            Page.objects.filter(condition).annotate(pk_text=Cast("pk", models.CharField())).values("pk_text")
        )
        return states.filter(workflow_state__object_id__in=page_ids)

    @classmethod
    def get_description(cls):
        return _("Hiệu trưởng của trường có trang này duyệt trước khi gửi Ban biên tập (Điều 11).")


class EditorialGroupApprovalTask(EditorialTaskMixin, AbstractGroupApprovalTask):
    """A group approval with Vietnamese actions and a Điều 13.3 reason on refusal."""

    class Meta:
        abstract = True

    def can_moderate(self, obj, user):
        return user.is_superuser or self._user_in_groups(user)

    def approvers(self, obj):
        return get_user_model().objects.filter(groups__in=self.groups.all(), is_active=True).distinct()

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self.can_moderate(None, user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()


class BoardApprovalTask(EditorialGroupApprovalTask):
    """The editorial board verifies, classifies and approves for publication (Điều 13.2)."""

    class Meta:
        verbose_name = _("Ban biên tập duyệt")
        verbose_name_plural = _("Ban biên tập duyệt")

    def may_reject(self, obj):
        """The authority may take away the board's refusal of one school's news (issue 16: a
        school publishing under Circular 37/2020 Art. 3 with the board checking, not vetoing);
        the board still edits, and an edit still goes back to the principal."""
        cache = getattr(obj, "__dict__", {})
        if "_board_may_refuse" not in cache:
            access = school_access_for(obj)
            cache["_board_may_refuse"] = access is None or access.board_may_refuse
        return cache.get("_board_may_refuse", True)

    @classmethod
    def get_description(cls):
        return _("Thành viên nhóm được chọn (Ban biên tập) kiểm tra, biên tập và duyệt đăng (Điều 13).")


def is_board_member(user):
    """Whether ``user`` reviews at the board's step (Điều 13.2): only they may end a running
    workflow, since a cancelled one starts again from the school's principal (issue 15.8)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return BoardApprovalTask.objects.filter(active=True, groups__in=user.groups.all()).exists()


class LeadershipApprovalTask(EditorialGroupApprovalTask):
    """Leadership's opinion on content and timing, only for pages that ask for it (Điều 13.2c).

    Pages without the flag pass this step by themselves.
    """

    class Meta:
        verbose_name = _("Lãnh đạo phòng cho ý kiến (khi được yêu cầu)")
        verbose_name_plural = _("Lãnh đạo phòng cho ý kiến (khi được yêu cầu)")

    # The page field that decides whether this step applies (site_kb.review_flag).
    page_flag = REVIEW_FLAG

    @classmethod
    def applies_to(cls, obj):
        return bool(getattr(obj, cls.page_flag, False))

    # Leadership previews, comments and approves or refuses; it does not edit (Điều 13.2c). Its
    # reviewers open the editor to read and comment (Wagtail's comments live there), but the
    # page is locked for everyone but superusers: an edit here would be published by the same
    # approval without the board seeing it. editorial.comments stores the comments alone.
    comments_without_edit = True
    lock_class = ReviewOnlyLock

    def locked_for_user(self, obj, user):
        return not user.is_superuser

    def user_can_lock(self, obj, user):
        return False

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object
        if not self.applies_to(getattr(page, "specific", page)):
            task_state.approve(
                user=None, update=False, comment=str(_("Không cần xin ý kiến lãnh đạo: tự chuyển tiếp."))
            )
        return task_state

    @classmethod
    def get_description(cls):
        return _(
            "Chỉ áp dụng khi trang được đánh dấu cần xin ý kiến lãnh đạo; các trang khác tự chuyển tiếp."
        )


class WorkflowMode(models.TextChoices):
    """How a school's pages go up, chosen per school by the authority (issue 16).

    The 2013 regulation has the principal approve, then the authority's board (Điều 11, 13);
    under Circular 37/2020/TT-BGDĐT Art. 3 a school running its own member site may publish on
    the principal's approval alone.
    """

    PRINCIPAL_THEN_BOARD = "hieu-truong-roi-ban-bien-tap", _("Hiệu trưởng duyệt, rồi Ban biên tập duyệt đăng")
    PRINCIPAL_PUBLISHES = "hieu-truong-dang", _("Hiệu trưởng duyệt là đăng (trường tự đăng tin)")


class SchoolAccessQuerySet(models.QuerySet):
    def of_member(self, user):
        """The schools ``user`` works for: a member of its contact, principal or IT officer group."""
        groups = user.groups.all()
        return self.filter(
            models.Q(contact_group__in=groups)
            | models.Q(principal_group__in=groups)
            | models.Q(it_group__in=groups)
        )


class SchoolAccess(models.Model):
    """The groups, the collection and the workflow choice of each school, kept in step with its
    SchoolPage (Điều 11; Circular 37/2020/TT-BGDĐT Art. 3: the school runs its member site)."""

    school = models.OneToOneField(SchoolPage, on_delete=models.CASCADE, related_name="access")
    contact_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+")
    principal_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+")
    # Null only until editorial.roles.sync_school_access runs for a school made before the role.
    it_group = models.OneToOneField(
        Group,
        verbose_name=_("nhóm quản trị CNTT của trường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="+")
    workflow_mode = models.CharField(
        _("quy trình duyệt tin"),
        max_length=40,
        choices=WorkflowMode.choices,
        default=WorkflowMode.PRINCIPAL_THEN_BOARD,
        help_text=_(
            "Trang đang trong quy trình duyệt đi tiếp theo quy trình cũ; quy trình mới áp dụng từ lần "
            "gửi duyệt sau."
        ),
    )
    board_may_refuse = models.BooleanField(
        _("Ban biên tập được từ chối tin của trường"),
        default=True,
        help_text=_(
            "Bỏ chọn: ở bước của Ban biên tập, tin của trường chỉ được duyệt (Ban biên tập vẫn được "
            "sửa). Không áp dụng khi hiệu trưởng duyệt là đăng."
        ),
    )

    objects = SchoolAccessQuerySet.as_manager()

    panels = [FieldPanel("workflow_mode"), FieldPanel("board_may_refuse")]

    class Meta:
        verbose_name = _("trường thành viên")
        verbose_name_plural = _("trường thành viên")
        permissions = [("view_school_queue", _("Xem tin chờ duyệt của các trường"))]

    def __str__(self):
        return str(self.school)


def school_access_for(obj):
    """The SchoolAccess of the school whose subtree holds ``obj`` (a page), or None."""
    if not isinstance(obj, Page):
        return None
    return (
        SchoolAccess.objects.filter(
            school__path__in=[
                obj.path[:i] for i in range(SchoolPage.steplen, len(obj.path) + 1, SchoolPage.steplen)
            ]
        )
        .select_related("principal_group")
        .first()
    )
