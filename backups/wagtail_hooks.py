"""The IT officer's dashboard panel (last good backup) and the audit-log actions (Điều 4)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from editorial.roles import IT_OFFICER

from .management.commands.backup import BACKUP_ACTION
from .management.commands.restore import RESTORE_ACTION
from .models import BackupRecord


def can_see_backups(user):
    """The IT officer keeps the backups (Điều 3.3, 4); the board and the schools do not."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=IT_OFFICER).exists())


class BackupStatusPanel(Component):
    """Date and size of the last good backup, red when there is none or it is too old."""

    name = "backup_status"
    order = 40
    template_name = "backups/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        last = BackupRecord.objects.order_by("-created_at").first()
        max_age = timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
        return {
            "last": last,
            "stale": last is None or timezone.now() - last.created_at > max_age,
            "max_age_hours": settings.BACKUP_MAX_AGE_HOURS,
        }


@hooks.register("construct_homepage_panels")
def add_backup_status_panel(request, panels):
    if can_see_backups(request.user):
        panels.append(BackupStatusPanel())


@hooks.register("register_log_actions")
def register_backup_log_actions(actions):
    @actions.register_action(BACKUP_ACTION)
    class BackupFormatter(LogFormatter):
        label = _("Sao lưu dữ liệu")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Sao lưu vào tệp «%(file)s» (%(size)s byte, %(members)s tệp)") % {
                "file": data.get("file_name", ""),
                "size": data.get("size", 0),
                "members": data.get("members", 0),
            }

    @actions.register_action(RESTORE_ACTION)
    class RestoreFormatter(LogFormatter):
        label = _("Khôi phục dữ liệu")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Khôi phục trang từ tệp «%(file)s» (bản sao lưu lúc %(created)s)") % {
                "file": data.get("file_name", ""),
                "created": data.get("backup_created_at", ""),
            }
