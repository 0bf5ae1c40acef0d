"""``manage.py run_job [--hold MINUTES] [--ttl SECONDS] COMMAND [ARGS...]``: run a scheduled job on one
app server only (issue 17.5).

Every deploy/systemd/*.timer starts its command through this, so that of the app servers sharing
one database exactly one runs it; the others say who holds it and exit 0 (a skipped run is not a
failed unit). The lock is named after the command (site_kb.locks).
"""

from datetime import timedelta

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from site_kb import locks


class Command(BaseCommand):
    help = (
        "Chạy một lệnh định kỳ trên đúng một máy chủ: các máy dùng chung cơ sở dữ liệu, máy nào giữ "
        "khoá thì chạy, máy khác báo và thoát với mã 0."
    )

    def add_arguments(self, parser):
        parser.add_argument("job", help="tên lệnh manage.py cần chạy, ví dụ publish_scheduled")
        parser.add_argument("job_args", nargs="*", help="tham số của lệnh đó (đặt sau --)")
        parser.add_argument(
            "--hold",
            type=float,
            default=0,
            help="giữ khoá thêm đến chừng ấy phút sau khi việc bắt đầu, để việc hằng đêm chạy một lần",
        )
        parser.add_argument(
            "--ttl",
            type=float,
            default=locks.DEFAULT_TTL.total_seconds(),
            help="thời hạn khoá (giây), được gia hạn khi việc còn chạy; máy hỏng thì máy khác nhận sau chừng ấy",
        )

    def handle(self, *args, job, job_args, hold, ttl, **options):
        if job not in get_commands() or job == "run_job":
            raise CommandError(_("Không có lệnh «%(job)s».") % {"job": job})
        if ttl < 1 or hold < 0:
            raise CommandError(_("--ttl phải từ 1 giây trở lên, --hold không được âm."))
        lease = locks.JobLease(
            job, ttl=timedelta(seconds=ttl), hold=timedelta(minutes=hold) if hold else None
        )
        with lease:
            if not lease.acquired:
                held = locks.current(job)
                self.stdout.write(
                    _("Bỏ qua «%(job)s»: máy %(holder)s đang giữ việc này (đến %(until)s).")
                    % {
                        "job": job,
                        "holder": held.holder if held else "?",
                        "until": timezone.localtime(held.expires_at).strftime("%H:%M:%S %d/%m/%Y")
                        if held
                        else "?",
                    }
                )
                return
            self.stdout.write(_("Chạy «%(job)s» (%(holder)s).") % {"job": job, "holder": lease.holder})
            call_command(job, *job_args, stdout=self.stdout, stderr=self.stderr)
        if lease.lost:
            self.stderr.write(
                _("Cảnh báo: khoá của «%(job)s» đã bị máy khác nhận khi việc còn chạy.") % {"job": job}
            )
