"""Demo contributors (Điều 10) and one article cited from another source (Điều 9).

Contributors are looked up by name; credits are attached to an article when it is built
(so they are part of its first revision) and the cited article is a page found by its slug,
so a second run creates nothing.
"""

import datetime

from contributors.models import Contributor, PageContributor, WorkRole
from news.models import NewsCategory, NewsPage

from .helpers import block_id, local_datetime, paragraph

CONTRIBUTORS = [
    # name, unit, school slug, usual role
    ("Nguyễn Thị Thu Hà", "Bộ phận Giáo dục Tiểu học", None, "author"),
    ("Trần Văn Quang", "Bộ phận Giáo dục Trung học cơ sở", None, "author"),
    ("Vũ Thị Lan Anh", "Bộ phận Giáo dục Mầm non", None, "collaborator"),
    ("Lê Minh Nguyệt", "Ban biên tập Website", None, "editor"),
    ("Đinh Thị Mai", "", "truong-thcs-ba-sao", "collaborator"),
]
AUTHORS = ["Nguyễn Thị Thu Hà", "Trần Văn Quang", "Vũ Thị Lan Anh"]
EDITOR = "Lê Minh Nguyệt"
SCHOOL_AUTHOR = "Đinh Thị Mai"

CITED_SLUG = "phong-chong-duoi-nuoc-cho-hoc-sinh"
CITED_PARAGRAPHS = [
    "Bộ Giáo dục và Đào tạo đề nghị các địa phương tăng cường giáo dục kỹ năng phòng, chống đuối nước "
    "cho học sinh, nhất là trong dịp nghỉ hè và mùa mưa lũ.",
    "Nhà trường phối hợp với gia đình nhắc nhở học sinh không tự ý đi bơi, tắm ở ao, hồ, sông, suối; "
    "tổ chức dạy bơi an toàn khi có điều kiện và rà soát những điểm có nguy cơ mất an toàn gần trường.",
    "Các trường mầm non, tiểu học và trung học cơ sở trong huyện triển khai nội dung này trong tiết sinh "
    "hoạt lớp và buổi họp phụ huynh đầu năm học.",
]


def ensure_contributors(seeder):
    """The demo register; returns the contributors by name."""
    people = {}
    for name, unit, school_slug, role in CONTRIBUTORS:
        person = Contributor.objects.filter(name=name).first()
        if person is None:
            school = seeder.schools.get(school_slug) if school_slug else None
            person = Contributor.objects.create(name=name, unit=unit, school=school, role=role)
            seeder.created["Contributor"] += 1
        people[name] = person
    seeder.contributors = people
    return people


def demo_credits(seeder, index, in_school):
    """Unsaved credit rows for the ``index``-th demo article: an author and the board's editor."""
    people = seeder.contributors
    author = people[SCHOOL_AUTHOR] if in_school else people[AUTHORS[index % len(AUTHORS)]]
    return [
        PageContributor(contributor=author, role=WorkRole.AUTHOR),
        PageContributor(contributor=people[EDITOR], role=WorkRole.EDITOR),
    ]


def ensure_cited_article(seeder):
    """A professional article collected from the Ministry's portal, with its source (Điều 9)."""
    day = seeder.today - datetime.timedelta(days=6)

    def build():
        page = NewsPage(
            title="Tăng cường phòng, chống đuối nước cho học sinh",
            date=day,
            lead="Những việc nhà trường và gia đình cần làm để giữ an toàn cho học sinh khi ở gần nguồn nước.",
            body=[
                {"type": "paragraph", "value": paragraph(text), "id": block_id("cited", i)}
                for i, text in enumerate(CITED_PARAGRAPHS)
            ],
            category=NewsCategory.PROFESSIONAL,
            is_cited=True,
            original_author="Vụ Giáo dục Thể chất",
            source_name="Cổng thông tin điện tử Bộ Giáo dục và Đào tạo",
            source_url="https://moet.gov.vn/",
            citation_date=day,
        )
        page.contributors = [
            PageContributor(contributor=seeder.contributors[AUTHORS[0]], role=WorkRole.COLLECTOR),
            PageContributor(contributor=seeder.contributors[EDITOR], role=WorkRole.EDITOR),
        ]
        page.tags.add("an toàn trường học", "phòng chống đuối nước")
        return page

    seeder.lazy_page(
        seeder.sections["news"],
        CITED_SLUG,
        build,
        user=seeder.users.get("bientap"),
        first_published_at=local_datetime(day, 10),
    )
