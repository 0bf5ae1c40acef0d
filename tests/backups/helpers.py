"""A small site with every kind of data a backup must carry, and a comparable picture of it."""

import hashlib
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from backups import database
from editorial.roles import setup_roles
from feedback.models import Feedback
from tests.builders import make_image, make_news, make_site, make_user
from tests.pristine import PristineDatabaseTestCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def build_site():
    """Pages (live and a draft), revisions, an image, a document, a question with its attachment,
    users in the roles' groups; returns the groups."""
    home, sections = make_site()
    image = make_image("Ảnh khai giảng")
    pages = make_news(sections["news"], 3, image=image)
    draft = pages[0]
    draft.title = "Tin số 0 – bản nháp đang sửa"
    draft.save_revision()  # a newer draft beside the live version
    pages[2].unpublish()
    get_document_model().objects.create(title="Kế hoạch năm học", file=ContentFile(PDF, name="ke-hoach.pdf"))
    Feedback.objects.create(
        name="Nguyễn Thị Hoa",
        email="hoa@example.vn",
        title="Hỏi về tuyển sinh lớp 6",
        content="Xin hỏi lịch tuyển sinh.",
        attachment=ContentFile(b"%PDF-1.4 don xin\n%%EOF\n", name="don-xin.pdf"),
    )
    groups = setup_roles()
    make_user("quantri_thu", groups["it_officer"])
    make_user("bientap_thu", groups["board"])
    return groups


def file_digest(field_file):
    with field_file.open("rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def snapshot():
    """What a reader or an editor would notice of the site, as plain comparable values."""
    return {
        "pages": [
            (
                page.path,
                page.depth,
                page.title,
                page.slug,
                page.live,
                page.has_unpublished_changes,
                page.content_type.model,
                page.latest_revision_id,
            )
            for page in Page.objects.order_by("path").select_related("content_type")
        ],
        "revisions": [
            (revision.object_id, revision.content_type.model, str(revision.created_at), revision.content)
            for revision in Revision.objects.order_by("pk").select_related("content_type")
        ],
        "images": [
            (image.title, image.file.name, image.width, image.height, file_digest(image.file))
            for image in get_image_model().objects.order_by("pk")
        ],
        "documents": [
            (document.title, document.file.name, file_digest(document.file))
            for document in get_document_model().objects.order_by("pk")
        ],
        "feedback": [
            (
                item.tracking_code,
                item.title,
                item.name,
                item.email,
                item.status,
                item.attachment.name,
                file_digest(item.attachment) if item.attachment else None,
            )
            for item in Feedback.objects.order_by("pk")
        ],
        "users": [
            (
                user.username,
                user.email,
                user.password,
                user.is_superuser,
                sorted(user.groups.values_list("name", flat=True)),
            )
            for user in get_user_model().objects.order_by("username")
        ],
    }


def row_counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
        Feedback.objects.count(),
        get_image_model().objects.count(),
    )


def wipe_database():
    """Drops every table (SQLite) or the whole public schema (PostgreSQL): an empty database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
    return connection.introspection.table_names()


def backup(output_dir, **options):
    call_command("backup", output_dir=str(output_dir), stdout=io.StringIO(), **options)
    return sorted(output_dir.glob("site_kb-backup-*"))[-1]


class SharedCommittedSiteTestCase(PristineDatabaseTestCase):
    """One committed site for all of a class's tests, which must leave it as it was (refusals):
    the database is loaded back once, after the last test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_site()

    @classmethod
    def tearDownClass(cls):
        database.load(connection, cls.pristine)
        super().tearDownClass()

    def _fixture_teardown(self):
        pass
