"""Behaviour shared by every public page type."""

from django.conf import settings
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from site_kb.folding import folded_copy, searchable_text

from .forms import NFCAdminPageForm
from .review_flag import REVIEW_FLAG, ReviewFlagPanel

FOLDED_FIELDS = ("search_folded", "search_folded_title")


class BasePage(Page):
    """Abstract base for the site's pages: anonymous readers get cacheable responses.

    Browsers and a reverse proxy in front of the app servers may keep a public
    page for ``PUBLIC_PAGE_CACHE_SECONDS``; Wagtail's frontend cache purges it
    on publish when ``FRONTEND_CACHE_PURGE_URL`` is configured. The policy is
    ``apply_cache_headers``, applied to every route a page serves (its own address
    and a RoutablePageMixin's routes: feeds, iCalendar) by the ``on_serve_page``
    hook in ``site_kb.wagtail_hooks``; no page type re-applies it.
    """

    needs_leadership_review = models.BooleanField(
        _("cần xin ý kiến lãnh đạo"),
        default=False,
        help_text=_(
            "Đánh dấu khi cần xin ý kiến lãnh đạo phòng về nội dung và thời điểm đăng (Điều 13.2c): "
            "trang sẽ chờ lãnh đạo duyệt sau Ban biên tập."
        ),
    )

    settings_panels = Page.settings_panels + [ReviewFlagPanel(REVIEW_FLAG)]

    # Folded copies let "giao duc" find "giáo dục" on every search backend (site_kb.folding).
    search_fields = Page.search_fields + [
        index.SearchField("search_folded_title", boost=2),
        index.SearchField("search_folded"),
    ]

    # Text is normalised to NFC before the editor form checks lengths (site_kb.forms).
    base_form_class = NFCAdminPageForm

    is_creatable = False
    cache_publicly = True  # False for pages with forms or per-reader content

    class Meta:
        abstract = True

    def search_folded_title(self):
        return folded_copy(self.title)

    def search_folded(self):
        return folded_copy(searchable_text(self, self.get_search_fields(), skip=FOLDED_FIELDS + ("title",)))

    def get_view_restrictions(self):
        """Kept on the instance: Wagtail's check before serving and ``apply_cache_headers``
        after it share one query (the queryset's results) per page view."""
        if self._view_restrictions is None:
            self._view_restrictions = super().get_view_restrictions()
        return self._view_restrictions

    _view_restrictions = None

    def apply_cache_headers(self, request, response):
        """Public caching for anonymous readers of public pages; private for everyone else."""
        if (
            request.method == "GET"
            and not getattr(request, "is_preview", False)
            and not request.user.is_authenticated
            and response.status_code == 200
            and self.cache_publicly
            and not self.get_view_restrictions().exists()
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response


INTRO_HELP = _("Một vài câu giới thiệu hiện ở đầu trang.")


class SectionIndexPage(BasePage):
    """Abstract base for a section's index page (news, schools, directives, organisation):
    a short introduction above the listing its subclass builds in ``get_context``."""

    intro = models.TextField(_("giới thiệu"), blank=True, help_text=INTRO_HELP)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True
