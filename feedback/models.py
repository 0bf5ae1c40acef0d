"""Readers' questions and feedback (Điều 14): the page readers use.

The records the page stores and the office answers (``Feedback``, its history, the days off)
are in ``feedback.records`` and are importable from here too, as Django expects of a models
module; the page's form handling is in ``feedback.views``, which needs the records but not
this module, so the page imports it without a cycle.
"""

from django.db import models
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from schools.models import SchoolPage
from site_kb.pages import INTRO_HELP, BasePage

from .records import (  # noqa: F401 - the app's models, importable from feedback.models
    CODE_ALPHABET,
    DEADLINE_FIELDS,
    OPEN_STATUSES,
    DayOff,
    Feedback,
    FeedbackEvent,
    FeedbackQuerySet,
    Status,
    Topic,
    new_tracking_code,
    private_storage,
    recompute_open_due_dates,
)
from .views import LOOKUP_FIELD, reader_context, receive_question


class FeedbackPage(BasePage):
    """'Hỏi đáp – Góp ý': readers send questions and feedback, check their status, and read
    the answers the office chose to publish (Điều 14)."""

    intro = models.TextField(_("giới thiệu"), blank=True, help_text=INTRO_HELP)
    privacy_note = models.TextField(
        _("ghi chú về thông tin cá nhân"),
        blank=True,
        default=_(
            "Họ tên, thư điện tử và số điện thoại của bạn chỉ dùng để trả lời, không được đăng công khai."
        ),
    )
    rate_limit = models.PositiveSmallIntegerField(
        _("số lần gửi tối đa mỗi giờ từ một địa chỉ"), default=5, help_text=_("Chống gửi tự động hàng loạt.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_note"),
        FieldPanel("rate_limit"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    # An authority's site and each school's site have their own (Circular 37/2020/TT-BGDĐT Art. 9);
    # a school's page routes its questions to that school (``routed_unit``).
    parent_page_types = ["home.HomePage", "schools.SchoolPage"]
    subpage_types = []
    max_count_per_parent = 1
    cache_publicly = False  # the form carries a CSRF token and the reader's own status

    answers_per_page = 10

    class Meta:
        verbose_name = _("trang hỏi đáp – góp ý")
        verbose_name_plural = _("trang hỏi đáp – góp ý")

    def serve(self, request, *args, **kwargs):
        """A question posted here is stored and the reader redirected; a form with errors is shown
        again (503 when the database could not store it)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        if LOOKUP_FIELD in request.POST:
            # The status lookup is posted, so the reader's e-mail or phone never sits in an address
            # (history, server logs, a printed page's footer); the answer is for this reader only.
            response = super().serve(request, *args, lookup_data=request.POST, **kwargs)
            add_never_cache_headers(response)
            return response
        redirect, form, status = receive_question(self, request, unit=self.routed_unit())
        if redirect is not None:
            return redirect
        response = super().serve(request, *args, form=form, **kwargs)
        response.status_code = status
        return response

    def get_context(self, request, *args, form=None, lookup_data=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        unit = self.routed_unit()
        context.update(reader_context(self, request, form, lookup_data, unit=unit))
        context["unit"] = unit
        return context

    def routed_unit(self):
        """The school whose site this page is on (its parent), or None for the authority's page.
        Kept for the request: the form, the answers and the assignment ask it."""
        if not hasattr(self, "_routed_unit"):
            self._routed_unit = (
                SchoolPage.objects.parent_of(self).first() if self.path and self.depth > 1 else None
            )
        return self._routed_unit
