"""Reader search: Vietnamese with or without diacritics, phrases, document numbers (issue 6)."""

import datetime
import os

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from directives.models import DirectivePage, DocumentKind, IssuingBody
from news.models import NewsPage
from org.models import OrgUnitPage
from site_kb.folding import document_number_key, fold

from ..builders import make_site, publish

QUERIES = [
    # (query, the page that must come first, or None for "no result")
    ("giáo dục", "Công đoàn Giáo dục huyện"),
    ("giao duc", "Công đoàn Giáo dục huyện"),
    ("GIAO DUC", "Công đoàn Giáo dục huyện"),
    ("tong ket cong tac giao duc", "Hội nghị tổng kết năm học 2025-2026"),
    ("hoi nghi tong ket", "Hội nghị tổng kết năm học 2025-2026"),
    ("Hội nghị", "Hội nghị tổng kết năm học 2025-2026"),
    ("hồi ức", "Hồi ức ngày khai trường"),
    ("hoi uc", "Hồi ức ngày khai trường"),
    ("nguyen uy", "Trường Mầm non Nguyễn Úy"),
    ("Hường", "Cô giáo Nguyễn Thị Hường đạt giải giáo viên dạy giỏi"),
    ("co giao huong", "Cô giáo Nguyễn Thị Hường đạt giải giáo viên dạy giỏi"),
    ("huong dan tuyen sinh", "Hướng dẫn tuyển sinh vào lớp 6"),
    ("nhuan but", "Chi trả nhuận bút cho cộng tác viên"),
    ("dong hoa", "Trường Tiểu học Đồng Hóa"),
    ("Đồng Hóa", "Trường Tiểu học Đồng Hóa"),
    ("ĐỒNG HÓA", "Trường Tiểu học Đồng Hóa"),
    ("truong thcs ba sao", "Trường THCS Ba Sao"),
    ("THCS Ba Sao", "Trường THCS Ba Sao"),
    ("nhat tuu", "Trường THCS Nhật Tựu"),
    ("lich thi tuyen sinh", "Lịch thi tuyển sinh vào lớp 10 năm 2026"),
    ('"tuyển sinh vào lớp 6"', "Hướng dẫn tuyển sinh vào lớp 6"),
    ('"tuyen sinh vao lop 10"', "Lịch thi tuyển sinh vào lớp 10 năm 2026"),
    ("33/QĐ-GDĐT", "Quy chế tổ chức và quản lý hoạt động của Website"),
    ("33/QD-GDDT", "Quy chế tổ chức và quản lý hoạt động của Website"),
    ("33/qđ-gdđt", "Quy chế tổ chức và quản lý hoạt động của Website"),
    ("1234/SGDĐT-GDTrH", "Hướng dẫn tuyển sinh vào lớp 6"),
    ("1234/sgddt-gdtrh", "Hướng dẫn tuyển sinh vào lớp 6"),
    ("chuyen doi so", "Tập huấn ứng dụng công nghệ cho giáo viên"),
    ("chuyển đổi số", "Tập huấn ứng dụng công nghệ cho giáo viên"),
    ("cong doan giao duc", "Công đoàn Giáo dục huyện"),
    ("hoi khoe phu dong", "Hội khỏe Phù Đổng cấp huyện"),
    ("phù đổng", "Hội khỏe Phù Đổng cấp huyện"),
    ("ke hoach thi", "Kế hoạch thi học sinh giỏi"),
    ("bi mat rieng tu", None),
    ("ban nhap chua dang", None),
    ("xyzkhongcoketqua", None),
]


