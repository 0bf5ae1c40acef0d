"""manage.py check_links: find dead addresses in the link directory (Điều 7), e.g. nightly from cron.

Every link is checked (a failure never stops the run), the result is recorded on the link for
the admin list, a table is printed, and the exit status is 1 when any link is broken so cron
can alert the IT officer. Broken links stay on the site unless ``--deactivate-broken`` is given.
"""

from argparse import ArgumentTypeError
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from links.checking import REDIRECTED, check_url
from links.models import ExternalLink

TITLE_WIDTH = 36
LABEL_WIDTH = 18


def positive_float(value):
    try:
        number = float(value)
    except ValueError:
        number = 0
    if not number > 0:
        raise ArgumentTypeError(_("“%(value)s” không phải số giây dương.") % {"value": value})
    return number


def positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(_("“%(value)s” không phải số nguyên dương.") % {"value": value})
    return number


def cell(text, width):
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


class Command(BaseCommand):
    help = (
        "Kiểm tra các liên kết website: ghi kết quả vào từng liên kết, in bảng tổng hợp, "
        "trả mã lỗi 1 khi có liên kết hỏng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", dest="include_inactive", help=_("Kiểm tra cả liên kết đang ẩn.")
        )
        parser.add_argument(
            "--timeout",
            type=positive_float,
            default=10.0,
            help=_("Số giây chờ mỗi máy chủ trả lời (mặc định 10)."),
        )
        parser.add_argument(
            "--workers", type=positive_int, default=4, help=_("Số liên kết kiểm tra cùng lúc (mặc định 4).")
        )
        parser.add_argument(
            "--deactivate-broken",
            action="store_true",
            help=_("Ẩn khỏi trang web các liên kết hỏng (bỏ chọn “đang hiển thị”)."),
        )

    def handle(self, *args, include_inactive, timeout, workers, deactivate_broken, **options):
        links = list(ExternalLink.objects.select_related("category"))
        if not include_inactive:
            links = [link for link in links if link.active]
        if not links:
            self.stdout.write(_("Không có liên kết nào để kiểm tra."))
            return

        with ThreadPoolExecutor(max_workers=min(workers, len(links))) as pool:
            results = list(pool.map(lambda link: check_url(link.url, timeout), links))

        checked_at = timezone.now()
        fields = ["last_checked_at", "last_status", "is_broken"]
        hidden = []
        for link, result in zip(links, results, strict=True):
            link.last_checked_at = checked_at
            link.last_status = result.summary
            link.is_broken = result.broken
            if deactivate_broken and result.broken and link.active:
                link.active = False
                hidden.append(link)
        if deactivate_broken:
            fields.append("active")
        ExternalLink.objects.bulk_update(links, fields)

        self.print_table(links, results)
        broken = sum(result.broken for result in results)
        redirected = sum(result.outcome == REDIRECTED for result in results)
        self.stdout.write(
            _(
                "Đã kiểm tra %(total)d liên kết: %(ok)d hoạt động (%(redirected)d chuyển hướng), %(broken)d hỏng."
            )
            % {"total": len(links), "ok": len(links) - broken, "redirected": redirected, "broken": broken}
        )
        for link in hidden:
            self.stdout.write(_("Đã ẩn khỏi trang web: %(title)s") % {"title": link.title})
        if broken:
            raise CommandError(_("Có %(count)d liên kết hỏng.") % {"count": broken}, returncode=1)

    def print_table(self, links, results):
        header = (
            f"{_('TT'):>3}  {cell(_('Tình trạng'), LABEL_WIDTH):<{LABEL_WIDTH}}  "
            f"{cell(_('Liên kết'), TITLE_WIDTH):<{TITLE_WIDTH}}  {_('Kết quả')}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for number, (link, result) in enumerate(zip(links, results, strict=True), start=1):
            style = self.style.ERROR if result.broken else self.style.SUCCESS
            label = style(f"{cell(result.label, LABEL_WIDTH):<{LABEL_WIDTH}}")
            self.stdout.write(
                f"{number:>3}  {label}  {cell(link.title, TITLE_WIDTH):<{TITLE_WIDTH}}  {result.summary}"
            )
            self.stdout.write(f"{'':>3}  {'':<{LABEL_WIDTH}}  {link.url}")
