"""``create_unit`` (issue 16.4): a school's member site in one step, from the command, a CSV file
or the admin; idempotent; bad input refused in Vietnamese; only the authority's IT officer."""

import io
from pathlib import Path
from tempfile import TemporaryDirectory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from wagtail.models import Collection, GroupPagePermission, Page, PageLogEntry, Site, Workflow, WorkflowPage

from editorial.models import SchoolAccess
from editorial.roles import BOARD, IT_OFFICER, setup_roles
from schools.models import SchoolIndexPage, SchoolPage
from site_kb.models import HostRedirect, OrganisationSettings
from tests.builders import make_site, make_user
from units.csv_import import import_rows, read_rows
from units.forms import CSV_MAX_ROWS
from units.progress import ProgressBar
from units.services import create_unit, normalise_hostname

User = get_user_model()


def counts():
    """What create_unit makes, counted."""
    return {
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": Workflow.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
        "settings": OrganisationSettings.objects.count(),
        "users": User.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "school access": SchoolAccess.objects.count(),
    }


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_unit", *args, stdout=out, stderr=err)
    return out.getvalue()


class AuthorityMixin:
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        OrganisationSettings.objects.create(
            site=Site.objects.get(is_default_site=True), name="Sở GD&ĐT Ninh Bình"
        )
        cls.groups = setup_roles()


