"""``seed_demo --scale N``: top the site up to N generated news articles, fast.

``add_child`` plus a published revision costs tens of milliseconds per page;
50,000 pages that way take half an hour or more. Here the tree is written
directly instead:

1. materialised paths are computed for each parent (treebeard ``MP_Node``,
   ``steplen`` 4), continuing after the parent's current last child;
2. the ``wagtailcore_page`` rows are bulk-created with NewsPage's content type,
   the default locale, a fresh ``translation_key``, live and published;
3. the ``news_newspage`` rows (the multi-table child) are inserted with the
   primary keys the first insert returned;
4. each parent's ``numchild`` is increased by the number of pages it received.

Each batch is one transaction, so the tree is consistent after every batch.
Bulk pages get no revisions and are not in the search index: run
``manage.py update_index`` afterwards if search should find them.

Generated pages have slugs ``tin-tu-dong-0000001`` … so a re-run counts them
and only adds what is missing to reach N.
"""

import datetime
import random
import time
import uuid
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Locale, Page

from news.models import NewsPage

from .seed import block_id, paragraph, school_year

SLUG_PREFIX = "tin-tu-dong-"
SLUG_DIGITS = 7
OFFICE_SHARE = 0.35  # the rest goes to the schools
YEARS = 10

OFFICE_SUBJECTS = [
    ("Phòng GD&ĐT Kim Bảng", "office"),
    ("Lãnh đạo Phòng GD&ĐT", "office"),
    ("Bộ phận Giáo dục Mầm non", "professional"),
    ("Bộ phận Giáo dục Tiểu học", "professional"),
    ("Bộ phận Giáo dục THCS", "professional"),
    ("Tổ công tác chuyển đổi số của Phòng", "professional"),
    ("Công đoàn Giáo dục huyện", "organisation"),
    ("Chi bộ Phòng GD&ĐT", "organisation"),
    ("Đoàn Thanh niên ngành Giáo dục", "organisation"),
]
ACTIONS = ["tổ chức", "triển khai", "hưởng ứng", "sơ kết", "tổng kết", "phát động", "khai mạc", "hướng dẫn"]
EVENTS = [
    "Hội thi giáo viên dạy giỏi",
    "chuyên đề đổi mới phương pháp dạy học",
    "Ngày hội đọc sách",
    "Tháng an toàn giao thông",
    "hoạt động trải nghiệm hướng nghiệp",
    "Hội khỏe Phù Đổng",
    "phong trào thi đua “Dạy tốt – Học tốt”",
    "chương trình giáo dục kỹ năng sống",
    "giải bóng đá học sinh",
    "cuộc thi vẽ tranh “Ngôi trường mơ ước”",
    "hội thảo nâng cao chất lượng dạy học",
    "lớp tập huấn chuyển đổi số",
    "chuyên đề giáo dục STEM",
    "Tuần lễ học tập suốt đời",
    "ngày hội Tiếng Anh",
    "hoạt động phòng, chống đuối nước",
    "kiểm tra nội bộ trường học",
    "buổi sinh hoạt chuyên môn theo nghiên cứu bài học",
    "Hội nghị cán bộ, viên chức",
    "chương trình “Áo ấm mùa đông” tặng học sinh khó khăn",
]
WHEN = ["năm học {sy}", "học kỳ I năm học {sy}", "học kỳ II năm học {sy}", "tháng {m}/{y}", "năm {y}", ""]
PARTICIPANTS = [
    "cán bộ, giáo viên",
    "học sinh",
    "đoàn viên công đoàn",
    "cha mẹ học sinh",
    "giáo viên cốt cán",
]
OPENINGS = [
    "Thực hiện kế hoạch năm học,",
    "Nhằm nâng cao chất lượng giáo dục toàn diện,",
    "Hưởng ứng phong trào thi đua của ngành,",
    "Theo chỉ đạo của Phòng GD&ĐT,",
    "Trong không khí phấn khởi của những ngày đầu tháng,",
]
SENTENCES = [
    "Hoạt động được chuẩn bị chu đáo, đúng kế hoạch và nhận được sự ủng hộ của cha mẹ học sinh.",
    "Ban tổ chức đã xây dựng nội dung phù hợp với đặc điểm lứa tuổi và điều kiện thực tế của nhà trường.",
    "Các tổ chuyên môn tích cực tham gia, chia sẻ nhiều kinh nghiệm hay trong giảng dạy.",
    "Qua hoạt động, học sinh được rèn luyện kỹ năng làm việc nhóm, mạnh dạn và tự tin hơn.",
    "Lãnh đạo Phòng GD&ĐT đánh giá cao tinh thần trách nhiệm của đội ngũ cán bộ, giáo viên.",
    "Nhiều ý kiến đề xuất giải pháp thiết thực để nâng cao chất lượng dạy và học.",
    "Kết quả hoạt động là cơ sở để đánh giá thi đua cuối năm học.",
    "Nhà trường phối hợp chặt chẽ với chính quyền địa phương và các đoàn thể trong quá trình thực hiện.",
    "Công tác bảo đảm an toàn cho học sinh được đặt lên hàng đầu.",
    "Dịp này, ban tổ chức đã trao giấy khen cho các tập thể và cá nhân có thành tích tốt.",
    "Các đơn vị được đề nghị tiếp tục duy trì, nhân rộng những cách làm hiệu quả.",
    "Hoạt động để lại nhiều ấn tượng tốt đẹp đối với thầy cô giáo và các em học sinh.",
]
HEADINGS = ["Một số kết quả nổi bật", "Kinh nghiệm rút ra", "Nhiệm vụ thời gian tới"]


