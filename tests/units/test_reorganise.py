"""Reorganisation without broken links (issue 16.5; units.reorganise, manage.py reorganise).

"Done when": a renamed and a merged school's old URLs answer 301 to the new ones. Requests go
through the test client with the Host a reader's browser sends: the authority on ``localhost``,
two schools on member sites of their own (``truong-1.localhost``, ``truong-2.localhost``) and a
third reached only through the authority's address."""

import datetime
import io
import json
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_actions
from wagtail.models import Page, PageLogEntry, Revision, Site

from directives.models import DirectiveIndexPage, DirectivePage, DocumentKind, IssuingBody
from editorial.models import SchoolAccess
from editorial.roles import BOARD, IT_OFFICER, setup_roles
from feedback.records import Feedback
from home.models import HomePage
from schools.models import SchoolIndexPage, SchoolPage
from site_kb.models import HostRedirect, OrganisationSettings
from tests.builders import make_image, make_news, make_school, make_site, make_user, publish
from units.art9 import ensure_school_pages
from units.reorganise import (
    ReorganisationError,
    change_hostname,
    merge_schools,
    move_unit,
    rename_unit,
    run_plan,
)

AUTHORITY = "localhost"
HOST_A = "truong-1.localhost"
HOST_B = "truong-2.localhost"
NEW_NAME = "Trường THCS Sao Mai"
NEW_SLUG = "truong-thcs-sao-mai"


def snapshot():
    """What a reorganisation may change, as plain values: equal snapshots, nothing changed."""
    return {
        "pages": sorted(Page.objects.values_list("pk", "title", "slug", "url_path", "path", "live")),
        "sites": sorted(Site.objects.values_list("pk", "hostname", "site_name", "root_page_id")),
        "redirects": sorted(Redirect.objects.values_list("old_path", "site_id", "redirect_page_id")),
        "hosts": sorted(HostRedirect.objects.values_list("hostname", "site_id")),
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "members": sorted(Group.user_set.through.objects.values_list("user_id", "group_id")),
        "access": sorted(SchoolAccess.objects.values_list("school_id", "collection__name")),
        "settings": sorted(OrganisationSettings.objects.values_list("site_id", "name", "parent_authority")),
        "bodies": sorted(IssuingBody.objects.values_list("name", flat=True)),
        "communes": sorted(SchoolPage.objects.values_list("pk", "commune")),
        "log": PageLogEntry.objects.count(),
        "revisions": sorted(
            (pk, json.dumps(content)) for pk, content in Revision.objects.values_list("pk", "content")
        ),
        "feedback": sorted(Feedback.assigned_to.through.objects.values_list("feedback_id", "page_id")),
        "images": sorted(get_image_model().objects.values_list("pk", "collection_id")),
    }


def document(parent, number, issuing_body, slug):
    return publish(
        parent,
        DirectivePage(
            title=f"Quyết định {number}",
            slug=slug,
            number=number,
            doc_type=DocumentKind.coded("quyet-dinh"),
            issuing_body=issuing_body,
            signed_date=datetime.date(2026, 9, 1),
            summary="Về việc thử nghiệm.",
        ),
    )


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def plan_file(directory, entries, suffix=".json"):
    path = Path(directory) / f"ke-hoach{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"operations": entries}, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(entries, encoding="utf-8")
    return str(path)


def reorganise(*args):
    out = io.StringIO()
    call_command("reorganise", *args, stdout=out)
    return out.getvalue()


class ReorganiseFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.authority_site = Site.objects.get(is_default_site=True)
        OrganisationSettings.objects.create(site=cls.authority_site, name="Phòng GD&ĐT Thử")
        setup_roles()
        cls.a = make_school(cls.sections["schools"], 1)
        cls.b = make_school(cls.sections["schools"], 2)
        cls.c = make_school(cls.sections["schools"], 3)
        cls.site_a = Site.objects.create(hostname=HOST_A, port=80, root_page=cls.a, site_name="Trường số 1")
        cls.site_b = Site.objects.create(hostname=HOST_B, port=80, root_page=cls.b, site_name="Trường số 2")
        OrganisationSettings.objects.create(site=cls.site_a, name="Trường số 1", short_name="Trường số 1")
        OrganisationSettings.objects.create(site=cls.site_b, name="Trường số 2")
        for school in (cls.a, cls.b, cls.c):
            ensure_school_pages(school)
        cls.a_news = make_news(cls.a, 2, prefix="bai")  # bai-0, bai-1
        cls.b_news = make_news(cls.b, 1, prefix="bai")  # school 2 has a bai-0 too: a clash on merge
        cls.c_news = make_news(cls.c, 1, prefix="tin-c")
        cls.a_body = IssuingBody.named("Trường số 1")
        cls.a_doc = document(
            DirectiveIndexPage.objects.child_of(cls.a).get(), "12/QĐ-THCS1", cls.a_body, "qd-12"
        )
        cls.operator = make_user("quantri-cntt", Group.objects.get(name=IT_OFFICER))
        cls.access_a = SchoolAccess.objects.get(school=cls.a)
        cls.access_b = SchoolAccess.objects.get(school=cls.b)
        cls.contact_a = make_user("daumoi-1", cls.access_a.contact_group)
        cls.principal_a = make_user("hieutruong-1", cls.access_a.principal_group)

    def assertRedirects301(self, host, path, location):
        response = self.client.get(path, HTTP_HOST=host)
        self.assertEqual(response.status_code, 301, f"{host}{path}")
        self.assertEqual(response["Location"], location)
        return response

    def assertServes(self, url):
        host, path = url.removeprefix("http://").split("/", 1)
        response = self.client.get(f"/{path}", HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, url)
        return response