class CreateUnitTests(AuthorityMixin, TestCase):
    def make(self, **extra):
        arguments = {
            "level": "thcs",
            "commune": "Ba Sao",
            "hostname": "thcs-basao.example.edu.vn",
            "contact_email": "daumoi@basao.edu.vn",
            "principal_email": "hieutruong@basao.edu.vn",
        } | extra
        return create_unit("Trường THCS Ba Sao", **arguments)

    def test_one_call_makes_the_whole_member_site(self):
        result = self.make()
        school = result.school
        self.assertTrue(result.created)
        self.assertTrue(school.live)
        self.assertEqual(school.get_parent().specific, self.sections["schools"])
        self.assertEqual(
            (school.level, school.commune, school.slug), ("thcs", "Ba Sao", "truong-thcs-ba-sao")
        )
        # Its Site on its hostname, on the authority's port, with its own settings.
        self.assertEqual(
            (result.site.hostname, result.site.port, result.site.root_page_id),
            ("thcs-basao.example.edu.vn", 80, school.pk),
        )
        self.assertFalse(result.site.is_default_site)
        settings = OrganisationSettings.objects.get(site=result.site)
        self.assertEqual(
            (settings.name, settings.parent_authority), ("Trường THCS Ba Sao", "Sở GD&ĐT Ninh Bình")
        )
        self.assertEqual((settings.address, settings.phone, settings.email), ("", "", ""))
        # Groups, collection, and the school workflow from the schools' index.
        access = SchoolAccess.objects.get(school=school)
        self.assertEqual(access.collection.name, "Trường THCS Ba Sao")
        self.assertIn(
            "Tạo nhóm «Trường THCS Ba Sao – Đầu mối», «Trường THCS Ba Sao – Hiệu trưởng», "
            "«Trường THCS Ba Sao – Quản trị CNTT» và thư mục ảnh, tài liệu «Trường THCS Ba Sao»",
            result.changes,
        )
        self.assertEqual(school.get_workflow().name, "Duyệt tin của trường")
        # The Art. 9 pages, live, under the school; no demo content (no news).
        children = Page.objects.child_of(school)
        self.assertGreaterEqual(children.count(), 5)
        self.assertFalse(children.not_live().exists())
        self.assertFalse(
            Page.objects.descendant_of(school).type(Page).filter(depth__gt=school.depth + 1).exists()
        )
        # The two accounts: active, no usable password, in their groups, each mailed an invitation.
        contact = User.objects.get(email="daumoi@basao.edu.vn")
        principal = User.objects.get(email="hieutruong@basao.edu.vn")
        self.assertTrue(contact.is_active)
        self.assertFalse(contact.has_usable_password())
        self.assertTrue(contact.groups.filter(pk=access.contact_group_id).exists())
        self.assertTrue(principal.groups.filter(pk=access.principal_group_id).exists())
        self.assertFalse(principal.groups.filter(pk=access.contact_group_id).exists())
        # Sent once the transaction commits.
        self.assertEqual(len(mail.outbox), 0)

    def test_the_invitation_is_sent_after_commit_and_sets_a_password(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.make()
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            ["daumoi@basao.edu.vn", "hieutruong@basao.edu.vn"],
        )
        message = next(message for message in mail.outbox if message.to == ["daumoi@basao.edu.vn"])
        self.assertIn("Trường THCS Ba Sao", message.subject)
        self.assertIn("đầu mối", message.body)
        link = next(line for line in message.body.splitlines() if "/admin/password_reset/confirm/" in line)
        form = self.client.get(link.replace("http://testserver", ""), follow=True)
        self.assertEqual(form.status_code, 200)
        response = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Mật-khẩu-dài-2026!", "new_password2": "Mật-khẩu-dài-2026!"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(User.objects.get(email="daumoi@basao.edu.vn").check_password("Mật-khẩu-dài-2026!"))

    def test_a_second_call_changes_nothing(self):
        self.make()
        before = counts()
        logs = PageLogEntry.objects.count()
        with self.captureOnCommitCallbacks(execute=True):
            result = self.make()
        self.assertEqual(counts(), before)
        self.assertEqual(PageLogEntry.objects.count(), logs)
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(result.created)
        self.assertEqual(result.changes, [])
        self.assertEqual(result.site.hostname, "thcs-basao.example.edu.vn")
        # Spaces, case and a level given by its Vietnamese name find the same school.
        again = create_unit(
            "  trường thcs  Ba Sao ", level="Trung học cơ sở", hostname="THCS-BASAO.example.edu.vn"
        )
        self.assertEqual((again.school.pk, again.changes), (result.school.pk, []))

    def test_the_command_run_twice_says_nothing_changed(self):
        arguments = [
            "Trường THCS Ba Sao",
            "--level",
            "thcs",
            "--commune",
            "Ba Sao",
            "--hostname",
            "thcs-basao.example.edu.vn",
        ]
        first = run(*arguments)
        self.assertIn("Đã tạo trường «Trường THCS Ba Sao»", first)
        self.assertIn("Tạo trang thành viên tại http://thcs-basao.example.edu.vn", first)
        before = counts()
        second = run(*arguments)
        self.assertEqual(counts(), before)
        self.assertIn("không có gì thay đổi", second)
        self.assertNotIn("+", second)

    def test_a_hostname_added_later_creates_only_the_site(self):
        result = self.make(hostname="", contact_email="", principal_email="")
        self.assertIsNone(result.site)
        before = counts()
        added = create_unit("Trường THCS Ba Sao", level="", hostname="thcs-basao.example.edu.vn", port="8000")
        self.assertFalse(added.created)
        self.assertEqual((added.site.hostname, added.site.port), ("thcs-basao.example.edu.vn", 8000))
        after = counts()
        self.assertEqual(after["sites"], before["sites"] + 1)
        self.assertEqual(after["settings"], before["settings"] + 1)
        self.assertEqual(
            {key: value for key, value in after.items() if key not in ("sites", "settings")},
            {key: value for key, value in before.items() if key not in ("sites", "settings")},
        )
        self.assertEqual(len(added.changes), 2)
        self.assertEqual(
            PageLogEntry.objects.filter(page=added.school, action="units.unit_completed")
            .get()
            .data["changes"],
            added.changes,
        )

    def test_the_creation_is_in_the_audit_log(self):
        it_officer = make_user("quantri_so", self.groups["it_officer"])
        result = self.make(user=it_officer)
        entry = PageLogEntry.objects.get(page=result.school, action="units.unit_created")
        self.assertEqual(entry.user, it_officer)
        self.assertEqual(entry.data["changes"], result.changes)
        self.assertEqual(entry.data["hostname"], "thcs-basao.example.edu.vn")
        self.assertTrue(PageLogEntry.objects.filter(page=result.school, action="wagtail.create").exists())

    def test_an_existing_account_is_reused_and_added_to_the_group(self):
        existing = make_user("hanh", Group.objects.get(name=BOARD))
        existing.email = "Hanh@Basao.edu.vn"
        existing.save()
        result = self.make(contact_email="hanh@basao.edu.vn", principal_email="")
        self.assertEqual(User.objects.filter(email__iexact="hanh@basao.edu.vn").count(), 1)
        self.assertTrue(existing.groups.filter(pk=result.school.access.contact_group_id).exists())
        self.assertTrue(existing.check_password("pw"))
        self.assertIn("Thêm tài khoản hanh vào nhóm «Trường THCS Ba Sao – Đầu mối»", result.changes)

    def test_hostname_clash_is_refused_in_vietnamese_and_writes_nothing(self):
        self.make()
        before = counts()
        with self.assertRaises(ValidationError) as refused:
            create_unit(
                "Trường Tiểu học Ba Sao",
                level="tieu-hoc",
                commune="Ba Sao",
                hostname="thcs-basao.example.edu.vn",
            )
        self.assertEqual(
            refused.exception.message_dict["hostname"],
            ["Tên miền «thcs-basao.example.edu.vn» đã là địa chỉ của trang khác."],
        )
        self.assertEqual(counts(), before)
        # The authority's own hostname and a hostname kept as an old address are taken too.
        Site.objects.filter(is_default_site=True).update(hostname="pgd.example.edu.vn")
        with self.assertRaises(ValidationError) as refused:
            create_unit(
                "Trường Tiểu học Ba Sao", level="tieu-hoc", commune="Ba Sao", hostname="PGD.example.edu.vn."
            )
        self.assertEqual(
            refused.exception.message_dict["hostname"],
            ["Tên miền «pgd.example.edu.vn» đã là địa chỉ của trang khác."],
        )
        HostRedirect.objects.create(
            hostname="thcs-cu.example.edu.vn", site=Site.objects.get(hostname="thcs-basao.example.edu.vn")
        )
        with self.assertRaises(ValidationError) as refused:
            create_unit(
                "Trường Tiểu học Ba Sao",
                level="tieu-hoc",
                commune="Ba Sao",
                hostname="thcs-cu.example.edu.vn",
            )
        self.assertIn(
            "địa chỉ cũ của trang «Trường THCS Ba Sao»", refused.exception.message_dict["hostname"][0]
        )
        self.assertEqual(counts(), before)

    def test_an_existing_school_keeps_its_level_commune_and_hostname(self):
        self.make()
        for extra, field in (
            ({"level": "tieu-hoc"}, "level"),
            ({"commune": "Thanh Sơn"}, "commune"),
            ({"hostname": "thcs-basao-moi.example.edu.vn"}, "hostname"),
        ):
            with self.subTest(field), self.assertRaises(ValidationError) as refused:
                self.make(**extra)
            self.assertIn(field, refused.exception.message_dict)
        self.assertEqual(
            Site.objects.filter(root_page__title="Trường THCS Ba Sao").get().hostname,
            "thcs-basao.example.edu.vn",
        )

    def test_bad_input_gets_a_message_per_field(self):
        with self.assertRaises(ValidationError) as refused:
            create_unit(
                " ",
                level="đại học",
                hostname="http://thcs.example.edu.vn/",
                contact_email="không phải",
                port="99999",
            )
        errors = refused.exception.message_dict
        self.assertEqual(set(errors), {"name", "level", "hostname", "contact_email", "port"})
        self.assertIn("mam-non (Mầm non), tieu-hoc (Tiểu học), thcs (Trung học cơ sở)", errors["level"][0])
        with self.assertRaises(ValidationError) as refused:
            create_unit("Trường mới", level="thcs")
        self.assertEqual(set(refused.exception.message_dict), {"commune"})
        self.assertFalse(SchoolPage.objects.filter(title="Trường mới").exists())

    def test_hostnames_are_checked_and_normalised(self):
        self.assertEqual(normalise_hostname(" THCS-BaSao.Example.EDU.vn. "), "thcs-basao.example.edu.vn")
        self.assertEqual(
            normalise_hostname("Trường.example.vn"), "trường".encode("idna").decode() + ".example.vn"
        )
        self.assertTrue(normalise_hostname("trường.example.vn").startswith("xn--"))
        for bad in (
            "localhost",
            "10.0.0.1",
            "-a.example.vn",
            "a_b.example.vn",
            "a..example.vn",
            "a.example.vn:8000",
            "x" * 64 + ".vn",
        ):
            with self.subTest(bad), self.assertRaises(ValidationError):
                normalise_hostname(bad)

    def test_the_command_refuses_with_the_reason_and_no_traceback(self):
        with self.assertRaises(CommandError) as refused:
            run("Trường THCS Ba Sao", "--level", "thpt", "--commune", "Ba Sao")
        self.assertIn("cấp học: Cấp học «thpt» không có", str(refused.exception))
        with self.assertRaises(CommandError):
            run()