def _step(path):
    return Page._str2int(path[-Page.steplen :])


class _Parent:
    """A page receiving generated children: where numbering continues and how many it got."""

    def __init__(self, page, category):
        self.page = page
        self.category = category
        last = (
            Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.next_step = _step(last) + 1 if last else 1
        self.is_school = category == "school"
        # A school's news is filed under its level's category (SchoolPage.news_category, Điều 7),
        # as NewsPage.save would file it; "school" alone is no longer a category.
        self.news_category = page.specific.news_category if self.is_school else category

    def take_path(self):
        path = Page._get_path(self.page.path, self.page.depth + 1, self.next_step)
        self.next_step += 1
        return path


def progress(stdout, done, total, width=40):
    filled = width * done // total if total else width
    stdout.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}", ending="")
    stdout.flush()


def article(rng, parent, today):
    day = today - datetime.timedelta(days=rng.randint(1, 365 * YEARS))
    sy = school_year(day)
    when = rng.choice(WHEN).format(sy=sy, m=day.month, y=day.year)
    if parent.is_school:
        subject, category = parent.page.title, parent.news_category
    else:
        subject, category = rng.choice(OFFICE_SUBJECTS)
    action, event = rng.choice(ACTIONS), rng.choice(EVENTS)
    title = " ".join(part for part in (subject, action, event, when) if part)
    lead = (
        f"{rng.choice(OPENINGS)} {subject} {action} {event}"
        f"{' ' + when if when else ''}, thu hút {rng.randint(3, 60) * 10} {rng.choice(PARTICIPANTS)} tham gia."
    )
    paragraphs = [" ".join(rng.sample(SENTENCES, rng.randint(2, 3))) for _ in range(rng.randint(2, 3))]
    return day, category, title, lead, paragraphs


