"""``manage.py create_unit``: a school's member site in one step, or many from a CSV file
(issue 16.4; Circular 37/2020/TT-BGDĐT Art. 3, 9). The work is ``units.services.create_unit``."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units.csv_import import import_rows, messages_of, read_rows, summary
from units.progress import ProgressBar
from units.services import allowed_levels, create_unit


class Command(BaseCommand):
    help = (
        "Tạo trường thành viên: trang của trường, trang thành viên trên tên miền riêng, nhóm, thư mục, "
        "quy trình duyệt, thông tin cơ quan, các trang theo Điều 9 Thông tư 37/2020 và tài khoản đầu mối, "
        "hiệu trưởng. Chạy lại không tạo trùng. --from-csv tạo nhiều trường từ một tệp CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Tên trường, ví dụ: «Trường THCS Ba Sao».")
        parser.add_argument("--level", default="", help=f"Cấp học: {allowed_levels()}.")
        parser.add_argument("--commune", default="", help="Xã / phường của trường (bắt buộc với trường mới).")
        parser.add_argument("--hostname", default="", help="Tên miền, ví dụ: thcs-basao.example.edu.vn.")
        parser.add_argument("--contact-email", default="", help="Thư điện tử của cán bộ đầu mối.")
        parser.add_argument("--principal-email", default="", help="Thư điện tử của hiệu trưởng.")
        parser.add_argument("--port", default=None, help="Cổng của trang (mặc định: cổng của trang cơ quan).")
        parser.add_argument(
            "--from-csv",
            metavar="FILE",
            help=(
                "Tệp CSV UTF-8 (dấu phẩy hoặc chấm phẩy), dòng đầu là tiêu đề: name,level,commune,hostname,"
                "contact_email,principal_email (hoặc ten,cap,xa,ten_mien,email_dau_moi,email_hieu_truong)."
            ),
        )

    def handle(self, *args, name, from_csv, **options):
        if bool(name) == bool(from_csv):
            raise CommandError(_("Nhập tên một trường, hoặc --from-csv TỆP, không cả hai."))
        if from_csv:
            return self.from_csv(Path(from_csv))
        try:
            result = create_unit(
                name,
                level=options["level"],
                commune=options["commune"],
                hostname=options["hostname"],
                contact_email=options["contact_email"],
                principal_email=options["principal_email"],
                port=options["port"],
            )
        except ValidationError as error:
            raise CommandError("\n".join(messages_of(error))) from None
        self.report(result)

    def report(self, result):
        if not result.changes:
            self.stdout.write(_("«%(name)s»: không có gì thay đổi.") % {"name": result.school.title})
            return
        for change in result.changes:
            self.stdout.write(f"  + {change}")
        self.stdout.write(
            self.style.SUCCESS(
                (_("Đã tạo trường «%(name)s».") if result.created else _("Đã bổ sung cho trường «%(name)s»."))
                % {"name": result.school.title}
            )
        )

    def from_csv(self, path):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error}
            ) from None
        try:
            rows = read_rows(data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        bar = ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        results = import_rows(rows, progress=bar)
        for outcome in results:
            label = _("Dòng %(row)s «%(name)s»") % {"row": outcome.number, "name": outcome.name}
            if outcome.errors:
                self.stdout.write(self.style.ERROR(_("%(row)s: bị từ chối") % {"row": label}))
                for message in outcome.errors:
                    self.stdout.write(f"  - {message}")
            elif outcome.result.changes:
                created = outcome.result.created
                self.stdout.write(
                    (_("%(row)s: đã tạo") if created else _("%(row)s: đã bổ sung")) % {"row": label}
                )
                for change in outcome.result.changes:
                    self.stdout.write(f"  + {change}")
            else:
                self.stdout.write(_("%(row)s: không có gì thay đổi") % {"row": label})
        counts = summary(results)
        line = _(
            "Tổng cộng %(rows)s dòng: %(created)s trường mới, %(changed)s trường được bổ sung, "
            "%(unchanged)s không có gì thay đổi, %(error)s dòng bị từ chối."
        ) % {"rows": len(results), **counts}
        if counts["error"]:
            self.stdout.write(line)
            raise CommandError(
                _("%(count)s dòng bị từ chối (%(rows)s); các dòng khác đã được xử lý.")
                % {
                    "count": counts["error"],
                    "rows": ", ".join(str(outcome.number) for outcome in results if outcome.errors),
                }
            )
        self.stdout.write(self.style.SUCCESS(line))
