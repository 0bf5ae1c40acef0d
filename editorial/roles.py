"""The groups of the regulation and what each may do (Điều 3, 8, 11, 13).

Everything here is idempotent: ``setup_roles`` and the SchoolPage signals call it
again and again and it only adds what is missing or renames what drifted.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import HomePage
from news.models import NewsIndexPage
from schools.models import SchoolIndexPage, SchoolPage

from .models import (
    BoardApprovalTask,
    LeadershipApprovalTask,
    SchoolAccess,
    SchoolPrincipalApprovalTask,
    WorkflowMode,
)

BOARD = "Ban biên tập"
LEADERSHIP = "Lãnh đạo phòng"
IT_OFFICER = "Quản trị CNTT"
OFFICE_STAFF = "Cán bộ phòng"
SCHOOL_CONTACT_SUFFIX = "Đầu mối"
PRINCIPAL_SUFFIX = "Hiệu trưởng"
SCHOOL_IT_SUFFIX = "Quản trị CNTT"
SCHOOLS_COLLECTION = "Trường học"
SCHOOL_WORKFLOW = "Duyệt tin của trường"
SELF_PUBLISHING_WORKFLOW = "Trường tự đăng tin"
OFFICE_WORKFLOW = "Duyệt tin của Phòng"

MEDIA_UPLOAD = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
MEDIA_MANAGE = MEDIA_UPLOAD + [
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
]
BOARD_PAGE_RIGHTS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]
EDITOR_PAGE_RIGHTS = ["add", "change"]
# A school's IT officer runs its member site (Circular 37/2020 Art. 3): it edits and locks the
# school's pages, but publishing still goes through the school's workflow.
SCHOOL_IT_PAGE_RIGHTS = ["add", "change", "lock", "unlock"]
# Given on the school's own Site only (GroupSitePermission), never globally.
SITE_SETTINGS_RIGHT = "site_kb.change_organisationsettings"
BOARD_MODEL_RIGHTS = [
    "wagtailadmin.access_admin",
    "links.add_linkcategory",
    "links.change_linkcategory",
    "links.delete_linkcategory",
    "links.view_linkcategory",
    "links.add_externallink",
    "links.change_externallink",
    "links.delete_externallink",
    "links.view_externallink",
    # The registry's vocabularies (Điều 6): the board adds a kind, an issuing body or a subject.
    "directives.add_documentkind",
    "directives.change_documentkind",
    "directives.delete_documentkind",
    "directives.view_documentkind",
    "directives.add_issuingbody",
    "directives.change_issuingbody",
    "directives.delete_issuingbody",
    "directives.view_issuingbody",
    "directives.add_documentsubject",
    "directives.change_documentsubject",
    "directives.delete_documentsubject",
    "directives.view_documentsubject",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
    "previews.view_drafts",
    "previews.add_previewlink",
    "previews.change_previewlink",
    "editorial.view_school_queue",
    "consultations.view_draftcomment",
    "feedback.view_feedback",
    "feedback.change_feedback",
    "feedback.classify_feedback",
    "contributors.add_contributor",
    "contributors.change_contributor",
    "contributors.delete_contributor",
    "contributors.view_contributor",
    "contributors.view_royalty_report",
    "contributors.view_timeliness_report",
    "units.view_member_sites_report",  # the member-sites report (issue 16.6)
]
IT_OFFICER_MODEL_RIGHTS = BOARD_MODEL_RIGHTS + [
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
    "site_kb.change_organisationsettings",
    # Old hostnames kept after a school's address changes (site_kb.HostRedirect, issue 16.5).
    "site_kb.add_hostredirect",
    "site_kb.change_hostredirect",
    "site_kb.delete_hostredirect",
    "site_kb.view_hostredirect",
    # The Varnish purges that failed (site_kb.purge_failures, issue 17): the IT officer checks Varnish.
    "site_kb.view_cachepurgefailure",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "units.change_membersitepolicy",  # the authority's minimum for member sites
    "wagtailcore.view_logentry",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    # Each school's workflow choice ("Trường thành viên"): the authority's, never a school's.
    "editorial.change_schoolaccess",
    "feedback.add_dayoff",
    "feedback.change_dayoff",
    "feedback.delete_dayoff",
    "feedback.view_dayoff",
    # Login protection (accounts, Điều 4): the lockouts and failed logins, and unlocking.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
]
# Leadership previews every draft and gives its opinion (Điều 13.2c); it also makes and revokes the
# expiring preview links it sends to another leader or an adviser (issue 15). It never edits pages.
LEADERSHIP_MODEL_RIGHTS = [
    "wagtailadmin.access_admin",
    "previews.view_drafts",
    "previews.add_previewlink",
    "previews.change_previewlink",
]
SCHOOL_MODEL_RIGHTS = ["wagtailadmin.access_admin", "feedback.view_feedback", "feedback.change_feedback"]


def permissions(dotted_names):
    """Permission objects for ``app_label.codename`` names; names of apps not installed are skipped."""
    condition = Q(pk__in=[])
    for name in dotted_names:
        app_label, codename = name.split(".")
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(condition))


def grant_pages(group, page, rights):
    for permission in permissions(f"wagtailcore.{right}_page" for right in rights):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_collection(group, collection, dotted_names):
    for permission in permissions(dotted_names):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def group_named(name):
    return Group.objects.get_or_create(name=name)[0]


def unique_group_name(name, exclude_pk=None):
    """Group names are unique: two schools with one name (on two sites) get a numbered suffix."""
    candidate, number = name, 2
    while Group.objects.filter(name=candidate).exclude(pk=exclude_pk).exists():
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def school_group_names(school):
    """The contact's, the principal's and the IT officer's group names of ``school``."""
    return tuple(
        f"{school.title} – {suffix}" for suffix in (SCHOOL_CONTACT_SUFFIX, PRINCIPAL_SUFFIX, SCHOOL_IT_SUFFIX)
    )


