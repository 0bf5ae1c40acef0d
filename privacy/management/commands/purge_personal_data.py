"""Anonymise readers' personal data past the retention period (Luật 91/2025/QH15); run daily by
the systemd timer (docs/operations.md). Idempotent: an anonymised item is never picked again.

``--dry-run`` lists what would change (tracking codes and comment numbers, no names) and changes
nothing. What is changed is written to each question's history, to the register of personal-data
actions and to Wagtail's audit log, without the personal data itself.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.models import PersonalDataAction
from privacy.readers import record
from privacy.retention import cutoff, expired_comments, expired_feedback, purge


class Command(BaseCommand):
    @property
    def help(self):
        """Translated when asked for, not at import (argparse needs a plain string)."""
        return _("Xoá thông tin cá nhân của bạn đọc đã quá thời hạn lưu (Luật 91/2025/QH15).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Chỉ liệt kê những gì sẽ bị xoá, không thay đổi gì."),
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        limit = cutoff()
        feedback_items = list(expired_feedback())
        comments = list(expired_comments())
        attachments = sum(1 for item in feedback_items if item.attachment)
        self.stdout.write(
            _("Hết thời hạn lưu: trả lời hoặc đóng, hết hạn góp ý trước %(date)s.")
            % {"date": f"{limit:%d/%m/%Y %H:%M}"}
        )
        if dry_run:
            for item in feedback_items:
                self.stdout.write(_("  sẽ xoá: hỏi đáp %(code)s") % {"code": item.tracking_code})
            for comment in comments:
                self.stdout.write(_("  sẽ xoá: góp ý dự thảo số %(pk)s") % {"pk": comment.pk})
            self.stdout.write(
                _(
                    "Chạy thử, không thay đổi gì: sẽ xoá thông tin cá nhân của %(feedback)s hỏi đáp – góp ý "
                    "(%(attachments)s tệp đính kèm) và %(comments)s góp ý dự thảo."
                )
                % {"feedback": len(feedback_items), "attachments": attachments, "comments": len(comments)}
            )
            return

        show_progress = verbosity > 0 and self.stdout.isatty()

        def progress(done, total):
            self.stdout.write(f"\r{done}/{total}", ending="")
            self.stdout.flush()

        counts = purge(feedback_items, comments, progress=progress if show_progress else None)
        if show_progress and (feedback_items or comments):
            self.stdout.write("")
        if counts:
            record(PersonalDataAction.Kind.PURGE, None, None, counts)
        self.stdout.write(
            _(
                "Đã xoá thông tin cá nhân của %(feedback)s hỏi đáp – góp ý (%(attachments)s tệp đính kèm) "
                "và %(comments)s góp ý dự thảo."
            )
            % {"feedback": counts.feedback, "attachments": counts.attachments, "comments": counts.comments}
        )