class RenameTests(ReorganiseFixture):
    def test_old_addresses_of_a_renamed_school_and_its_articles_answer_301(self):
        changes = rename_unit(self.c, NEW_NAME, user=self.operator)
        school = fresh(self.c)
        self.assertEqual((school.title, school.slug), (NEW_NAME, NEW_SLUG))
        self.assertIn("Đổi tên «Trường số 3» thành «Trường THCS Sao Mai».", changes)
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/", school.url)
        article = fresh(self.c_news[0])
        self.assertEqual(article.url, f"http://localhost/truong-hoc/{NEW_SLUG}/tin-c-0/")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/tin-c-0/", article.url)
        self.assertServes(school.url)
        self.assertServes(article.url)
        # Its feeds too: readers' feed apps keep the old address (news.FeedRoutesMixin.get_route_paths).
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/rss/", f"{school.url}rss/")

    def test_a_school_with_its_own_site_keeps_its_site_addresses_and_its_groups_settings_follow(self):
        rename_unit(self.a, NEW_NAME, user=self.operator)
        article = fresh(self.a_news[1])
        self.assertEqual(article.url, f"http://{HOST_A}/bai-1/")
        self.assertServes(article.url)  # the member site's own addresses do not change
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/bai-1/", article.url)
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/", f"http://{HOST_A}/")
        access = SchoolAccess.objects.select_related("contact_group", "principal_group", "collection").get(
            school=self.a
        )
        self.assertTrue(access.contact_group.name.startswith(NEW_NAME))
        self.assertTrue(access.principal_group.name.startswith(NEW_NAME))
        self.assertEqual(access.collection.name, NEW_NAME)
        self.assertEqual(Site.objects.get(pk=self.site_a.pk).site_name, NEW_NAME)
        settings = OrganisationSettings.objects.get(site=self.site_a)
        self.assertEqual((settings.name, settings.short_name), (NEW_NAME, NEW_NAME))

    def test_a_document_keeps_the_issuing_body_it_was_signed_under(self):
        page = self.assertServes(self.a_doc.url)
        self.assertContains(page, "Trường số 1")
        changes = rename_unit(self.a, NEW_NAME, user=self.operator)
        self.assertIn(
            "Cơ quan ban hành mới «Trường THCS Sao Mai»; văn bản đã ký vẫn ghi «Trường số 1».", changes
        )
        signed_before = fresh(self.a_doc)
        self.assertEqual(signed_before.issuing_body.name, "Trường số 1")
        response = self.assertServes(signed_before.url)
        self.assertContains(response, "<dd>Trường số 1</dd>", html=True)
        signed_after = document(
            DirectiveIndexPage.objects.child_of(self.a).get(),
            "13/QĐ-THCS1",
            IssuingBody.named(NEW_NAME),
            "qd-13",
        )
        response = self.assertServes(signed_after.url)
        self.assertContains(response, f"<dd>{NEW_NAME}</dd>", html=True)
        self.assertNotContains(response, "<dd>Trường số 1</dd>", html=True)

    def test_a_draft_saved_before_the_rename_does_not_bring_the_old_name_or_address_back(self):
        draft = fresh(self.c)
        draft.intro = "Bản nháp sửa phần giới thiệu."
        draft.save_revision()
        rename_unit(self.c, NEW_NAME)
        fresh(self.c).get_latest_revision().publish()
        school = fresh(self.c)
        self.assertEqual(
            (school.title, school.slug, school.intro), (NEW_NAME, NEW_SLUG, "Bản nháp sửa phần giới thiệu.")
        )
        self.assertEqual(school.url_path, f"/trang-chu-thu/truong-hoc/{NEW_SLUG}/")

    def test_the_rename_is_in_the_audit_log_in_vietnamese(self):
        rename_unit(self.c, NEW_NAME, user=self.operator)
        entry = PageLogEntry.objects.get(page=self.c, action="units.rename")
        self.assertEqual(entry.user, self.operator)
        self.assertEqual(log_actions.get_action_label("units.rename"), "Đổi tên đơn vị")
        self.assertIn("«Trường số 3» thành «Trường THCS Sao Mai»", entry.message)

    def test_the_authority_renamed_by_its_hostname_keeps_every_address(self):
        IssuingBody.named("Phòng GD&ĐT Thử")
        report = run_plan([{"op": "rename", "school": "LOCALHOST", "name": "Phòng Văn hoá – Xã hội xã Thử"}])
        home = fresh(self.home)
        self.assertEqual((home.title, home.slug), ("Phòng Văn hoá – Xã hội xã Thử", "trang-chu-thu"))
        self.assertEqual(OrganisationSettings.objects.get(site=self.authority_site).name, home.title)
        self.assertIn(
            "Cơ quan ban hành mới «Phòng Văn hoá – Xã hội xã Thử»; văn bản đã ký vẫn ghi «Phòng GD&ĐT Thử».",
            report[0][1],
        )
        self.assertFalse(Redirect.objects.exists())
        self.assertServes(fresh(self.c_news[0]).url)

    def test_an_old_address_too_long_for_a_redirect_is_reported_not_a_crash(self):
        prefix = "tin-" + "a" * 238
        long_slug = f"{prefix}-0"  # make_news numbers its slugs
        make_news(self.c, 1, prefix=prefix)
        changes = rename_unit(self.c, NEW_NAME)
        self.assertIn(
            f"Không thể chuyển hướng localhost/truong-hoc/truong-3/{long_slug}: địa chỉ cũ dài quá 255 ký tự.",
            changes,
        )
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/tin-c-0/", fresh(self.c_news[0]).url)

    def test_an_empty_name_is_refused(self):
        before = snapshot()
        with self.assertRaisesMessage(ReorganisationError, "Chưa ghi tên mới."):
            rename_unit(self.c, "   ")
        self.assertEqual(snapshot(), before)