def titles(response):
    return [item["page"].title for item in response.context["results"]]


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        cls.news_index, cls.directives, cls.schools = (
            sections["news"],
            sections["directives"],
            sections["schools"],
        )

        cls.ba_sao = publish(cls.schools, make_school_page("Trường THCS Ba Sao", "thcs", "Ba Sao"))
        cls.dong_hoa = publish(
            cls.schools, make_school_page("Trường Tiểu học Đồng Hóa", "tieu-hoc", "Đồng Hóa")
        )
        publish(cls.schools, make_school_page("Trường Mầm non Nguyễn Úy", "mam-non", "Nguyễn Úy"))
        publish(cls.schools, make_school_page("Trường THCS Nhật Tựu", "thcs", "Nhật Tựu"))
        cls.summary = news(
            cls.news_index,
            "Hội nghị tổng kết năm học 2025-2026",
            "Phòng Giáo dục và Đào tạo tổng kết công tác giáo dục năm học.",
        )
        cls.memory = news(
            cls.news_index, "Hồi ức ngày khai trường", "Những kỷ niệm của thầy cô về ngày đầu đi dạy."
        )
        news(cls.news_index, "Cô giáo Nguyễn Thị Hường đạt giải giáo viên dạy giỏi", "Cô Hường dạy môn Toán.")
        news(cls.news_index, "Chi trả nhuận bút cho cộng tác viên", "Theo Điều 10 của Quy chế.")
        news(
            cls.news_index,
            "Lịch thi tuyển sinh vào lớp 10 năm 2026",
            "Thí sinh xem lịch thi tuyển sinh vào lớp 10.",
        )
        news(
            cls.news_index,
            "Tập huấn ứng dụng công nghệ cho giáo viên",
            "Giáo viên được tập huấn.",
            body="Nội dung tập huấn là chuyển đổi số trong nhà trường.",
        )
        cls.games = news(
            cls.ba_sao,
            "Hội khỏe Phù Đổng cấp huyện",
            "Học sinh thi đấu thể thao.",
            date=datetime.date(2026, 3, 1),
        )
        news(
            cls.ba_sao,
            "Kế hoạch thi học sinh giỏi",
            "Trường Ba Sao tổ chức thi học sinh giỏi.",
            date=datetime.date(2025, 12, 1),
        )
        publish(
            cls.directives,
            DirectivePage(
                title="Quy chế tổ chức và quản lý hoạt động của Website",
                slug="quy-che",
                number="33/QĐ-GDĐT",
                doc_type=DocumentKind.coded("quy-che"),
                issuing_body=IssuingBody.named("Phòng GD&ĐT"),
                signed_date=datetime.date(2013, 11, 21),
                summary="Về việc tổ chức và quản lý hoạt động của Website.",
            ),
        )
        publish(
            cls.directives,
            DirectivePage(
                title="Hướng dẫn tuyển sinh vào lớp 6",
                slug="huong-dan-tuyen-sinh",
                number="1234/SGDĐT-GDTrH",
                doc_type=DocumentKind.coded("huong-dan"),
                issuing_body=IssuingBody.named("Sở GD&ĐT"),
                signed_date=datetime.date(2026, 4, 2),
                summary="Hướng dẫn tuyển sinh vào lớp 6 năm học 2026-2027.",
            ),
        )
        publish(
            cls.news_index.get_parent().specific.get_children().type(OrgUnitPage).first() or sections["org"],
            OrgUnitPage(title="Công đoàn Giáo dục huyện", slug="cong-doan", kind="organisation"),
        )

        secret = news(cls.news_index, "Thông tin bí mật riêng tư", "Chỉ dành cho nội bộ.")
        PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
        draft = news(cls.news_index, "Tin đã đăng bình thường", "Tin này đã đăng.")
        draft.title = "Bản nháp chưa đăng"
        draft.save_revision()

    def search(self, **params):
        response = self.client.get("/tim-kiem/", params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_query_table(self):
        for query, expected in QUERIES:
            with self.subTest(query=query):
                found = titles(self.search(q=query))
                if expected is None:
                    self.assertEqual(found, [])
                else:
                    self.assertTrue(found, f"{query!r} found nothing")
                    self.assertEqual(found[0], expected)

    def test_words_with_their_diacritics_rank_first(self):
        found = titles(self.search(q="hội"))
        self.assertIn("Hồi ức ngày khai trường", found, "folded matches still count")
        self.assertLess(
            found.index("Hội nghị tổng kết năm học 2025-2026"), found.index("Hồi ức ngày khai trường")
        )
        found = titles(self.search(q="hồi"))
        self.assertEqual(found[0], "Hồi ức ngày khai trường")

    def test_a_page_named_exactly_as_typed_comes_first(self):
        news(self.ba_sao, "Trường THCS Ba Sao tổ chức ngày hội", "Trường THCS Ba Sao, THCS Ba Sao, Ba Sao.")
        self.assertEqual(titles(self.search(q="truong thcs ba sao"))[0], "Trường THCS Ba Sao")

    def test_broad_queries_list_the_newest_matches(self):
        with self.settings(SEARCH_BROAD_RESULTS=2):
            response = self.search(q="truong")
        self.assertContains(response, "có ngày đăng mới nhất")
        pages = [item["page"] for item in response.context["results"]]
        self.assertEqual(len(pages), 2)
        self.assertEqual(pages, sorted(pages, key=lambda page: page.first_published_at, reverse=True))
        self.assertNotContains(self.search(q="hoi uc"), "có ngày đăng mới nhất")

    def test_broad_queries_count_only_up_to_the_cap(self):
        everything = self.search(q="truong").context["search_results"].paginator.count
        self.assertGreater(everything, 3)
        with self.settings(SEARCH_BROAD_RESULTS=3):
            response = self.search(q="truong")
            newest = self.search(q="truong", sap_xep="moi-nhat")
        self.assertEqual(response.context["search_results"].paginator.count, 3)
        self.assertContains(response, "Tìm thấy hơn 3 kết quả")
        self.assertEqual(len(response.context["results"]), 3)
        self.assertEqual(newest.context["search_results"].paginator.count, 3)
        self.assertEqual(
            {item["page"].pk for item in newest.context["results"]},
            {item["page"].pk for item in response.context["results"]},
        )

    def test_phrase_needs_the_words_together(self):
        found = titles(self.search(q='"tuyển sinh vào lớp 6"'))
        self.assertNotIn("Lịch thi tuyển sinh vào lớp 10 năm 2026", found)

    def test_snippets_highlight_the_words_typed_without_diacritics(self):
        response = self.search(q="giao duc")
        self.assertContains(response, "<mark>Giáo</mark> <mark>dục</mark>")
        self.assertContains(response, "Tìm thấy")

    def test_filters_by_type_school_date_and_sort(self):
        found = titles(self.search(q="giao vien", loai="tin-bai"))
        self.assertTrue(found)
        self.assertNotIn("Trường THCS Ba Sao", titles(self.search(q="ba sao", loai="tin-bai")))
        self.assertEqual(
            set(titles(self.search(q="hoc sinh", truong=self.ba_sao.pk))),
            {"Hội khỏe Phù Đổng cấp huyện", "Kế hoạch thi học sinh giỏi"},
        )
        self.assertEqual(titles(self.search(q="thi", loai="van-ban")), [])
        newest = [item["page"] for item in self.search(q="thi", sap_xep="moi-nhat").context["results"]]
        self.assertGreater(len(newest), 1)
        stamps = [page.first_published_at for page in newest]
        self.assertEqual(stamps, sorted(stamps, reverse=True))

        today = datetime.date.today().isoformat()
        self.assertTrue(titles(self.search(q="hoi", tu_ngay=today)))
        self.assertEqual(titles(self.search(q="hoi", den_ngay="2000-01-01")), [])

    def test_bad_filters_get_a_vietnamese_message(self):
        response = self.search(q="hoi", tu_ngay="2026-05-10", den_ngay="2026-05-01")
        self.assertContains(response, "“Đến ngày” phải sau “Từ ngày”.")
        response = self.search(q="hoi", loai="khong-co")
        self.assertContains(response, "bộ lọc chưa hợp lệ")

    def test_old_english_search_addresses_redirect_to_vietnamese_ones(self):
        response = self.client.get(
            reverse("search"), {"q": "thi", "type": "directive", "sort": "newest", "date_from": "2026-01-01"}
        )
        self.assertEqual(response.status_code, 301)
        self.assertEqual(
            response["Location"],
            f"{reverse('search')}?q=thi&loai=van-ban&sap_xep=moi-nhat&tu_ngay=2026-01-01",
        )

    def test_empty_and_no_result_states(self):
        self.assertContains(self.search(), "Nhập từ khoá")
        self.assertContains(self.search(q="xyzkhongcoketqua"), "Không tìm thấy kết quả nào")

    def test_changes_show_at_once(self):
        self.assertEqual(titles(self.search(q="hoi uc"))[0], "Hồi ức ngày khai trường")
        self.memory.unpublish()
        self.assertEqual(titles(self.search(q="hoi uc")), [])
        self.memory.save_revision().publish()
        self.memory.refresh_from_db()
        self.assertTrue(titles(self.search(q="hoi uc")))

        self.memory.title = "Kỷ niệm mùa thu tựu trường"
        self.memory.save_revision().publish()
        self.assertEqual(titles(self.search(q="ky niem mua thu"))[0], "Kỷ niệm mùa thu tựu trường")
        self.assertEqual(titles(self.search(q="hoi uc")), [])

        self.memory.move(self.dong_hoa, pos="last-child")
        self.assertEqual(
            titles(self.search(q="ky niem mua thu", truong=self.dong_hoa.pk)), ["Kỷ niệm mùa thu tựu trường"]
        )

        self.memory.delete()
        self.assertEqual(titles(self.search(q="ky niem mua thu")), [])

    def test_document_number_keys(self):
        self.assertEqual(document_number_key("33/QĐ-GDĐT"), document_number_key("33 / qđ-gdđt"))
        self.assertEqual(DirectivePage.objects.get(number="33/QĐ-GDĐT").number_key, "33/QD-GDDT")


def news(parent, title, lead, body="", slug=None, date=datetime.date(2026, 5, 1)):
    return publish(
        parent,
        NewsPage(
            title=title,
            slug=slug or fold(title).replace(" ", "-")[:50],
            lead=lead,
            date=date,
            body=[("paragraph", f"<p>{body or lead}</p>")],
        ),
    )


def make_school_page(title, level, commune):
    from schools.models import SchoolPage

    return SchoolPage(title=title, slug=fold(title).replace(" ", "-"), level=level, commune=commune)


def test_elasticsearch_index_folds_vietnamese_without_a_server():
    from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

    backend = Elasticsearch8SearchBackend(
        {
            "URLS": ["http://127.0.0.1:9"],
            "INDEX": "test",
            "INDEX_SETTINGS": settings.ELASTICSEARCH_INDEX_SETTINGS,
        }
    )
    analysis = backend.settings["settings"]["analysis"]
    assert "asciifolding" in analysis["analyzer"]["default"]["filter"]
    assert "asciifolding" in analysis["analyzer"]["default_search"]["filter"]
    mapping = backend.mapping_class(NewsPage).get_mapping()
    assert "search_folded" in str(mapping)


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs a running Elasticsearch 8 (ELASTICSEARCH_URL)"
)
@pytest.mark.django_db
def test_elasticsearch_finds_unaccented_words():
    from wagtail.search.backends import get_search_backend

    home, sections = make_site()
    page = publish(
        sections["news"], NewsPage(title="Trường Tiểu học Đồng Hóa", slug="dh", lead="Tin.", body=[])
    )
    backend = get_search_backend()
    backend.reset_index()
    backend.add_type(NewsPage)
    backend.add(page)
    backend.refresh_index()
    assert [p.pk for p in backend.search("dong hoa", NewsPage)] == [page.pk]
