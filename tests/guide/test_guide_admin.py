"""The guide in the admin (issue 15.5, 15.12): every role reaches *Hướng dẫn sử dụng*, its own
pages first; nobody is sent to Wagtail's English guide; anonymous visitors get nothing; the
picture view serves only the guide's own pictures."""

import re
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from editorial.models import SchoolAccess
from editorial.roles import BOARD, IT_OFFICER, LEADERSHIP, OFFICE_STAFF
from guide import pages
from tests.builders import make_news, make_school, make_site, make_superuser, make_user

WAGTAIL_SITES = re.compile(r"(guide|docs)\.wagtail\.(org|io)|wagtail\.org")


class GuideInTheAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, sections = make_site()
        call_command("setup_roles", verbosity=0)
        cls.school = make_school(sections["schools"], 1)
        cls.news = make_news(sections["news"], 1)[0]
        access = SchoolAccess.objects.get(school=cls.school)
        cls.users = {
            "contact": make_user("daumoi", access.contact_group),
            "principal": make_user("hieutruong", access.principal_group),
            "school_it": make_user("cntt.truong", access.it_group),
            "board": make_user("bientap", Group.objects.get(name=BOARD)),
            "leadership": make_user("lanhdao", Group.objects.get(name=LEADERSHIP)),
            "it_officer": make_user("cntt", Group.objects.get(name=IT_OFFICER)),
            "office_staff": make_user("canbo", Group.objects.get(name=OFFICE_STAFF)),
            "superuser": make_superuser(),
        }
        del home

    def test_every_role_sees_the_guide_and_no_link_to_wagtails_english_guide(self):
        for role, account in self.users.items():
            self.client.force_login(account)
            dashboard = self.client.get("/admin/")
            assert dashboard.status_code == 200, role
            text = dashboard.content.decode()
            assert "Hướng dẫn sử dụng" in text, role
            assert reverse("guide:index") in text, role
            assert not WAGTAIL_SITES.search(text), (role, WAGTAIL_SITES.search(text))
            assert "What's new" not in text and "Editor Guide" not in text, role

    def test_the_editor_links_to_no_english_guide(self):
        for role in ("board", "superuser"):
            self.client.force_login(self.users[role])
            editor = self.client.get(f"/admin/pages/{self.news.pk}/edit/")
            assert editor.status_code == 200
            text = editor.content.decode()
            assert not WAGTAIL_SITES.search(text), WAGTAIL_SITES.search(text)
            assert reverse("guide:index") in text  # the checks panel points to our guide

    def test_the_guide_renders_for_every_role_with_its_own_pages_first(self):
        expected_first = {
            "contact": "Đầu mối của trường",
            "office_staff": "Đầu mối của trường",
            "principal": "Hiệu trưởng",
            "school_it": "Quản trị CNTT của trường",
            "board": "Ban biên tập",
            "leadership": "Lãnh đạo phòng",
            "it_officer": "Quản trị CNTT",
        }
        for role, heading in expected_first.items():
            self.client.force_login(self.users[role])
            response = self.client.get(reverse("guide:index"))
            assert response.status_code == 200, role
            sections = response.context["sections"]
            assert sections[0].heading == heading and sections[0].mine, role
            assert "(việc của bạn)" in response.content.decode()
            for section in sections:
                for name, _title in section.entries:
                    page = self.client.get(reverse("guide:page", args=[name]))
                    assert page.status_code == 200, name
                    assert not WAGTAIL_SITES.search(page.content.decode())

    def test_a_superuser_is_shown_the_it_officers_pages_first(self):
        self.client.force_login(self.users["superuser"])
        sections = self.client.get(reverse("guide:index")).context["sections"]
        assert sections[0].heading == "Quản trị CNTT"

    def test_links_and_pictures_point_into_the_guide(self):
        self.client.force_login(self.users["contact"])
        html = self.client.get(reverse("guide:page", args=["viet-va-gui-tin-bai"])).content.decode()
        assert 'href="sua-tin-bi-tu-choi.md"' not in html
        assert reverse("guide:page", args=["sua-tin-bi-tu-choi"]) in html
        pictures = re.findall(r'<img [^>]*src="([^"]+)"', html)
        assert pictures and all(src.startswith(reverse("guide:index") + "anh/") for src in pictures)

    def test_anonymous_visitors_are_sent_to_the_login(self):
        picture = next(pages.images_dir().glob("*.png"), None)
        addresses = [reverse("guide:index"), reverse("guide:page", args=["duyet-tin-bai"])]
        if picture:
            addresses.append(reverse("guide:image", args=[picture.name]))
        for address in addresses:
            response = self.client.get(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith("/admin/login/"), address

    def test_a_user_without_admin_access_is_refused(self):
        reader = make_user("bandoc")
        self.client.force_login(reader)
        response = self.client.get(reverse("guide:index"))
        assert response.status_code in (302, 403)

    def test_unknown_pages_are_not_found(self):
        self.client.force_login(self.users["contact"])
        for name in ("khong-co", "README", "..", "viet-va-gui-tin-bai.md"):
            response = self.client.get(f"{reverse('guide:index')}{name}/")
            assert response.status_code == 404, name


class GuidePictures(TestCase):
    """The picture view serves a plain ``name.png`` directly in the guide's images folder only."""

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        root = Path(folder.name)
        self.guide = root / "guide"
        (self.guide / "images").mkdir(parents=True)
        (self.guide / "images" / "mot-anh.png").write_bytes(b"\x89PNG\r\n\x1a\nthu")
        (self.guide / "bi-mat.png").write_bytes(b"\x89PNG\r\n\x1a\nbi mat")
        (self.guide / "images" / "ghi-chu.txt").write_text("không phải ảnh")
        (root / "settings.png").write_bytes(b"secret")
        (self.guide / "images" / "lien-ket.png").symlink_to(root / "settings.png")
        override = override_settings(GUIDE_DIR=self.guide)
        override.enable()
        self.addCleanup(override.disable)
        self.client.force_login(make_superuser())

    def test_a_picture_of_the_guide_is_served(self):
        response = self.client.get(reverse("guide:image", args=["mot-anh.png"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).endswith(b"thu")

    def test_nothing_outside_the_folder_or_of_another_kind_is_served(self):
        base = reverse("guide:index") + "anh/"
        for tail in (
            "../bi-mat.png",
            "..%2Fbi-mat.png",
            "%2e%2e%2fbi-mat.png",
            "..%5Cbi-mat.png",
            "ghi-chu.txt",
            "lien-ket.png",  # a link out of the folder
            "%2Fetc%2Fpasswd",
            "MOT-ANH.png",
            "mot-anh.png%00.txt",
            "",
        ):
            response = self.client.get(base + tail)
            # Not found, or (for a path with a slash in it) the slash-appending redirect, which
            # leads to no picture either.
            assert response.status_code in (301, 404), tail
            if response.status_code == 301:
                assert self.client.get(response["Location"]).status_code == 404, tail
            assert b"bi mat" not in response.content and b"secret" not in response.content, tail

    def test_the_view_refuses_names_that_are_not_plain(self):
        for name in ("../bi-mat.png", "/etc/passwd", "a/b.png", ".png", "lien-ket.png", "mot-anh.PNG"):
            assert pages.image_path(name) is None, name
        assert pages.image_path("mot-anh.png") == (self.guide / "images" / "mot-anh.png").resolve()


class GuideMenu(TestCase):
    def test_wagtails_help_menu_keeps_only_our_guide_and_the_shortcuts(self):
        make_site()
        self.client.force_login(make_superuser())
        text = self.client.get("/admin/").content.decode()
        assert "editor-guide" not in text
        assert "whats-new-in-wagtail" not in text
        assert "keyboard-shortcuts-trigger" in text  # Wagtail's own help that is not a link away
