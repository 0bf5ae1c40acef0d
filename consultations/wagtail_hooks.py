"""Admin menu "Góp ý dự thảo" and a button to a draft's comments on its admin page (Điều 6.3)."""

from wagtail import hooks

from .admin_views import DraftCommentViewSet, draft_comments_button


@hooks.register("register_admin_viewset")
def register_draft_comment_viewset():
    return DraftCommentViewSet("draft_comments", url_prefix="gop-y-du-thao")


@hooks.register("register_page_header_buttons")
def draft_comments_header_button(page, user, view_name, next_url=None):
    button = draft_comments_button(page, user)
    if button is not None:
        yield button
