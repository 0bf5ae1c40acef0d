"""What happens when a page has passed every step of its workflow.

Wagtail imports this module while ``wagtail.models`` is still loading
(``WAGTAIL_FINISH_WORKFLOW_ACTION``), so models are imported inside the functions.
"""

import logging

logger = logging.getLogger(__name__)

# TaskState.STATUS_APPROVED and STATUS_SKIPPED.
SUCCESSFUL = ("approved", "skipped")


def steps_of(workflow_state):
    """The active tasks of the workflow, in order."""
    from wagtail.models import Task

    return list(
        Task.objects.filter(workflow_tasks__workflow_id=workflow_state.workflow_id, active=True).order_by(
            "workflow_tasks__sort_order"
        )
    )


def approved_by_every_step(workflow_state, revision):
    approved = set(
        workflow_state.task_states.filter(revision=revision, status__in=SUCCESSFUL).values_list(
            "task_id", flat=True
        )
    )
    return all(task.pk in approved for task in steps_of(workflow_state))


def publish_approved(workflow_state, user=None):
    """Publish the revision the final step approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    Passing every step is the authorisation: the last approver (leadership, Điều
    13.2c) gives an opinion and need not hold publish rights of their own. It is
    therefore exactly that revision, approved by every step, that goes live (Điều 13.2);
    a revision saved after it, which nobody approved, is never published by an
    approval: the page goes back for review instead. A go-live time set by the board is
    respected: the revision is then scheduled, not published.
    """
    final = workflow_state.current_task_state
    obj = workflow_state.content_object
    latest = obj.get_latest_revision()
    if (
        final is not None
        and final.status in SUCCESSFUL
        and latest is not None
        and final.revision_id == latest.pk
        and approved_by_every_step(workflow_state, latest)
    ):
        final.revision.publish(user=user, skip_permission_checks=True)
        return
    logger.warning(
        "Workflow state %s of %r finished on revision %s, but the latest revision is %s "
        "or not every step approved it: not published, sent back for review.",
        workflow_state.pk,
        obj,
        getattr(final, "revision_id", None),
        getattr(latest, "pk", None),
    )
    send_back_for_review(workflow_state, latest, user=user)


def send_back_for_review(workflow_state, revision, user=None):
    """Reopen the workflow at the first step that has not approved ``revision``."""
    from wagtail.models import TaskState, WorkflowState

    steps = steps_of(workflow_state)
    if not steps or revision is None:
        return
    approved = set(
        workflow_state.task_states.filter(revision=revision, status__in=SUCCESSFUL).values_list(
            "task_id", flat=True
        )
    )
    step = next((task for task in steps if task.pk not in approved), steps[0])
    workflow_state.status = WorkflowState.STATUS_IN_PROGRESS
    workflow_state.current_task_state = step.specific.start(workflow_state, user=user)
    workflow_state.save()
    if workflow_state.current_task_state.status != TaskState.STATUS_IN_PROGRESS:
        # A step that passes by itself (leadership, unflagged page): carry on from there.
        workflow_state.update(user=user)
