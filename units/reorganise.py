"""Reorganisation without broken links (issue 16.5): rename, merge, move a school, change its hostname.

Since 1 July 2025 communes run the schools and merge them; Circular 37/2020/TT-BGDĐT Art. 3 gives
each school a member site on an ``edu.vn`` address that links, search engines and printed notices
point at. So every operation here, in one transaction:

- keeps every old address working: a permanent ``wagtail.contrib.redirects`` Redirect from each
  old address of each page it moves (on every Site that reached it: the authority's and the
  school's own), and a ``site_kb.models.HostRedirect`` from a hostname no longer used;
- keeps each document's issuing body as it was on signing day: an ``IssuingBody`` row is never
  renamed, a renamed school gets a new one for what it signs from now on;
- is written to Wagtail's audit log on the school's page (``units.*`` actions, labelled in
  Vietnamese in units.wagtail_hooks).

Each function returns the changes it made as Vietnamese sentences; ``run_plan`` runs a plan file's
entries in order (``manage.py reorganise``), all or nothing, and rolls everything back on a dry run,
so the dry run reports exactly what the real run would do.

A merged school's page is unpublished and kept, not deleted: its own history (revisions, audit
log) stays readable in the admin, its groups stay (emptied) and its old address, now a 404 for
readers, is answered by the redirect to the school it merged into.
"""

import functools
import json
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.actions.move_page import MovePageAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Site

from directives.documents import IssuingBody
from editorial.models import SchoolAccess
from editorial.roles import IT_OFFICER
from feedback.records import Feedback
from home.models import HomePage
from schools.models import SchoolIndexPage, SchoolPage
from site_kb.models import HostRedirect, OrganisationSettings
from site_kb.sites import forget_sites
from site_kb.slugs import ascii_slug, free_sibling_slug, site_paths

from .services import normalise_hostname

RENAME_ACTION = "units.rename"
MERGE_ACTION = "units.merge"
MOVE_ACTION = "units.move"
HOSTNAME_ACTION = "units.change_hostname"

# The groups a school's people are in (editorial.models.SchoolAccess); ``it_group`` is the
# school's own IT officer (issue 16.3) where the model has it.
ACCESS_GROUP_FIELDS = ("contact_group", "principal_group", "it_group")


class ReorganisationError(Exception):
    """A change that cannot be made; the message, in Vietnamese, says why and what to do."""


def can_reorganise(user):
    """Only the authority's IT officer (and a superuser) reorganises units: a school's contact,
    principal or IT officer manages its own site, never its name, address or existence."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=IT_OFFICER).exists())


def _check_user(user):
    if user is not None and not can_reorganise(user):
        raise PermissionDenied(_("Chỉ quản trị CNTT của cơ quan quản lý được tổ chức lại các đơn vị."))


def operation(function):
    """One transaction per operation; when it is rolled back, the site addresses cached meanwhile
    are dropped too (forget_rolled_back_sites)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except BaseException:
            forget_rolled_back_sites()
            raise

    return run


def forget_rolled_back_sites():
    """Site addresses cached while the rolled-back changes were in the database (Wagtail's list
    of site root paths, shared by every web process; site_kb.sites' state) are dropped, so the
    next request reads the Sites as they really are."""
    Site.clear_site_root_paths_cache()
    forget_sites()


# --- Old addresses ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """One address a page answers at: a path on a Site, a route of the page (``/`` or a feed)."""

    site_id: int
    path: str
    route: str = "/"

    @property
    def old_path(self):
        return Redirect.normalise_path(self.path.rstrip("/") + self.route)


def _sites():
    return list(Site.objects.select_related("root_page"))


def addresses_of(pages, sites=None):
    """``{page id: {Address}}``: every address ``pages`` answer at now, on every Site whose tree
    contains them (the authority's address and the school's own), with each page's routes."""
    sites = _sites() if sites is None else sites
    found = {}
    for page in pages:
        routes = page.get_route_paths()
        found[page.pk] = {
            Address(site.pk, path, Redirect.normalise_page_route_path(route) or "/")
            for site, path in site_paths(sites, page.url_path)
            for route in routes
        }
    return found


def subtree(page):
    """``page`` and every page beneath it, in tree order, specific."""
    return list(Page.objects.descendant_of(page, inclusive=True).order_by("path").specific())


OCCUPIED, TOO_LONG = "occupied", "too-long"
OLD_PATH_MAX_LENGTH = Redirect._meta.get_field("old_path").max_length


