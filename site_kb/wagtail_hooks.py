"""The public cache policy on every route of every page (issue 13.2); the editor's own script
and content checker (issue 15)."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail import hooks

from .content_checks import use_vietnamese_checker
from .pages import BasePage
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
