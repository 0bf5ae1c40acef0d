"""``manage.py reorganise PLAN [--dry-run] [--user TÊN]``: rename, merge, move schools and change
their hostnames from a plan file, keeping every old address working (issue 16.5; units.reorganise).

The plan is JSON or TOML (by its extension), a list of entries in order::

    {"operations": [
        {"op": "rename", "school": "Trường THCS Ba Sao", "name": "Trường THCS Liên cấp Ba Sao"},
        {"op": "merge", "from": "Trường Tiểu học Thi Sơn B", "into": "Trường Tiểu học Thi Sơn A"},
        {"op": "move", "school": "thcs-tuongdinh.example.edu.vn", "commune": "Tượng Lĩnh"},
        {"op": "move", "school": "Trường Mầm non Liên Sơn", "authority": "sogd.example.edu.vn"},
        {"op": "hostname", "school": "Trường THCS Ba Sao", "hostname": "thcs-basao.xa-b.tinh-c.edu.vn"}
    ]}

Schools are named by title or hostname. The whole plan runs in one transaction: the first error
(unknown school, merging into itself, a hostname taken…) stops it with nothing changed and a
message naming the entry. ``--dry-run`` runs it, prints every change and rolls it all back.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units.reorganise import ReorganisationError, load_plan, run_plan


class Command(BaseCommand):
    help = (
        "Tổ chức lại đơn vị theo tệp kế hoạch (đổi tên, sáp nhập, chuyển, đổi tên miền), giữ mọi địa chỉ cũ."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="Tệp kế hoạch .json hoặc .toml")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ in những gì sẽ thay đổi, không thay đổi gì."
        )
        parser.add_argument(
            "--user",
            default="",
            help="Tên đăng nhập của quản trị CNTT ghi vào nhật ký (phải có quyền tổ chức lại đơn vị).",
        )

    def handle(self, *args, plan, dry_run, user, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(_("Không có tài khoản «%(user)s».") % {"user": user})
        try:
            report = run_plan(load_plan(plan), dry_run=dry_run, user=account)
        except ReorganisationError as error:
            raise CommandError(
                _("Kế hoạch không được thực hiện, không có gì thay đổi. %(error)s") % {"error": error}
            ) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if dry_run:
            self.stdout.write(_("Chạy thử: dưới đây là những gì sẽ thay đổi; chưa có gì được lưu."))
        for label, changes in report:
            self.stdout.write(self.style.MIGRATE_HEADING(label))
            for change in changes:
                self.stdout.write(f"  – {change}")
        if dry_run:
            self.stdout.write(_("Chạy thử xong: không có gì thay đổi."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Đã thực hiện %(count)s mục.") % {"count": len(report)}))