def keep_addresses(before, targets, *, site_map=None):
    """Make each old address in ``before`` answer 301 to its page's new one.

    ``targets`` maps a page id to the page its old addresses now lead to (itself when moved, its
    replacement when merged away); ``site_map`` maps a Site that is gone to the one that answers
    its hostname now. Returns ``(created, blocked)``: the redirects made, and the old addresses
    that cannot have one, with why: another live page answers there now (a redirect would never
    be reached), or the path is longer than a Redirect holds. Both are reported."""
    site_map = site_map or {}
    sites = {site.pk: site for site in _sites()}
    url_paths = Page.objects.filter(pk__in=[page.pk for page in targets.values()]).values_list(
        "pk", "url_path"
    )
    now = {
        pk: {(site.pk, path) for site, path in site_paths(sites.values(), url_path)}
        for pk, url_path in url_paths
    }
    wanted = {}
    for page_id, addresses in before.items():
        target = targets.get(page_id)
        if target is None:
            continue
        for address in addresses:
            site_id = site_map.get(address.site_id, address.site_id)
            if site_id not in sites:
                continue
            moved = Address(site_id, address.path, address.route)
            if (site_id, address.path) in now[target.pk]:
                continue  # the page still answers here
            wanted[(site_id, moved.old_path)] = (target, moved.route)
    occupied = _live_paths(sites, set(wanted))
    created, blocked = [], []
    for (site_id, old_path), (target, route) in sorted(wanted.items(), key=lambda item: item[0]):
        site = sites[site_id]
        if (site_id, old_path) in occupied:
            blocked.append((site, old_path, OCCUPIED))
            continue
        if len(old_path) > OLD_PATH_MAX_LENGTH:
            blocked.append((site, old_path, TOO_LONG))
            continue
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=site,
            defaults={
                "redirect_page": target,
                "redirect_page_route_path": "" if route == "/" else route,
                "redirect_link": "",
                "is_permanent": True,
                "automatically_created": False,
            },
        )
        created.append((site, old_path, target))
    return created, blocked


def _live_paths(sites, keys):
    """The ``(site id, old path)`` of ``keys`` at which a live page answers now."""
    url_paths = {}
    for site_id, old_path in keys:
        path = old_path.split("?")[0].strip("/")
        url_paths[sites[site_id].root_page.url_path + (f"{path}/" if path else "")] = (site_id, old_path)
    live = Page.objects.filter(url_path__in=url_paths, live=True).values_list("url_path", flat=True)
    return {url_paths[url_path] for url_path in live}


def _redirect_lines(created, blocked):
    lines = [
        _("Chuyển hướng vĩnh viễn (301): %(host)s%(old)s → «%(title)s»")
        % {"host": site.hostname, "old": old_path, "title": target.title}
        for site, old_path, target in created
    ]
    reasons = {
        OCCUPIED: _(
            "Không thể chuyển hướng %(host)s%(old)s: địa chỉ này đã là của một trang khác đang xuất bản."
        ),
        TOO_LONG: _("Không thể chuyển hướng %(host)s%(old)s: địa chỉ cũ dài quá 255 ký tự."),
    }
    lines += [
        reasons[reason] % {"host": site.hostname, "old": old_path} for site, old_path, reason in blocked
    ]
    return lines


# --- Revisions: a draft saved before must not bring an old name or address back ------------------


def _rewrite_revisions(page, *, slug=None, fields=None):
    """Give ``page``'s revisions its new slug, and its drafts newer than the live version the new
    values of ``fields``: publishing a draft saved before the change keeps the change. Older
    revisions keep their content: they are the page's history."""
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    )
    live_id = page.live_revision_id or 0
    for revision in revisions:
        content = revision.content
        if not isinstance(content, dict):
            continue
        if slug is not None:
            content["slug"] = slug
        if fields and revision.pk > live_id:
            content.update(fields)
        Revision.objects.filter(pk=revision.pk).update(content=content)


# --- Units and names -----------------------------------------------------------------------------


def _key(text):
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def own_site(page):
    """The Site rooted at ``page`` (a school's member site), or None."""
    return Site.objects.filter(root_page_id=page.pk).first()