def schools_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SCHOOLS_COLLECTION).first()
    return existing or root.add_child(name=SCHOOLS_COLLECTION)


def rename_group(group, wanted):
    if not group.name.startswith(wanted):
        group.name = unique_group_name(wanted, exclude_pk=group.pk)
        group.save(update_fields=["name"])


@transaction.atomic
def sync_school_access(school):
    """Give ``school`` its contact, principal and IT officer groups and its own collection, or
    rename them; keep its site-settings right and its workflow in step.

    The contact and the principal add and edit pages only inside the school's subtree and
    upload to the school's collection; neither may publish (Điều 11). The principal's approval
    comes from membership of the principal group (SchoolPrincipalApprovalTask). The school's IT
    officer runs its member site (Circular 37/2020/TT-BGDĐT Art. 3): it also locks and unlocks
    the school's pages, manages the collection's files and edits its own Site's settings, and
    publishes nothing either.
    """
    contact_name, principal_name, it_name = school_group_names(school)
    access = (
        SchoolAccess.objects.filter(school=school)
        .select_related("contact_group", "principal_group", "it_group", "collection")
        .first()
    )
    if access is None:
        parent = schools_collection()
        collection = parent.get_children().filter(name=school.title).first() or parent.add_child(
            name=school.title
        )
        access = SchoolAccess.objects.create(
            school=school,
            contact_group=Group.objects.create(name=unique_group_name(contact_name)),
            principal_group=Group.objects.create(name=unique_group_name(principal_name)),
            it_group=Group.objects.create(name=unique_group_name(it_name)),
            collection=collection,
        )
    elif access.it_group is None:  # a school made before the role existed
        access.it_group = Group.objects.create(name=unique_group_name(it_name))
        access.save(update_fields=["it_group"])
    for group, wanted in ((access.contact_group, contact_name), (access.principal_group, principal_name)):
        rename_group(group, wanted)
        group.permissions.add(*permissions(SCHOOL_MODEL_RIGHTS))
        grant_pages(group, school, EDITOR_PAGE_RIGHTS)
        grant_collection(group, access.collection, MEDIA_UPLOAD)
    rename_group(access.it_group, it_name)
    access.it_group.permissions.add(*permissions(SCHOOL_MODEL_RIGHTS))
    grant_pages(access.it_group, school, SCHOOL_IT_PAGE_RIGHTS)
    grant_collection(access.it_group, access.collection, MEDIA_MANAGE)
    grant_site_settings(access)
    apply_workflow_mode(access)
    if access.collection.name != school.title:
        access.collection.name = school.title
        access.collection.save(update_fields=["name"])
    return access


