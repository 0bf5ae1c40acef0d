"""Where a user may put an imported article: the sections Wagtail lets him add a NewsPage to (Điều 11).

Wagtail's page permissions decide, so a school contact sees only his own school and
office staff only the office's news sections, exactly as in the page explorer.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection, Page
from wagtail.permissions import page_permission_policy

from editorial.models import SchoolAccess
from news.models import NewsIndexPage, NewsPage
from schools.models import SchoolPage

OFFICE_GROUP = _("Chuyên mục tin của Phòng")
SCHOOL_GROUP = _("Trường học")


def can_add_news_under(user, parent):
    return NewsPage.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage()


def sections_for_user(user):
    """NewsIndexPages and SchoolPages (as plain Pages, in tree order) where ``user`` may add a NewsPage."""
    if not user.is_authenticated or not user.is_active:
        return []
    candidates = (
        page_permission_policy.instances_user_has_any_permission_for(user, {"add"})
        .type(NewsIndexPage, SchoolPage)
        .order_by("path")
    )
    return [page for page in candidates if can_add_news_under(user, page)]


def can_import(user):
    return bool(sections_for_user(user))


def grouped_choices(sections):
    """Select choices grouped by kind of section; a repeated section title is told apart by its parent."""
    titles = [page.title for page in sections]
    repeated = {title for title in titles if titles.count(title) > 1}
    parent_titles = {}
    if repeated:
        parent_paths = {page.path[: -Page.steplen] for page in sections if page.title in repeated}
        parent_titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    office, schools = [], []
    for page in sections:
        label = page.title
        if page.title in repeated:
            label = f"{page.title} ({parent_titles.get(page.path[: -Page.steplen], '')})"
        (schools if issubclass(page.specific_class, SchoolPage) else office).append((str(page.pk), label))
    schools.sort(key=lambda choice: choice[1])
    return [
        (group, choices) for group, choices in ((OFFICE_GROUP, office), (SCHOOL_GROUP, schools)) if choices
    ]


def collection_for(parent):
    """The collection imported pictures go to: the school's own one, else the root (office) collection."""
    if isinstance(parent, SchoolPage):
        access = SchoolAccess.objects.filter(school=parent).select_related("collection").first()
        if access is not None:
            return access.collection
    return Collection.get_first_root_node()