def find_unit(reference, *, schools_only=True):
    """The school a plan names by title (accents and case as typed, spaces ignored) or by
    hostname (its site's, or an old one kept as a HostRedirect)."""
    text = " ".join(str(reference or "").split())
    if not text:
        raise ReorganisationError(_("Chưa ghi tên hoặc tên miền của trường."))
    host = text.lower().rstrip(".")
    site = Site.objects.filter(hostname__iexact=host).select_related("root_page").first()
    if site is None:
        old = HostRedirect.objects.filter(hostname__iexact=host).select_related("site__root_page").first()
        site = old.site if old else None
    if site is not None:
        page = site.root_page.specific
        if schools_only and not isinstance(page, SchoolPage):
            raise ReorganisationError(_("Tên miền «%(host)s» không phải của một trường.") % {"host": text})
        return page
    # Titles compared in Python: the databases fold Vietnamese case differently ("Đ", "Ư").
    ids = [pk for pk, title in SchoolPage.objects.values_list("pk", "title") if _key(title) == _key(text)]
    if not ids and not schools_only:
        # Another unit with a member site of its own (issue 16.4: "a school or unit").
        roots = Page.objects.filter(pk__in=Site.objects.values("root_page")).values_list("pk", "title")
        ids = [pk for pk, title in roots if _key(title) == _key(text)]
    matches = list(Page.objects.filter(pk__in=ids).specific())
    if not matches:
        raise ReorganisationError(_("Không tìm thấy trường «%(name)s».") % {"name": text})
    if len(matches) > 1:
        raise ReorganisationError(
            _("Có %(count)s trường tên «%(name)s»: hãy ghi tên miền của trường cần đổi.")
            % {"count": len(matches), "name": matches[0].title}
        )
    return matches[0]


def find_school_index(reference):
    """The list of schools of an authority named by its site's hostname or its home page's title."""
    text = " ".join(str(reference or "").split())
    site = Site.objects.filter(hostname__iexact=text.lower()).select_related("root_page").first()
    if site is not None:
        homes = [site.root_page]
    else:
        homes = [home for home in HomePage.objects.all() if _key(home.title) == _key(text)]
    if len(homes) != 1:
        raise ReorganisationError(
            _("Không tìm thấy cơ quan quản lý «%(name)s»: hãy ghi tên miền trang của cơ quan.")
            % {"name": text}
        )
    indexes = list(SchoolIndexPage.objects.descendant_of(homes[0]))
    if len(indexes) != 1:
        raise ReorganisationError(
            _("Trang «%(name)s» không có đúng một danh sách trường học.") % {"name": homes[0].title}
        )
    return indexes[0]


def _free_slug(page, parent, wanted):
    taken = set(parent.get_children().exclude(pk=page.pk).values_list("slug", flat=True))
    return free_sibling_slug(wanted or "truong", taken)


def _log(page, action, user, data):
    log(instance=page, action=action, user=user, data=data)


# --- Rename --------------------------------------------------------------------------------------


@operation
def rename_unit(page, new_name, *, full_name="", user=None):
    """Give a school (or unit) a new name and an address folded from it (site_kb.slugs).

    Every old address of the page and of each page beneath it answers 301 to the new one, on the
    authority's site and the school's own; its groups and collection follow (editorial's
    post_save: sync_school_access); its site's name and settings follow. Documents it signed
    keep the issuing body printed on them; a new IssuingBody carries the new name."""
    _check_user(user)
    page = page.specific
    new_name = " ".join(unicodedata.normalize("NFC", str(new_name or "")).split())
    if not new_name:
        raise ReorganisationError(_("Chưa ghi tên mới."))
    if len(new_name) > 255:
        raise ReorganisationError(_("Tên mới dài quá 255 ký tự."))
    old_name = page.title
    if new_name == old_name:
        return [_("«%(name)s»: tên không đổi.") % {"name": old_name}]
    changes = [_("Đổi tên «%(old)s» thành «%(new)s».") % {"old": old_name, "new": new_name}]
    pages = subtree(page)
    before = addresses_of(pages)
    parent = page.get_parent()
    old_slug = page.slug
    new_slug = _free_slug(page, parent, ascii_slug(new_name)) if parent.depth > 1 else old_slug
    page.title = page.draft_title = new_name
    page.slug = new_slug
    page.save(clean=False, update_fields=["title", "draft_title", "slug", "url_path"])
    _rewrite_revisions(page, slug=new_slug, fields={"title": new_name, "draft_title": new_name})
    if new_slug != old_slug:
        changes.append(_("Địa chỉ mới: «%(old)s» → «%(new)s».") % {"old": old_slug, "new": new_slug})
    created, blocked = keep_addresses(before, {item.pk: item for item in pages})
    changes += _redirect_lines(created, blocked)
    renamed = {old_name: new_name}
    changes += _rename_site(page, old_name, new_name, full_name, renamed)
    changes += _successor_issuing_bodies(renamed)
    if isinstance(page, SchoolPage):
        access = (
            SchoolAccess.objects.filter(school=page).select_related("contact_group", "collection").first()
        )
        if access is not None:
            changes.append(
                _("Nhóm người dùng và thư mục ảnh, tài liệu mang tên mới: «%(collection)s».")
                % {"collection": access.collection.name}
            )
    _log(page, RENAME_ACTION, user, {"old": old_name, "new": new_name, "redirects": len(created)})
    return changes