def grant_site_settings(access):
    """The school's IT officer edits the settings of the Sites rooted at its school, and of no other.

    Wagtail's per-site settings permission (GroupSitePermission) is what its settings views
    check (``sites_user_has_permission_for``); a school that loses its Site loses the right.
    """
    found = permissions([SITE_SETTINGS_RIGHT])
    if not found:  # before post_migrate has made the permissions
        return
    permission = found[0]
    sites = list(Site.objects.filter(root_page_id=access.school_id))
    for site in sites:
        GroupSitePermission.objects.get_or_create(group=access.it_group, site=site, permission=permission)
    GroupSitePermission.objects.filter(group=access.it_group, permission=permission).exclude(
        site__in=sites
    ).delete()


def sync_site(site):
    """After a Site is saved (made for a school by create_unit, or re-rooted): no other school's
    IT officer keeps its settings right, and the school at its root gets it. Sites made with
    ``bulk_create`` send no signal: call this for each."""
    GroupSitePermission.objects.filter(
        site=site,
        group__in=SchoolAccess.objects.exclude(school_id=site.root_page_id).values("it_group"),
    ).delete()
    access = SchoolAccess.objects.filter(school_id=site.root_page_id, it_group__isnull=False).first()
    if access is not None:
        grant_site_settings(access)
        return
    school = SchoolPage.objects.filter(pk=site.root_page_id).first()
    if school is not None:
        sync_school_access(school)


def remove_school_access(access):
    """A deleted school takes its groups with it; its collection (and photos) stays for the board."""
    Group.objects.filter(
        pk__in=[pk for pk in (access.contact_group_id, access.principal_group_id, access.it_group_id) if pk]
    ).delete()


def principal_task():
    return SchoolPrincipalApprovalTask.objects.get_or_create(name=_("Hiệu trưởng duyệt"))[0]


def self_publishing_workflow():
    """The school workflow without the board: the principal's approval publishes (Circular 37)."""
    return ordered_workflow(SELF_PUBLISHING_WORKFLOW, [principal_task()])


def apply_workflow_mode(access):
    """Put the workflow ``access.workflow_mode`` names on the school page.

    *Principal publishes* puts "Trường tự đăng tin" on the school itself; the default takes it
    off, so the school follows the workflow of its schools' index again ("Duyệt tin của trường":
    principal, then board). Any other workflow set on a school by hand is left alone.
    """
    own = WorkflowPage.objects.filter(page_id=access.school_id).select_related("workflow").first()
    if access.workflow_mode == WorkflowMode.PRINCIPAL_PUBLISHES:
        workflow = self_publishing_workflow()
        if own is None or own.workflow_id != workflow.pk:
            assign_workflow(workflow, access.school)
    elif own is not None and own.workflow.name == SELF_PUBLISHING_WORKFLOW:
        own.delete()


@transaction.atomic
def set_school_workflow(school, mode, board_may_refuse=True):
    """Choose how ``school``'s pages go up (WorkflowMode) and whether the board may refuse them.

    Raises ValueError for an unknown mode. Pages already in review finish on the workflow they
    started; the choice applies from their next submission. Returns the school's SchoolAccess.
    """
    mode = WorkflowMode(mode)
    access = SchoolAccess.objects.filter(school=school).first() or sync_school_access(school)
    if access.workflow_mode != mode or access.board_may_refuse != bool(board_may_refuse):
        access.workflow_mode, access.board_may_refuse = mode, bool(board_may_refuse)
        access.save(update_fields=["workflow_mode", "board_may_refuse"])
    apply_workflow_mode(access)
    return access


