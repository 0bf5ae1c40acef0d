"""Who may do what, as a table, asserted through real requests (issue 12; Điều 3, 8, 11, 13, 14).

Each row of ``MATRIX`` is one action on one object (a page of school A or B or of the office, a
workflow step, a snippet, a reader's question, a preview link, a document, an export); each
column a role: anonymous, the contact and the principal of school A, the editorial board,
leadership, the IT officer, office staff and school A's own IT officer (users in the groups
``editorial.roles`` makes).
``Y`` means the action must work, ``N`` that it must be refused, ``?`` that the regulation says
nothing the README commits to (not asserted).

Expectations follow the README's roles: the board edits and publishes anywhere, the IT officer
administers (and has the board's page rights), leadership previews drafts and approves its own
workflow step but never edits, a school drafts only in its own subtree and never publishes, the
principal approves only their own school's step; a school's IT officer runs only its own member
site (its pages, files, questions and its Site's settings, issue 16) and publishes nothing; only the
authority's IT officer picks a school's workflow, and only the board and it see the queue of all
schools. A refusal is judged by its effect, not by the
status code: nothing at all may change in the database (pages, revisions, workflow steps,
preview links, readers' questions, snippets, documents), and anonymous admin requests go to the
login page. An allowed action must have its effect. Workflow actions are also sent with
mismatched ids (the page of one school with the task state of another, or of another step).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Revision, Site, TaskState, WorkflowPage, WorkflowState

import pytest

from ..builders import news_form
from .checks import exception_summary
from .report import STATS

ROLES = ["anonymous", "contact_a", "principal_a", "board", "leadership", "it_officer", "staff", "it_school_a"]

MATRIX_TEXT = """
action                       anonymous contact_a principal_a board leadership it_officer staff it_school_a
# pages: open the editor, save a draft, publish, unpublish, delete, move, copy, revert, lock
view_a_live                  N         Y         Y           Y     N          Y          N     Y
view_b_live                  N         N         N           Y     N          Y          N     N
view_o_live                  N         N         N           Y     N          Y          Y     N
edit_a_live                  N         Y         Y           Y     N          Y          N     Y
edit_b_live                  N         N         N           Y     N          Y          N     N
edit_o_live                  N         N         N           Y     N          Y          Y     N
edit_o_at_leadership_step    N         N         N           ?     N          ?          N     N
publish_a_draft              N         N         N           Y     N          Y          N     N
publish_b_draft              N         N         N           Y     N          Y          N     N
publish_o_draft              N         N         N           Y     N          Y          N     N
publish_a_at_principal_step  N         N         N           ?     N          ?          N     N
publish_o_at_leadership_step N         N         N           ?     N          ?          N     N
unpublish_a_live             N         N         N           Y     N          Y          N     N
unpublish_b_live             N         N         N           Y     N          Y          N     N
delete_a_live                N         N         N           Y     N          Y          N     N
delete_a_draft               N         Y         Y           Y     N          Y          N     Y
delete_b_draft               N         N         N           Y     N          Y          N     N
move_a_draft_to_b            N         N         N           Y     N          Y          N     N
move_b_live_to_a             N         N         N           Y     N          Y          N     N
copy_b_live_to_b             N         N         N           Y     N          Y          N     N
copy_a_live_to_a             N         Y         Y           Y     N          Y          N     Y
revert_a_live                N         Y         Y           Y     N          Y          N     Y
revert_b_live                N         N         N           Y     N          Y          N     N
lock_a_live                  N         N         N           Y     N          Y          N     Y
lock_b_live                  N         N         N           Y     N          Y          N     N
# workflow actions (POST /admin/pages/workflow/action/<page>/<action>/<task state>/)
approve_a_principal_step     N         N         Y           N     N          N          N     N
reject_a_principal_step      N         N         Y           N     N          N          N     N
approve_b_principal_step     N         N         N           N     N          N          N     N
approve_page_a_task_b        N         N         N           N     N          N          N     N
approve_page_b_task_a        N         N         N           N     N          N          N     N
reject_page_a_task_b         N         N         N           N     N          N          N     N
approve_a_board_step         N         N         N           Y     N          ?          N     N
approve_o_board_step         N         N         N           Y     N          ?          N     N
approve_o_leadership_step    N         N         N           N     Y          ?          N     N
reject_o_leadership_step     N         N         N           N     Y          ?          N     N
approve_page_o_lead_task_o_board N     N         N           N     N          N          N     N
approve_page_a_task_o_board  N         N         N           N     N          N          N     N
approve_page_o_board_task_a  N         N         N           N     N          N          N     N
# drafts and preview links (Điều 13.2c)
drafts_list                  N         N         N           Y     Y          Y          N     N
draft_preview_a              N         N         N           Y     Y          Y          N     N
preview_links_list           N         N         N           Y     Y          Y          N     N
preview_link_create_a        N         N         N           Y     Y          Y          N     N
preview_link_create_b        N         N         N           Y     Y          Y          N     N
preview_link_revoke          N         N         N           Y     Y          Y          N     N
preview_link_public          Y         Y         Y           Y     Y          Y          Y     Y
# readers' questions (Điều 14): a school sees and answers only what is assigned to it
feedback_list                N         Y         Y           Y     N          Y          N     Y
feedback_view_a              N         Y         Y           Y     N          Y          N     Y
feedback_view_b              N         N         N           Y     N          Y          N     N
feedback_answer_a            N         Y         Y           Y     N          Y          N     Y
feedback_answer_b            N         N         N           Y     N          Y          N     N
feedback_assign_a_to_b       N         N         N           Y     N          Y          N     N
feedback_delete_a            N         N         N           N     N          N          N     N
feedback_attachment_a        N         Y         Y           Y     N          Y          N     Y
feedback_attachment_b        N         N         N           Y     N          Y          N     N
feedback_export              N         ?         ?           Y     N          Y          N     ?
# exports and reports
registry_csv                 N         N         N           Y     N          Y          N     N
comments_export              N         N         N           Y     N          Y          N     N
royalty_export               N         N         N           Y     N          Y          N     N
timeliness_export            N         N         N           Y     N          Y          N     N
# snippets (link directory, contributors, document kinds the board extends)
links_list                   N         N         N           Y     N          Y          N     N
link_edit                    N         N         N           Y     N          Y          N     N
link_delete                  N         N         N           Y     N          Y          N     N
contributor_add              N         N         N           Y     N          Y          N     N
document_kind_add            N         N         N           Y     N          Y          N     N
# documents (Wagtail's library): the board manages all, a school only what it uploaded
document_edit_root           N         N         N           Y     N          Y          N     N
document_delete_root         N         N         N           Y     N          Y          N     N
document_edit_own_upload_a   N         Y         ?           Y     N          Y          N     Y
document_edit_in_b           N         N         N           Y     N          Y          N     N
# administration: the IT officer's
users_list                   N         N         N           N     N          Y          N     N
site_settings                N         N         N           N     N          Y          N     N
workflow_tasks               N         N         N           N     N          Y          N     N
redirects_list               N         N         N           N     N          Y          N     N
# member sites (issue 16): each school's own Site settings, the workflow choice, the board's queue
school_a_site_settings       N         N         N           N     N          Y          N     Y
school_b_site_settings       N         N         N           N     N          Y          N     N
school_b_site_settings_post  N         N         N           N     N          Y          N     N
member_school_mode_a         N         N         N           N     N          Y          N     N
school_queue                 N         N         N           Y     N          Y          N     N
"""


def parse_matrix(text):
    rows = [line.split() for line in text.strip().splitlines() if line.strip() and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    assert header[1:] == ROLES, header
    matrix = {}
    for row in body:
        assert len(row) == len(ROLES) + 1, row
        assert row[0] not in matrix, row[0]
        matrix[row[0]] = dict(zip(ROLES, row[1:], strict=True))
    return matrix


MATRIX = parse_matrix(MATRIX_TEXT)
CASES = [(action, role) for action in MATRIX for role in ROLES if MATRIX[action][role] != "?"]

pytestmark = pytest.mark.django_db


# --- the objects every row acts on ---------------------------------------------------------


class World(dict):
    """Pages, task states, items… by name, plus the users by role."""

    def __getattr__(self, name):
        return self[name]


def build_world(site):
    from contributors.models import Contributor  # noqa: F401 - the snippet must be registered
    from directives.models import DirectiveIndexPage
    from editorial.models import SchoolAccess, WorkflowMode
    from editorial.roles import set_school_workflow
    from feedback.models import Feedback
    from links.models import ExternalLink
    from news.models import NewsIndexPage, NewsPage
    from previews.models import PreviewLink

    school_a, school_b, home = site["school_a"], site["school_b"], site["home"]
    # The rows expect the default workflow (principal, then board), whatever the demo chose.
    for school in (school_a, school_b):
        set_school_workflow(school, WorkflowMode.PRINCIPAL_THEN_BOARD, board_may_refuse=True)
    # A copy: the package's accounts are shared, this module's extra one is rolled back with it.
    users = dict(site["users"])
    users["it_school_a"] = get_user_model().objects.create_user(
        "hx_it_school_a", "hx_it_school_a@hostile.test", "pw", first_name="hx_it_school_a"
    )
    users["it_school_a"].groups.add(SchoolAccess.objects.get(school=school_a).it_group)
    news_index = NewsIndexPage.objects.descendant_of(home).first()
    world = World(users=users, school_a=school_a, school_b=school_b, news_index=news_index)
    world["directive_index"] = DirectiveIndexPage.objects.descendant_of(home).first()

    def news(parent, slug, owner, *, live=False, flagged=False):
        page = NewsPage(
            title=f"Tin phân quyền {slug}",
            slug=slug,
            date=datetime.date(2026, 11, 20),
            lead="Tóm tắt tin.",
            body=[("paragraph", "<p>Nội dung.</p>")],
            owner=owner,
            needs_leadership_review=flagged,
            live=live,
        )
        parent.add_child(instance=page)
        revision = page.save_revision(user=owner)
        if live:
            revision.publish(user=users["board"])
        page.refresh_from_db()
        return page

    def submit(page, user):
        page.get_workflow().start(page, user)
        return WorkflowState.objects.active().get(object_id=str(page.pk)).current_task_state

    world["a_live"] = news(school_a, "pq-a-live", users["contact_a"], live=True)
    world["a_live_first_revision"] = world["a_live"].latest_revision
    world["a_live"].save_revision(user=users["contact_a"])  # a later draft: something to revert from
    world["b_live"] = news(school_b, "pq-b-live", users["contact_b"], live=True)
    world["b_live_first_revision"] = world["b_live"].latest_revision
    world["b_live"].save_revision(user=users["contact_b"])
    world["o_live"] = news(news_index, "pq-o-live", users["staff"], live=True)
    world["a_draft"] = news(school_a, "pq-a-draft", users["contact_a"])
    world["b_draft"] = news(school_b, "pq-b-draft", users["contact_b"])
    world["o_draft"] = news(news_index, "pq-o-draft", users["staff"])
    world["a_review"] = news(school_a, "pq-a-review", users["contact_a"])
    world["ts_a"] = submit(world["a_review"], users["contact_a"])
    world["b_review"] = news(school_b, "pq-b-review", users["contact_b"])
    world["ts_b"] = submit(world["b_review"], users["contact_b"])
    world["a_board"] = news(school_a, "pq-a-board", users["contact_a"])
    submit(world["a_board"], users["contact_a"]).approve(user=users["principal_a"])
    world["ts_a_board"] = (
        WorkflowState.objects.active().get(object_id=str(world["a_board"].pk)).current_task_state
    )
    world["o_board"] = news(news_index, "pq-o-board", users["staff"], flagged=True)
    world["ts_o_board"] = submit(world["o_board"], users["staff"])
    world["o_lead"] = news(news_index, "pq-o-lead", users["staff"], flagged=True)
    submit(world["o_lead"], users["staff"]).approve(user=users["board"])
    world["ts_o_lead"] = (
        WorkflowState.objects.active().get(object_id=str(world["o_lead"].pk)).current_task_state
    )
    for name in ("ts_a", "ts_b", "ts_a_board", "ts_o_board", "ts_o_lead"):
        assert world[name].status == TaskState.STATUS_IN_PROGRESS, name
    assert type(world["ts_o_lead"].task.specific).__name__ == "LeadershipApprovalTask"
    assert type(world["ts_a_board"].task.specific).__name__ == "BoardApprovalTask"

    world["preview_link"] = PreviewLink.objects.create(
        page=world["a_review"],
        revision=world["a_review"].latest_revision,
        created_by=users["board"],
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    def item(title, school):
        feedback = Feedback.objects.create(
            name="Bạn đọc",
            email="ban.doc@example.com",
            title=title,
            content="Nội dung câu hỏi.",
            attachment=ContentFile(b"%PDF-1.4\n%%EOF\n", name="cau-hoi.pdf"),
        )
        feedback.assigned_to.set([school])
        return feedback

    world["item_a"] = item("Câu hỏi giao trường A pq", school_a)
    Feedback.objects.filter(pk=world["item_a"].pk).update(answer=FIRST_ANSWER)
    world["item_b"] = item("Câu hỏi giao trường B pq", school_b)
    world["external_link"] = ExternalLink.objects.order_by("pk").first()

    Document = get_document_model()
    root = Collection.get_first_root_node()
    collection_a = SchoolAccess.objects.get(school=school_a).collection
    collection_b = SchoolAccess.objects.get(school=school_b).collection

    def document(title, collection, user):
        return Document.objects.create(
            title=title,
            collection=collection,
            uploaded_by_user=user,
            file=ContentFile(b"%PDF-1.4\n", name="vb.pdf"),
        )

    world["doc_root"] = document("Văn bản chung pq", root, users["board"])
    world["doc_own_a"] = document("Văn bản trường A pq", collection_a, users["contact_a"])
    world["doc_in_b"] = document("Văn bản trường B pq", collection_b, users["board"])
    world["site"] = Site.objects.get(is_default_site=True)
    # Each school's member site (issue 16): the demo's if it made one, else one made here.
    for name, school in (("site_a", school_a), ("site_b", school_b)):
        world[name] = Site.objects.filter(root_page=school).first() or Site.objects.create(
            hostname=f"hx-{school.slug}.localhost", port=80, root_page=school, site_name=school.title
        )
    world["access_a"] = SchoolAccess.objects.get(school=school_a)
    return world


@pytest.fixture(scope="module")
def world(hostile_site, django_db_blocker):
    """Built once for the module in a savepoint that is rolled back after it; each row runs in
    its own savepoint inside it, so every row starts from the same state. One logged-in client
    per role (``world.clients``), made once too."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = build_world(hostile_site)
        made["clients"] = {"anonymous": Client(raise_request_exception=False)}
        for role in ROLES[1:]:
            client = Client(raise_request_exception=False)
            client.force_login(made.users[role])
            made["clients"][role] = client
        yield made
        transaction.set_rollback(True)


