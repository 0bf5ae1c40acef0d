"""Build the demo site. Every object is looked up by a natural key first and created only if missing.

Natural keys: a page by its slug under its parent, a user by username, the
organisation settings by site, an image or document by title, a link category
by name, a link by URL, a collection by name under the root collection.
"""

import datetime
import random
import secrets
import textwrap
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, Page, Site

from directives.models import (
    STANDARD_KINDS,
    DirectiveAttachment,
    DirectiveIndexPage,
    DirectivePage,
    DocumentKind,
    DocumentSubject,
    IssuingBody,
)
from editorial.models import WorkflowMode
from editorial.roles import set_school_workflow, setup_roles
from feedback.models import Feedback, FeedbackEvent, FeedbackPage, Status
from home.models import HomePage
from links.models import ExternalLink, LinkCategory
from news.models import NewsIndexPage, NewsPage
from org.models import OrgIndexPage, OrgLeader, OrgUnitPage
from schedule.models import ScheduleEntry, WorkSchedulePage
from schools.models import SchoolIndexPage, SchoolPage
from site_kb.folding import strip_marks
from site_kb.models import OrganisationSettings
from units.art9 import ensure_authority_pages
from units.services import create_unit

from . import content as c
from . import credits, slug_for
from .helpers import block_id, local_datetime, paragraph
from .images import logo_png, scene_jpeg
from .pdf import text_pdf
from .regulation import outline, regulation_blocks

IMAGE_COLLECTION = "Ảnh minh hoạ"
WELCOME_TITLE = "Welcome to your new Wagtail site!"
LOGO_TITLE = "Logo Phòng GD&ĐT Kim Bảng"


def subjects_named(names):
    """The registry's fields (Lĩnh vực) of those names, made if missing."""
    return [DocumentSubject.objects.get_or_create(name=name)[0] for name in names]


