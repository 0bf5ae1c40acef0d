"""What happens when a page has passed every step of its workflow."""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    Passing every step is the authorisation: the last approver (leadership, Điều
    13.2c) gives an opinion and need not hold publish rights of their own. A go-live
    time set by the board is respected: the revision is then scheduled, not published.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