class CsvTests(AuthorityMixin, TestCase):
    GOOD_AND_BAD = (
        "\ufeffTên;Cấp;Xã;Tên miền;Email đầu mối;Email hiệu trưởng\n"
        "Trường Mầm non Ba Sao;mam-non;Ba Sao;mn-basao.example.edu.vn;daumoi.mn@basao.edu.vn;\n"
        "Trường Tiểu học Ba Sao;Tiểu học;Ba Sao;th-basao.example.edu.vn;;\n"
        "\n"
        "Trường THPT Ba Sao;thpt;Ba Sao;thpt-basao.example.edu.vn;;\n"
        "Trường THCS Ba Sao;THCS;Ba Sao;thcs-basao.example.edu.vn;;hieutruong@basao.edu.vn\n"
    )

    def write(self, folder, text, encoding="utf-8"):
        path = Path(folder) / "truong.csv"
        path.write_bytes(text.encode(encoding))
        return str(path)

    def test_one_bad_row_is_named_and_the_others_are_created(self):
        with TemporaryDirectory() as folder:
            out = io.StringIO()
            with self.assertRaises(CommandError) as failed:
                call_command(
                    "create_unit",
                    "--from-csv",
                    self.write(folder, self.GOOD_AND_BAD),
                    stdout=out,
                    stderr=io.StringIO(),
                )
        output = out.getvalue()
        self.assertIn("Dòng 5 «Trường THPT Ba Sao»: bị từ chối", output)
        self.assertIn("cấp học: Cấp học «thpt» không có", output)
        self.assertIn("1 dòng bị từ chối (5)", str(failed.exception))
        self.assertIn(
            "Tổng cộng 4 dòng: 3 trường mới, 0 trường được bổ sung, 0 không có gì thay đổi, 1 dòng bị từ chối.",
            output,
        )
        self.assertEqual(
            set(Site.objects.exclude(is_default_site=True).values_list("hostname", flat=True)),
            {"mn-basao.example.edu.vn", "th-basao.example.edu.vn", "thcs-basao.example.edu.vn"},
        )
        self.assertFalse(SchoolPage.objects.filter(title="Trường THPT Ba Sao").exists())
        self.assertEqual(SchoolPage.objects.get(title="Trường Tiểu học Ba Sao").level, "tieu-hoc")

    def test_the_file_run_again_changes_nothing_and_succeeds_once_fixed(self):
        fixed = self.GOOD_AND_BAD.replace(";thpt;", ";thcs;").replace("thpt-basao", "thpt2-basao")
        with TemporaryDirectory() as folder:
            run("--from-csv", self.write(folder, fixed))
            before = counts()
            output = run("--from-csv", self.write(folder, fixed))
        self.assertEqual(counts(), before)
        self.assertIn(
            "0 trường mới, 0 trường được bổ sung, 4 không có gì thay đổi, 0 dòng bị từ chối", output
        )

    def test_a_hostname_on_two_rows_is_refused_on_the_second(self):
        rows = read_rows(
            b"name,level,commune,hostname\n"
            b"Truong A,thcs,Ba Sao,a.example.edu.vn\n"
            b"Truong B,thcs,Ba Sao,A.example.edu.vn\n"
        )
        first, second = import_rows(rows)
        self.assertTrue(first.ok)
        self.assertEqual(second.errors, ["tên miền: «a.example.edu.vn» trùng với dòng 2 («Truong A»)."])

    def test_bad_rows_each_get_their_reason(self):
        rows = read_rows(
            "name,level,commune,hostname,contact_email\n"
            ",thcs,Ba Sao,,\n"
            "Trường X,thcs,Ba Sao,khong hop le,\n"
            "Trường Y,thcs,Ba Sao,,thu@\n"
            "Trường Z,thcs,Ba Sao,,,thừa\n".encode()
        )
        results = import_rows(rows)
        self.assertEqual([result.number for result in results], [2, 3, 4, 5])
        self.assertEqual(results[0].errors, ["tên trường: Nhập tên trường."])
        self.assertTrue(results[1].errors[0].startswith("tên miền: Chỉ nhập tên miền"))
        self.assertEqual(
            results[2].errors, ["thư điện tử của đầu mối: «thu@» không phải là một địa chỉ thư điện tử."]
        )
        self.assertIn("nhiều ô hơn dòng tiêu đề", results[3].errors[0])
        self.assertFalse(SchoolPage.objects.filter(title__in=["Trường X", "Trường Y", "Trường Z"]).exists())

    def test_a_file_that_cannot_be_read_is_refused_as_a_whole(self):
        for data, message in (
            ("name,level\nTrâm Anh,thcs\n".encode("cp1258"), "không phải UTF-8"),
            (b"", "Tệp trống"),
            (b"ten,cap,email_hieutruong\n", "cột không biết: «email_hieutruong»"),
            (b"level,commune\nthcs,Ba Sao\n", "cột «name»"),
            (b"name,ten\n", "cột lặp lại: tên trường"),
        ):
            with self.subTest(message), self.assertRaises(ValidationError) as refused:
                read_rows(data)
            self.assertIn(message, " ".join(refused.exception.messages))