def _rename_site(page, old_name, new_name, full_name, renamed):
    """The member site's name and its settings' full (and short) name follow; ``renamed`` gains
    each old name → new name, for the issuing bodies."""
    site = own_site(page)
    if site is None:
        return []
    changes = []
    site.site_name = new_name[:255]
    site.save(update_fields=["site_name"])
    settings = OrganisationSettings.for_site(site)
    old_full = settings.name
    settings.name = full_name or new_name
    renamed.setdefault(old_full, settings.name)
    if settings.short_name and _key(settings.short_name) == _key(old_name):
        settings.short_name = new_name[: settings._meta.get_field("short_name").max_length]
    settings.save()
    changes.append(
        _("Cài đặt của trang %(host)s: tên cơ quan «%(old)s» → «%(new)s».")
        % {"host": site.hostname, "old": old_full, "new": settings.name}
    )
    return changes


def _successor_issuing_bodies(renamed):
    """Documents signed under an old name keep it (their IssuingBody row is never renamed); the
    new name gets its own row, listed beside the old one, for what is signed from now on."""
    changes = []
    successors = {_key(old): new for old, new in renamed.items() if old and new and _key(old) != _key(new)}
    for body in IssuingBody.objects.all():
        if _key(body.name) not in successors:
            continue
        if len(successors[_key(body.name)]) > IssuingBody._meta.get_field("name").max_length:
            changes.append(
                _("Tên «%(new)s» dài quá để làm tên cơ quan ban hành; hãy thêm một tên ngắn hơn.")
                % {"new": successors[_key(body.name)]}
            )
            continue
        successor, created = IssuingBody.objects.get_or_create(
            name=successors[_key(body.name)], defaults={"sort_order": body.sort_order}
        )
        if created:
            changes.append(
                _("Cơ quan ban hành mới «%(new)s»; văn bản đã ký vẫn ghi «%(old)s».")
                % {"new": successor.name, "old": body.name}
            )
    return changes


# --- Merge ---------------------------------------------------------------------------------------


def _is_section(page_class):
    """A page that holds others (news, documents) or exists once per parent (questions, the
    disclosure section): merged into the other school's own, not put beside it."""
    return page_class.max_count_per_parent == 1 or bool(page_class.allowed_subpage_models())


def _corresponding(child, candidates):
    same_type = [page for page in candidates if page.content_type_id == child.content_type_id]
    for page in same_type:
        if page.slug == child.slug:
            return page
    return same_type[0] if same_type else None


def _plan_merge(source_parent, target_parent, moves, replaced):
    """Decide where each of ``source_parent``'s children goes: a section into the target's
    section of its kind (recursively), anything else under ``target_parent``."""
    candidates = list(target_parent.get_children().specific())
    for child in source_parent.get_children().specific():
        match = _corresponding(child, candidates) if _is_section(type(child)) else None
        if match is not None:
            replaced[child.pk] = match
            _plan_merge(child, match, moves, replaced)
        elif child.can_move_to(target_parent):
            moves.append((child, target_parent))
        else:
            raise ReorganisationError(
                _(
                    "Không chuyển được «%(page)s» (%(kind)s) vào «%(target)s»: loại trang này không được đặt ở đó."
                )
                % {"page": child.title, "kind": child.get_verbose_name(), "target": target_parent.title}
            )