class MergeTests(ReorganiseFixture):
    def merge(self):
        return merge_schools(self.a, self.b, user=self.operator)

    def test_the_merged_schools_page_and_its_articles_old_addresses_answer_301_to_the_other_school(self):
        changes = self.merge()
        b_url = f"http://{HOST_B}/"
        # Through the authority's address.
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/", b_url)
        moved = fresh(self.a_news[1])
        self.assertEqual(moved.get_parent().pk, self.b.pk)
        self.assertEqual(moved.url, f"http://{HOST_B}/bai-1/")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/bai-1/", moved.url)
        self.assertServes(moved.url)
        # School 2 had a bai-0 of its own: school 1's becomes bai-0-2, and says so.
        clashing = fresh(self.a_news[0])
        self.assertEqual(clashing.slug, "bai-0-2")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/bai-0/", clashing.url)
        self.assertIn(
            f"Không thể chuyển hướng {HOST_B}/bai-0: địa chỉ này đã là của một trang khác đang xuất bản.",
            changes,
        )
        # The documents went into school 2's register.
        signed = fresh(self.a_doc)
        self.assertEqual(signed.get_parent().specific_class, DirectiveIndexPage)
        self.assertEqual(signed.get_parent().get_parent().pk, self.b.pk)
        self.assertEqual(signed.issuing_body.name, "Trường số 1")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/van-ban/qd-12/", signed.url)
        # School 1's sections (its news listing, its questions page…) lead to school 2's.
        self.assertRedirects301(
            AUTHORITY, "/truong-hoc/truong-1/hoi-dap-gop-y/", f"http://{HOST_B}/hoi-dap-gop-y/"
        )

    def test_the_merged_schools_hostname_answers_301_on_the_other_schools_site(self):
        self.merge()
        self.assertFalse(Site.objects.filter(hostname=HOST_A).exists())
        self.assertEqual(HostRedirect.objects.get(hostname=HOST_A).site_id, self.site_b.pk)
        self.assertRedirects301(HOST_A, "/", f"http://{HOST_B}/")
        self.assertRedirects301(HOST_A, "/bai-1/?trang=2", f"http://{HOST_B}/bai-1/?trang=2")
        self.assertServes(f"http://{HOST_B}/bai-1/")
        # school 1's own address of the document, now on school 2's site: the same path answers.
        self.assertRedirects301(HOST_A, "/van-ban/qd-12/", f"http://{HOST_B}/van-ban/qd-12/")
        self.assertServes(f"http://{HOST_B}/van-ban/qd-12/")
        # The clashing article answers at its new address; its school-1 path on school 2's site is
        # school 2's own article (reported by the merge, see above).
        self.assertServes(fresh(self.a_news[0]).url)
        self.assertEqual(self.assertServes(f"http://{HOST_B}/bai-0/").context["page"].pk, self.b_news[0].pk)

    def test_the_merged_schools_page_is_unpublished_and_kept_with_its_history(self):
        revisions = Revision.objects.filter(object_id=str(self.a_news[1].pk)).count()
        self.merge()
        school = fresh(self.a)
        self.assertFalse(school.live)
        self.assertTrue(SchoolPage.objects.filter(pk=self.a.pk).exists())
        self.assertEqual(Revision.objects.filter(object_id=str(self.a_news[1].pk)).count(), revisions)
        self.assertTrue(fresh(self.a_news[1]).live)
        self.assertNotIn(self.a.pk, [page.pk for page in SchoolPage.objects.live()])

    def test_people_questions_and_pictures_go_to_the_other_school(self):
        image = make_image("Ảnh của trường 1")
        image.collection = self.access_a.collection
        image.save()
        item = Feedback.objects.create(name="Bạn đọc", title="Hỏi về tuyển sinh", content="Xin hỏi.")
        item.assigned_to.set([self.a])
        changes = self.merge()
        self.assertIn(self.contact_a, self.access_b.contact_group.user_set.all())
        self.assertIn(self.principal_a, self.access_b.principal_group.user_set.all())
        self.assertFalse(self.access_a.contact_group.user_set.exists())
        self.assertEqual(list(item.assigned_to.values_list("pk", flat=True)), [self.b.pk])
        image.refresh_from_db()
        self.assertEqual(image.collection_id, self.access_b.collection_id)
        self.assertIn("1 câu hỏi, góp ý giao cho «Trường số 1» nay giao cho «Trường số 2».", changes)
        self.assertTrue(any("daumoi-1" in line for line in changes))

    def test_the_merge_is_in_the_audit_log_of_both_schools(self):
        self.merge()
        self.assertEqual(log_actions.get_action_label("units.merge"), "Sáp nhập trường")
        for school in (self.a, self.b):
            entry = PageLogEntry.objects.get(page=school, action="units.merge")
            self.assertIn("Sáp nhập «Trường số 1» vào «Trường số 2»", entry.message)

    def test_merging_a_school_into_itself_or_into_a_school_without_a_site_is_refused(self):
        before = snapshot()
        with self.assertRaisesMessage(ReorganisationError, "chính nó"):
            merge_schools(self.a, self.a)
        with self.assertRaisesMessage(ReorganisationError, "chưa có trang thành viên riêng"):
            merge_schools(self.a, self.c)
        self.assertEqual(snapshot(), before)

    def test_a_school_without_a_site_merges_into_one_with_a_site(self):
        merge_schools(self.c, self.b)
        article = fresh(self.c_news[0])
        self.assertEqual(article.url, f"http://{HOST_B}/tin-c-0/")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/tin-c-0/", article.url)
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/", f"http://{HOST_B}/")