def ordered_workflow(name, tasks):
    workflow, _created = Workflow.objects.get_or_create(name=name)
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowTask.objects.filter(workflow=workflow).exclude(task__in=tasks).delete()
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    return workflow


def assign_workflow(workflow, page):
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


# Wagtail's default workflow and its task, by the name its migration gives them and the one
# site_kb/migrations/0004_vietnamese_defaults renames them to.
WAGTAIL_DEFAULT_WORKFLOWS = ("Moderators approval", "Quy trình duyệt mặc định của Wagtail (không dùng)")
WAGTAIL_DEFAULT_TASKS = ("Moderators approval", "Bước duyệt mặc định của Wagtail (không dùng)")


def retire_wagtail_default_workflow():
    """Wagtail's migrations create a "Moderators approval" workflow on the tree root;
    once ours replaces it, it is deactivated so nobody meets it in the admin."""
    for workflow in Workflow.objects.filter(name__in=WAGTAIL_DEFAULT_WORKFLOWS, active=True):
        if not WorkflowPage.objects.filter(workflow=workflow).exists():
            workflow.deactivate()
    for task in Task.objects.filter(name__in=WAGTAIL_DEFAULT_TASKS, active=True):
        if not task.workflow_tasks.filter(workflow__active=True).exists():
            task.deactivate()


@transaction.atomic
def setup_roles():
    """Create or update every group, permission, school group and workflow. Returns the groups by role."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()

    board = group_named(BOARD)
    board.permissions.add(*permissions(BOARD_MODEL_RIGHTS))
    grant_pages(board, root_page, BOARD_PAGE_RIGHTS)
    grant_collection(board, root_collection, MEDIA_MANAGE)

    it_officer = group_named(IT_OFFICER)
    it_officer.permissions.add(*permissions(IT_OFFICER_MODEL_RIGHTS))
    grant_pages(it_officer, root_page, BOARD_PAGE_RIGHTS)
    grant_collection(it_officer, root_collection, MEDIA_MANAGE)

    leadership = group_named(LEADERSHIP)
    leadership.permissions.add(*permissions(LEADERSHIP_MODEL_RIGHTS))

    office_staff = group_named(OFFICE_STAFF)
    office_staff.permissions.add(*permissions(["wagtailadmin.access_admin"]))
    for news_index in NewsIndexPage.objects.all():
        grant_pages(office_staff, news_index, EDITOR_PAGE_RIGHTS)
    grant_collection(office_staff, root_collection, MEDIA_UPLOAD)

    for school in SchoolPage.objects.all():
        sync_school_access(school)

    school_principal_task = principal_task()
    board_task = BoardApprovalTask.objects.get_or_create(name=_("Ban biên tập duyệt"))[0]
    board_task.groups.add(board)
    leadership_task = LeadershipApprovalTask.objects.get_or_create(name=_("Lãnh đạo phòng cho ý kiến"))[0]
    leadership_task.groups.add(leadership)

    school_workflow = ordered_workflow(SCHOOL_WORKFLOW, [school_principal_task, board_task])
    office_workflow = ordered_workflow(OFFICE_WORKFLOW, [board_task, leadership_task])
    # Nearest ancestor wins: the office workflow covers each site (and new sites, from the
    # tree root); each schools' index hands every school, new ones included, the school workflow.
    assign_workflow(office_workflow, root_page)
    retire_wagtail_default_workflow()
    for home in HomePage.objects.all():
        assign_workflow(office_workflow, home)
    for school_index in SchoolIndexPage.objects.all():
        assign_workflow(school_workflow, school_index)

    return {"board": board, "leadership": leadership, "it_officer": it_officer, "office_staff": office_staff}