def school_year(day):
    """The school year a date falls in: 5 Sep 2025 and 20 May 2026 are both in ``2025-2026``."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def last_occurrence(month, day, today):
    """The latest ``day/month`` before ``today`` (never today, so no demo time lies in the future)."""
    candidate = datetime.date(today.year, month, day)
    return candidate if candidate < today else datetime.date(today.year - 1, month, day)


def fill(text, day):
    start = int(school_year(day)[:4])
    return text.format(sy=school_year(day), sy_next=f"{start + 1}-{start + 2}", y=day.year)


class Seeder:
    """Creates what is missing and counts what it created in ``self.created``."""

    def __init__(self, stdout=None, today=None, known_password=True, port=c.DEV_PORT):
        """``known_password=False`` (seed_demo with DEBUG off): no new account gets the demo password;
        the superuser gets a random one, kept in ``generated_passwords``, the others an unusable one.

        ``port``: where the development server listens. Every Site carries it, so the absolute
        links Wagtail writes between the authority's site and a school's (``http://host:port/``)
        reach the same server.
        """
        self.stdout = stdout
        self.port = port
        self.known_password = known_password
        self.generated_passwords = {}
        self.today = today or timezone.localdate()
        self.created = Counter()
        self.users = {}

    # --- helpers ----------------------------------------------------------------

    def note(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def add_page(self, parent, page, **kwargs):
        """The child of ``parent`` with ``page.slug``; ``page`` is added and published if there is none."""
        return self.lazy_page(parent, page.slug, lambda: page, **kwargs)[0]

    def lazy_page(self, parent, slug, build, *, user=None, publisher=None, first_published_at=None):
        """(page, created): the child of ``parent`` with ``slug``, else ``build()`` added and published.

        Pages go in the way an editor's would: ``add_child``, then a revision that is
        published, so they are live, have a revision and a first-published time, and
        the search index is updated by Wagtail's signal handlers.
        """
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing.specific, False
        page = build()
        page.slug = slug
        if user is not None:
            page.owner = user
        if first_published_at is not None:
            page.first_published_at = first_published_at
        parent.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=user)
        # The author saves the revision; a moderator publishes it. The demo users' groups may not let the
        # author publish (role groups are still to come), so permissions are not checked here.
        page.save_revision(user=user).publish(user=publisher or user, skip_permission_checks=True)
        if first_published_at is not None:
            # Demo articles keep the date they "went up", not the date the seed ran.
            Page.objects.filter(pk=page.pk).update(last_published_at=first_published_at)
            page.last_published_at = first_published_at
        self.created[type(page).__name__] += 1
        return page, True

    def image(self, title, make_bytes, filename):
        Image = get_image_model()
        found = Image.objects.filter(title=title).order_by("pk").first()
        if found is not None:
            return found
        image = Image(title=title, collection=self.collection, uploaded_by_user=self.users.get("quantri"))
        image.file = ContentFile(make_bytes(), name=filename)
        if hasattr(image, "_set_image_file_metadata"):
            image._set_image_file_metadata()
        image.save()
        self.created["Image"] += 1
        return image

    def document(self, title, make_bytes, filename):
        Document = get_document_model()
        found = Document.objects.filter(title=title).order_by("pk").first()
        if found is not None:
            return found
        document = Document(title=title, uploaded_by_user=self.users.get("quantri"))
        document.file = ContentFile(make_bytes(), name=filename)
        if hasattr(document, "_set_document_file_metadata"):
            document._set_document_file_metadata()
        document.save()
        self.created["Document"] += 1
        return document

    # --- the whole site -----------------------------------------------------------

    def run(self):
        with transaction.atomic():
            self.collection = self.ensure_collection()
            self.ensure_users()
            self.home = self.ensure_home()
            self.site = self.ensure_site(self.home)
            self.remove_welcome_page()
            self.ensure_settings(self.site)
            self.ensure_sections()
            self.ensure_org_pages()
            self.ensure_directives()
            self.schools = self.ensure_schools()
            credits.ensure_contributors(self)
            self.ensure_news()
            self.member_sites = self.ensure_member_sites()
            credits.ensure_cited_article(self)
            self.ensure_links()
            self.ensure_feedback()
            self.ensure_work_schedule()
            setup_roles()
            self.ensure_user_groups()
        return self.created

    def ensure_collection(self):
        root = Collection.get_first_root_node()
        found = root.get_children().filter(name=IMAGE_COLLECTION).first()
        if found is not None:
            return found
        self.created["Collection"] += 1
        return root.add_child(name=IMAGE_COLLECTION)

    # --- accounts -------------------------------------------------------------------

    def ensure_users(self):
        User = get_user_model()
        try:
            from wagtail.users.models import UserProfile
        except ImportError:  # pragma: no cover - Wagtail without the users app
            UserProfile = None
        for username, first, last, email, _groups, is_superuser, _role in c.DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=email,
                    is_staff=is_superuser,
                    is_superuser=is_superuser,
                )
                if self.known_password:
                    user.set_password(c.DEMO_PASSWORD)
                elif is_superuser:
                    self.generated_passwords[username] = secrets.token_urlsafe(18)
                    user.set_password(self.generated_passwords[username])
                else:
                    user.set_unusable_password()
                user.save()
                self.created["User"] += 1
            if UserProfile is not None:
                profile = UserProfile.get_for_user(user)
                if profile.preferred_language != "vi":
                    profile.preferred_language = "vi"
                    profile.save(update_fields=["preferred_language"])
            self.users[username] = user

    def ensure_feedback(self):
        """A few readers' questions for the Hỏi đáp – Góp ý inbox, one answered and published."""
        for spec in c.FEEDBACK:
            if Feedback.objects.filter(title=spec["title"]).exists():
                continue
            feedback = Feedback.objects.create(
                name=spec["name"],
                email=spec.get("email", ""),
                phone=spec.get("phone", ""),
                topic=spec["topic"],
                title=spec["title"],
                content=spec["content"],
            )
            feedback.log(FeedbackEvent.Action.RECEIVED, note="Bạn đọc gửi qua website")
            if spec.get("answer"):
                feedback.answer = spec["answer"]
                feedback.public_question = spec["public_question"]
                feedback.public_answer = spec["public_answer"]
                feedback.status = Status.ANSWERED
                feedback.answered_at = timezone.now()
                feedback.is_published = spec.get("published", False)
                feedback.save()
                feedback.log(FeedbackEvent.Action.ANSWERED, self.users.get("quantri"))
            self.created["Feedback"] += 1

    def ensure_work_schedule(self):
        """Lịch công tác tuần (Điều 2) with the current week; an existing page whose current week is
        empty gets this week's entries in a new published revision (so a re-run next week fills it)."""
        monday = self.today - datetime.timedelta(days=self.today.weekday())

        def entries():
            return [
                ScheduleEntry(
                    date=monday + datetime.timedelta(days=weekday),
                    start_time=datetime.time.fromisoformat(start),
                    end_time=datetime.time.fromisoformat(end) if end else None,
                    content=content,
                    chaired_by=chaired_by,
                    attendees=attendees,
                    place=place,
                    note=note,
                )
                for weekday, start, end, content, chaired_by, attendees, place, note in c.WORK_SCHEDULE
            ]

        def build():
            return WorkSchedulePage(
                title="Lịch công tác tuần",
                intro=(
                    "Lịch làm việc của lãnh đạo Phòng Giáo dục và Đào tạo, cập nhật hằng tuần. "
                    "Mục điều chỉnh sau khi đăng được đánh dấu “Đã thay đổi”."
                ),
                show_in_menus=True,
                entries=entries(),
            )

        admin, board = self.users.get("quantri"), self.users.get("bientap")
        page, created = self.lazy_page(
            self.home, "lich-cong-tac", build, user=board or admin, publisher=board or admin
        )
        if (
            not created
            and not page.entries.filter(
                date__gte=monday, date__lte=monday + datetime.timedelta(days=6)
            ).exists()
        ):
            page = page.get_latest_revision_as_object()
            page.entries.set(list(page.entries.all()) + entries())
            page.save_revision(user=board).publish(user=board, skip_permission_checks=True)
            self.created["ScheduleEntry"] += len(c.WORK_SCHEDULE)
        return page

    def ensure_user_groups(self):
        """Each demo account joins its role's group (made by setup_roles and the school signals)."""
        for username, _first, _last, _email, groups, _is_superuser, _role in c.DEMO_USERS:
            user = self.users[username]
            for name in groups:
                group = Group.objects.filter(name=name).first()
                if group is None:
                    raise CommandError(f"Không tìm thấy nhóm “{name}” cho tài khoản {username}.")
                user.groups.add(group)

    # --- home page, site, settings -----------------------------------------------------

    def _welcome_pages(self, root):
        page_type = ContentType.objects.get_for_model(Page)
        return Page.objects.child_of(root).filter(content_type=page_type, title=WELCOME_TITLE)

    def ensure_home(self):
        root = Page.get_first_root_node()
        existing = Page.objects.child_of(root).filter(slug="home").first()
        if existing is not None and existing.specific_class is HomePage:
            return existing.specific
        if existing is not None:
            if not self._welcome_pages(root).filter(pk=existing.pk).exists():
                raise CommandError(
                    f"A {existing.specific_class.__name__} “{existing.title}” already uses the slug “home” "
                    "at the top of the tree; move or rename it first."
                )
            # Free the slug: the welcome page is deleted once the site points at the new home page.
            Page.objects.filter(pk=existing.pk).update(
                slug=f"welcome-{existing.pk}", url_path=f"/welcome-{existing.pk}/"
            )
        home = HomePage(title="Trang chủ", slug="home", seo_title=c.OFFICE_NAME, intro=c.HOME_INTRO)
        return self.add_page(root, home, user=self.users.get("quantri"))

    def ensure_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.filter(hostname="localhost", port=80).first()
        if site is None:
            self.created["Site"] += 1
            return Site.objects.create(
                hostname=c.DEV_DOMAIN,
                port=self.port,
                root_page=home,
                is_default_site=True,
                site_name=c.SITE_NAME,
            )
        changed = []
        if site.hostname in (c.DEV_DOMAIN, "127.0.0.1") and site.port != self.port:
            site.port = self.port
            changed.append("port")
        if site.root_page_id != home.pk:
            site.root_page = home
            changed.append("root_page")
        if not site.is_default_site:
            site.is_default_site = True
            changed.append("is_default_site")
        if not site.site_name:
            site.site_name = c.SITE_NAME
            changed.append("site_name")
        if changed:
            site.save()
        return site

    def remove_welcome_page(self):
        root = Page.get_first_root_node()
        for page in self._welcome_pages(root):
            # Any other site still rooted there would be deleted with it (Site.root_page cascades).
            Site.objects.filter(root_page=page).update(root_page=self.home)
            page.delete()
            self.note("  - removed Wagtail's welcome page")

    def ensure_settings(self, site):
        logo = self.image(LOGO_TITLE, logo_png, "logo-phong-gddt-kim-bang.png")
        wanted = {
            "name": c.OFFICE_NAME,
            "short_name": c.OFFICE_SHORT_NAME,
            "parent_authority": c.PARENT_AUTHORITY,
            "address": c.OFFICE_ADDRESS,
            "phone": c.OFFICE_PHONE,
            "email": c.OFFICE_EMAIL,
            "person_responsible": c.PERSON_RESPONSIBLE,
            "footer_text": c.FOOTER_TEXT,
        }
        self.fill_settings(site, wanted, logo=logo)

    def fill_settings(self, site, wanted, logo=None):
        """The site's OrganisationSettings with the ``wanted`` values in every field nobody has set yet,
        so edits made in the admin survive a re-run; saved only when something changed."""
        settings = OrganisationSettings.objects.filter(site=site).first()
        created = settings is None
        if created:
            settings = OrganisationSettings(site=site)
            self.created["OrganisationSettings"] += 1
        defaults = {field.name: field.get_default() for field in OrganisationSettings._meta.concrete_fields}
        changed = created
        for field, value in wanted.items():
            current = getattr(settings, field)
            if (not current or current == defaults.get(field)) and current != value:
                setattr(settings, field, value)
                changed = True
        if logo is not None and settings.logo_id is None:
            settings.logo = logo
            changed = True
        if changed:
            settings.save()
        return settings

    # --- member sites ------------------------------------------------------------------

    def ensure_member_sites(self):
        """The demo schools of ``c.MEMBER_SITES`` made member sites (Circular 37/2020/TT-BGDĐT
        Art. 3) the way an authority makes one, with ``units.services.create_unit``: a Site on
        ``<label>.localhost`` rooted at the school page, which stays under the authority's Trường
        học section, the school's groups and the Art. 9 pages. The demo then fills the school's
        settings from its page and keeps its news where it is, under the school page, so it is on
        the school's site and in the authority's Tin các trường. One school publishes without the
        board (``c.SELF_PUBLISHING_SCHOOLS``), set when its site is first made so a later choice
        in the admin survives a re-run. Returns the sites by school slug."""
        admin = self.users.get("quantri")
        for page in ensure_authority_pages(self.home, user=admin):
            self.created[type(page).__name__] += 1
        sites = {}
        for slug, label in c.MEMBER_SITES:
            school = self.schools[slug]
            had_site = Site.objects.filter(root_page=school).exists()
            pages_before = Page.objects.child_of(school).count()
            try:
                result = create_unit(
                    school.title,
                    level=school.level,
                    commune=school.commune,
                    hostname=f"{label}.{c.DEV_DOMAIN}",
                    port=self.port,
                    user=admin,
                )
            except ValidationError as error:
                raise CommandError(f"{school.title}: {' '.join(error.messages)}") from error
            site = result.site
            if not had_site:
                self.created["Site"] += 1
                if slug in c.SELF_PUBLISHING_SCHOOLS:
                    set_school_workflow(school, WorkflowMode.PRINCIPAL_PUBLISHES)
            added = Page.objects.child_of(school).count() - pages_before
            if added:
                self.created["Art. 9 page"] += added
            if site.port != self.port and site.hostname.endswith(f".{c.DEV_DOMAIN}"):
                site.port = self.port
                site.save(update_fields=["port"])
            self.fill_settings(site, self.school_settings(school))
            sites[slug] = site
        return sites

    @staticmethod
    def school_settings(school):
        """A school site's header and footer: its full name under the authority that runs it, its
        contact details, and who answers for the content (Circular 37/2020/TT-BGDĐT Art. 9)."""
        return {
            "name": school.title,
            "short_name": school.title.removeprefix("Trường ").strip(),
            "parent_authority": c.OFFICE_NAME,
            "address": school.address,
            "phone": school.phone,
            "email": school.email,
            "person_responsible": f"{school.principal_name}, Hiệu trưởng" if school.principal_name else "",
            "footer_text": (
                f"Trang thành viên của Cổng thông tin {c.OFFICE_SHORT_NAME} "
                "(Thông tư 37/2020/TT-BGDĐT, Điều 3)."
            ),
        }

    # --- sections ---------------------------------------------------------------------

    def ensure_sections(self):
        admin = self.users.get("quantri")
        models = {
            "org": OrgIndexPage,
            "directives": DirectiveIndexPage,
            "news": NewsIndexPage,
            "schools": SchoolIndexPage,
            "feedback": FeedbackPage,
        }
        self.sections = {}
        for key, model in models.items():
            spec = c.SECTIONS[key]
            page = model(title=spec["title"], slug=spec["slug"], intro=spec["intro"], show_in_menus=True)
            self.sections[key] = self.add_page(self.home, page, user=admin)

    def ensure_org_pages(self):
        parent = self.sections["org"]
        editor = self.users.get("bientap")
        for spec in c.ORG_UNITS:

            def build(spec=spec):
                page = OrgUnitPage(
                    title=spec["title"],
                    kind=spec["kind"],
                    intro=spec["intro"],
                    functions=spec["functions"].strip(),
                    address=spec.get("address", ""),
                    phone=spec.get("phone", ""),
                    email=spec.get("email", ""),
                )
                page.leaders = [
                    OrgLeader(name=name, title=title, phone=phone, email=email, sort_order=i)
                    for i, (name, title, phone, email) in enumerate(spec["leaders"])
                ]
                return page

            self.lazy_page(parent, spec["slug"], build, user=editor)

    # --- directives ---------------------------------------------------------------------

    def _directive_pdf(self, *, number, doc_type_label, issuing_body, signed_date, title, signer, lines):
        header = [
            strip_marks(issuing_body).upper(),
            f"So: {number}",
            f"Kim Bang, ngay {signed_date:%d/%m/%Y}",
            "",
            strip_marks(doc_type_label).upper(),
        ]
        wrapped = []
        for line in [title, ""] + list(lines):
            wrapped.extend(textwrap.wrap(strip_marks(line), 92) or [""])
        footer = ["", strip_marks(signer)] if signer else []
        footer += ["", "(Ban dien tu minh hoa cho trang web demo; khong thay the van ban goc da ky.)"]
        return text_pdf(header + wrapped + footer, title=f"{number} {strip_marks(title)}")

    def ensure_directives(self):
        parent = self.sections["directives"]
        editor = self.users.get("bientap")
        labels = dict(STANDARD_KINDS)

        # The website regulation, from the text file, with the full text as the body.
        reg = c.REGULATION
        signed = datetime.date(*reg["signed_date"])
        blocks = regulation_blocks()
        chapters, articles = outline(blocks)
        if len(chapters) != 4 or len(articles) != 15:
            self.note(
                f"  ! regulation text: expected 4 chapters and 15 articles, found {len(chapters)} and {len(articles)}"
            )

        def build_regulation():
            page = DirectivePage(
                title=reg["title"],
                number=reg["number"],
                doc_type=DocumentKind.coded(reg["doc_type"]),
                issuing_body=IssuingBody.named(reg["issuing_body"]),
                group=3,
                signed_date=signed,
                signer=reg["signer"],
                summary=reg["summary"],
                body=blocks,
            )
            lines = list(self._regulation_pdf_lines(blocks))
            document = self.document(
                f"{reg['number']} – {reg['title']}",
                lambda: self._directive_pdf(
                    number=reg["number"],
                    doc_type_label="Quyết định",
                    issuing_body=reg["issuing_body"],
                    signed_date=signed,
                    title=reg["title"],
                    signer="",  # the regulation text ends with its own signature block
                    lines=lines,
                ),
                "33-qd-gddt-quy-che-website.pdf",
            )
            page.attachments = [
                DirectiveAttachment(document=document, title="Toàn văn Quy chế (PDF)", sort_order=0)
            ]
            page.subjects = subjects_named(reg["subjects"])
            return page

        self.lazy_page(
            parent,
            slug_for(reg["number"]),
            build_regulation,
            user=editor,
            first_published_at=local_datetime(signed + datetime.timedelta(days=1), 9),
        )

        for spec in c.DIRECTIVES:
            signed = last_occurrence(*spec["when"], self.today) - datetime.timedelta(
                days=365 * spec.get("years_back", 0)
            )
            slug = slug_for(spec["number"])

            def build(spec=spec, signed=signed, slug=slug):
                title = fill(spec["title"], signed)
                body_lines = [fill(line, signed) for line in spec["body"]]
                page = DirectivePage(
                    title=title,
                    number=spec["number"],
                    doc_type=DocumentKind.coded(spec["doc_type"]),
                    issuing_body=IssuingBody.named(spec["issuing_body"]),
                    group=1 if spec["issuing_body"].startswith(("Sở", "UBND", "Bộ")) else 2,
                    signed_date=signed,
                    signer=spec["signer"],
                    summary=fill(spec["summary"], signed),
                    body=[
                        {"type": "paragraph", "value": paragraph(line), "id": block_id(slug, i)}
                        for i, line in enumerate(body_lines)
                    ],
                )
                if "consultation" in spec:
                    page.group = 3
                    page.comment_audience = spec["consultation"]["audience"]
                    page.comment_opens = timezone.now() - datetime.timedelta(days=1)
                    page.comment_closes = timezone.now() + datetime.timedelta(
                        days=spec["consultation"]["days"]
                    )
                document = self.document(
                    f"{spec['number']} – {title}",
                    lambda: self._directive_pdf(
                        number=spec["number"],
                        doc_type_label=labels[spec["doc_type"]],
                        issuing_body=spec["issuing_body"],
                        signed_date=signed,
                        title=title,
                        signer=spec["signer"],
                        lines=body_lines,
                    ),
                    f"{slug}.pdf",
                )
                page.attachments = [
                    DirectiveAttachment(document=document, title="Văn bản (PDF)", sort_order=0)
                ]
                page.subjects = subjects_named(spec["subjects"])
                return page

            self.lazy_page(
                parent,
                slug,
                build,
                user=editor,
                first_published_at=local_datetime(signed + datetime.timedelta(days=1), 10),
            )

    @staticmethod
    def _regulation_pdf_lines(blocks):
        for block in blocks:
            if block["type"] == "heading":
                yield block["value"]["text"]
            else:
                # paragraph values are "<p>…</p>" with & escaped
                yield block["value"][3:-4].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")

    # --- schools --------------------------------------------------------------------------

    def school_specs(self):
        """Every school as a dict of SchoolPage fields, the same on every run."""
        specs = []
        for commune_label, name_part in c.COMMUNES:
            is_town = commune_label.startswith("Thị trấn")
            commune_lower = commune_label[0].lower() + commune_label[1:]
            compact = slug_for(name_part).replace("-", "")
            for level, prefix, mail in c.LEVELS:
                title = f"{prefix} {name_part}"
                slug = slug_for(title)
                rng = random.Random(f"school:{slug}")
                villages = c.VILLAGES_TOWN if is_town else c.VILLAGES_COMMUNE
                principal = self._person(rng, female_share=0.85 if level == "mam-non" else 0.55)
                contact = self._person(rng, female_share=0.75)
                founded = rng.randint(1960, 1999) if level != "mam-non" else rng.randint(1975, 2005)
                classes = {
                    "mam-non": rng.randint(8, 16),
                    "tieu-hoc": rng.randint(12, 25),
                    "thcs": rng.randint(8, 16),
                }[level]
                pupils = (
                    classes
                    * {
                        "mam-non": rng.randint(24, 30),
                        "tieu-hoc": rng.randint(28, 34),
                        "thcs": rng.randint(34, 40),
                    }[level]
                )
                specs.append(
                    {
                        "title": title,
                        "slug": slug,
                        "level": level,
                        "commune": commune_label,
                        "address": f"{rng.choice(villages)}, {commune_lower}, huyện Kim Bảng, tỉnh Hà Nam",
                        "phone": f"0226 38{rng.randint(10, 99)} {rng.randint(100, 999)}",
                        "email": f"{mail}.{compact}@kimbang.edu.vn",
                        "principal_name": principal,
                        "contact_name": contact,
                        "intro": c.SCHOOL_INTROS[level].format(commune_lower=commune_lower),
                        "body": [
                            f"{title} được thành lập năm {founded}. Năm học hiện nay, nhà trường có {classes} "
                            f"lớp với {pupils} {'trẻ' if level == 'mam-non' else 'học sinh'}.",
                            "Nhà trường thực hiện công khai theo quy định: cam kết chất lượng giáo dục, điều kiện "
                            "bảo đảm chất lượng và thu, chi tài chính; thông tin công khai được niêm yết tại trường "
                            "và đăng trên trang này.",
                        ],
                    }
                )
        return specs

    @staticmethod
    def _person(rng, female_share):
        family = rng.choice(c.FAMILY_NAMES)
        if rng.random() < female_share:
            return f"{family} {rng.choice(c.FEMALE_MIDDLE)} {rng.choice(c.FEMALE_GIVEN)}"
        return f"{family} {rng.choice(c.MALE_MIDDLE)} {rng.choice(c.MALE_GIVEN)}"

    def ensure_schools(self):
        parent = self.sections["schools"]
        admin = self.users.get("quantri")
        schools = {}
        for spec in self.school_specs():
            if spec["slug"] == c.DEMO_SCHOOL_SLUG:
                spec["principal_name"] = c.DEMO_SCHOOL_PRINCIPAL
                spec["contact_name"] = c.DEMO_SCHOOL_CONTACT

            def build(spec=spec):
                return SchoolPage(
                    title=spec["title"],
                    level=spec["level"],
                    commune=spec["commune"],
                    address=spec["address"],
                    phone=spec["phone"],
                    email=spec["email"],
                    principal_name=spec["principal_name"],
                    contact_name=spec["contact_name"],
                    intro=spec["intro"],
                    body=[
                        {"type": "paragraph", "value": paragraph(text), "id": block_id(spec["slug"], i)}
                        for i, text in enumerate(spec["body"])
                    ],
                )

            schools[spec["slug"]] = self.lazy_page(parent, spec["slug"], build, user=admin)[0]
        return schools

    # --- news -----------------------------------------------------------------------------

    def ensure_news(self):
        captions = [item["caption"] for item in c.NEWS]
        if len(set(captions)) != len(captions):
            raise CommandError("news captions (image titles) must be unique")
        for index, item in enumerate(c.NEWS):
            author = publisher = self.users.get("bientap")
            if item["parent"] == "office":
                parent = self.sections["news"]
            else:
                parent = self.schools[item["parent"]]
                if item["parent"] == c.DEMO_SCHOOL_SLUG:
                    # Điều 11: the school's contact sends the article in, the principal approves it.
                    author = self.users.get("daumoi.thcsbasao")
                    publisher = self.users.get("hieutruong.thcsbasao")
            day = last_occurrence(*item["when"], self.today)
            hour = item.get("event_hour")
            event_date = local_datetime(day, hour) if hour is not None else None
            published = (
                event_date + datetime.timedelta(hours=3 + index % 5)
                if event_date
                else local_datetime(day, 9, 15)
            )

            def build(item=item, index=index, day=day, event_date=event_date):
                has_body_image = any(part[0] == "img" for part in item["body"])
                # Most articles get a picture; a few are text only.
                wants_listing = has_body_image or index % 8 != 7
                image = None
                if wants_listing:
                    image = self.image(
                        f"Minh hoạ – {item['caption']}",
                        lambda: scene_jpeg(item["scene"], item["slug"]),
                        f"{item['slug']}.jpg",
                    )
                body = []
                for i, part in enumerate(item["body"]):
                    bid = block_id("news", item["slug"], i)
                    if part[0] == "p":
                        body.append({"type": "paragraph", "value": paragraph(fill(part[1], day)), "id": bid})
                    elif part[0] == "h":
                        body.append(
                            {
                                "type": "heading",
                                "value": {"text": fill(part[1], day), "level": "h2"},
                                "id": bid,
                            }
                        )
                    elif part[0] == "img" and image is not None:
                        value = {"image": image.pk, "caption": item["caption"], "credit": c.CREDIT}
                        body.append({"type": "image", "value": value, "id": bid})
                    elif part[0] == "quote":
                        body.append(
                            {"type": "quote", "value": {"text": part[1], "attribution": part[2]}, "id": bid}
                        )
                page = NewsPage(
                    title=fill(item["title"], day),
                    date=day,
                    event_date=event_date,
                    lead=fill(item["lead"], day),
                    listing_image=image,
                    body=body,
                    category=item["category"],
                )
                page.tags.add(*item["tags"])
                page.contributors = credits.demo_credits(
                    self, index, in_school=item["parent"] == c.DEMO_SCHOOL_SLUG
                )
                return page

            self.lazy_page(
                parent, item["slug"], build, user=author, publisher=publisher, first_published_at=published
            )

    # --- links ------------------------------------------------------------------------------

    def ensure_links(self):
        for name, order, links in c.LINK_GROUPS:
            category = LinkCategory.objects.filter(name=name).first()
            if category is None:
                category = LinkCategory.objects.create(name=name, sort_order=order)
                self.created["LinkCategory"] += 1
            for position, (title, url, description) in enumerate(links):
                if ExternalLink.objects.filter(url=url).exists():
                    continue
                ExternalLink.objects.create(
                    category=category, title=title, url=url, description=description, sort_order=position
                )
                self.created["ExternalLink"] += 1
