"""``manage.py prepare_member_sites``: bring a single-office database to the member-site layout
(issue 16.10; Circular 37/2020/TT-BGDĐT Art. 3, 9), after ``migrate``.

It only adds what is missing, and never removes or moves a page, revision, image, document,
reader's question or permission: the roles and workflows as ``editorial.roles.setup_roles`` sets
them (a school IT officer group, the workflow choice of each school), the Art. 9 pages of the
authority's home page and of every school. Run again, it changes nothing and says so. The
schools stay where they were, each at its old address under the authority's; give a school its
own address afterwards with ``create_unit "<its name>" --hostname …``, which adds only its Site.
"""

import sys

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowPage,
    WorkflowTask,
)

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from schools.models import SchoolPage
from units.art9 import ensure_authority_pages, ensure_school_pages
from units.progress import ProgressBar
from units.services import authority_site

# What setup_roles may add, counted before and after, with how the change is told.
COUNTED = (
    (lambda: Group.objects.count(), gettext_noop("Thêm %(count)s nhóm người dùng")),
    (lambda: Group.permissions.through.objects.count(), gettext_noop("Thêm %(count)s quyền của nhóm")),
    (lambda: GroupPagePermission.objects.count(), gettext_noop("Thêm %(count)s quyền trên trang của nhóm")),
    (
        lambda: GroupCollectionPermission.objects.count(),
        gettext_noop("Thêm %(count)s quyền trên thư mục ảnh, tài liệu"),
    ),
    (lambda: Collection.objects.count(), gettext_noop("Thêm %(count)s thư mục ảnh, tài liệu")),
    (lambda: WorkflowTask.objects.count(), gettext_noop("Thêm %(count)s bước duyệt vào quy trình")),
    (lambda: WorkflowPage.objects.count(), gettext_noop("Gán quy trình duyệt cho %(count)s mục")),
    (lambda: SchoolAccess.objects.count(), gettext_noop("Thiết lập quyền cho %(count)s trường")),
)


class Command(BaseCommand):
    help = (
        "Chuẩn bị cơ sở dữ liệu một cơ quan (bản trước) cho trang thành viên, sau migrate: vai trò, quy trình "
        "duyệt của từng trường, các trang theo Điều 9 Thông tư 37/2020 cho trang chủ và mọi trường. Chỉ thêm "
        "phần còn thiếu, không xoá hay di chuyển gì; chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        try:
            home = authority_site().root_page
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if home.depth != 2:
            raise CommandError(_("Trang mặc định không đặt ở trang chủ của cơ quan quản lý."))
        changes = []

        before = [count() for count, _message in COUNTED]
        setup_roles()
        for (count, message), old in zip(COUNTED, before, strict=True):
            if (added := count() - old) > 0:
                changes.append(_(message) % {"count": added})

        for page in ensure_authority_pages(home.specific):
            changes.append(_("Tạo trang «%(title)s» của trang chủ") % {"title": page.title})

        schools = list(SchoolPage.objects.order_by("path"))
        bar = ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        pages, completed = 0, 0
        for done, school in enumerate(schools, start=1):
            created = ensure_school_pages(school)
            pages += len(created)
            completed += bool(created)
            bar(done, len(schools))
        if pages:
            changes.append(
                _("Tạo %(pages)s trang theo Điều 9 cho %(schools)s trường")
                % {"pages": pages, "schools": completed}
            )

        if not changes:
            self.stdout.write(_("Không có gì thay đổi."))
            return
        for change in changes:
            self.stdout.write(f"  + {change}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã chuẩn bị %(schools)s trường và trang chủ; tổng số trang: %(pages)s.")
                % {"schools": len(schools), "pages": Page.objects.count()}
            )
        )