@operation
def merge_schools(source, target, *, user=None):
    """Merge school ``source`` into ``target`` (two schools a commune merged into one).

    The source's news, documents and other pages move under the target's matching sections
    (revisions and history travel with them); each old address of the source and of every page
    under it answers 301 to the new one (the source's own page → the target's); the source's
    member site is removed and its hostname kept as a HostRedirect to the target's site; its
    users join the target's groups; questions assigned to it go to the target; its photos and
    files join the target's collection. The source's page is unpublished and kept."""
    _check_user(user)
    source, target = source.specific, target.specific
    for school in (source, target):
        if not isinstance(school, SchoolPage):
            raise ReorganisationError(_("«%(name)s» không phải trang trường.") % {"name": school.title})
    if source.pk == target.pk:
        raise ReorganisationError(
            _("Không thể sáp nhập trường «%(name)s» vào chính nó.") % {"name": source.title}
        )
    source_site, target_site = own_site(source), own_site(target)
    if source_site is not None and target_site is None:
        raise ReorganisationError(
            _(
                "«%(target)s» chưa có trang thành viên riêng nên tên miền %(host)s của «%(source)s» không "
                "có chỗ chuyển đến. Hãy tạo trang cho «%(target)s» trước (manage.py create_unit … --hostname …)."
            )
            % {"target": target.title, "source": source.title, "host": source_site.hostname}
        )
    if source_site is not None and source_site.is_default_site:
        raise ReorganisationError(_("Không thể sáp nhập trang mặc định của hệ thống."))

    pages = subtree(source)
    before = addresses_of(pages)
    moves, replaced = [], {source.pk: target}
    _plan_merge(source, target, moves, replaced)

    changes = [
        _("Sáp nhập «%(source)s» vào «%(target)s».") % {"source": source.title, "target": target.title}
    ]
    for page, parent in moves:
        changes += _move_page(page, parent, user)
    # Every page of the source's tree is either merged into a page of the target (``replaced``)
    # or moved, by itself or with the page above it: it leads to itself at its new address.
    targets = dict(replaced)
    targets.update(Page.objects.in_bulk([page.pk for page in pages if page.pk not in replaced]))
    for page in pages:
        if page.pk in replaced and page.pk != source.pk:
            changes.append(
                _("Mục «%(page)s» gộp vào «%(target)s».")
                % {"page": page.title, "target": replaced[page.pk].title}
            )
    # Redirects that led to a page merged away lead to what replaced it.
    for page_id, replacement in replaced.items():
        Redirect.objects.filter(redirect_page_id=page_id).update(redirect_page=replacement)

    # Unpublished first, so their old addresses are free for the redirects (a 404 is redirected).
    for page in reversed(pages):
        if page.pk in replaced:
            page = Page.objects.get(pk=page.pk)
            if page.live:
                page.unpublish(user=user, log_action=True)
    if source.show_in_menus:
        Page.objects.filter(pk=source.pk).update(show_in_menus=False)
    site_map = {}
    if source_site is not None:
        site_map[source_site.pk] = target_site.pk
    created, blocked = keep_addresses(before, targets, site_map=site_map)
    changes += _redirect_lines(created, blocked)
    if source_site is not None:
        changes += _retire_site(source_site, target_site)
    changes += _move_people(source, target)
    changes += _move_feedback(source, target)
    changes += _move_media(source, target)
    changes.append(
        _("Trang «%(name)s» được gỡ xuống và giữ lại cùng lịch sử của nó; địa chỉ cũ chuyển về «%(target)s».")
        % {"name": source.title, "target": target.title}
    )
    data = {
        "source": {"id": source.pk, "title": source.title},
        "target": {"id": target.pk, "title": target.title},
        "moved": len(moves),
        "redirects": len(created),
        "hostname": source_site.hostname if source_site else "",
    }
    _log(target, MERGE_ACTION, user, data)
    _log(source, MERGE_ACTION, user, data)
    return changes


def _move_page(page, parent, user):
    """Move ``page`` under ``parent`` with Wagtail's own action (its audit entry, signals,
    descendants' paths); a slug the new siblings have already gets ``-2``, ``-3``…"""
    changes = []
    slug = _free_slug(page, parent, page.slug)
    if slug != page.slug:
        Page.objects.filter(pk=page.pk).update(slug=slug)
        _rewrite_revisions(page, slug=slug)
        changes.append(
            _("«%(page)s» đổi địa chỉ thành «%(slug)s» (trùng với một trang đã có).")
            % {"page": page.title, "slug": slug}
        )
    fresh = Page.objects.get(pk=page.pk)
    MovePageAction(fresh, parent, pos="last-child", user=user).execute(skip_permission_checks=True)
    changes.insert(0, _("Chuyển «%(page)s» vào «%(parent)s».") % {"page": page.title, "parent": parent.title})
    return changes


