"""The document registry of Điều 6: filters in the URL, number lookup, CSV and XLSX for the board."""

import csv
import datetime
import io
import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import openpyxl

from directives.models import DirectivePage, DocumentKind, DocumentStatus, DocumentSubject, IssuingBody
from editorial.roles import setup_roles

from ..builders import make_site, make_superuser, make_user, publish


def document(
    parent, number, title, kind, issuer, signed, group=None, status=DocumentStatus.IN_FORCE, subjects=()
):
    page = DirectivePage(
        title=title,
        slug=number.replace("/", "-").lower().replace("đ", "d"),
        number=number,
        doc_type=DocumentKind.coded(kind),
        issuing_body=IssuingBody.named(issuer),
        signed_date=signed,
        group=group,
        status=status,
        summary=f"Về việc {title.lower()}.",
    )
    page.subjects = list(subjects)
    return publish(parent, page)


class RegistryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        cls.index = sections["directives"]
        admissions = DocumentSubject.objects.create(name="Tuyển sinh")
        digital = DocumentSubject.objects.create(name="Chuyển đổi số")
        document(
            cls.index,
            "33/QĐ-GDĐT",
            "Quy chế website",
            "quy-che",
            "Phòng GD&ĐT",
            datetime.date(2013, 11, 21),
            3,
        )
        document(
            cls.index,
            "1234/SGDĐT-GDTrH",
            "Hướng dẫn tuyển sinh lớp 6",
            "huong-dan",
            "Sở GD&ĐT",
            datetime.date(2026, 4, 2),
            1,
            subjects=[admissions],
        )
        document(
            cls.index,
            "45/KH-PGDĐT",
            "Kế hoạch chuyển đổi số",
            "ke-hoach",
            "Phòng GD&ĐT",
            datetime.date(2026, 9, 5),
            2,
            subjects=[digital],
        )
        document(
            cls.index,
            "12/QĐ-UBND",
            "Quyết định cũ về tuyển sinh",
            "quyet-dinh",
            "UBND huyện",
            datetime.date(2020, 3, 1),
            1,
            DocumentStatus.EXPIRED,
            subjects=[admissions],
        )
        cls.admissions, cls.digital = admissions, digital

    def numbers(self, **params):
        response = self.client.get(self.index.url, params)
        self.assertEqual(response.status_code, 200)
        return [page.number for page in response.context["documents"]]

    def test_newest_signed_first_and_oldest_on_request(self):
        self.assertEqual(self.numbers(), ["45/KH-PGDĐT", "1234/SGDĐT-GDTrH", "12/QĐ-UBND", "33/QĐ-GDĐT"])
        self.assertEqual(self.numbers(sap_xep="cu")[0], "33/QĐ-GDĐT")

    def test_each_filter_and_combinations(self):
        office = "phong-gddt"  # issuing bodies and subjects by their folded names (issue 15.12)
        self.assertEqual(self.numbers(loai="quy-che"), ["33/QĐ-GDĐT"])
        self.assertEqual(self.numbers(co_quan=office), ["45/KH-PGDĐT", "33/QĐ-GDĐT"])
        self.assertEqual(self.numbers(nhom="van-ban-cua-cap-tren"), ["1234/SGDĐT-GDTrH", "12/QĐ-UBND"])
        self.assertEqual(self.numbers(linh_vuc="tuyen-sinh"), ["1234/SGDĐT-GDTrH", "12/QĐ-UBND"])
        self.assertEqual(self.numbers(nam=2026), ["45/KH-PGDĐT", "1234/SGDĐT-GDTrH"])
        self.assertEqual(self.numbers(hieu_luc="het-hieu-luc"), ["12/QĐ-UBND"])
        self.assertEqual(self.numbers(linh_vuc="tuyen-sinh", hieu_luc="con-hieu-luc"), ["1234/SGDĐT-GDTrH"])
        self.assertEqual(self.numbers(nam=2026, co_quan=office, nhom="chi-dao-dieu-hanh"), ["45/KH-PGDĐT"])
        self.assertEqual(self.numbers(nam=2026, loai="quy-che"), [])

    def test_old_english_and_numeric_filter_values_redirect_to_vietnamese_ones(self):
        office = IssuingBody.objects.get(name="Phòng GD&ĐT").pk
        response = self.client.get(
            self.index.url,
            {
                "hieu_luc": "in-force",
                "nhom": 1,
                "co_quan": office,
                "linh_vuc": self.admissions.pk,
                "nam": 2026,
            },
        )
        self.assertRedirects(
            response,
            f"{self.index.url}?hieu_luc=con-hieu-luc&nhom=van-ban-cua-cap-tren&co_quan=phong-gddt"
            "&linh_vuc=tuyen-sinh&nam=2026",
            status_code=301,
            fetch_redirect_response=False,
        )
        # A value that names nothing is not redirected: the form reports it.
        self.assertEqual(self.client.get(self.index.url, {"hieu_luc": "khong-co"}).status_code, 200)
        self.assertEqual(self.client.get(self.index.url, {"co_quan": "999999"}).status_code, 200)

    def test_filters_offer_what_the_published_documents_use_each_once_in_vietnamese_order(self):
        IssuingBody.objects.create(name="Sở GD&ĐT  Hà Nam")  # unused: not offered
        unused = DocumentSubject.objects.create(name="Ấp trứng")
        response = self.client.get(self.index.url)
        form = response.context["filter_form"]
        self.assertEqual(
            [label for value, label in form.fields["co_quan"].choices if value],
            ["Phòng GD&ĐT", "Sở GD&ĐT", "UBND huyện"],
        )
        self.assertEqual(
            [label for value, label in form.fields["linh_vuc"].choices if value],
            ["Chuyển đổi số", "Tuyển sinh"],
        )
        self.assertNotIn(unused.name, response.content.decode())
        self.assertEqual(
            [value for value, _label in form.fields["loai"].choices if value],
            ["quyet-dinh", "ke-hoach", "quy-che", "huong-dan"],
        )
        self.assertContains(response, '<option value="het-hieu-luc">Hết hiệu lực</option>', html=True)

    def test_filtered_list_is_a_shareable_url(self):
        url = f"{self.index.url}?nam=2026&nhom=van-ban-cua-cap-tren"
        response = self.client.get(url)
        self.assertEqual([p.number for p in response.context["documents"]], ["1234/SGDĐT-GDTrH"])
        self.assertContains(response, 'value="2026"')

    def test_number_lookup_with_or_without_diacritics(self):
        for query in ("33/QĐ-GDĐT", "33/QD-GDDT", "33/qđ-gdđt", " 33 / QD-GDDT "):
            with self.subTest(query=query):
                self.assertEqual(self.numbers(q=query), ["33/QĐ-GDĐT"])
        self.assertEqual(self.numbers(q="tuyen sinh"), ["1234/SGDĐT-GDTrH", "12/QĐ-UBND"])

    def test_bad_filter_values_are_reported_not_fatal(self):
        response = self.client.get(self.index.url, {"nam": "abc", "loai": "khong-co"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, "Giá trị này không có trong danh sách, hãy chọn lại.")
        self.assertNotContains(response, "Select a valid choice")

    def board_member(self):
        return make_user("bientap", setup_roles()["board"])

    def export(self, export_format, **filters):
        response = self.client.get(reverse("directive_registry:index"), {**filters, "export": export_format})
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content) if response.streaming else response.content

    def test_export_is_for_the_board_only(self):
        self.assertEqual(self.client.get(self.index.url).context["can_export"], False)
        response = self.client.get(reverse("directive_registry:index"), {"export": "csv"})
        self.assertRedirects(
            response,
            reverse("wagtailadmin_login") + "?next=" + quote(response.request["PATH_INFO"] + "?export=csv"),
            fetch_redirect_response=False,
        )
        staff = make_user("canbo", setup_roles()["office_staff"])
        self.client.force_login(staff)
        self.assertEqual(self.client.get(self.index.url).context["can_export"], False)
        refused = self.client.get(reverse("directive_registry:index"), {"export": "csv"})
        self.assertRedirects(refused, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        # The old branch of the page's serve is gone: the page ignores it.
        self.client.force_login(self.board_member())
        response = self.client.get(self.index.url, {"xuat": "csv"})
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def test_public_link_carries_the_filters_to_the_csv(self):
        self.client.force_login(self.board_member())
        page = self.client.get(self.index.url, {"nam": 2026, "page": 1})
        self.assertTrue(page.context["can_export"])
        link = (
            re.search(r'href="([^"]*export=csv[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&")
        )
        self.assertTrue(link.startswith(reverse("directive_registry:index") + "?"))
        self.assertNotIn("page=", link)
        rows = list(csv.reader(io.StringIO(self.client_get_body(link).decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "Số, ký hiệu")
        self.assertEqual([row[0] for row in rows[1:]], ["45/KH-PGDĐT", "1234/SGDĐT-GDTrH"])
        self.assertIn("Tuyển sinh", rows[2][10])
        self.assertEqual(rows[2][5], "02/04/2026")

    def client_get_body(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content) if response.streaming else response.content

    def test_export_searches_and_sorts_like_the_public_registry(self):
        self.client.force_login(self.board_member())
        rows = list(csv.reader(io.StringIO(self.export("csv", q="33/QD-GDDT").decode("utf-8-sig"))))
        self.assertEqual([row[0] for row in rows[1:]], ["33/QĐ-GDĐT"])
        rows = list(csv.reader(io.StringIO(self.export("csv", nam=2026, sap_xep="cu").decode("utf-8-sig"))))
        self.assertEqual([row[0] for row in rows[1:]], ["1234/SGDĐT-GDTrH", "45/KH-PGDĐT"])

    def test_formula_cells_are_defused_in_csv_and_xlsx(self):
        hostile = "=cmd|' /C calc'!A0"
        document(self.index, "99/TB-PGDĐT", hostile, "thong-bao", "Phòng GD&ĐT", datetime.date(2026, 6, 1))
        self.client.force_login(self.board_member())
        rows = list(csv.reader(io.StringIO(self.export("csv", loai="thong-bao").decode("utf-8-sig"))))
        self.assertEqual(rows[1][1], "'" + hostile)
        self.assertTrue(all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row))
        sheet = openpyxl.load_workbook(io.BytesIO(self.export("xlsx", loai="thong-bao"))).active
        cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
        self.assertEqual(cells[0].value, "99/TB-PGDĐT")
        self.assertEqual(cells[1].data_type, "s")
        self.assertEqual(cells[1].value.lstrip("'"), hostile)

    def test_board_listing_filters_like_the_public_registry(self):
        self.client.force_login(self.board_member())
        response = self.client.get(
            reverse("directive_registry:index"), {"nam": 2026, "danh_muc": self.index.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [page.number for page in response.context["pages"]], ["45/KH-PGDĐT", "1234/SGDĐT-GDTrH"]
        )
        self.assertContains(response, "Năm ký")
        response = self.client.get(reverse("directive_registry:index"), {"q": "33/QD-GDDT", "sap_xep": "cu"})
        self.assertEqual([page.number for page in response.context["pages"]], ["33/QĐ-GDĐT"])

    def test_word_search_is_paged_by_the_database(self):
        """No list of matching ids goes through Python: the backend's results are counted and
        sliced in SQL, in the listing's order."""
        for n in range(21):
            day = datetime.date(2025, 1, 1) + datetime.timedelta(days=n)
            document(
                self.index,
                f"{100 + n}/TB-PGDĐT",
                f"Thông báo tuyển sinh đợt {n}",
                "thong-bao",
                "Sở GD&ĐT",
                day,
            )
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.index.url, {"q": "tuyen sinh"})
        documents = response.context["documents"]
        self.assertEqual(documents.paginator.count, 23)
        self.assertEqual(documents.object_list[0].number, "1234/SGDĐT-GDTrH")
        self.assertEqual(len(documents.object_list), 20)
        id_lists = [query["sql"] for query in queries if re.search(r'"(page_ptr_)?id" IN \(\d', query["sql"])]
        self.assertEqual(id_lists, [])

    def test_number_unique_per_issuer_and_year(self):
        clash = DirectivePage(
            title="Trùng số",
            slug="trung-so",
            number="45/KH-PGDĐT",
            doc_type=DocumentKind.coded("ke-hoach"),
            issuing_body=IssuingBody.named("Phòng GD&ĐT"),
            signed_date=datetime.date(2026, 12, 1),
            summary="Trùng.",
        )
        with self.assertRaises(ValidationError) as error:
            clash.clean()
        self.assertIn("Số ký hiệu này đã có trong năm 2026", str(error.exception))
        clash.signed_date = datetime.date(2027, 1, 5)
        clash.clean()  # a new year starts the numbering again

    def test_replaced_documents_need_the_replacement(self):
        page = DirectivePage.objects.get(number="12/QĐ-UBND")
        page.status = DocumentStatus.REPLACED
        with self.assertRaises(ValidationError):
            page.clean()
        page.replaced_by = DirectivePage.objects.get(number="1234/SGDĐT-GDTrH")
        page.clean()
        page.save_revision().publish()
        response = self.client.get(page.url)
        self.assertContains(response, "Đã được thay thế")
        self.assertContains(response, 'href="/van-ban/1234-sgddt-gdtrh/"')


class RegistryEditorTests(TestCase):
    def test_the_board_opens_a_document_in_the_page_editor(self):
        home, sections = make_site()
        page = document(
            sections["directives"],
            "7/QĐ-GDĐT",
            "Quyết định thử",
            "quyet-dinh",
            "Phòng GD&ĐT",
            datetime.date(2026, 1, 5),
        )
        admin = make_superuser("admin")
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Quyết định")
