"""Organisation settings and the page mixins every page family shares."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .contact import ContactFields
from .forms import NFCAdminModelForm


@register_setting(icon="site")
class OrganisationSettings(ContactFields, BaseSiteSetting):
    """Who runs this Site: read by every template, so no office is named in code.

    One record per Wagtail Site, so one install can serve several units
    (member sites under Circular 37/2020/TT-BGDĐT).
    """

    base_form_class = NFCAdminModelForm  # NFC before length checks (site_kb.forms)

    name = models.CharField(
        _("tên cơ quan"),
        max_length=255,
        default="Cổng thông tin giáo dục",
        help_text=_(
            "Tên đầy đủ của cơ quan hoặc trường sở hữu trang, hiện ở đầu mọi trang, ví dụ: "
            "Sở Giáo dục và Đào tạo tỉnh A, UBND xã B hoặc Trường THCS C."
        ),
    )
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=80,
        blank=True,
        help_text=_("Ví dụ: Sở GD&ĐT tỉnh A hoặc THCS C. Dùng ở tiêu đề tab trình duyệt."),
    )
    parent_authority = models.CharField(
        _("cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Hiện phía trên tên cơ quan, ví dụ: UBND tỉnh A, hoặc UBND xã B cho một trường."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_responsible = models.CharField(
        _("người chịu trách nhiệm nội dung"),
        max_length=255,
        blank=True,
        help_text=_(
            "Họ tên và chức vụ, hiện ở chân mọi trang (Thông tư 37/2020/TT-BGDĐT Điều 9), "
            "ví dụ: Nguyễn Văn A, Hiệu trưởng."
        ),
    )
    footer_text = models.TextField(
        _("chân trang"),
        blank=True,
        help_text=_("Ví dụ: số giấy phép, ghi chú bản quyền."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("parent_authority"),
                FieldPanel("logo"),
            ],
            heading=_("Cơ quan"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Liên hệ"),
        ),
        MultiFieldPanel(
            [FieldPanel("person_responsible"), FieldPanel("footer_text")],
            heading=_("Chân trang"),
        ),
    ]

    class Meta:
        verbose_name = _("thông tin cơ quan")
        verbose_name_plural = _("thông tin cơ quan")

    def __str__(self):
        return self.name

    @property
    def display_short_name(self):
        return self.short_name or self.name


class HostRedirect(models.Model):
    """An old hostname of a Site, answered with a permanent redirect to the same path on the Site's
    current address (issue 16.5: a school renamed or merged keeps every old link working; Circular
    37/2020/TT-BGDĐT Art. 3 gives each member site its ``edu.vn`` address, which may change).

    The host check (site_kb.sites) accepts these hostnames in production and redirects them before
    any page is looked up; a hostname still used by a Site cannot be recorded here.
    """

    hostname = models.CharField(
        _("tên miền cũ"),
        max_length=255,
        unique=True,
        help_text=_("Chỉ tên miền, không có http:// hay đường dẫn, ví dụ: thcs-a.xa-b.tinh-c.edu.vn."),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("chuyển đến trang"),
        on_delete=models.CASCADE,
        related_name="host_redirects",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    base_form_class = NFCAdminModelForm  # NFC before length checks (site_kb.forms)
    panels = [FieldPanel("hostname"), FieldPanel("site")]

    class Meta:
        ordering = ["hostname"]
        verbose_name = _("tên miền cũ")
        verbose_name_plural = _("tên miền cũ")

    def __str__(self):
        return self.hostname

    def clean(self):
        self.hostname = (self.hostname or "").strip().lower().rstrip(".")
        if not self.hostname or any(char in self.hostname for char in "/:@ ") or "." not in self.hostname:
            raise ValidationError({"hostname": _("Nhập một tên miền, ví dụ: truong.example.edu.vn.")})
        if Site.objects.filter(hostname__iexact=self.hostname).exists():
            raise ValidationError({"hostname": _("Tên miền này đang được một trang sử dụng.")})


class CachePurgeFailure(models.Model):
    """A purge a frontend cache (Varnish) refused or never answered, after its retries (issue 17):
    publishing went on, but readers may see the old page there until it expires. The IT officer
    sees these in the admin (Báo cáo → Lỗi xoá bộ nhớ đệm, and on the dashboard for a day) and
    checks the cache server; ``site_kb.frontend_cache`` writes them, never the editors."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    location = models.CharField(_("máy chủ bộ nhớ đệm"), max_length=500)
    tags = models.TextField(_("thẻ cần xoá"), blank=True)
    url = models.TextField(_("địa chỉ cần xoá"), blank=True)
    error = models.TextField(_("lỗi"))
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lỗi xoá bộ nhớ đệm")
        verbose_name_plural = _("lỗi xoá bộ nhớ đệm")

    def __str__(self):
        return f"{self.location}: {self.error}"