class AdminTests(AuthorityMixin, TestCase):
    CREATE = reverse("units_admin:create")
    IMPORT = reverse("units_admin:import")
    FORM = {
        "name": "Trường THCS Ba Sao",
        "level": "thcs",
        "commune": "Ba Sao",
        "hostname": "thcs-basao.example.edu.vn",
        "contact_email": "",
        "principal_email": "",
    }

    def test_the_it_officer_creates_a_school_from_the_form(self):
        self.client.force_login(make_user("quantri_so", self.groups["it_officer"]))
        page = self.client.get(self.CREATE)
        self.assertContains(page, "Tạo trường thành viên")
        response = self.client.post(self.CREATE, self.FORM)
        self.assertContains(response, "Đã tạo trường «Trường THCS Ba Sao»")
        self.assertContains(response, "Tạo trang thành viên tại http://thcs-basao.example.edu.vn")
        school = SchoolPage.objects.get(title="Trường THCS Ba Sao")
        self.assertTrue(Site.objects.filter(root_page=school, hostname="thcs-basao.example.edu.vn").exists())
        again = self.client.post(self.CREATE, self.FORM)
        self.assertContains(again, "«Trường THCS Ba Sao»: không có gì thay đổi")

    def test_the_form_shows_a_clash_on_its_field(self):
        create_unit(
            "Trường Mầm non Ba Sao", level="mam-non", commune="Ba Sao", hostname="thcs-basao.example.edu.vn"
        )
        self.client.force_login(make_user("quantri_so", self.groups["it_officer"]))
        response = self.client.post(self.CREATE, self.FORM)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.context["form"].errors["hostname"],
            ["Tên miền «thcs-basao.example.edu.vn» đã là địa chỉ của trang khác."],
        )
        self.assertFalse(SchoolPage.objects.filter(title="Trường THCS Ba Sao").exists())
        bad = self.client.post(self.CREATE, self.FORM | {"name": "", "hostname": "a b"})
        self.assertEqual(set(bad.context["form"].errors), {"name", "hostname"})

    def test_an_install_without_a_schools_section_is_told_so_not_a_server_error(self):
        SchoolIndexPage.objects.all().delete()
        self.client.force_login(make_user("quantri_so", self.groups["it_officer"]))
        response = self.client.post(self.CREATE, self.FORM)
        self.assertEqual(response.status_code, 400)
        self.assertIn("chưa có mục «Trường học»", " ".join(response.context["form"].non_field_errors()))
        self.assertFalse(Site.objects.filter(hostname="thcs-basao.example.edu.vn").exists())

    def test_the_csv_upload_shows_each_rows_result(self):
        self.client.force_login(make_user("quantri_so", self.groups["it_officer"]))
        upload = SimpleUploadedFile("truong.csv", CsvTests.GOOD_AND_BAD.encode(), content_type="text/csv")
        response = self.client.post(self.IMPORT, {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Kết quả: 4 dòng, 3 trường mới, 0 trường được bổ sung, 0 không có gì thay đổi, 1 dòng bị từ chối",
        )
        self.assertContains(response, "Cấp học «thpt» không có")
        self.assertEqual(SchoolPage.objects.count(), 3)
        unreadable = self.client.post(self.IMPORT, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe")})
        self.assertEqual(unreadable.status_code, 400)
        self.assertContains(unreadable, "không phải UTF-8", status_code=400)

    def test_an_upload_longer_than_a_request_can_make_is_sent_to_the_command(self):
        self.client.force_login(make_user("quantri_so", self.groups["it_officer"]))
        lines = ["ten,cap,xa"] + [f"Trường số {i},thcs,Ba Sao" for i in range(CSV_MAX_ROWS + 1)]
        upload = SimpleUploadedFile("truong.csv", "\n".join(lines).encode())
        response = self.client.post(self.IMPORT, {"file": upload})
        self.assertContains(
            response, f"Tệp có {CSV_MAX_ROWS + 1} dòng, quá {CSV_MAX_ROWS} dòng", status_code=400
        )
        self.assertContains(response, "create_unit --from-csv", status_code=400)
        self.assertFalse(SchoolPage.objects.exists())

    def test_everyone_but_the_authority_it_officer_is_refused(self):
        school = create_unit("Trường THCS Ba Sao", level="thcs", commune="Ba Sao").school
        access = SchoolAccess.objects.get(school=school)
        school_groups = [access.contact_group, access.principal_group, access.it_group]
        people = [make_user(f"nguoi{i}", group) for i, group in enumerate(school_groups)]
        people.append(make_user("bientap", Group.objects.get(name=BOARD)))
        before = SchoolPage.objects.count()
        for person in people:
            self.client.force_login(person)
            for url in (self.CREATE, self.IMPORT):
                with self.subTest(user=person.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 403, response.get("Location"))
            self.assertEqual(
                self.client.post(self.CREATE, self.FORM | {"name": "Trường lạ"}).status_code, 403
            )
            upload = SimpleUploadedFile("truong.csv", CsvTests.GOOD_AND_BAD.encode())
            self.assertEqual(self.client.post(self.IMPORT, {"file": upload}).status_code, 403)
        self.assertEqual(SchoolPage.objects.count(), before)
        self.assertEqual(len(people), len(school_groups) + 1)
        # The menu item is the IT officer's only.
        self.client.force_login(people[-1])
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), self.CREATE)
        self.client.force_login(make_user("quantri_so", Group.objects.get(name=IT_OFFICER)))
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), self.CREATE)


class ProgressBarTests(SimpleTestCase):
    def test_it_draws_on_a_terminal_and_stays_silent_in_a_log(self):
        class Terminal(io.StringIO):
            def isatty(self):
                return True

        terminal, log_file = Terminal(), io.StringIO()
        for stream in (terminal, log_file):
            bar = ProgressBar(stream)
            bar(1, 4)
            bar(4, 4)
        self.assertEqual(terminal.getvalue(), f"\r[{'#' * 7}{' ' * 23}] 1/4\r[{'#' * 30}] 4/4\n")
        self.assertEqual(log_file.getvalue(), "")