def _retire_site(source_site, target_site):
    """The source's hostname answers 301 on the target's site; its own redirects move there."""
    changes = []
    HostRedirect.objects.filter(site=source_site).update(site=target_site)
    for redirect in Redirect.objects.filter(site=source_site):
        if not Redirect.objects.filter(site=target_site, old_path=redirect.old_path).exists():
            Redirect.objects.filter(pk=redirect.pk).update(site=target_site)
    hostname = source_site.hostname
    source_site.delete()
    HostRedirect.objects.create(hostname=hostname, site=target_site)
    changes.append(
        _(
            "Tên miền %(old)s chuyển hướng vĩnh viễn sang %(new)s (cùng đường dẫn); trang thành viên cũ được xoá."
        )
        % {"old": hostname, "new": target_site.hostname}
    )
    return changes


def _move_people(source, target):
    source_access = SchoolAccess.objects.filter(school=source).first()
    target_access = SchoolAccess.objects.filter(school=target).first()
    if source_access is None:
        return []
    changes = []
    for field in ACCESS_GROUP_FIELDS:
        if not hasattr(source_access, f"{field}_id"):
            continue
        old_group = getattr(source_access, field)
        new_group = getattr(target_access, field, None) if target_access else None
        if old_group is None:
            continue
        users = list(old_group.user_set.all())
        if not users:
            continue
        names = ", ".join(sorted(user.get_username() for user in users))
        if new_group is None:
            changes.append(
                _(
                    "Tài khoản trong nhóm «%(group)s» chưa có nhóm tương ứng ở trường mới, cần xếp lại: %(users)s."
                )
                % {"group": old_group.name, "users": names}
            )
            continue
        new_group.user_set.add(*users)
        old_group.user_set.remove(*users)
        changes.append(
            _("Chuyển %(count)s tài khoản từ nhóm «%(old)s» sang «%(new)s»: %(users)s.")
            % {"count": len(users), "old": old_group.name, "new": new_group.name, "users": names}
        )
    return changes