# --- what changed --------------------------------------------------------------------------


def snapshot():
    from contributors.models import Contributor
    from directives.models import DocumentKind
    from editorial.models import SchoolAccess
    from feedback.models import Feedback
    from links.models import ExternalLink
    from previews.models import PreviewLink
    from site_kb.models import OrganisationSettings

    Document = get_document_model()
    return {
        "pages": {
            pk: rest
            for pk, *rest in Page.objects.values_list(
                "pk", "live", "live_revision_id", "latest_revision_id", "path", "locked", "title"
            )
        },
        "revisions": Revision.objects.count(),
        "task_states": dict(TaskState.objects.values_list("pk", "status")),
        "workflow_states": dict(WorkflowState.objects.values_list("pk", "status")),
        "preview_links": dict(PreviewLink.objects.values_list("pk", "revoked_at")),
        "feedback": {
            pk: rest for pk, *rest in Feedback.objects.values_list("pk", "answer", "status", "is_published")
        },
        "assigned": set(Feedback.assigned_to.through.objects.values_list("feedback_id", "page_id")),
        "links": dict(ExternalLink.objects.values_list("pk", "title")),
        "contributors": dict(Contributor.objects.values_list("pk", "name")),
        "kinds": dict(DocumentKind.objects.values_list("pk", "name")),
        "documents": dict(Document.objects.values_list("pk", "title")),
        "groups": Group.objects.count(),
        "settings": dict(OrganisationSettings.objects.values_list("site_id", "name")),
        "school_access": {
            pk: rest
            for pk, *rest in SchoolAccess.objects.values_list("pk", "workflow_mode", "board_may_refuse")
        },
        "workflow_pages": set(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    }


def changes(before, after):
    return sorted(key for key in before if before[key] != after[key])


# --- the actions ---------------------------------------------------------------------------


class Action:
    """One row's request and how to tell it worked."""

    method = "POST"

    def __init__(self, url, data=None, *, effect=None, kind="page", method=None, saves_draft_for=()):
        self.url, self.data, self.effect_fn, self.kind = url, data, effect, kind
        # Roles whose refused publish may still save the draft they are allowed to edit.
        self.saves_draft_for = set(saves_draft_for)
        if method:
            self.method = method

    def granted(self, world, before, after, response):
        if self.method == "GET":
            return granted_get(response, self.kind)
        return bool(self.effect_fn(world, before, after, response))


def granted_get(response, kind):
    if response.status_code != 200:
        return False
    content_type = response.get("Content-Type", "")
    if kind == "export":
        return "csv" in content_type or "spreadsheet" in content_type
    if kind == "download":
        return "attachment" in response.get("Content-Disposition", "")
    return "html" in content_type


def page_field(name, index):
    return lambda w, b, a, r: (
        b["pages"].get(w[name].pk, [None] * 6)[index] != a["pages"].get(w[name].pk, [None] * 6)[index]
    )


def page_gone(name):
    return lambda w, b, a, r: w[name].pk in b["pages"] and w[name].pk not in a["pages"]


def page_moved(name):
    return lambda w, b, a, r: (
        w[name].pk in a["pages"] and b["pages"][w[name].pk][3][:-4] != a["pages"][w[name].pk][3][:-4]
    )


def page_became_live(name):
    return lambda w, b, a, r: (
        a["pages"][w[name].pk][0] and a["pages"][w[name].pk][1] != b["pages"][w[name].pk][1]
    )


def page_unpublished(name):
    return lambda w, b, a, r: b["pages"][w[name].pk][0] and not a["pages"][w[name].pk][0]


def new_slug_exists(slug):
    def check(w, b, a, r):
        return Page.objects.filter(slug=slug).exists()

    return check


def task_state_is(name, status):
    return lambda w, b, a, r: (
        a["task_states"][w[name].pk] == status and b["task_states"][w[name].pk] != status
    )


def any_task_state_changed(w, b, a, r):
    return b["task_states"] != a["task_states"]


def feedback_answer_changed(name):
    return lambda w, b, a, r: b["feedback"][w[name].pk][0] != a["feedback"][w[name].pk][0]


def feedback_reassigned(name):
    def check(w, b, a, r):
        pk = w[name].pk
        return {p for f, p in b["assigned"] if f == pk} != {p for f, p in a["assigned"] if f == pk}

    return check


def feedback_gone(name):
    return lambda w, b, a, r: w[name].pk not in a["feedback"]


def key_changed(key, name):
    return lambda w, b, a, r: b[key].get(w[name].pk) != a[key].get(w[name].pk)


def key_grew(key):
    return lambda w, b, a, r: len(a[key]) > len(b[key])


def preview_link_revoked(w, b, a, r):
    pk = w.preview_link.pk
    return b["preview_links"][pk] is None and a["preview_links"][pk] is not None


def edit(name, **extra):
    def data(w):
        page = w[name]
        return news_form(f"Sửa phân quyền {page.slug}", page.slug, **extra)

    return data


def workflow_url(page_name, action, task_state_name):
    return lambda w: reverse(
        "wagtailadmin_pages:workflow_action", args=[w[page_name].pk, action, w[task_state_name].pk]
    )


APPROVE = {"comment": "Đồng ý."}
FIRST_ANSWER = "Đã trả lời sơ bộ."
REJECT = {"reason": "d", "comment": "Trùng lặp."}


def feedback_data(school_name, answer="Trả lời phân quyền."):
    return lambda w: {
        "topic": "khac",
        "is_complex": "",
        "status": "new",
        "assigned_to": [w[school_name].pk],
        "answer": answer,
        "is_published": "",
        "public_question": "",
    }


def copy_data(slug, parent_name):
    return lambda w: {
        "new_title": f"Bản sao {slug}",
        "new_slug": slug,
        "new_parent_page": w[parent_name].pk,
        "copy_subpages": "",
        "publish_copies": "",
        "alias": "",
    }


def link_data(w):
    link = w.external_link
    return {
        "category": link.category_id,
        "title": "Đổi tên phân quyền",
        "url": link.url,
        "description": "",
        "sort_order": "0",
        "active": "on",
    }


def document_data(name):
    return lambda w: {"title": "Đổi tên văn bản phân quyền", "collection": w[name].collection_id, "tags": ""}


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["site_kb", "organisationsettings", site.pk])


