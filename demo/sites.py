"""``seed_demo --sites N``: a large authority for benchmarks, N generated member schools, fast.

Issue 16.9 asks that one install with 1,000 member sites (Circular 37/2020/TT-BGDĐT Art. 3) route,
render and cache as fast as with one, and for a way to build such an install in minutes.
``units.services.create_unit`` makes a school the way an authority does (revisions, log entries,
one ``add_child`` per page): about a second a school. Here the pages are written in bulk, as
``demo.bulk`` writes the ``--scale`` archive:

1. each generated school's page, its Art. 9 sections (``units.art9.SCHOOL_SECTIONS``, the list
   ``ensure_school_pages`` itself follows) and ``NEWS_PER_SITE`` news articles get materialised
   paths computed here (treebeard ``MP_Node``, continuing after the schools list's last child);
2. the ``wagtailcore_page`` rows are bulk-created, live and published, then each page type's own
   table (``_batched_insert`` of its local columns: Django cannot bulk-create a multi-table child);
3. each school's collection is bulk-inserted (``add_collections``), then its ``Site``
   (``<slug>.<domain>``) and ``OrganisationSettings`` are saved one by one, so Wagtail's and our
   receivers run: the site-root-paths and known-hosts caches are dropped, and ``editorial`` gives
   the school its groups, workflow and settings right (``sync_school_access``, called here too for
   a school whose Site already existed).

A batch is one transaction, so the tree is consistent after every batch. Bulk pages have no
revisions and are not in the search index (``manage.py update_index`` adds them).

Generated schools have slugs ``truong-tu-dong-00001`` …; a re-run counts them and adds only
what is missing to reach N.
"""

import datetime
import random
import time
import uuid
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Collection, Locale, Page, Site

from editorial.models import SchoolAccess
from editorial.roles import schools_collection, sync_school_access
from news import listing
from news.models import NewsPage
from schools.models import SchoolPage
from site_kb.models import OrganisationSettings
from units.art9 import SCHOOL_SECTIONS

from . import content as c
from .bulk import article, progress
from .helpers import block_id, paragraph

SLUG_PREFIX = "truong-tu-dong-"
SLUG_DIGITS = 5
NEWS_PER_SITE = 5
YEARS = 2  # generated news of the last two school years


def school_slug(number):
    return f"{SLUG_PREFIX}{number:0{SLUG_DIGITS}d}"


def school_spec(number):
    """The generated school ``number``: the same name, commune and contacts on every run."""
    rng = random.Random(f"member-site:{number}")
    commune_label, name_part = c.COMMUNES[number % len(c.COMMUNES)]
    level, prefix, mail = c.LEVELS[number % len(c.LEVELS)]
    commune_lower = commune_label[0].lower() + commune_label[1:]
    title = f"{prefix} số {number} {name_part}"
    principal = (
        f"{rng.choice(c.FAMILY_NAMES)} {rng.choice(c.FEMALE_MIDDLE)} {rng.choice(c.FEMALE_GIVEN)}"
        if rng.random() < 0.6
        else f"{rng.choice(c.FAMILY_NAMES)} {rng.choice(c.MALE_MIDDLE)} {rng.choice(c.MALE_GIVEN)}"
    )
    return {
        "title": title,
        "slug": school_slug(number),
        "level": level,
        "commune": commune_label,
        "address": f"{rng.choice(c.VILLAGES_COMMUNE)}, {commune_lower}",
        "phone": f"0226 38{rng.randint(10, 99)} {rng.randint(100, 999)}",
        "email": f"{mail}{number}@example.edu.vn",
        "principal_name": principal,
        "intro": c.SCHOOL_INTROS[level].format(commune_lower=commune_lower),
    }


class TreeWriter:
    """Pages added in bulk under known parents: paths, url_paths and the rows of every table."""

    def __init__(self):
        self.locale_id = Locale.get_default().pk
        self.pages = []  # specific instances, in insertion order
        self.received = {}  # parent pk -> children added (for numchild)

    def next_step(self, parent):
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        return Page._str2int(last[-Page.steplen :]) + 1 if last else 1

    def add(self, parent, step, page, published):
        """``page`` (unsaved, specific) as the ``step``-th child of ``parent``, live since ``published``."""
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = self.locale_id
        page.translation_key = uuid.uuid4()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published
        self.pages.append(page)
        if parent.pk is not None:
            self.received[parent.pk] = self.received.get(parent.pk, 0) + 1
        return page

    def write(self):
        """Insert every page added, Page rows first, then each type's own table; bump numchild."""
        page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
        rows = [
            Page(**{field.attname: getattr(page, field.attname) for field in page_fields})
            for page in self.pages
        ]
        Page.objects.bulk_create(rows, batch_size=500)
        by_model = {}
        for page, row in zip(self.pages, rows, strict=True):
            page.pk = row.pk
            for model in [type(page), *type(page)._meta.get_parent_list()]:
                for link in model._meta.parents.values():
                    setattr(page, link.attname, row.pk)
            by_model.setdefault(type(page), []).append(page)
        for model, pages in by_model.items():
            chain = [*reversed(model._meta.get_parent_list()), model]
            for table in chain:
                if table is Page:
                    continue
                table._base_manager.all()._batched_insert(
                    pages, fields=table._meta.local_concrete_fields, batch_size=500
                )
        for parent_pk, count in self.received.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        # The news listing columns (listed, section_id) from the tree just written (issue 17).
        listing.refresh_articles(page.pk for page in by_model.get(NewsPage, []))


