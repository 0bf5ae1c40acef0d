"""Member sites of an education authority (Circular 37/2020/TT-BGDĐT Art. 3, 9).

The authority provides its schools' member sites (Art. 3) and answers for what they carry
(Art. 9); ``MemberSitePolicy`` holds the yardsticks its member-sites report (``units.reports``)
measures them by.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from site_kb.forms import NFCAdminModelForm

MONTH_MESSAGE = _("Tháng bắt đầu năm học phải từ 1 đến 12.")
QUIET_DAYS_MESSAGE = _("Số ngày phải từ 1 đến 365.")


@register_setting(icon="site")
class MemberSitePolicy(BaseGenericSetting):
    """The authority's minimum for its schools' sites, one for the whole install.

    Circular 37/2020 sets no number: departments that grade their schools' sites set their own
    (often 40 articles a school year). The school year runs from the first day of
    ``school_year_start_month`` (September, MOET's school-year calendar) for twelve months.
    Edited by the authority's IT officer (``units.change_membersitepolicy``); the member-sites
    report is for the board and the IT officer (``units.view_member_sites_report``).
    """

    min_articles_per_year = models.PositiveIntegerField(
        _("số tin tối thiểu mỗi năm học"),
        default=40,
        help_text=_(
            "Số tin bài mỗi trang thành viên phải đăng trong một năm học; 0 là không đặt mức tối thiểu."
        ),
    )
    school_year_start_month = models.PositiveSmallIntegerField(
        _("tháng bắt đầu năm học"),
        default=9,
        validators=[MinValueValidator(1, MONTH_MESSAGE), MaxValueValidator(12, MONTH_MESSAGE)],
        help_text=_("Năm học tính từ ngày 1 của tháng này, kéo dài 12 tháng (mặc định: 1/9 đến 31/8)."),
    )
    quiet_days = models.PositiveSmallIntegerField(
        _("số ngày không có tin mới thì cần chú ý"),
        default=30,
        validators=[MinValueValidator(1, QUIET_DAYS_MESSAGE), MaxValueValidator(365, QUIET_DAYS_MESSAGE)],
        help_text=_("Trang thành viên không đăng gì trong ngần ấy ngày được đánh dấu cần chú ý."),
    )

    base_form_class = NFCAdminModelForm
    panels = [
        FieldPanel("min_articles_per_year"),
        FieldPanel("school_year_start_month"),
        FieldPanel("quiet_days"),
    ]

    class Meta:
        verbose_name = _("quy định trang thành viên")
        verbose_name_plural = _("quy định trang thành viên")
        permissions = [("view_member_sites_report", _("Xem báo cáo trang thành viên"))]

    def __str__(self):
        return str(self._meta.verbose_name)

    def school_year(self, today):
        """(first day, last day) of the school year containing ``today``."""
        month = self.school_year_start_month
        year = today.year if today.month >= month else today.year - 1
        start = datetime.date(year, month, 1)
        end = datetime.date(year + 1, month, 1) - datetime.timedelta(days=1)
        return start, end

    def expected_so_far(self, today):
        """Articles a site should have by ``today`` at an even pace towards the yearly minimum
        (rounded down: nothing is expected on the first days of the year)."""
        start, end = self.school_year(today)
        elapsed = (today - start).days + 1
        return self.min_articles_per_year * elapsed // ((end - start).days + 1)