def settings_data(site, **changes):
    """A site's settings form as the editor sends it back, with ``changes``."""
    from site_kb.models import OrganisationSettings

    form = get_setting_edit_handler(OrganisationSettings).get_form_class()(
        instance=OrganisationSettings.for_site(site)
    )
    data = {name: form[name].value() for name in form.fields}
    data = {
        name: "on" if value is True else value for name, value in data.items() if value not in (None, False)
    }
    return {**data, **changes}


def get(url_fn, kind="page"):
    return Action(url_fn, kind=kind, method="GET")


def pages_url(view, name, *more):
    return lambda w: reverse(f"wagtailadmin_pages:{view}", args=[w[name].pk, *(w[m].pk for m in more)])


ACTIONS = {
    "view_a_live": get(pages_url("edit", "a_live")),
    "view_b_live": get(pages_url("edit", "b_live")),
    "view_o_live": get(pages_url("edit", "o_live")),
    "edit_a_live": Action(pages_url("edit", "a_live"), edit("a_live"), effect=page_field("a_live", 2)),
    "edit_b_live": Action(pages_url("edit", "b_live"), edit("b_live"), effect=page_field("b_live", 2)),
    "edit_o_live": Action(pages_url("edit", "o_live"), edit("o_live"), effect=page_field("o_live", 2)),
    "edit_o_at_leadership_step": Action(
        pages_url("edit", "o_lead"),
        edit("o_lead", needs_leadership_review="on"),
        effect=page_field("o_lead", 2),
    ),
    "publish_a_draft": Action(
        pages_url("edit", "a_draft"),
        edit("a_draft", **{"action-publish": "1"}),
        effect=page_became_live("a_draft"),
        saves_draft_for={"contact_a", "principal_a", "it_school_a"},
    ),
    "publish_b_draft": Action(
        pages_url("edit", "b_draft"),
        edit("b_draft", **{"action-publish": "1"}),
        effect=page_became_live("b_draft"),
    ),
    "publish_o_draft": Action(
        pages_url("edit", "o_draft"),
        edit("o_draft", **{"action-publish": "1"}),
        effect=page_became_live("o_draft"),
        saves_draft_for={"staff"},
    ),
    "publish_a_at_principal_step": Action(
        pages_url("edit", "a_review"),
        edit("a_review", **{"action-publish": "1"}),
        effect=page_became_live("a_review"),
        saves_draft_for={"principal_a"},  # the reviewer at the step may correct the text
    ),
    "publish_o_at_leadership_step": Action(
        pages_url("edit", "o_lead"),
        edit("o_lead", needs_leadership_review="on", **{"action-publish": "1"}),
        effect=page_became_live("o_lead"),
    ),
    "unpublish_a_live": Action(pages_url("unpublish", "a_live"), {}, effect=page_unpublished("a_live")),
    "unpublish_b_live": Action(pages_url("unpublish", "b_live"), {}, effect=page_unpublished("b_live")),
    "delete_a_live": Action(pages_url("delete", "a_live"), {}, effect=page_gone("a_live")),
    "delete_a_draft": Action(pages_url("delete", "a_draft"), {}, effect=page_gone("a_draft")),
    "delete_b_draft": Action(pages_url("delete", "b_draft"), {}, effect=page_gone("b_draft")),
    "move_a_draft_to_b": Action(
        pages_url("move_confirm", "a_draft", "school_b"), {}, effect=page_moved("a_draft")
    ),
    "move_b_live_to_a": Action(
        pages_url("move_confirm", "b_live", "school_a"), {}, effect=page_moved("b_live")
    ),
    "copy_b_live_to_b": Action(
        pages_url("copy", "b_live"), copy_data("pq-copy-b", "school_b"), effect=new_slug_exists("pq-copy-b")
    ),
    "copy_a_live_to_a": Action(
        pages_url("copy", "a_live"), copy_data("pq-copy-a", "school_a"), effect=new_slug_exists("pq-copy-a")
    ),
    "revert_a_live": get(pages_url("revisions_revert", "a_live", "a_live_first_revision")),
    "revert_b_live": get(pages_url("revisions_revert", "b_live", "b_live_first_revision")),
    "lock_a_live": Action(pages_url("lock", "a_live"), {}, effect=page_field("a_live", 4)),
    "lock_b_live": Action(pages_url("lock", "b_live"), {}, effect=page_field("b_live", 4)),
    "approve_a_principal_step": Action(
        workflow_url("a_review", "approve", "ts_a"), APPROVE, effect=task_state_is("ts_a", "approved")
    ),
    "reject_a_principal_step": Action(
        workflow_url("a_review", "reject", "ts_a"), REJECT, effect=task_state_is("ts_a", "rejected")
    ),
    "approve_b_principal_step": Action(
        workflow_url("b_review", "approve", "ts_b"), APPROVE, effect=task_state_is("ts_b", "approved")
    ),
    "approve_page_a_task_b": Action(
        workflow_url("a_review", "approve", "ts_b"), APPROVE, effect=any_task_state_changed
    ),
    "approve_page_b_task_a": Action(
        workflow_url("b_review", "approve", "ts_a"), APPROVE, effect=any_task_state_changed
    ),
    "reject_page_a_task_b": Action(
        workflow_url("a_review", "reject", "ts_b"), REJECT, effect=any_task_state_changed
    ),
    "approve_a_board_step": Action(
        workflow_url("a_board", "approve", "ts_a_board"),
        APPROVE,
        effect=task_state_is("ts_a_board", "approved"),
    ),
    "approve_o_board_step": Action(
        workflow_url("o_board", "approve", "ts_o_board"),
        APPROVE,
        effect=task_state_is("ts_o_board", "approved"),
    ),
    "approve_o_leadership_step": Action(
        workflow_url("o_lead", "approve", "ts_o_lead"), APPROVE, effect=task_state_is("ts_o_lead", "approved")
    ),
    "reject_o_leadership_step": Action(
        workflow_url("o_lead", "reject", "ts_o_lead"), REJECT, effect=task_state_is("ts_o_lead", "rejected")
    ),
    "approve_page_o_lead_task_o_board": Action(
        workflow_url("o_lead", "approve", "ts_o_board"), APPROVE, effect=any_task_state_changed
    ),
    "approve_page_a_task_o_board": Action(
        workflow_url("a_review", "approve", "ts_o_board"), APPROVE, effect=any_task_state_changed
    ),
    "approve_page_o_board_task_a": Action(
        workflow_url("o_board", "approve", "ts_a"), APPROVE, effect=any_task_state_changed
    ),
    "drafts_list": get(lambda w: reverse("previews_admin:drafts")),
    "draft_preview_a": get(lambda w: reverse("previews_admin:draft_preview", args=[w.a_review.pk])),
    "preview_links_list": get(lambda w: reverse("preview_links:index")),
    "preview_link_create_a": Action(
        lambda w: reverse("previews_admin:create_link", args=[w.a_review.pk]),
        {"days": "7", "note": "Gửi lãnh đạo"},
        effect=key_grew("preview_links"),
    ),
    "preview_link_create_b": Action(
        lambda w: reverse("previews_admin:create_link", args=[w.b_review.pk]),
        {"days": "7", "note": "Gửi lãnh đạo"},
        effect=key_grew("preview_links"),
    ),
    "preview_link_revoke": Action(
        lambda w: reverse("preview_links:revoke", args=[w.preview_link.pk]),
        {},
        effect=preview_link_revoked,
    ),
    "preview_link_public": get(lambda w: w.preview_link.get_absolute_url()),
    "feedback_list": get(lambda w: reverse("feedback_admin:index")),
    "feedback_view_a": get(lambda w: reverse("feedback_admin:edit", args=[w.item_a.pk])),
    "feedback_view_b": get(lambda w: reverse("feedback_admin:edit", args=[w.item_b.pk])),
    "feedback_answer_a": Action(
        lambda w: reverse("feedback_admin:edit", args=[w.item_a.pk]),
        feedback_data("school_a"),
        effect=feedback_answer_changed("item_a"),
    ),
    "feedback_answer_b": Action(
        lambda w: reverse("feedback_admin:edit", args=[w.item_b.pk]),
        feedback_data("school_b"),
        effect=feedback_answer_changed("item_b"),
    ),
    "feedback_assign_a_to_b": Action(
        lambda w: reverse("feedback_admin:edit", args=[w.item_a.pk]),
        feedback_data("school_b", answer=FIRST_ANSWER),
        effect=feedback_reassigned("item_a"),
    ),
    "feedback_delete_a": Action(
        lambda w: reverse("feedback_admin:delete", args=[w.item_a.pk]), {}, effect=feedback_gone("item_a")
    ),
    "feedback_attachment_a": get(
        lambda w: reverse("feedback_admin:attachment", args=[w.item_a.pk]), "download"
    ),
    "feedback_attachment_b": get(
        lambda w: reverse("feedback_admin:attachment", args=[w.item_b.pk]), "download"
    ),
    "feedback_export": get(lambda w: reverse("feedback_admin:index") + "?export=csv", "export"),
    "registry_csv": get(
        lambda w: reverse("directive_registry:index") + f"?export=csv&danh_muc={w.directive_index.pk}",
        "export",
    ),
    "comments_export": get(lambda w: reverse("draft_comments:index") + "?export=csv", "export"),
    "royalty_export": get(lambda w: reverse("contributors_reports:royalties") + "?export=csv", "export"),
    "timeliness_export": get(lambda w: reverse("editorial_reports:timeliness") + "?export=csv", "export"),
    "links_list": get(lambda w: reverse("wagtailsnippets_links_externallink:list")),
    "link_edit": Action(
        lambda w: reverse("wagtailsnippets_links_externallink:edit", args=[w.external_link.pk]),
        link_data,
        effect=key_changed("links", "external_link"),
    ),
    "link_delete": Action(
        lambda w: reverse("wagtailsnippets_links_externallink:delete", args=[w.external_link.pk]),
        {},
        effect=key_changed("links", "external_link"),
    ),
    "contributor_add": Action(
        lambda w: reverse("wagtailsnippets_contributors_contributor:add"),
        {
            "name": "Cộng tác viên phân quyền",
            "unit": "",
            "school": "",
            "role": "author",
            "phone": "",
            "email": "",
        },
        effect=key_grew("contributors"),
    ),
    "document_kind_add": Action(
        lambda w: reverse("wagtailsnippets_directives_documentkind:add"),
        {"name": "Loại phân quyền", "slug": "loai-phan-quyen", "sort_order": "0"},
        effect=key_grew("kinds"),
    ),
    "document_edit_root": Action(
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_root.pk]),
        document_data("doc_root"),
        effect=key_changed("documents", "doc_root"),
    ),
    "document_delete_root": Action(
        lambda w: reverse("wagtaildocs:delete", args=[w.doc_root.pk]),
        {},
        effect=key_changed("documents", "doc_root"),
    ),
    "document_edit_own_upload_a": Action(
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_own_a.pk]),
        document_data("doc_own_a"),
        effect=key_changed("documents", "doc_own_a"),
    ),
    "document_edit_in_b": Action(
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_in_b.pk]),
        document_data("doc_in_b"),
        effect=key_changed("documents", "doc_in_b"),
    ),
    "users_list": get(lambda w: reverse("wagtailusers_users:index")),
    "site_settings": get(lambda w: settings_url(w.site)),
    "workflow_tasks": get(lambda w: reverse("wagtailadmin_workflows:task_index")),
    "redirects_list": get(lambda w: reverse("wagtailredirects:index")),
    "school_a_site_settings": get(lambda w: settings_url(w.site_a)),
    "school_b_site_settings": get(lambda w: settings_url(w.site_b)),
    "school_b_site_settings_post": Action(
        lambda w: settings_url(w.site_b),
        lambda w: settings_data(w.site_b, name="Tên do người khác đặt"),
        effect=lambda w, b, a, r: b["settings"].get(w.site_b.pk) != a["settings"].get(w.site_b.pk),
    ),
    "member_school_mode_a": Action(
        lambda w: reverse("member_schools:edit", args=[w.access_a.pk]),
        {"workflow_mode": "hieu-truong-dang", "board_may_refuse": ""},
        effect=lambda w, b, a, r: b["school_access"] != a["school_access"],
    ),
    "school_queue": get(lambda w: reverse("editorial_queue:index")),
}