def _move_feedback(source, target):
    """Readers' questions assigned to (or about) the merged school go to the school it joined,
    so their deadlines (Điều 14) are still watched by someone."""
    through = Feedback.assigned_to.through
    rows = through.objects.filter(page_id=source.pk)
    feedback_ids = list(rows.values_list("feedback_id", flat=True))
    already = set(
        through.objects.filter(page_id=target.pk, feedback_id__in=feedback_ids).values_list(
            "feedback_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(feedback_id=pk, page_id=target.pk) for pk in feedback_ids if pk not in already]
    )
    rows.delete()
    Feedback.objects.filter(concerned_unit_id=source.pk).update(concerned_unit_id=target.pk)
    if not feedback_ids:
        return []
    return [
        _("%(count)s câu hỏi, góp ý giao cho «%(source)s» nay giao cho «%(target)s».")
        % {"count": len(feedback_ids), "source": source.title, "target": target.title}
    ]


def _move_media(source, target):
    source_access = SchoolAccess.objects.filter(school=source).first()
    target_access = SchoolAccess.objects.filter(school=target).first()
    if source_access is None or target_access is None:
        return []
    images = get_image_model().objects.filter(collection_id=source_access.collection_id)
    documents = get_document_model().objects.filter(collection_id=source_access.collection_id)
    counts = images.count(), documents.count()
    if not any(counts):
        return []
    images.update(collection_id=target_access.collection_id)
    documents.update(collection_id=target_access.collection_id)
    return [
        _("%(images)s ảnh và %(documents)s tài liệu chuyển sang thư mục «%(target)s».")
        % {"images": counts[0], "documents": counts[1], "target": target_access.collection.name}
    ]


# --- Move ----------------------------------------------------------------------------------------


@operation
def move_unit(school, *, commune=None, school_index=None, user=None):
    """Move a school to another commune (its ``commune``) and/or to another authority's list
    of schools; every old address of the school and its pages answers 301 to the new one."""
    _check_user(user)
    school = school.specific
    if not isinstance(school, SchoolPage):
        raise ReorganisationError(_("«%(name)s» không phải trang trường.") % {"name": school.title})
    if commune is None and school_index is None:
        raise ReorganisationError(_("Ghi xã mới (commune) hoặc cơ quan quản lý mới (authority)."))
    changes = []
    data = {"school": {"id": school.pk, "title": school.title}}
    if commune is not None:
        commune = " ".join(unicodedata.normalize("NFC", str(commune)).split())
        if not commune or len(commune) > school._meta.get_field("commune").max_length:
            raise ReorganisationError(_("Tên xã mới trống hoặc dài quá 100 ký tự."))
        if commune != school.commune:
            changes.append(
                _("«%(name)s» chuyển từ xã «%(old)s» sang xã «%(new)s».")
                % {"name": school.title, "old": school.commune, "new": commune}
            )
            data["commune"] = {"old": school.commune, "new": commune}
            school.commune = commune
            school.save(clean=False, update_fields=["commune"])
            _rewrite_revisions(school, fields={"commune": commune})
    if school_index is not None:
        parent = school.get_parent()
        if school_index.pk != parent.pk:
            changes += _move_to_authority(school, school_index, user)
            data["authority"] = {"old": parent.get_parent().title, "new": school_index.get_parent().title}
    if not changes:
        return [_("«%(name)s»: không có gì thay đổi.") % {"name": school.title}]
    _log(school, MOVE_ACTION, user, data)
    return changes


def _move_to_authority(school, school_index, user):
    if not school.can_move_to(school_index):
        raise ReorganisationError(
            _("Không chuyển được «%(name)s» vào «%(target)s».")
            % {"name": school.title, "target": school_index.title}
        )
    pages = subtree(school)
    before = addresses_of(pages)
    changes = [
        _("«%(name)s» chuyển sang cơ quan quản lý «%(authority)s».")
        % {"name": school.title, "authority": school_index.get_parent().title}
    ]
    changes += _move_page(school, school_index, user)[1:]
    targets = {page.pk: Page.objects.get(pk=page.pk) for page in pages}
    created, blocked = keep_addresses(before, targets)
    changes += _redirect_lines(created, blocked)
    site = own_site(school)
    authority_site = Site.objects.filter(root_page_id=school_index.get_parent().pk).first()
    if site is not None and authority_site is not None:
        settings = OrganisationSettings.for_site(site)
        authority = OrganisationSettings.for_site(authority_site).name
        if settings.parent_authority != authority:
            settings.parent_authority = authority
            settings.save()
            changes.append(
                _("Cài đặt của trang %(host)s: cơ quan chủ quản «%(authority)s».")
                % {"host": site.hostname, "authority": authority}
            )
    return changes


# --- Hostname ------------------------------------------------------------------------------------


def clean_hostname(value):
    """The hostname as a Site keeps it (units.services.normalise_hostname: the rule create_unit
    applies); raises ReorganisationError with its Vietnamese message."""
    try:
        hostname = normalise_hostname(value)
    except ValidationError as error:
        raise ReorganisationError(" ".join(error.messages)) from None
    if not hostname:
        raise ReorganisationError(_("Chưa ghi tên miền mới."))
    return hostname


@operation
def change_hostname(school, new_hostname, *, user=None):
    """Give a member site a new hostname; the old one becomes a HostRedirect, so any path on it
    answers 301 to the same path on the new one."""
    _check_user(user)
    hostname = clean_hostname(new_hostname)
    site = own_site(school)
    if site is None:
        raise ReorganisationError(
            _("«%(name)s» chưa có trang thành viên riêng; hãy tạo bằng manage.py create_unit … --hostname …")
            % {"name": school.title}
        )
    old = site.hostname
    if hostname == old:
        return [_("%(host)s: tên miền không đổi.") % {"host": old}]
    if Site.objects.filter(hostname__iexact=hostname).exclude(pk=site.pk).exists():
        raise ReorganisationError(_("Tên miền %(host)s đang là của một trang khác.") % {"host": hostname})
    if HostRedirect.objects.filter(hostname__iexact=hostname).exclude(site=site).exists():
        raise ReorganisationError(
            _("Tên miền %(host)s đang chuyển hướng sang một trang khác.") % {"host": hostname}
        )
    HostRedirect.objects.filter(hostname__iexact=hostname, site=site).delete()  # an old name taken back
    site.hostname = hostname
    site.save(update_fields=["hostname"])
    HostRedirect.objects.create(hostname=old, site=site)
    _log(site.root_page, HOSTNAME_ACTION, user, {"old": old, "new": hostname})
    return [
        _("Tên miền của «%(name)s»: %(old)s → %(new)s; tên miền cũ chuyển hướng vĩnh viễn (cùng đường dẫn).")
        % {"name": school.title, "old": old, "new": hostname}
    ]


# --- Plans ---------------------------------------------------------------------------------------

OPERATIONS = {
    "rename": ("school", "name"),
    "merge": ("from", "into"),
    "move": ("school",),
    "hostname": ("school", "hostname"),
}
OPTIONAL = {"rename": ("full_name",), "move": ("commune", "authority"), "merge": (), "hostname": ()}


def load_plan(path):
    """The entries of a plan file: JSON (a list, or ``{"operations": [...]}``) or TOML
    (``[[operations]]`` tables). Each entry has ``op`` and the fields OPERATIONS names."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReorganisationError(_("Không tìm thấy tệp kế hoạch %(path)s.") % {"path": path}) from None
    except OSError:
        raise ReorganisationError(_("Không đọc được tệp kế hoạch %(path)s.") % {"path": path}) from None
    except UnicodeDecodeError:
        raise ReorganisationError(
            _("Tệp kế hoạch %(path)s không phải văn bản UTF-8.") % {"path": path}
        ) from None
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise ReorganisationError(
            _("Tệp kế hoạch %(path)s sai cú pháp: %(error)s") % {"path": path, "error": error}
        ) from None
    entries = data.get("operations") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise ReorganisationError(_("Tệp kế hoạch không có mục nào (cần danh sách «operations»)."))
    return entries


def _entry_label(number, entry):
    op = entry.get("op", "?") if isinstance(entry, dict) else "?"
    return _("Mục %(number)s (%(op)s)") % {"number": number, "op": op}


def _check_entry(entry):
    if not isinstance(entry, dict):
        raise ReorganisationError(_("mỗi mục phải là một bảng có «op»."))
    op = entry.get("op")
    if op not in OPERATIONS:
        raise ReorganisationError(
            _("thao tác «%(op)s» không có; chọn một trong: %(ops)s.")
            % {"op": op, "ops": ", ".join(OPERATIONS)}
        )
    allowed = {"op", *OPERATIONS[op], *OPTIONAL[op]}
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ReorganisationError(_("trường không dùng được: %(fields)s.") % {"fields": ", ".join(unknown)})
    for field in OPERATIONS[op]:
        if field not in entry:
            raise ReorganisationError(_("thiếu «%(field)s».") % {"field": field})
        if not isinstance(entry[field], str) or not entry[field].strip():
            raise ReorganisationError(
                _("«%(field)s» phải là một chuỗi chữ, không để trống.") % {"field": field}
            )
    for field in OPTIONAL[op]:
        if field in entry and not isinstance(entry[field], str):
            raise ReorganisationError(_("«%(field)s» phải là chuỗi.") % {"field": field})
    if op == "move" and "commune" not in entry and "authority" not in entry:
        raise ReorganisationError(_("ghi «commune» (xã mới) hoặc «authority» (cơ quan quản lý mới)."))


def _run_entry(entry, user):
    op = entry["op"]
    if op == "rename":
        return rename_unit(
            find_unit(entry["school"], schools_only=False),
            entry["name"],
            full_name=entry.get("full_name", ""),
            user=user,
        )
    if op == "merge":
        return merge_schools(find_unit(entry["from"]), find_unit(entry["into"]), user=user)
    if op == "move":
        index = find_school_index(entry["authority"]) if entry.get("authority") else None
        return move_unit(
            find_unit(entry["school"]), commune=entry.get("commune"), school_index=index, user=user
        )
    return change_hostname(find_unit(entry["school"]), entry["hostname"], user=user)


class DryRun(Exception):
    """Raised at the end of a dry run to roll every change back."""


def run_plan(entries, *, dry_run=False, user=None):
    """Run ``entries`` in order in one transaction: ``[(label, [changes])]``. The first error
    rolls everything back and raises ReorganisationError naming its entry; a dry run makes
    every change, reports it and rolls it all back."""
    _check_user(user)
    for number, entry in enumerate(entries, 1):
        try:
            _check_entry(entry)
        except ReorganisationError as error:
            raise ReorganisationError(f"{_entry_label(number, entry)}: {error}") from None
    report = []
    committed = False
    try:
        with transaction.atomic():
            for number, entry in enumerate(entries, 1):
                try:
                    report.append((_entry_label(number, entry), _run_entry(entry, user)))
                except ReorganisationError as error:
                    raise ReorganisationError(f"{_entry_label(number, entry)}: {error}") from None
            if dry_run:
                raise DryRun
        committed = True
    except DryRun:
        pass
    finally:
        if not committed:
            forget_rolled_back_sites()
    return report
