"""No English left in the admin screens each role uses (issue 15.12), read as a person reads them.

The demo site is crawled as the IT officer (quantri) and as a school contact (daumoi.thcsbasao):
every screen of their admin menu, and the explorer, a page's editor (all its tabs), the users,
groups, sites, reports, readers' questions (list, answer, history), pictures, documents and
snippets. The visible text (text nodes, and the aria-label, title, alt and placeholder a screen
reader or the eye meets; no scripts, class names or values) must hold none of the English words
and phrases that were found there, nor a model's code name ("news.newspage").
"""

import json
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow
from wagtail.snippets.models import get_snippet_models

from feedback.models import Feedback, FeedbackEvent
from news.models import NewsPage
from schools.models import SchoolPage
from tests.visible import visible_text

# Each was seen by a user in the admin; matched as a whole word or phrase, case as written.
ENGLISH = [
    "None",
    "True",
    "False",
    "Root",
    "Email",
    "Port",
    "Site name",
    "Root page",
    "title tag",
    "meta description",
    "comma-separated",
    "domain.com",
    "Editors",
    "Moderators",
    "confirmation",
    "answer",
    "slug",
]
# A model's code name, as Wagtail's page-type report printed it ("news.newspage"), and a
# permission's, as the site history printed group changes ("wagtailcore.add_site").
MODEL_LABEL_RE = re.compile(r"(?<![\w./@-])[a-z_]+\.[a-z_]*page(?![\w./-])")
PERMISSION_CODE_RE = re.compile(
    r"(?<![\w./@-])[a-z_]+\.(?:add|change|delete|view|choose|access)_[a-z_]+(?![\w./-])"
)


def english_in(text):
    found = [phrase for phrase in ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]
    return found + MODEL_LABEL_RE.findall(text) + PERMISSION_CODE_RE.findall(text)


