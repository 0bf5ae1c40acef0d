"""Word files become NewsPage drafts through the admin's "Nhập từ tệp Word" screen (Điều 11.4)."""

import io
import shutil
import zipfile
from unittest import mock

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, PageLogEntry

import pytest
from bs4 import BeautifulSoup

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from intake import importer
from intake.conversion import convert_docx
from news.models import NewsCategory, NewsPage

from ..builders import make_school, make_site, make_user
from ..docx_builders import (
    LEAD,
    LINK_URL,
    TABLE_ROWS,
    TITLE,
    docx_bytes,
    legacy_style_document,
    news_document,
    png_bytes,
    soffice_convert,
)

Image = get_image_model()
URL = reverse("intake:word_import")
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")

EXPECTED_BODY = [
    ("heading", {"text": "Kết quả nổi bật", "level": "h2"}),
    (
        "paragraph",
        "<p>Năm học vừa qua có <b>nhiều thành tích</b> và <i>kinh nghiệm quý</i>.</p>"
        "<ul><li>Chất lượng giáo dục nâng lên</li><li>Cơ sở vật chất được đầu tư</li></ul>"
        f'<p>Xem chi tiết tại <a href="{LINK_URL}">cổng thông tin</a>.</p>',
    ),
    ("heading", {"text": "Đơn vị tham dự", "level": "h3"}),
    (
        "paragraph",
        "<p>Phòng Giáo dục và Đào tạo chủ trì.</p><p>Trường Trung học cơ sở tham dự.</p><p>Ảnh hội nghị:</p>",
    ),
    ("image", None),
    ("table", None),
    ("paragraph", "<p>Hội nghị kết thúc lúc 11 giờ.</p>"),
]


def body_summary(page):
    """(block type, value) with images and tables left to their own assertions."""
    summary = []
    for block in page.body:
        if block.block_type == "heading":
            summary.append(("heading", {"text": block.value["text"], "level": block.value["level"]}))
        elif block.block_type == "paragraph":
            summary.append(("paragraph", block.value.source))
        else:
            summary.append((block.block_type, None))
    return summary


def body_texts(page):
    """The visible words of a body, block by block, for comparing imports of one text in two formats."""
    texts = []
    for block in page.body:
        if block.block_type == "heading":
            texts.append(block.value["text"])
        elif block.block_type == "paragraph":
            texts.append(BeautifulSoup(block.value.source, "html.parser").get_text(" | "))
        elif block.block_type == "table":
            texts.append(block.value["data"])
        else:
            texts.append(block.block_type)
    return texts


def upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class WordImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school_a = make_school(cls.sections["schools"], 1)
        cls.school_b = make_school(cls.sections["schools"], 2)
        groups = setup_roles()
        cls.access_a = SchoolAccess.objects.select_related("collection").get(school=cls.school_a)
        cls.contact_a = make_user("daumoi_a", cls.access_a.contact_group)
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.leader = make_user("lanhdao", groups["leadership"])
        cls.board = make_user("bientap", groups["board"])
        cls.news_docx = docx_bytes(news_document())

    def post(self, user, data, name, section):
        self.client.force_login(user)
        return self.client.post(URL, {"file": upload(data, name), "section": section.pk})

    def assert_nothing_created(self, response, message):
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn(
            message, " ".join(str(error) for field_errors in errors.values() for error in field_errors)
        )
        self.assertFalse(NewsPage.objects.exists())
        self.assertFalse(Image.objects.exists())

    # --- the draft -------------------------------------------------------------------

    def test_school_contact_imports_a_docx_as_a_draft_in_his_school(self):
        response = self.post(self.contact_a, self.news_docx, "tin-hoi-nghi.docx", self.school_a)

        page = NewsPage.objects.get()
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(page.title, TITLE)
        self.assertEqual(page.lead, LEAD)
        self.assertEqual(page.get_parent().pk, self.school_a.pk)
        self.assertEqual(page.slug, "hoi-nghi-tong-ket-nam-hoc-20252026")
        self.assertEqual(page.category, self.school_a.news_category)
        self.assertFalse(page.live)
        self.assertEqual(page.owner, self.contact_a)
        self.assertEqual(page.revisions.count(), 1)
        self.assertEqual(page.latest_revision.user, self.contact_a)
        self.assertEqual(body_summary(page), EXPECTED_BODY)

        table = next(block.value for block in page.body if block.block_type == "table")
        self.assertEqual(table["data"], TABLE_ROWS)
        self.assertTrue(table["first_row_is_table_header"])

        image = Image.objects.get()
        image_block = next(block.value for block in page.body if block.block_type == "image")
        self.assertEqual(image_block["image"].pk, image.pk)
        self.assertEqual(image.collection, self.access_a.collection)
        self.assertEqual(image.title, f"{TITLE} – ảnh 1")
        self.assertEqual(image.uploaded_by_user, self.contact_a)
        self.assertEqual((image.width, image.height), (80, 50))
        self.assertEqual(page.listing_image, image)

        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        self.assertEqual(actions, {"wagtail.create", "intake.import_word"})

        [message] = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertIn(f"Đã tạo bản nháp «{TITLE}» từ tệp Word: 1 ảnh, 1 bảng.", message)
        self.assertIn("phông cũ (TCVN3/VNI) đã được chuyển sang Unicode", message)

    def test_office_staff_import_goes_to_the_office_collection(self):
        response = self.post(self.staff, self.news_docx, "tin.docx", self.sections["news"])
        page = NewsPage.objects.get()
        self.assertEqual(response.status_code, 302)
        self.assertEqual(page.get_parent().pk, self.sections["news"].pk)
        self.assertEqual(page.category, NewsCategory.OFFICE)
        self.assertEqual(Image.objects.get().collection, Collection.get_first_root_node())

    def test_a_second_import_of_the_same_file_gets_its_own_slug(self):
        self.post(self.contact_a, self.news_docx, "tin.docx", self.school_a)
        self.post(self.contact_a, self.news_docx, "tin.docx", self.school_a)
        slugs = sorted(NewsPage.objects.values_list("slug", flat=True))
        self.assertEqual(
            slugs, ["hoi-nghi-tong-ket-nam-hoc-20252026", "hoi-nghi-tong-ket-nam-hoc-20252026-2"]
        )

    def test_a_font_set_in_the_paragraph_style_is_converted_too(self):
        document = convert_docx(docx_bytes(legacy_style_document()))
        self.assertEqual(document.title, "Thông báo")
        self.assertEqual(document.lead, "Phòng Giáo dục và Đào tạo")
        self.assertEqual(document.legacy_runs, 2)

    def test_without_title_style_the_first_heading_1_is_the_title(self):
        from docx import Document

        document = Document()
        document.add_paragraph("Kính gửi: các trường")
        document.add_heading("Thông báo lịch họp", level=1)
        document.add_paragraph("Nội dung thông báo.")
        converted = convert_docx(docx_bytes(document))
        self.assertEqual(converted.title, "Thông báo lịch họp")
        self.assertEqual(converted.lead, "Kính gửi: các trường")
        self.assertEqual(converted.blocks, [("paragraph", "<p>Nội dung thông báo.</p>")])

    def test_unsafe_markup_and_links_are_dropped(self):
        from docx import Document

        from ..docx_builders import add_hyperlink

        document = Document()
        document.add_paragraph("Tiêu đề")
        document.add_paragraph("Sa pô.")
        paragraph = document.add_paragraph("Bấm ")
        add_hyperlink(paragraph, "vào đây", "javascript:alert(1)")
        paragraph.add_run(" <script>x</script> & hết")
        converted = convert_docx(docx_bytes(document))
        self.assertEqual(
            converted.blocks, [("paragraph", "<p>Bấm vào đây &lt;script&gt;x&lt;/script&gt; &amp; hết</p>")]
        )

    @needs_soffice
    def test_a_doc_file_imports_to_the_same_text(self):
        self.post(self.contact_a, self.news_docx, "goc.docx", self.school_a)
        original = NewsPage.objects.get()
        doc = soffice_convert(self.news_docx, "docx", "doc")
        self.assertEqual(doc[:4], b"\xd0\xcf\x11\xe0")

        response = self.post(self.contact_a, doc, "ban-cu.doc", self.school_a)
        self.assertEqual(response.status_code, 302)
        imported = NewsPage.objects.exclude(pk=original.pk).get()
        self.assertEqual(imported.title, original.title)
        self.assertEqual(imported.lead, original.lead)
        self.assertEqual(body_texts(imported), body_texts(original))
        self.assertEqual(Image.objects.filter(collection=self.access_a.collection).count(), 2)

    @needs_soffice
    def test_an_odt_file_imports_to_the_same_text(self):
        odt = soffice_convert(self.news_docx, "docx", "odt")
        response = self.post(self.contact_a, odt, "ban-odt.odt", self.school_a)
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get()
        self.assertEqual((page.title, page.lead), (TITLE, LEAD))
        self.assertIn("Phòng Giáo dục và Đào tạo chủ trì.", str(page.body))
        self.assertEqual([block.block_type for block in page.body], [kind for kind, _value in EXPECTED_BODY])

    # --- bad files -------------------------------------------------------------------

    def test_a_text_file_renamed_docx_is_refused(self):
        response = self.post(self.contact_a, "Chỉ là chữ".encode(), "tin.docx", self.school_a)
        self.assert_nothing_created(response, "không phải văn bản Word/OpenDocument hợp lệ")

    def test_a_truncated_docx_is_refused(self):
        response = self.post(
            self.contact_a, self.news_docx[: len(self.news_docx) // 2], "tin.docx", self.school_a
        )
        self.assert_nothing_created(response, "tệp hỏng, bị cắt cụt")

    def test_a_pdf_is_refused(self):
        response = self.post(
            self.contact_a, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF", "tin.pdf", self.school_a
        )
        self.assert_nothing_created(response, "Chỉ nhận tệp Word (.docx, .doc) hoặc OpenDocument (.odt)")

    def test_a_zip_that_is_not_a_word_file_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/other.xml", "<x/>")
        response = self.post(self.contact_a, buffer.getvalue(), "tin.docx", self.school_a)
        self.assert_nothing_created(response, "không phải văn bản Word/OpenDocument hợp lệ")

    def test_a_docx_renamed_doc_is_refused(self):
        response = self.post(self.contact_a, self.news_docx, "tin.doc", self.school_a)
        self.assert_nothing_created(response, "Đuôi tệp .doc không khớp với nội dung (tệp .docx)")

    def test_a_docx_whose_xml_is_broken_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self.news_docx)) as source, zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                target.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
        response = self.post(self.contact_a, buffer.getvalue(), "tin.docx", self.school_a)
        self.assert_nothing_created(response, "Không đọc được nội dung tệp")

    @override_settings(INTAKE_MAX_UPLOAD_BYTES=1000)
    def test_a_file_over_the_size_limit_is_refused(self):
        response = self.post(self.contact_a, self.news_docx, "tin.docx", self.school_a)
        self.assert_nothing_created(response, "Tệp quá lớn")

    def test_without_libreoffice_a_doc_gets_a_clear_message(self):
        doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
        with mock.patch("intake.libreoffice.soffice_binary", return_value=None):
            response = self.post(self.contact_a, doc, "tin.doc", self.school_a)
        self.assert_nothing_created(response, "Máy chủ chưa cài LibreOffice")

    @needs_soffice
    def test_a_doc_libreoffice_cannot_read_is_refused(self):
        doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4
        response = self.post(self.contact_a, doc, "tin.doc", self.school_a)
        self.assert_nothing_created(response, "Hãy mở tệp bằng Word")

    def test_a_failure_after_the_pictures_are_stored_leaves_no_file_behind(self):
        document = convert_docx(self.news_docx)
        stored = []
        real_store = importer.store_images

        def store_and_remember(*args):
            images = real_store(*args)
            stored.extend((image.file.storage, image.file.name) for image in images)
            return images

        with (
            mock.patch("intake.importer.store_images", side_effect=store_and_remember),
            mock.patch("intake.importer.log", side_effect=RuntimeError("log unavailable")),
            pytest.raises(RuntimeError),
        ):
            importer.create_draft(document, self.school_a.specific, self.contact_a, "tin.docx")
        self.assertEqual(len(stored), 1)
        self.assertFalse(stored[0][0].exists(stored[0][1]))
        self.assertFalse(NewsPage.objects.exists())
        self.assertFalse(Image.objects.exists())

    # --- who may import where ----------------------------------------------------------

    def test_school_contact_sees_only_his_school_preselected(self):
        self.client.force_login(self.contact_a)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        field = response.context["form"]["section"]
        options = [
            (value, label) for _group, group_choices in field.field.choices for value, label in group_choices
        ]
        self.assertEqual(options, [(str(self.school_a.pk), self.school_a.title)])
        self.assertEqual(field.value(), str(self.school_a.pk))
        self.assertContains(response, "Nhập từ tệp Word")

    def test_board_sees_office_sections_and_every_school(self):
        self.client.force_login(self.board)
        field = self.client.get(URL).context["form"].fields["section"]
        groups = {str(group): [label for _value, label in choices] for group, choices in field.choices[1:]}
        self.assertEqual(
            groups,
            {"Chuyên mục tin của Phòng": ["Tin tức"], "Trường học": ["Trường số 1", "Trường số 2"]},
        )

    def test_school_contact_cannot_import_into_another_school(self):
        response = self.post(self.contact_a, self.news_docx, "tin.docx", self.school_b)
        self.assert_nothing_created(response, "Bạn không có quyền tạo tin trong chuyên mục này.")

    def test_users_who_cannot_add_news_are_refused_and_see_no_menu_item(self):
        # Wagtail's admin answers PermissionDenied by sending the user home with an error message.
        self.client.force_login(self.leader)
        self.assertRedirects(self.client.get(URL), reverse("wagtailadmin_home"))
        response = self.post(self.leader, self.news_docx, "tin.docx", self.sections["news"])
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertFalse(NewsPage.objects.exists())
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), URL)

        self.client.force_login(self.contact_a)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), URL)

    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_school_explorer_offers_the_import_with_the_school_chosen(self):
        self.client.force_login(self.contact_a)
        response = self.client.get(reverse("wagtailadmin_explore", args=[self.school_a.pk]))
        self.assertContains(response, f"{URL}?section={self.school_a.pk}")
        response = self.client.get(f"{URL}?section={self.school_a.pk}")
        self.assertEqual(response.context["form"]["section"].value(), str(self.school_a.pk))

    def test_a_document_with_only_a_title_still_makes_a_draft(self):
        from docx import Document

        document = Document()
        document.add_heading("Thông báo nghỉ lễ", level=0)
        response = self.post(self.staff, docx_bytes(document), "ngan.docx", self.sections["news"])
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get()
        self.assertEqual(
            (page.title, page.lead, len(page.body)), ("Thông báo nghỉ lễ", "Thông báo nghỉ lễ", 0)
        )

    def test_a_document_without_text_is_refused(self):
        from docx import Document

        document = Document()
        document.add_picture(io.BytesIO(png_bytes()))
        response = self.post(self.staff, docx_bytes(document), "anh.docx", self.sections["news"])
        self.assert_nothing_created(response, "Tệp không có chữ nào")

    def test_a_draft_the_page_rules_refuse_is_reported_and_not_kept(self):
        from django.core.exceptions import ValidationError

        refusal = ValidationError({"lead": "Sa pô quá dài."})
        with mock.patch.object(NewsPage, "clean", side_effect=refusal):
            response = self.post(self.staff, self.news_docx, "tin.docx", self.sections["news"])
        self.assert_nothing_created(response, "Không tạo được tin từ tệp này: Sa pô quá dài.")

    def test_listing_the_sections_costs_the_same_for_any_number_of_schools(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.board)
        self.client.get(URL)
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL)
        for number in range(3, 8):
            make_school(self.sections["schools"], number)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(URL)
        self.assertEqual(len(response.context["form"].fields["section"].choices[2][1]), 7)
        self.assertEqual(len(many), len(few))

    def test_a_large_picture_in_the_document_is_stored_downscaled_with_its_thumbnail(self):
        from docx import Document

        from ..editorial import test_image_limits

        document = Document()
        document.add_heading("Ảnh toàn trường", level=0)
        document.add_paragraph("Toàn cảnh trường nhìn từ trên cao.")
        document.add_picture(io.BytesIO(test_image_limits.streamed_png(5000, 3000)))
        response = self.post(self.contact_a, docx_bytes(document), "anh-lon.docx", self.school_a)
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual(image.width, 4096)
        self.assertIn(image.height, (2457, 2458))
        self.assertTrue(image.renditions.filter(filter_spec="max-165x165").exists())