class MoveTests(ReorganiseFixture):
    def test_a_school_moved_to_another_commune(self):
        changes = move_unit(self.c, commune="Tượng Lĩnh", user=self.operator)
        self.assertEqual(fresh(self.c).commune, "Tượng Lĩnh")
        self.assertIn("«Trường số 3» chuyển từ xã «Ba Sao» sang xã «Tượng Lĩnh».", changes)
        self.assertEqual(log_actions.get_action_label("units.move"), "Chuyển đơn vị")
        self.assertTrue(PageLogEntry.objects.filter(page=self.c, action="units.move").exists())

    def test_a_school_moved_to_another_authority_keeps_its_old_addresses(self):
        other_home = publish(
            Page.get_first_root_node(), HomePage(title="Phòng GD&ĐT Khác", slug="phong-khac")
        )
        other_site = Site.objects.create(hostname="phong2.localhost", port=80, root_page=other_home)
        OrganisationSettings.objects.create(site=other_site, name="Phòng GD&ĐT Khác")
        other_index = publish(other_home, SchoolIndexPage(title="Trường học", slug="truong-hoc"))
        move_unit(self.c, school_index=other_index, user=self.operator)
        article = fresh(self.c_news[0])
        self.assertEqual(article.url, "http://phong2.localhost/truong-hoc/truong-3/tin-c-0/")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/tin-c-0/", article.url)
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/", fresh(self.c).url)
        self.assertServes(article.url)
        # A school with its own site: its site's addresses stay, its supervising body follows.
        move_unit(self.a, school_index=other_index)
        self.assertServes(f"http://{HOST_A}/bai-1/")
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/bai-1/", f"http://{HOST_A}/bai-1/")
        self.assertEqual(
            OrganisationSettings.objects.get(site=self.site_a).parent_authority, "Phòng GD&ĐT Khác"
        )


class HostnameTests(ReorganiseFixture):
    def test_the_old_hostname_answers_301_to_the_same_path_on_the_new_one(self):
        changes = change_hostname(self.a, "Sao-Mai.localhost", user=self.operator)
        self.assertEqual(Site.objects.get(pk=self.site_a.pk).hostname, "sao-mai.localhost")
        self.assertRedirects301(HOST_A, "/bai-0/?trang=2", "http://sao-mai.localhost/bai-0/?trang=2")
        self.assertServes("http://sao-mai.localhost/bai-0/")
        self.assertIn("truong-1.localhost → sao-mai.localhost", changes[0])
        self.assertEqual(log_actions.get_action_label("units.change_hostname"), "Đổi tên miền")
        entry = PageLogEntry.objects.get(page=self.a, action="units.change_hostname")
        self.assertIn("truong-1.localhost → sao-mai.localhost", entry.message)

    def test_taking_an_old_hostname_back(self):
        change_hostname(self.a, "sao-mai.localhost")
        change_hostname(self.a, HOST_A)
        self.assertServes(f"http://{HOST_A}/bai-0/")
        self.assertRedirects301("sao-mai.localhost", "/bai-0/", f"http://{HOST_A}/bai-0/")
        self.assertFalse(HostRedirect.objects.filter(hostname=HOST_A).exists())

    def test_a_taken_or_malformed_hostname_or_a_school_without_a_site_is_refused(self):
        before = snapshot()
        with self.assertRaisesMessage(ReorganisationError, "đang là của một trang khác"):
            change_hostname(self.a, HOST_B)
        with self.assertRaises(ReorganisationError):
            change_hostname(self.a, "http://sao-mai.localhost/")
        with self.assertRaisesMessage(ReorganisationError, "chưa có trang thành viên riêng"):
            change_hostname(self.c, "truong-3.localhost")
        self.assertEqual(snapshot(), before)
        change_hostname(self.b, "moi.localhost")
        with self.assertRaisesMessage(ReorganisationError, "đang chuyển hướng sang một trang khác"):
            change_hostname(self.a, HOST_B)  # school 2's old name still leads to school 2
        self.assertEqual(Site.objects.get(pk=self.site_a.pk).hostname, HOST_A)