def news_for(rng, school, step, writer, today, image_choices):
    """One generated news article of ``school``, child number ``step``."""
    holder = SimpleNamespace(page=school, is_school=True, news_category=school.news_category)
    day, category, title, lead, paragraphs = article(rng, holder, today)
    day = today - datetime.timedelta(days=(today - day).days % (365 * YEARS) + 1)
    slug = f"tin-so-{step - len(SCHOOL_SECTIONS)}"
    published = timezone.make_aware(
        datetime.datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59))
    )
    page = NewsPage(
        title=title,
        slug=slug,
        date=day,
        lead=lead,
        listing_image_id=rng.choice(image_choices),
        body=[
            {"type": "paragraph", "value": paragraph(text), "id": block_id(slug, i)}
            for i, text in enumerate(paragraphs)
        ],
        category=category,
    )
    return writer.add(school, step, page, published)


def settings_for(site, school):
    return OrganisationSettings(
        site=site,
        name=school.title,
        short_name=school.title.removeprefix("Trường ").strip(),
        parent_authority=c.OFFICE_NAME,
        address=school.address,
        phone=school.phone,
        email=school.email,
        person_responsible=f"{school.principal_name}, Hiệu trưởng",
    )


def add_collections(schools):
    """Each school's own collection under the schools' one, bulk-inserted at the end of its children.

    ``sync_school_access`` finds a collection by the school's name before it adds one, and Wagtail's
    collections are kept sorted by name: one ``add_child`` renumbers every later sibling, a query
    each, which with a thousand schools is most of a minute per school.
    """
    parent = schools_collection()
    taken = set(parent.get_children().values_list("name", flat=True))
    names = [school.title for school in schools if school.title not in taken]
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Collection._str2int(last[-Collection.steplen :]) + 1 if last else 1
    Collection.objects.bulk_create(
        [
            Collection(
                name=name,
                path=Collection._get_path(parent.path, parent.depth + 1, step + offset),
                depth=parent.depth + 1,
                numchild=0,
            )
            for offset, name in enumerate(names)
        ]
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(names))


def generate(
    stdout, target, schools_index, image_ids, *, domain=c.DEV_DOMAIN, port=c.DEV_PORT, batch_size=100
):
    """Make sure ``target`` generated member schools exist under ``schools_index``. Returns how many were added."""
    existing = set(
        SchoolPage.objects.child_of(schools_index)
        .filter(slug__startswith=SLUG_PREFIX)
        .values_list("slug", flat=True)
    )
    numbers = [n for n in range(1, target + 1) if school_slug(n) not in existing]
    if not numbers:
        stdout.write(f"--sites {target}: the {target} generated member sites already exist, nothing to add.")
        return 0
    stdout.write(f"--sites {target}: {len(existing)} generated member sites exist, adding {len(numbers)}.")
    today = timezone.localdate()
    image_choices = list(image_ids) + [None] * max(1, len(image_ids) // 4)
    published = timezone.now() - datetime.timedelta(days=1)
    started = time.monotonic()
    done = 0
    progress(stdout, done, len(numbers))
    for start in range(0, len(numbers), batch_size):
        batch = numbers[start : start + batch_size]
        with transaction.atomic():
            schools_index.refresh_from_db(fields=["path", "depth", "url_path", "numchild"])
            writer = TreeWriter()
            step = writer.next_step(schools_index)
            schools = []
            for number in batch:
                spec = school_spec(number)
                school = writer.add(schools_index, step, SchoolPage(**spec), published)
                step += 1
                schools.append(school)
                for child_step, section in enumerate(SCHOOL_SECTIONS, start=1):
                    page = section.model(
                        title=section.title, slug=section.slug, show_in_menus=True, **section.fields
                    )
                    writer.add(school, child_step, page, published)
                rng = random.Random(f"member-site-news:{number}")
                for offset in range(NEWS_PER_SITE):
                    news_for(rng, school, len(SCHOOL_SECTIONS) + 1 + offset, writer, today, image_choices)
                school.numchild = len(SCHOOL_SECTIONS) + NEWS_PER_SITE
            writer.write()
            add_collections(schools)
            for school in schools:
                site = Site.objects.create(
                    hostname=f"{school.slug}.{domain}",
                    port=port,
                    root_page_id=school.pk,
                    site_name=school.title,
                )
                settings_for(site, school).save()
            with_access = set(
                SchoolAccess.objects.filter(school__in=[s.pk for s in schools]).values_list(
                    "school_id", flat=True
                )
            )
            for school in schools:
                if school.pk not in with_access:
                    sync_school_access(school)
        done += len(batch)
        progress(stdout, done, len(numbers))
    stdout.write("")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.monotonic() - started
    stdout.write(
        f"Added {len(numbers)} member sites ({len(numbers) * (1 + len(SCHOOL_SECTIONS) + NEWS_PER_SITE)} pages) "
        f"in {elapsed:.1f} s ({len(numbers) / max(elapsed, 1e-9):.1f} sites/s)."
    )
    stdout.write(
        "Note: bulk-inserted pages are not in the search index yet; run `python manage.py update_index` "
        "if search should find them."
    )
    return len(numbers)
