"""Small builders for page trees in tests: real pages, saved through Wagtail's tree API."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from PIL import Image as PILImage

from directives.models import DirectiveIndexPage, DirectivePage, DocumentKind, IssuingBody
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schools.models import SchoolIndexPage, SchoolPage


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_image(title="Ảnh thử", colour=(30, 120, 200)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 40), colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.replace(' ', '-')}.png")
    )


def make_site():
    """A HomePage as the default Site's root, with one section of each kind."""
    root = Page.get_first_root_node()
    home = publish(root, HomePage(title="Trang chủ", slug="trang-chu-thu"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Thử"},
    )
    sections = {
        "org": publish(home, OrgIndexPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True)),
        "directives": publish(home, DirectiveIndexPage(title="Văn bản", slug="van-ban", show_in_menus=True)),
        "news": publish(home, NewsIndexPage(title="Tin tức", slug="tin-tuc", show_in_menus=True)),
        "schools": publish(home, SchoolIndexPage(title="Trường học", slug="truong-hoc", show_in_menus=True)),
    }
    return home, sections


def make_news(parent, n, *, image=None, prefix="tin"):
    pages = []
    for i in range(n):
        pages.append(
            publish(
                parent,
                NewsPage(
                    title=f"Tin số {i} về hoạt động giáo dục",
                    slug=f"{prefix}-{i}",
                    date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                    lead="Tóm tắt tin.",
                    listing_image=image,
                    body=[("paragraph", "<p>Nội dung.</p>")],
                ),
            )
        )
    return pages


def make_school(parent, i, level="thcs"):
    return publish(
        parent,
        SchoolPage(
            title=f"Trường số {i}",
            slug=f"truong-{i}",
            level=level,
            commune="Ba Sao",
            principal_name="Nguyễn Văn A",
        ),
    )


def make_directive(parent, i=1, number=None):
    return publish(
        parent,
        DirectivePage(
            title=f"Văn bản số {i}",
            slug=f"van-ban-{i}",
            number=number or f"{i}/QĐ-P{parent.pk}",
            doc_type=DocumentKind.coded("quyet-dinh"),
            issuing_body=IssuingBody.named("Phòng GD&ĐT"),
            signed_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            summary="Về việc thử nghiệm.",
        ),
    )


def make_org_unit(parent, i=1, kind="unit"):
    return publish(parent, OrgUnitPage(title=f"Bộ phận {i}", slug=f"bo-phan-{i}", kind=kind))


def make_user(username, *groups):
    """A user in ``groups`` whose e-mail and name derive from ``username``; password "pw"."""
    account = get_user_model().objects.create_user(
        username, f"{username}@truong.test", "pw", first_name=username
    )
    account.groups.add(*groups)
    return account


def make_superuser(username="quantri"):
    """A superuser, e-mail and name derived from ``username`` as ``make_user``; password "pw"."""
    return get_user_model().objects.create_superuser(
        username, f"{username}@truong.test", "pw", first_name=username
    )


def news_form(title, slug, **extra):
    """The page editor's POST data for a NewsPage, as a browser would send it."""
    data = {
        "title": title,
        "slug": slug,
        "lead": "Tóm tắt tin.",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung tin.</p>"))]),
        "date": "2026-11-20",
        "category": "office",
        "tags": "",
        "comments": inline_formset([]),
        "contributors": inline_formset([]),
        **extra,
    }
    return nested_form_data(data)