def test_the_matrix_and_the_actions_match():
    assert set(MATRIX) == set(ACTIONS)
    for action, row in MATRIX.items():
        assert set(row.values()) <= {"Y", "N", "?"}, action
        assert row["anonymous"] in ("N",) or action == "preview_link_public", action


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_permission(world, action, role):
    expected = MATRIX[action][role]
    spec = ACTIONS[action]
    client = world.clients[role]
    url = spec.url(world)
    data = spec.data(world) if callable(spec.data) else spec.data
    with STATS.timer("permissions"):
        before = snapshot()
        response = client.get(url) if spec.method == "GET" else client.post(url, data or {})
        after = snapshot()
    STATS.requests += 1
    where = f"{spec.method} {url} as {role}: {response.status_code} {response.get('Location', '')}"
    assert response.status_code < 500, f"{where}: server error {exception_summary(response)}"
    granted = spec.granted(world, before, after, response)
    if expected == "Y":
        assert granted, (
            f"{where}: refused or without effect, but {role} may {action} (changed: {changes(before, after)})"
        )
        return
    assert not granted, (
        f"{where}: {role} must not {action}, and it worked (changed: {changes(before, after)})"
    )
    changed = set(changes(before, after))
    if role in spec.saves_draft_for:
        changed -= {"pages", "revisions"}
    assert not changed, f"{where}: refused, yet the database changed: {sorted(changed)}"
    if role == "anonymous" and url.startswith("/admin/"):
        assert response.status_code == 302 and "/login/" in response["Location"], (
            f"{where}: not sent to the login"
        )


def test_a_school_lists_and_exports_only_what_is_assigned_to_it(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["contact_a"])
    listing = client.get(reverse("feedback_admin:index")).content.decode()
    assert world.item_a.title in listing
    assert world.item_b.title not in listing
    exported = client.get(reverse("feedback_admin:index") + "?export=csv")
    body = b"".join(exported.streaming_content) if exported.streaming else exported.content
    assert world.item_b.title not in body.decode("utf-8", "replace")
    search = client.get(reverse("feedback_admin:index") + "?q=pq").content.decode()
    assert world.item_b.title not in search