class PlanTests(ReorganiseFixture):
    ENTRIES = [
        {"op": "rename", "school": "Trường số 3", "name": NEW_NAME},
        {"op": "merge", "from": HOST_A, "into": "Trường số 2"},
        {"op": "move", "school": NEW_NAME, "commune": "Tượng Lĩnh"},
        {"op": "hostname", "school": HOST_B, "hostname": "thcs-2.localhost"},
    ]

    def test_a_dry_run_says_what_would_change_and_changes_nothing(self):
        before = snapshot()
        with tempfile.TemporaryDirectory() as directory:
            output = reorganise(plan_file(directory, self.ENTRIES), "--dry-run")
        self.assertEqual(snapshot(), before)
        self.assertIn("Chạy thử", output)
        self.assertIn("Mục 1 (rename)", output)
        self.assertIn("Đổi tên «Trường số 3» thành «Trường THCS Sao Mai».", output)
        self.assertIn("Sáp nhập «Trường số 1» vào «Trường số 2».", output)
        self.assertIn("Chuyển «Tin số 1 về hoạt động giáo dục» vào «Trường số 2».", output)
        self.assertIn("Chuyển hướng vĩnh viễn (301): localhost/truong-hoc/truong-1/bai-1 → «Tin số 1", output)
        self.assertIn(f"Tên miền {HOST_A} chuyển hướng vĩnh viễn sang {HOST_B}", output)
        self.assertIn("truong-2.localhost → thcs-2.localhost", output)
        self.assertIn("Chạy thử xong: không có gì thay đổi.", output)

    def test_after_a_dry_run_the_cached_site_addresses_are_the_real_ones(self):
        """Wagtail caches the Sites' root paths (shared by every web process); a dry run that moved
        a site's root page must not leave its rolled-back path there."""
        other_home = publish(
            Page.get_first_root_node(), HomePage(title="Phòng GD&ĐT Khác", slug="phong-khac")
        )
        Site.objects.create(hostname="phong2.localhost", port=80, root_page=other_home)
        publish(other_home, SchoolIndexPage(title="Trường học", slug="truong-hoc"))
        expected = sorted(Site.get_site_root_paths())
        run_plan([{"op": "move", "school": HOST_A, "authority": "phong2.localhost"}], dry_run=True)
        self.assertEqual(fresh(self.a).url_path, "/trang-chu-thu/truong-hoc/truong-1/")
        self.assertEqual(sorted(Site.get_site_root_paths()), expected)
        self.assertServes(f"http://{HOST_A}/bai-1/")

    def test_the_plan_runs_in_order_from_json_or_toml(self):
        toml = """
[[operations]]
op = "rename"
school = "Trường số 3"
name = "Trường THCS Sao Mai"

[[operations]]
op = "merge"
from = "truong-1.localhost"
into = "Trường số 2"
"""
        # As in production, what waits for the commit runs (Wagtail's own redirects on a new slug).
        with (
            tempfile.TemporaryDirectory() as directory,
            self.captureOnCommitCallbacks(execute=True) as callbacks,
        ):
            output = reorganise(plan_file(directory, toml, ".toml"), "--user", self.operator.username)
        self.assertTrue(callbacks)
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-3/tin-c-0/", fresh(self.c_news[0]).url)
        self.assertIn("Đã thực hiện 2 mục.", output)
        self.assertEqual(fresh(self.c).title, NEW_NAME)
        self.assertFalse(fresh(self.a).live)
        self.assertEqual(PageLogEntry.objects.get(page=self.b, action="units.merge").user, self.operator)
        self.assertRedirects301(AUTHORITY, "/truong-hoc/truong-1/bai-1/", f"http://{HOST_B}/bai-1/")
        with tempfile.TemporaryDirectory() as directory:
            reorganise(plan_file(directory, self.ENTRIES[3:]))
        self.assertRedirects301(HOST_A, "/bai-1/", "http://thcs-2.localhost/bai-1/")

    def test_an_invalid_entry_stops_the_whole_plan_before_anything_changes(self):
        cases = [
            (
                {"op": "merge", "from": "Trường không có", "into": "Trường số 2"},
                "Mục 2 (merge): Không tìm thấy trường «Trường không có».",
            ),
            (
                {"op": "merge", "from": "Trường số 2", "into": HOST_B},
                "Mục 2 (merge): Không thể sáp nhập trường «Trường số 2» vào chính nó.",
            ),
            (
                {"op": "hostname", "school": "Trường số 1", "hostname": HOST_B},
                "Mục 2 (hostname): Tên miền truong-2.localhost đang là của một trang khác.",
            ),
            ({"op": "rename", "school": "Trường số 1"}, "Mục 2 (rename): thiếu «name»."),
            (
                {"op": "hostname", "school": "Trường số 1", "hostname": 5},
                "Mục 2 (hostname): «hostname» phải là",
            ),
            (
                {"op": "hostname", "school": "Trường số 1", "hostname": "http://x.localhost/"},
                "Mục 2 (hostname): Chỉ nhập tên miền",
            ),
            ({"op": "close", "school": "Trường số 1"}, "Mục 2 (close): thao tác «close» không có"),
            (
                {"op": "move", "school": "Trường số 1", "authority": "khong-co.localhost"},
                "Mục 2 (move): Không tìm thấy cơ quan quản lý",
            ),
        ]
        before = snapshot()
        for bad, message in cases:
            with self.subTest(bad=bad), tempfile.TemporaryDirectory() as directory:
                with self.assertRaisesMessage(CommandError, message):
                    reorganise(plan_file(directory, [self.ENTRIES[0], bad]))
                self.assertEqual(snapshot(), before)

    def test_an_unreadable_plan_is_refused_in_vietnamese(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "ke-hoach.json"
            path.write_text("{ không phải json", encoding="utf-8")
            with self.assertRaisesMessage(CommandError, "sai cú pháp"):
                reorganise(str(path))
            with self.assertRaisesMessage(CommandError, "Không tìm thấy tệp kế hoạch"):
                reorganise(str(Path(directory) / "khong-co.json"))
            path.write_text("[]", encoding="utf-8")
            with self.assertRaisesMessage(CommandError, "không có mục nào"):
                reorganise(str(path))

    def test_two_schools_of_one_name_must_be_named_by_hostname(self):
        Page.objects.filter(pk=self.b.pk).update(title="Trường số 1")
        with self.assertRaisesMessage(ReorganisationError, "Có 2 trường tên «Trường số 1»"):
            run_plan([{"op": "rename", "school": "trường  số 1", "name": NEW_NAME}])


class PermissionTests(ReorganiseFixture):
    """Only the authority's IT officer reorganises: a school's contact, principal and own IT
    officer, and the board, are refused, by the functions and by the command."""

    def refused_users(self):
        users = [self.contact_a, self.principal_a, make_user("bbt", Group.objects.get(name=BOARD))]
        it_group = getattr(self.access_a, "it_group", None)
        if it_group is not None:
            users.append(make_user("cntt-truong-1", it_group))
        return users

    def test_school_people_and_the_board_cannot_reorganise(self):
        users = self.refused_users()
        before = snapshot()
        for user in users:
            with self.subTest(user=user.username):
                with self.assertRaises(PermissionDenied):
                    rename_unit(self.a, NEW_NAME, user=user)
                with self.assertRaises(PermissionDenied):
                    merge_schools(self.a, self.b, user=user)
                with self.assertRaises(PermissionDenied):
                    move_unit(self.a, commune="Tượng Lĩnh", user=user)
                with self.assertRaises(PermissionDenied):
                    change_hostname(self.a, "sao-mai.localhost", user=user)
                with tempfile.TemporaryDirectory() as directory:
                    with self.assertRaisesMessage(CommandError, "Chỉ quản trị CNTT của cơ quan quản lý"):
                        reorganise(plan_file(directory, PlanTests.ENTRIES), "--user", user.username)
        self.assertEqual(snapshot(), before)

    def test_an_unknown_account_is_refused(self):
        with tempfile.TemporaryDirectory() as directory:
            with self.assertRaisesMessage(CommandError, "Không có tài khoản «ai-do»."):
                reorganise(plan_file(directory, PlanTests.ENTRIES), "--user", "ai-do")