def menu_urls(user):
    """The address of every item of the admin menu ``user`` sees, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []

    def walk(menu):
        for item in menu.menu_items_for_request(request):
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu)
            elif item.url.startswith("/"):
                urls.append(item.url)

    walk(admin_menu)
    return urls


class AdminEnglishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=StringIO())
        users = get_user_model().objects
        cls.it_officer = users.get(username="quantri")
        cls.contact = users.get(username="daumoi.thcsbasao")
        cls.school = SchoolPage.objects.get(title="Trường THCS Ba Sao")
        cls.school_news = NewsPage.objects.descendant_of(cls.school).first()
        cls.office_news = NewsPage.objects.not_descendant_of(cls.school).live().first()
        cls.feedback = Feedback.objects.filter(is_published=True).first()
        # The history as the mail steps write it ("confirmation", "answer" are the stored keys).
        cls.feedback.log(FeedbackEvent.Action.MAILED, note="confirmation")
        cls.feedback.log(FeedbackEvent.Action.MAIL_FAILED, note="answer: SMTPServerDisconnected")
        cls.feedback.assigned_to.add(cls.school)

    def screens(self, user):
        """The admin addresses ``user`` works with, beyond the menu."""
        image = get_image_model().objects.first()
        document = get_document_model().objects.first()
        home = Site.objects.get(is_default_site=True).root_page
        urls = [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore_root"),
            reverse("wagtailadmin_explore", args=[home.pk]),
            reverse("wagtailadmin_explore", args=[self.school.pk]),
            reverse("wagtailadmin_pages:edit", args=[self.school_news.pk]),
            reverse("wagtailadmin_pages:edit", args=[self.office_news.pk]),
            reverse("wagtailadmin_pages:add_subpage", args=[self.school.pk]),
            reverse("feedback_admin:index"),
            reverse("feedback_admin:edit", args=[self.feedback.pk]),
            reverse("wagtailimages:index"),
            reverse("wagtailimages:add"),
            reverse("wagtailimages:add_multiple"),
            reverse("wagtailimages:edit", args=[image.pk]),
            reverse("wagtailimages_chooser:choose"),
            reverse("wagtaildocs:index"),
            reverse("wagtaildocs:add"),
            reverse("wagtaildocs:add_multiple"),
            reverse("wagtaildocs:edit", args=[document.pk]),
            reverse("wagtaildocs_chooser:choose"),
            reverse("wagtailsnippets:index"),
            reverse("wagtailusers_users:index"),
            reverse("wagtailusers_users:add"),
            reverse("wagtailusers_users:edit", args=[self.contact.pk]),
            reverse("wagtailusers_groups:index"),
            reverse("wagtailsites:index"),
            reverse("wagtailsites:edit", args=[Site.objects.get(is_default_site=True).pk]),
            reverse("wagtailadmin_workflows:index"),
            reverse("wagtailadmin_reports:page_types_usage"),
            reverse("wagtailadmin_reports:aging_pages"),
            reverse("wagtailadmin_reports:locked_pages"),
            reverse("wagtailadmin_reports:workflow"),
            reverse("wagtailadmin_reports:workflow_tasks"),
            reverse("wagtailadmin_reports:site_history"),
        ]
        urls += [
            reverse("wagtailusers_groups:edit", args=[group.pk]) for group in Group.objects.order_by("pk")[:3]
        ]
        urls += [
            reverse(model.snippet_viewset.get_url_name("list"))
            for model in get_snippet_models()
            if model.snippet_viewset.get_menu_item_is_registered() is not None
        ]
        return list(dict.fromkeys(menu_urls(user) + urls))

    def crawl(self, user):
        """{url: English found} over every screen ``user`` may open; the screens opened."""
        self.client.force_login(user)
        found, opened = {}, []
        for url in self.screens(user):
            response = self.client.get(url)
            if response.status_code != 200:  # not this role's screen (refused or sent elsewhere)
                self.assertIn(response.status_code, (302, 403, 404), url)
                continue
            opened.append(url)
            body = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                body = json.loads(body).get("html", "")
            english = english_in(visible_text(body))
            if english:
                found[url] = english
        return found, opened

    def test_the_it_officer_reads_no_english(self):
        found, opened = self.crawl(self.it_officer)
        self.assertEqual(found, {})
        self.assertGreaterEqual(len(opened), 40)
        for screen in (
            reverse("wagtailsites:index"),
            reverse("wagtailusers_groups:index"),
            reverse("wagtailadmin_reports:page_types_usage"),
            reverse("feedback_admin:edit", args=[self.feedback.pk]),
        ):
            self.assertIn(screen, opened)

    def test_a_school_contact_reads_no_english(self):
        found, opened = self.crawl(self.contact)
        self.assertEqual(found, {})
        for screen in (
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_pages:edit", args=[self.school_news.pk]),
            reverse("feedback_admin:edit", args=[self.feedback.pk]),
            reverse("wagtailimages:add"),
        ):
            self.assertIn(screen, opened)
        self.assertNotIn(reverse("wagtailsites:index"), opened)
        self.assertGreaterEqual(len(opened), 15)

    def test_the_screens_say_it_in_vietnamese(self):
        self.client.force_login(self.it_officer)

        def text(url):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            return visible_text(response.content.decode())

        sites = text(reverse("wagtailsites:index"))
        for label in ("Cổng", "Tên website", "Trang gốc"):
            self.assertIn(label, sites)
        self.assertIn("Gốc", text(reverse("wagtailadmin_explore_root")))
        self.assertIn("Thư điện tử", text(reverse("wagtailusers_users:add")))
        users = text(reverse("wagtailusers_users:index"))
        self.assertRegex(users, r"\bCó\b")  # the active-account column, read out by a screen reader
        editor = text(reverse("wagtailadmin_pages:edit", args=[self.office_news.pk]))
        for label in ("Thẻ tiêu đề", "Đoạn mô tả", "Đường dẫn", "cách nhau bằng dấu phẩy"):
            self.assertIn(label, editor)
        unsent = NewsPage.objects.filter(submitted_at__isnull=True).first()
        self.assertIn("Chưa gửi duyệt", text(reverse("wagtailadmin_pages:edit", args=[unsent.pk])))
        history = text(reverse("feedback_admin:edit", args=[self.feedback.pk]))
        self.assertIn("thư xác nhận", history)
        self.assertIn("thư trả lời: SMTPServerDisconnected", history)
        self.assertIn("Tin tức | tin bài", text(reverse("wagtailadmin_reports:page_types_usage")))
        permissions = text(
            reverse("wagtailadmin_reports:site_history") + "?action=accounts.permissions_changed"
        )
        self.assertRegex(permissions, r"Cấp quyền: (thêm|sửa|xoá|xem|chọn) \w")

    def test_wagtails_english_defaults_are_renamed_or_gone(self):
        self.assertFalse(Group.objects.filter(name__in=["Editors", "Moderators"]).exists())
        self.assertFalse(Workflow.objects.filter(name="Moderators approval").exists())
        self.assertFalse(Task.objects.filter(name="Moderators approval").exists())
        self.assertEqual(Page.get_first_root_node().title, "Gốc")
        self.assertEqual(Collection.get_first_root_node().name, "Gốc")

    def test_the_checker_reads_what_a_person_reads(self):
        html = (
            '<p class="None">Trang</p><script>var a = "True";</script>'
            '<span class="w-sr-only">True</span><img alt="Root"><input value="False">'
        )
        self.assertEqual(english_in(visible_text(html)), ["True", "Root"])
        self.assertEqual(english_in("Tin bài news.newspage 33"), ["news.newspage"])
        self.assertEqual(
            english_in("Cấp quyền: wagtailcore.add_site, thêm tin bài"), ["wagtailcore.add_site"]
        )
        self.assertEqual(english_in("Trả lời: thư trả lời; tệp a.pdf; bientap@kimbang.edu.vn"), [])
