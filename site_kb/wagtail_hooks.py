"""The public cache policy on every route of every page (issue 13.2); the editor's own script
and content checker (issue 15); one address per page across member sites (issue 16); the failed
Varnish purges for the IT officer (issue 17)."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from . import purge_failures
from .admin_ui import PermissionMenuItem
from .content_checks import use_vietnamese_checker
from .models import HostRedirect
from .pages import BasePage
from .sites import canonical_url_parts
from .urlparams import legacy_redirect


@hooks.register("on_serve_page")
def apply_cache_policy(serve):
    """After any route of a BasePage is served (the page itself, a RoutablePageMixin's routes such
    as feeds and the iCalendar file, a view restriction's login or password form), its response
    carries the Cache-Control of ``BasePage.apply_cache_headers``: the one policy, one place."""

    def serve_with_cache_policy(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        if isinstance(page, BasePage):
            page.apply_cache_headers(request, response)
        return response

    return serve_with_cache_policy


@hooks.register("before_serve_page", order=-100)
def redirect_to_canonical_site(page, request, serve_args, serve_kwargs):
    """A page of a school's member site asked for through the authority's address (or any Site
    containing it but not its deepest) answers 301 to the same page on its own host, with the
    rest of the path (a feed's ``rss/``) and the query string (issue 16: one address per page,
    Circular 37/2020/TT-BGDĐT Art. 3). Wagtail found the page through the request's Site, so
    the part of the path below the page is what follows the page's address on that Site.

    Previews and the admin never pass through here (Wagtail's serve view alone calls this hook).
    A form posted to the old address is redirected with 308, which keeps the method."""
    site = Site.find_for_request(request)
    parts = canonical_url_parts(page, request)
    if site is None or parts is None or parts[1] is None or parts[0] == site.pk:
        return None
    _site_id, root_url, page_path = parts
    local_path = page.url_path[len(site.root_page.url_path) - 1 :]
    rest = request.path_info[len(local_path) :] if request.path_info.startswith(local_path) else ""
    query = request.META.get("QUERY_STRING", "")
    target = f"{root_url}{page_path}{rest}{'?' + query if query else ''}"
    if request.method in ("GET", "HEAD"):
        response = HttpResponsePermanentRedirect(target)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response
    response = HttpResponsePermanentRedirect(target, status=308)
    patch_cache_control(response, private=True, no_store=True)
    return response


@hooks.register("before_serve_page")
def redirect_english_filters(page, request, serve_args, serve_kwargs):
    """An address shared with an old English filter (``?category=office``) is answered with a
    permanent redirect to its Vietnamese form (``?loai=hoat-dong-phong``): site_kb.urlparams."""
    params = getattr(page, "public_params", ())
    if params and request.method in ("GET", "HEAD"):
        target = legacy_redirect(request, params)
        if target is not None:
            return HttpResponsePermanentRedirect(target)
    return None


@hooks.register("insert_editor_js")
def flush_draftail_before_save():
    """Text typed just before "Lưu nháp" or Ctrl+S reaches the form (issue 15, item 6): see the
    script's own comment for why, and when to remove it (a Wagtail bug reported upstream)."""
    return format_html('<script src="{}"></script>', static("js/admin/draftail-flush.js"))


@hooks.register("insert_editor_js")
def vietnamese_table_editor():
    """The table block's editor in Vietnamese, and no console error for a language Handsontable
    lacks (found by the school contact's browser path, tests/e2e/test_roles.py): see the script.
    The editor's form media (Handsontable) comes before this hook's output."""
    return format_html('<script src="{}"></script>', static("js/admin/handsontable-vi.js"))


@hooks.register("insert_global_admin_js")
def name_unnamed_admin_controls():
    """Accessible names for the rich-text editor, the chooser modal, the multiple-upload file
    input and its progress bars, which Wagtail renders without one (issue 15, Build 3; WCAG
    4.1.2): see the script."""
    return format_html(
        '<script src="{}" data-progress-label="{}"></script>',
        static("js/admin/accessible-names.js"),
        _("Tiến độ tải lên"),
    )


@hooks.register("insert_global_admin_css")
def readable_admin_messages():
    """The upload's duplicate warning in a colour that can be read (WCAG 1.4.3): see the sheet."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin/contrast.css"))


@hooks.register("construct_wagtail_userbar")
def vietnamese_content_checker(request, items, page):
    """The content checker of the editor's "Kiểm tra" panel and of the userbar, in Vietnamese and
    with our rules (site_kb.content_checks)."""
    use_vietnamese_checker(items)


class HostRedirectIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site")  # the Site column: no query per row


class HostRedirectViewSet(ModelViewSet):
    """Tên miền cũ (issue 16.5): old hostnames of a member site, each answered 301 to the same path
    on its Site's current address (site_kb.middleware.SiteHostMiddleware). The authority's IT
    officer holds the rights (editorial.roles); nobody else sees the menu item or the views."""

    model = HostRedirect
    name = "old_hostnames"
    url_prefix = "ten-mien-cu"
    icon = "redirect"
    menu_label = gettext_lazy("Tên miền cũ")
    add_to_settings_menu = True
    menu_order = 360
    index_view_class = HostRedirectIndexView
    list_display = ["hostname", "site", "created_at"]
    search_fields = ["hostname", "site__hostname"]
    search_backend_name = None  # the database's icontains: HostRedirect is not in the search index
    ordering = "hostname"
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False


@hooks.register("register_admin_viewset")
def register_old_hostnames():
    return HostRedirectViewSet()


@hooks.register("register_admin_urls")
def register_purge_failure_urls():
    return purge_failures.report_urls()


@hooks.register("register_reports_menu_item")
def register_purge_failure_menu_item():
    """Lỗi xoá bộ nhớ đệm (issue 17): the failed Varnish purges, for the IT officer only."""
    return PermissionMenuItem(
        gettext_lazy("Lỗi xoá bộ nhớ đệm"),
        reverse("site_kb_purge_failures:index"),
        name="cache-purge-failures",
        icon_name="warning",
        order=1400,
        permission=purge_failures.PERMISSION,
    )


@hooks.register("construct_homepage_panels")
def add_purge_failure_panel(request, panels):
    panel = purge_failures.dashboard_panel(request.user)
    if panel is not None:
        panels.append(panel)
