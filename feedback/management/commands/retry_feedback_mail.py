from django.core.management.base import BaseCommand

from feedback.mail import send
from feedback.models import Feedback


class Command(BaseCommand):
    help = (
        "Send again the reader e-mails that failed (confirmation or answer), and drop sender keys older "
        "than the hourly limit's window. Safe to run from cron."
    )

    def handle(self, *args, **options):
        # The rate limit's sender keys are personal data (Luật 91/2025/QH15): kept only for its hour,
        # even when no new question arrives to clear them.
        Feedback.objects.forget_senders()
        sent = failed = 0
        for feedback in Feedback.objects.exclude(mail_pending=""):
            if send(feedback, feedback.mail_pending):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Đã gửi lại {sent} thư, còn {failed} thư chưa gửi được.")
