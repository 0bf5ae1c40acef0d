"""The pages Circular 37/2020/TT-BGDĐT Art. 9 asks of a member site (issue 16.2).

A school's site must carry its introduction (with its leaders' contacts), news, documents,
admissions, drafts for comment, the public-disclosure section and a contact-and-questions page;
an authority's site its leaders' contacts, questions, news, documents and administrative
procedures. ``ensure_school_pages`` and ``ensure_authority_pages`` create whichever of them a
site lacks (published, in the menu, with Vietnamese titles and ASCII slugs) and nothing else:
an existing page of the right type under the root counts, whatever its title, so a school that
renamed or filled in its pages keeps them. ``missing_pages`` names the sections that are missing
or not live, for the member-sites report (issue 16.6).

The school's pages sit in its subtree, so its groups' page permissions (editorial.roles) cover
them: the school edits them, no other school can.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import Page

from consultations.models import ConsultationIndexPage
from directives.models import DirectiveIndexPage
from feedback.models import FeedbackPage
from news.models import NewsIndexPage
from org.models import PORTAL_URL, OrgIndexPage, ProceduresPage
from schools.models import (
    DISCLOSURE_CIRCULAR,
    AdmissionsPage,
    DisclosureIndexPage,
    SchoolNewsIndexPage,
    SchoolPage,
)


@dataclass(frozen=True)
class Section:
    """One mandatory section: its page type, the label reports use and what a new one is given."""

    model: type
    label: str
    title: str
    slug: str
    fields: dict = field(default_factory=dict)

    def content_type_id(self):
        return ContentType.objects.get_for_model(self.model).pk  # cached by Django after the first call


SCHOOL_SECTIONS = (
    Section(
        OrgIndexPage,
        _("Giới thiệu (sơ đồ tổ chức, chức năng, lãnh đạo)"),
        "Giới thiệu",
        "gioi-thieu",
    ),
    Section(SchoolNewsIndexPage, _("Tin tức"), "Tin tức", "tin-tuc"),
    Section(DirectiveIndexPage, _("Văn bản"), "Văn bản", "van-ban"),
    Section(AdmissionsPage, _("Tuyển sinh"), "Tuyển sinh", "tuyen-sinh"),
    Section(
        ConsultationIndexPage,
        _("Dự thảo lấy ý kiến"),
        "Dự thảo lấy ý kiến",
        "du-thao-lay-y-kien",
        {"intro": "Các dự thảo văn bản của nhà trường đang lấy ý kiến góp ý, kèm thời hạn góp ý."},
    ),
    Section(
        DisclosureIndexPage,
        _("Công khai"),
        "Công khai",
        "cong-khai",
        {"intro": f"Thông tin công khai của nhà trường theo {DISCLOSURE_CIRCULAR}."},
    ),
    Section(FeedbackPage, _("Hỏi đáp – Góp ý"), "Hỏi đáp – Góp ý", "hoi-dap-gop-y"),
)

AUTHORITY_SECTIONS = (
    Section(OrgIndexPage, _("Giới thiệu (thông tin liên hệ của lãnh đạo)"), "Giới thiệu", "gioi-thieu"),
    Section(NewsIndexPage, _("Tin tức"), "Tin tức", "tin-tuc"),
    Section(DirectiveIndexPage, _("Văn bản"), "Văn bản", "van-ban"),
    Section(
        ProceduresPage,
        _("Thủ tục hành chính"),
        "Thủ tục hành chính",
        "thu-tuc-hanh-chinh",
        {
            "intro": (
                "Các thủ tục hành chính trong lĩnh vực giáo dục và đào tạo được tiếp nhận, giải quyết "
                f"trực tuyến trên Cổng Dịch vụ công quốc gia ({PORTAL_URL})."
            )
        },
    ),
    Section(FeedbackPage, _("Hỏi đáp – Góp ý"), "Hỏi đáp – Góp ý", "hoi-dap-gop-y"),
)


def sections_for(root_page):
    """A school's sections for a SchoolPage, an authority's for any other root (its home page)."""
    return SCHOOL_SECTIONS if issubclass(root_page.specific_class, SchoolPage) else AUTHORITY_SECTIONS


def free_slug(slug, taken):
    """``slug``, or ``slug-2``, ``slug-3``… when a sibling already has it."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _ensure(root, sections, user):
    children = Page.objects.child_of(root).values_list("content_type_id", "slug")
    present = {content_type for content_type, _slug in children}
    taken = {slug for _content_type, slug in children}
    created = []
    with transaction.atomic():
        for section in sections:
            if section.content_type_id() in present:
                continue
            slug = free_slug(section.slug, taken)
            taken.add(slug)
            page = section.model(
                title=section.title, slug=slug, show_in_menus=True, owner=user, **section.fields
            )
            root.add_child(instance=page)
            log(instance=page, action="wagtail.create", user=user)
            page.save_revision(user=user, log_action=False).publish(user=user)
            created.append(page)
    return created


def ensure_school_pages(school, user=None):
    """Create the Art. 9 pages ``school`` (a SchoolPage) lacks; return only those created."""
    return _ensure(school, SCHOOL_SECTIONS, user)


def ensure_authority_pages(home, user=None):
    """Create the Art. 9 pages the authority's ``home`` lacks; return only those created."""
    return _ensure(home, AUTHORITY_SECTIONS, user)


def missing_pages(root_page):
    """Labels of the mandatory sections missing or not live under ``root_page`` (a school's page
    or an authority's home), in the order Art. 9 lists them. One query."""
    sections = sections_for(root_page)
    live = set(
        Page.objects.child_of(root_page)
        .live()
        .filter(content_type_id__in=[section.content_type_id() for section in sections])
        .values_list("content_type_id", flat=True)
    )
    return [str(section.label) for section in sections if section.content_type_id() not in live]
