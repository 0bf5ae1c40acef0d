"""Asking leadership's opinion only where a workflow step listens (Điều 13.2c; issue 15.9).

``needs_leadership_review`` (BasePage) sends a page to leadership after the board, but only in a
workflow with such a step: the office's (board, then leadership). A school's workflow (principal,
then board) has none, so there the box would be a promise nobody keeps: it is not shown, and a
POST of it is refused. The core names no workflow task: a task says which page field decides it
by its ``page_flag`` attribute (editorial.models.LeadershipApprovalTask).
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

REVIEW_FLAG = "needs_leadership_review"


def workflow_reads_flag(page, parent_page=None, flag=REVIEW_FLAG):
    """Whether a step of the workflow that moderates ``page`` is decided by the page field ``flag``.
    A page not yet created (no pk) gets its parent's workflow."""
    if page.pk:
        workflow = page.get_workflow()
    elif parent_page is not None:
        workflow = parent_page.get_workflow()
    else:
        return False
    if workflow is None:
        return False
    return any(
        getattr(task, "page_flag", None) == flag for task in workflow.tasks.filter(active=True).specific()
    )


class ReviewFlagPanel(FieldPanel):
    """The "cần xin ý kiến lãnh đạo" box, shown only where the page's workflow reads it."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return super().is_shown() and workflow_reads_flag(
                self.instance, getattr(self.form, "parent_page", None), self.field_name
            )


class ReviewFlagFormMixin:
    """A page form refuses the flag where the page's workflow has no step that reads it."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(REVIEW_FLAG) and not workflow_reads_flag(self.instance, self.parent_page):
            self.add_error(
                REVIEW_FLAG,
                _(
                    "Quy trình duyệt của trang này không có bước xin ý kiến lãnh đạo, nên không chọn "
                    "được mục này."
                ),
            )
        return cleaned_data
