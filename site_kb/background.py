"""Work taken off the request path (issue 17.6): mail to readers and approvers goes through
django-tasks, queued once the transaction commits.

In production (settings.production) a task is a row in the database that ``manage.py db_worker``
runs a moment later; in development and tests (ImmediateBackend) it runs at once, in the request.
Task arguments are ids and plain strings, never objects or a reader's address: the row is kept
until ``prune_db_task_results`` removes it (Luật 91/2025/QH15).
"""

from functools import partial

from django.db import transaction

from django_tasks import TaskResultStatus


def after_commit(task, *args, **kwargs):
    """Queue ``task`` once the current transaction commits (at once outside one): a rolled-back
    answer sends nothing, and the mail never holds the transaction open."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def outcome(result):
    """What an enqueued task returned when it has already run (the immediate backend), else None:
    queued for the worker, whose result the request cannot wait for."""
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    if result.status == TaskResultStatus.FAILED:
        return False
    return None