def generate(stdout, target, parents, image_ids, *, seed=2013, batch_size=2000, today=None):
    """Add generated NewsPages until ``target`` exist. ``parents``: [(page, category)]. Returns the number added."""
    today = today or timezone.localdate()
    existing = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX).count()
    missing = target - existing
    if missing <= 0:
        stdout.write(f"--scale {target}: {existing} generated articles already exist, nothing to add.")
        return 0
    last_slug = (
        Page.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("-slug")
        .values_list("slug", flat=True)
        .first()
    )
    number = int(last_slug[len(SLUG_PREFIX) :]) + 1 if last_slug else 1

    rng = random.Random(f"{seed}:{number}")
    content_type_id = ContentType.objects.get_for_model(NewsPage).pk
    locale_id = Locale.get_default().pk
    holders = [_Parent(page, category) for page, category in parents]
    office = [h for h in holders if not h.is_school]
    schools = [h for h in holders if h.is_school] or office
    image_choices = list(image_ids) + [None] * max(1, len(image_ids) // 4)
    news_fields = NewsPage._meta.local_concrete_fields

    stdout.write(f"--scale {target}: {existing} generated articles exist, adding {missing}.")
    started = time.monotonic()
    done = 0
    progress(stdout, done, missing)
    while done < missing:
        size = min(batch_size, missing - done)
        pages, parent_pks, details, received = [], [], [], Counter()
        for _ in range(size):
            holder = (
                rng.choice(office) if (rng.random() < OFFICE_SHARE or not schools) else rng.choice(schools)
            )
            day, category, title, lead, paragraphs = article(rng, holder, today)
            slug = f"{SLUG_PREFIX}{number:0{SLUG_DIGITS}d}"
            number += 1
            published = timezone.make_aware(
                datetime.datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59))
            )
            event_date = (
                published - datetime.timedelta(hours=rng.randint(1, 20)) if rng.random() < 0.4 else None
            )
            pages.append(
                Page(
                    path=holder.take_path(),
                    depth=holder.page.depth + 1,
                    numchild=0,
                    translation_key=uuid.uuid4(),
                    locale_id=locale_id,
                    content_type_id=content_type_id,
                    title=title,
                    draft_title=title,
                    slug=slug,
                    url_path=f"{holder.page.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    show_in_menus=False,
                )
            )
            body = [
                {"type": "paragraph", "value": paragraph(text), "id": block_id(slug, i)}
                for i, text in enumerate(paragraphs)
            ]
            if len(paragraphs) > 2 and rng.random() < 0.3:
                body.insert(
                    1,
                    {
                        "type": "heading",
                        "value": {"text": rng.choice(HEADINGS), "level": "h2"},
                        "id": block_id(slug, "h"),
                    },
                )
            details.append((day, event_date, lead, rng.choice(image_choices), body, category))
            received[holder.page.pk] += 1
            parent_pks.append(holder.page.pk)

        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=500)
            rows = [
                NewsPage(
                    id=page.pk,
                    page_ptr_id=page.pk,
                    content_type_id=content_type_id,
                    date=day,
                    event_date=event_date,
                    lead=lead,
                    listing_image_id=image_id,
                    body=body,
                    category=category,
                    listed=True,  # live and public: the listing columns (news.listing, issue 17)
                    section_id=parent_pk,
                )
                for page, parent_pk, (day, event_date, lead, image_id, body, category) in zip(
                    pages,
                    parent_pks,
                    details,
                    strict=True,
                )
            ]
            # Django cannot bulk_create a multi-table child; insert only the child table's columns.
            NewsPage._base_manager.all()._batched_insert(rows, fields=news_fields, batch_size=500)
            for parent_pk, count in received.items():
                Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        done += size
        progress(stdout, done, missing)
    stdout.write("")
    if connection.vendor == "postgresql":
        # Fresh planner statistics after a bulk load, or queries plan for an empty table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.monotonic() - started
    stdout.write(
        f"Added {missing} generated articles in {elapsed:.1f} s ({missing / max(elapsed, 1e-9):.0f}/s)."
    )
    stdout.write(
        "Note: bulk-inserted pages are not in the search index yet; run `python manage.py update_index` "
        "if search should find them."
    )
    return missing