class JobLock(models.Model):
    """Who runs a scheduled job now (issue 17.5): every app server's timers start the same jobs, and
    the row in the shared database lets one of them run it (site_kb.locks). ``expires_at`` is a
    lease the holder extends while it runs, so a crashed host's lock is taken over once it lapses."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=255)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("khoá việc định kỳ")
        verbose_name_plural = _("khoá việc định kỳ")

    def __str__(self):
        return self.name


def paginate(request, queryset, per_page, keys=None):
    """The requested page of a listing; bad or out-of-range numbers give the first or last page
    instead of an error (Django's ``get_page``).

    With ``keys`` (the listing's primary keys in the same order, a query that an index answers
    alone), a long listing is paginated by ``KeyedPaginator``: its count stops a few pages past
    the requested one and ``?page=500`` slices the keys, not the joined rows (issue 17).
    ``queryset`` may be a function returning it: with ``keys`` it is called only when the page's
    objects are read (``KeyedObjects``)."""
    if keys is None:
        if callable(queryset):
            queryset = queryset()
        return Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return KeyedPaginator(queryset, keys, per_page, request.GET.get("page")).get_page(request.GET.get("page"))


class KeyedPaginator(Paginator):
    """Pages of ``objects`` found through ``keys``, with a bounded count (issue 17, part 7).

    - The count reads at most ``LOOKAHEAD_PAGES`` pages past the requested one, so page 1 of
      50,000 articles counts 73 keys (12 a page), not 50,000; ``count_is_exact`` says whether the
      end was reached (the pagination then shows "Trang 3 / 7", otherwise "Trang 3" and a next link).
    - A page is the slice of ``keys`` (an index-only scan, even at ``OFFSET 5988``), then its
      objects fetched by key in one query when first used (``KeyedObjects``).
    """

    LOOKAHEAD_PAGES = 5
    MAX_PAGE = 1_000_000  # a larger ?page= is read as this (then the last page): no SQL overflow

    def __init__(self, objects, keys, per_page, requested=None):
        super().__init__(keys, per_page)
        self.objects = objects
        try:
            self.requested = min(max(int(str(requested).strip()), 1), self.MAX_PAGE)
        except (TypeError, ValueError):
            self.requested = 1
        self.count_is_exact = True

    @cached_property
    def count(self):
        limit = (self.requested + self.LOOKAHEAD_PAGES) * self.per_page + 1
        found = self.object_list[:limit].count()
        self.count_is_exact = found < limit
        return found

    def get_page(self, number):
        """Like Django's, but a number below 1 gives the first page (the last one is not counted)."""
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages if self.requested > 1 else 1
        return self.page(number)

    def _get_page(self, keys, number, paginator):
        return super()._get_page(KeyedObjects(self.objects, keys), number, paginator)


class KeyedObjects(Sequence):
    """The objects of ``keys`` (primary keys, in the order shown), fetched from ``objects`` (a
    queryset, or a function returning it, so that building it costs nothing either) in one query
    on first use, in the keys' order (an object the keys named but that query no longer finds
    is left out).

    ``keys`` is known before the objects are read, so a template can name a page of a listing by
    its keys and take its rendered cards from the fragment cache (``{% cached_fragment %}``,
    site_kb.fragment_cache): on a hit the articles, their thumbnails and the cards are never read
    nor rendered (issue 17). ``bool()`` asks the keys only; iterating, indexing or ``len()`` reads
    the objects."""

    def __init__(self, objects, keys):
        self.objects = objects
        self.keys = list(keys)
        self._found = None

    def _fetch(self):
        if self._found is None:
            objects = self.objects() if callable(self.objects) else self.objects
            by_key = {obj.pk: obj for obj in objects.filter(pk__in=self.keys)}
            self._found = [by_key[key] for key in self.keys if key in by_key]
        return self._found

    def __bool__(self):
        return bool(self.keys)

    def __len__(self):
        return len(self._fetch())

    def __getitem__(self, index):
        if not isinstance(index, int | slice):
            # A template's ``{{ list.keys }}`` tries ``list["keys"]`` first: no query for that.
            raise TypeError(f"KeyedObjects indices must be integers or slices, not {type(index).__name__}")
        return self._fetch()[index]

    def __iter__(self):
        return iter(self._fetch())
