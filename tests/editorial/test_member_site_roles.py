"""Roles and workflow per member site (issue 16 item 3; Circular 37/2020/TT-BGDĐT Art. 3; Điều 11, 13).

Each school's IT officer runs only its own site: its pages, its files, its readers' questions and
its own Site's settings, never another school's, and never its own workflow choice. The
authority's IT officer chooses per school whether the principal's approval publishes and whether
the board may refuse; the board sees one queue across all schools. Refusals are tested with
forged URLs and POSTs, not through the buttons the admin shows.
"""

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.models import GroupSitePermission, ModelLogEntry, Site, TaskState, WorkflowPage, WorkflowState

from editorial.models import BoardApprovalTask, SchoolAccess, WorkflowMode
from editorial.roles import SELF_PUBLISHING_WORKFLOW, set_school_workflow, setup_roles, sync_school_access
from feedback.models import Feedback
from news.models import NewsPage
from schools.models import SchoolPage
from site_kb.models import OrganisationSettings

from ..builders import make_school, make_site, make_superuser, make_user, news_form


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["site_kb", "organisationsettings", site.pk])


def settings_post_data(site, **changes):
    """The settings form as the editor would send it back, with ``changes``."""
    form_class = get_setting_edit_handler(OrganisationSettings).get_form_class()
    form = form_class(instance=OrganisationSettings.for_site(site))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data.update(changes)
    return data


class MemberSiteRolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school_a = make_school(cls.sections["schools"], 1)
        cls.school_b = make_school(cls.sections["schools"], 2, level="tieu-hoc")
        cls.groups = setup_roles()
        cls.site_a = Site.objects.create(hostname="truong-a.localhost", port=80, root_page=cls.school_a)
        cls.site_b = Site.objects.create(hostname="truong-b.localhost", port=80, root_page=cls.school_b)
        cls.access_a = SchoolAccess.objects.get(school=cls.school_a)
        cls.access_b = SchoolAccess.objects.get(school=cls.school_b)
        cls.it_a = make_user("cntt_a", cls.access_a.it_group)
        cls.it_b = make_user("cntt_b", cls.access_b.it_group)
        cls.contact_a = make_user("daumoi_a", cls.access_a.contact_group)
        cls.contact_b = make_user("daumoi_b", cls.access_b.contact_group)
        cls.principal_a = make_user("hieutruong_a", cls.access_a.principal_group)
        cls.principal_b = make_user("hieutruong_b", cls.access_b.principal_group)
        cls.board = make_user("bientap", cls.groups["board"])
        cls.it_officer = make_user("cntt_phong", cls.groups["it_officer"])

    # --- helpers -----------------------------------------------------------------------------

    def client_for(self, user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    def submit(self, user, parent, slug):
        """A news page made and sent for approval through the page editor, as ``user``."""
        data = news_form(f"Tin {slug}", slug)
        data["action-submit"] = "1"
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk])
        response = self.client_for(user).post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:500])
        return NewsPage.objects.get(slug=slug)

    def assertRefused(self, response):
        """Wagtail's admin answers a refusal with 403, or with a redirect to the dashboard and
        its "no permission" message (``wagtail.admin.auth.permission_denied``)."""
        if response.status_code == 302:
            self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        else:
            self.assertRefused(response)

    def task_state(self, page):
        return WorkflowState.objects.active().get(object_id=str(page.pk)).current_task_state.specific

    def act(self, user, page, action, **data):
        task_state = self.task_state(page)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        return self.client_for(user).post(url, data)

    # --- the school IT officer -----------------------------------------------------------------

    def test_each_school_gets_an_it_officer_group_with_its_own_sites_settings_right(self):
        self.assertEqual(self.access_a.it_group.name, "Trường số 1 – Quản trị CNTT")
        rights = GroupSitePermission.objects.filter(permission__codename="change_organisationsettings")
        self.assertEqual(
            set(rights.values_list("group_id", "site_id")),
            {(self.access_a.it_group_id, self.site_a.pk), (self.access_b.it_group_id, self.site_b.pk)},
        )
        self.assertFalse(self.it_a.has_perm("site_kb.change_organisationsettings"))  # not globally

    def test_it_officer_edits_its_own_sites_settings(self):
        client = self.client_for(self.it_a)
        self.assertEqual(client.get(settings_url(self.site_a)).status_code, 200)
        response = client.post(
            settings_url(self.site_a), settings_post_data(self.site_a, name="Trường THCS số 1 Ba Sao")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(OrganisationSettings.for_site(self.site_a).name, "Trường THCS số 1 Ba Sao")

    def test_it_officer_cannot_open_or_change_another_schools_or_the_authoritys_settings(self):
        client = self.client_for(self.it_a)
        authority = Site.objects.get(is_default_site=True)
        for site in (self.site_b, authority):
            with self.subTest(site=site.hostname):
                before = OrganisationSettings.for_site(site).name
                self.assertRefused(client.get(settings_url(site)))
                response = client.post(settings_url(site), settings_post_data(site, name="Tên giả mạo"))
                self.assertRefused(response)
                self.assertEqual(OrganisationSettings.for_site(site).name, before)

    def test_contact_and_principal_do_not_edit_their_sites_settings(self):
        for user in (self.contact_a, self.principal_a):
            with self.subTest(user=user.username):
                client = self.client_for(user)
                self.assertRefused(client.get(settings_url(self.site_a)))
                client.post(settings_url(self.site_a), settings_post_data(self.site_a, name="Tên giả mạo"))
                self.assertNotEqual(OrganisationSettings.for_site(self.site_a).name, "Tên giả mạo")

    def test_authority_it_officer_still_edits_every_sites_settings(self):
        client = self.client_for(self.it_officer)
        for site in (self.site_a, self.site_b, Site.objects.get(is_default_site=True)):
            with self.subTest(site=site.hostname):
                self.assertEqual(client.get(settings_url(site)).status_code, 200)

    def test_it_officer_edits_and_locks_its_schools_pages_but_does_not_publish(self):
        page = self.submit(self.contact_a, self.school_a, "tin-a")
        client = self.client_for(self.it_a)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.assertEqual(client.get(edit_url).status_code, 200)
        client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school_a.pk]),
            {
                **news_form("Tin của CNTT", "tin-cntt-a"),
                "action-publish": "1",
            },
        )
        made = NewsPage.objects.get(slug="tin-cntt-a")
        self.assertFalse(made.live)
        self.assertFalse(made.permissions_for_user(self.it_a).can_publish())
        client.post(reverse("wagtailadmin_pages:lock", args=[made.pk]))
        made.refresh_from_db()
        self.assertTrue(made.locked)

    def test_it_officer_cannot_edit_another_schools_pages(self):
        page_b = self.submit(self.contact_b, self.school_b, "tin-b")
        page_b.refresh_from_db()
        client = self.client_for(self.it_a)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page_b.pk])
        self.assertRefused(client.get(edit_url))
        revisions = page_b.revisions.count()
        response = client.post(edit_url, news_form("Sửa trộm", "tin-b"))
        self.assertRefused(response)
        page_b.refresh_from_db()
        self.assertEqual(page_b.draft_title, "Tin tin-b")
        self.assertEqual(page_b.revisions.count(), revisions)
        for view in ("lock", "delete", "unpublish"):
            with self.subTest(view=view):
                client.post(reverse(f"wagtailadmin_pages:{view}", args=[page_b.pk]))
                page_b.refresh_from_db()
                self.assertFalse(page_b.locked)
        add_in_b = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school_b.pk])
        client.post(add_in_b, news_form("Tin lạc chỗ", "lac-cho"))
        self.assertFalse(NewsPage.objects.filter(slug="lac-cho").exists())

    def test_it_officer_sees_only_its_schools_feedback(self):
        def item(title, school):
            feedback = Feedback.objects.create(name="Bạn đọc", title=title, content="Nội dung.")
            feedback.assigned_to.set([school])
            return feedback

        mine, other = item("Câu hỏi cho trường A", self.school_a), item("Câu hỏi cho trường B", self.school_b)
        self.assertEqual(list(Feedback.objects.visible_to(self.it_a)), [mine])
        listing = self.client_for(self.it_a).get(reverse("feedback_admin:index")).content.decode()
        self.assertIn(mine.title, listing)
        self.assertNotIn(other.title, listing)

    def test_a_site_made_after_the_school_gives_and_a_re_rooted_site_takes_the_right(self):
        school_c = make_school(self.sections["schools"], 3)
        access_c = SchoolAccess.objects.get(school=school_c)
        it_c = make_user("cntt_c", access_c.it_group)
        self.assertRefused(self.client_for(it_c).get(settings_url(self.site_a)))
        site_c = Site.objects.create(hostname="truong-c.localhost", port=80, root_page=school_c)
        self.assertEqual(self.client_for(it_c).get(settings_url(site_c)).status_code, 200)

        site_c.root_page = self.school_b
        site_c.save()
        self.assertRefused(self.client_for(it_c).get(settings_url(site_c)))
        self.assertEqual(self.client_for(self.it_b).get(settings_url(site_c)).status_code, 200)

    def test_a_school_made_before_the_role_gets_its_it_group_on_sync(self):
        old_group = self.access_a.it_group
        SchoolAccess.objects.filter(pk=self.access_a.pk).update(it_group=None)
        old_group.delete()
        access = sync_school_access(self.school_a)
        self.assertEqual(access.it_group.name, "Trường số 1 – Quản trị CNTT")
        self.assertTrue(GroupSitePermission.objects.filter(group=access.it_group, site=self.site_a).exists())
        self.assertEqual(sync_school_access(self.school_a).it_group_id, access.it_group_id)  # idempotent

    def test_deleting_a_school_deletes_its_it_group(self):
        group_id = self.access_b.it_group_id
        self.school_b.delete()
        self.assertFalse(Group.objects.filter(pk=group_id).exists())

    # --- the workflow choice per school ---------------------------------------------------------

    def test_principal_publishes_without_the_board_the_other_school_waits_at_the_board(self):
        set_school_workflow(self.school_a, WorkflowMode.PRINCIPAL_PUBLISHES)
        page_a = self.submit(self.contact_a, self.school_a, "tin-a")
        page_b = self.submit(self.contact_b, self.school_b, "tin-b")

        self.act(self.principal_a, page_a, "approve", comment="")
        page_a.refresh_from_db()
        self.assertTrue(page_a.live)
        state_a = WorkflowState.objects.get(object_id=str(page_a.pk))
        self.assertEqual(state_a.status, WorkflowState.STATUS_APPROVED)
        self.assertEqual(state_a.workflow.name, SELF_PUBLISHING_WORKFLOW)
        self.assertFalse(
            TaskState.objects.filter(
                workflow_state=state_a, task__in=BoardApprovalTask.objects.all()
            ).exists()
        )

        self.act(self.principal_b, page_b, "approve", comment="")
        page_b.refresh_from_db()
        self.assertFalse(page_b.live)
        self.assertIsInstance(self.task_state(page_b).task.specific, BoardApprovalTask)

    def test_principal_publishes_still_refuses_another_schools_principal(self):
        set_school_workflow(self.school_a, WorkflowMode.PRINCIPAL_PUBLISHES)
        page_a = self.submit(self.contact_a, self.school_a, "tin-a")
        response = self.act(self.principal_b, page_a, "approve", comment="")
        self.assertRefused(response)
        page_a.refresh_from_db()
        self.assertFalse(page_a.live)
        self.assertEqual(self.task_state(page_a).status, TaskState.STATUS_IN_PROGRESS)

    def test_going_back_to_the_default_puts_the_board_back(self):
        set_school_workflow(self.school_a, WorkflowMode.PRINCIPAL_PUBLISHES)
        self.assertEqual(
            SchoolPage.objects.get(pk=self.school_a.pk).get_workflow().name, SELF_PUBLISHING_WORKFLOW
        )
        set_school_workflow(self.school_a, WorkflowMode.PRINCIPAL_THEN_BOARD)
        self.assertFalse(WorkflowPage.objects.filter(page=self.school_a).exists())
        self.assertEqual(
            SchoolPage.objects.get(pk=self.school_a.pk).get_workflow().name, "Duyệt tin của trường"
        )
        with self.assertRaises(ValueError):
            set_school_workflow(self.school_a, "khong-co")

    def test_setup_roles_keeps_a_schools_choice(self):
        set_school_workflow(self.school_a, WorkflowMode.PRINCIPAL_PUBLISHES, board_may_refuse=False)
        setup_roles()
        access = SchoolAccess.objects.get(school=self.school_a)
        self.assertEqual(access.workflow_mode, WorkflowMode.PRINCIPAL_PUBLISHES)
        self.assertFalse(access.board_may_refuse)
        self.assertEqual(
            SchoolPage.objects.get(pk=self.school_a.pk).get_workflow().name, SELF_PUBLISHING_WORKFLOW
        )

    def test_without_the_boards_refusal_only_approve_is_offered_and_a_forged_reject_is_refused(self):
        set_school_workflow(self.school_a, WorkflowMode.PRINCIPAL_THEN_BOARD, board_may_refuse=False)
        page_a = self.submit(self.contact_a, self.school_a, "tin-a")
        self.act(self.principal_a, page_a, "approve", comment="")
        task_state = self.task_state(page_a)
        task = task_state.task.specific
        self.assertIsInstance(task, BoardApprovalTask)
        self.assertEqual({name for name, _label, _modal in task.get_actions(page_a, self.board)}, {"approve"})

        client = self.client_for(self.board)
        for view in ("workflow_action", "collect_workflow_action_data"):
            with self.subTest(view=view):
                url = reverse(f"wagtailadmin_pages:{view}", args=[page_a.pk, "reject", task_state.pk])
                response = client.post(url, {"reason": "d", "comment": "Trùng lặp."})
                self.assertRefused(response)
                self.assertEqual(self.task_state(page_a).status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).status_code, 200)

        # The other school keeps the board's refusal.
        page_b = self.submit(self.contact_b, self.school_b, "tin-b")
        self.act(self.principal_b, page_b, "approve", comment="")
        self.assertIn(
            "reject",
            {name for name, *_rest in self.task_state(page_b).task.specific.get_actions(page_b, self.board)},
        )

        self.act(self.board, page_a, "approve", comment="")
        page_a.refresh_from_db()
        self.assertTrue(page_a.live)

    def test_only_the_authoritys_it_officer_changes_a_schools_workflow(self):
        edit_url = reverse("member_schools:edit", args=[self.access_a.pk])
        data = {"workflow_mode": WorkflowMode.PRINCIPAL_PUBLISHES, "board_may_refuse": ""}
        for user in (self.it_a, self.principal_a, self.contact_a, self.board):
            with self.subTest(user=user.username):
                client = self.client_for(user)
                self.assertRefused(client.get(reverse("member_schools:index")))
                self.assertRefused(client.get(edit_url))
                client.post(edit_url, data)
                access = SchoolAccess.objects.get(pk=self.access_a.pk)
                self.assertEqual(access.workflow_mode, WorkflowMode.PRINCIPAL_THEN_BOARD)
                self.assertTrue(access.board_may_refuse)
                self.assertFalse(WorkflowPage.objects.filter(page=self.school_a).exists())

        client = self.client_for(self.it_officer)
        listing = client.get(reverse("member_schools:index"))
        self.assertContains(listing, "Trường số 1")
        self.assertContains(listing, "Trường số 2")
        self.assertContains(listing, "truong-b.localhost")
        response = client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)
        access = SchoolAccess.objects.get(pk=self.access_a.pk)
        self.assertEqual(access.workflow_mode, WorkflowMode.PRINCIPAL_PUBLISHES)
        self.assertFalse(access.board_may_refuse)
        self.assertEqual(
            SchoolPage.objects.get(pk=self.school_a.pk).get_workflow().name, SELF_PUBLISHING_WORKFLOW
        )
        entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(self.access_a.pk))
        self.assertEqual(entry.user, self.it_officer)
        history = client.get(reverse("member_schools:history", args=[self.access_a.pk]))
        self.assertContains(history, self.it_officer.get_full_name() or self.it_officer.username)

    def test_member_schools_have_no_add_or_delete_even_for_a_superuser(self):
        superuser = make_superuser()
        for user in (self.it_officer, superuser):
            with self.subTest(user=user.username):
                client = self.client_for(user)
                self.assertRefused(client.get(reverse("member_schools:add")))
                self.assertRefused(
                    client.post(reverse("member_schools:add"), {"workflow_mode": "hieu-truong-dang"})
                )
                self.assertRefused(client.post(reverse("member_schools:delete", args=[self.access_a.pk])))
                self.assertEqual(SchoolAccess.objects.count(), 2)
                listing = client.get(reverse("member_schools:index")).content.decode()
                self.assertNotIn(reverse("member_schools:add"), listing)
                self.assertNotIn(reverse("member_schools:delete", args=[self.access_a.pk]), listing)
        bad = client.post(
            reverse("member_schools:edit", args=[self.access_a.pk]), {"workflow_mode": "khong-co"}
        )
        self.assertEqual(bad.status_code, 200)
        self.assertContains(bad, "khong-co")  # the form says the choice is not valid
        self.assertEqual(
            SchoolAccess.objects.get(pk=self.access_a.pk).workflow_mode, WorkflowMode.PRINCIPAL_THEN_BOARD
        )

    # --- the board's queue across schools -------------------------------------------------------

    def test_the_queue_lists_every_schools_waiting_pages_and_filters_by_school_and_level(self):
        page_a = self.submit(self.contact_a, self.school_a, "tin-a")  # at the principal
        page_b = self.submit(self.contact_b, self.school_b, "tin-b")
        self.act(self.principal_b, page_b, "approve", comment="")  # at the board
        office = self.submit(self.board, self.sections["news"], "tin-phong")  # not a school's
        queue = reverse("editorial_queue:index")
        client = self.client_for(self.board)

        listing = client.get(queue).content.decode()
        self.assertIn(page_a.title, listing)
        self.assertIn(page_b.title, listing)
        self.assertNotIn(office.title, listing)
        self.assertIn("Hiệu trưởng duyệt", listing)
        self.assertIn("Ban biên tập duyệt", listing)

        only_b = client.get(queue, {"school": self.school_b.pk}).content.decode()
        self.assertIn(page_b.title, only_b)
        self.assertNotIn(page_a.title, only_b)
        primary = client.get(queue, {"level": "tieu-hoc"}).content.decode()
        self.assertIn(page_b.title, primary)
        self.assertNotIn(page_a.title, primary)
        self.assertEqual(client.get(queue, {"school": "abc", "level": "x"}).status_code, 200)

        export = client.get(queue, {"export": "csv", "school": self.school_a.pk})
        body = b"".join(export.streaming_content).decode("utf-8-sig")
        self.assertIn(page_a.title, body)
        self.assertIn("Trường số 1", body)
        self.assertNotIn(page_b.title, body)
        self.assertEqual(self.client_for(self.it_officer).get(queue).status_code, 200)

    def test_schools_are_refused_the_queue(self):
        self.submit(self.contact_a, self.school_a, "tin-a")
        for user in (self.principal_a, self.contact_a, self.it_a):
            with self.subTest(user=user.username):
                client = self.client_for(user)
                self.assertRefused(client.get(reverse("editorial_queue:index")))
                self.assertRefused(client.get(reverse("editorial_queue:results")))
                self.assertRefused(client.get(reverse("editorial_queue:index"), {"export": "csv"}))

    def test_the_queue_costs_the_same_queries_for_two_or_six_pages(self):
        client = self.client_for(self.board)
        queue = reverse("editorial_queue:index")
        self.submit(self.contact_a, self.school_a, "tin-1")
        self.submit(self.contact_b, self.school_b, "tin-2")
        client.get(queue)  # warm the caches (content types, settings)
        with CaptureQueriesContext(connection) as few:
            client.get(queue)
        for i in range(3, 7):
            self.submit(
                self.contact_a if i % 2 else self.contact_b,
                self.school_a if i % 2 else self.school_b,
                f"tin-{i}",
            )
        with CaptureQueriesContext(connection) as more:
            response = client.get(queue)
        self.assertContains(response, "Tin tin-6")
        self.assertEqual(len(more), len(few))
