"""Make a school a member site in one step (issue 16.4; Circular 37/2020/TT-BGDĐT Art. 3, 9).

Art. 3 has the education authority give each of its schools a member site on its own ``edu.vn``
address; Art. 9 lists what that site must carry. ``create_unit`` does everything a new school
needs, in one transaction: its page under the authority's schools list (published), its Wagtail
``Site`` on its hostname with its own organisation settings, its groups, collection and workflow
(``editorial.roles.sync_school_access``), the Art. 9 pages (``units.art9.ensure_school_pages``)
and the accounts of its contact and principal, who get an e-mail to set their own password.

It is idempotent: what exists is found and kept, only what is missing is made, and a second call
with the same arguments changes nothing (``UnitResult.changes`` is empty). That is also the upgrade
path of a single-office install: ``create_unit`` with an existing school's name and a hostname
only adds its Site. It never changes what an existing school already has (its level, commune or
address): that is a reorganisation, with its redirects and audit trail (``manage.py reorganise``).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Site
from wagtail.users.models import UserProfile

from editorial.models import SchoolAccess
from editorial.roles import sync_school_access
from schools.models import SchoolIndexPage, SchoolLevel, SchoolPage
from site_kb.background import after_commit
from site_kb.models import HostRedirect, OrganisationSettings
from site_kb.slugs import ascii_slug, free_sibling_slug

from . import tasks
from .art9 import ensure_school_pages

UNIT_CREATED = "units.unit_created"
UNIT_COMPLETED = "units.unit_completed"

NAME_MAX_LENGTH = 255  # Page.title
COMMUNE_MAX_LENGTH = SchoolPage._meta.get_field("commune").max_length
HOSTNAME_MAX_LENGTH = 253  # RFC 1035; Site.hostname holds 255
HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")

# The inputs by the names the command, the CSV file and the admin form use, and how a message names them.
FIELD_LABELS = {
    "name": "tên trường",
    "level": "cấp học",
    "commune": "xã / phường",
    "hostname": "tên miền",
    "contact_email": "thư điện tử của đầu mối",
    "principal_email": "thư điện tử của hiệu trưởng",
    "port": "cổng",
}


@dataclass
class UnitResult:
    """What ``create_unit`` found or made. ``created``: the school is new; ``changes``: what was
    made or added, one Vietnamese sentence each (empty when nothing changed)."""

    school: SchoolPage
    site: Site | None
    created: bool
    changes: list = field(default_factory=list)


@dataclass
class UnitInput:
    """The arguments of ``create_unit``, checked and normalised (NFC, hostname in ASCII lower case)."""

    name: str
    level: str
    commune: str = ""
    hostname: str = ""
    contact_email: str = ""
    principal_email: str = ""
    port: int | None = None


def nfc(value):
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def level_value(value):
    """A ``SchoolLevel`` value from its code or its Vietnamese name, in any case: "THCS",
    "thcs", "Trung học cơ sở" → "thcs"; "" if it is neither."""
    wanted = nfc(value).casefold()
    for code, label in SchoolLevel.choices:
        if wanted in (code.casefold(), nfc(label).casefold()):
            return code
    return ""


def allowed_levels():
    return ", ".join(f"{code} ({label})" for code, label in SchoolLevel.choices)


def normalise_hostname(value):
    """The hostname as Wagtail's ``Site`` keeps it: lower case, ASCII (an accented name in its IDNA
    form, ``xn--…``), no trailing dot. Raises ``ValidationError`` for anything that is not a host
    name: a URL, a port or path, an IP address, a single label, a label too long or badly formed."""
    host = nfc(value).rstrip(".")
    if not host:
        return ""
    if any(char in host for char in "/:@ ?#\\"):
        raise ValidationError(
            _("Chỉ nhập tên miền, không có http://, cổng hay đường dẫn, ví dụ: thcs-basao.example.edu.vn.")
        )
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(_("«%(host)s» không phải là một tên miền hợp lệ.") % {"host": host}) from None
    labels = host.split(".")
    if (
        len(host) > HOSTNAME_MAX_LENGTH
        or len(labels) < 2
        or not all(HOST_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ValidationError(
            _(
                "«%(host)s» không phải là một tên miền hợp lệ: tên miền gồm ít nhất hai phần cách nhau "
                "bởi dấu chấm, mỗi phần chỉ có chữ không dấu, số và dấu gạch ngang, ví dụ: "
                "thcs-basao.example.edu.vn."
            )
            % {"host": host}
        )
    return host


def clean_unit_input(
    name, *, level, commune="", hostname="", contact_email="", principal_email="", port=None
):
    """The arguments checked before anything is written: ``UnitInput``, or a ``ValidationError``
    keyed by field (``FIELD_LABELS``) with every problem found, each in Vietnamese."""
    errors = {}
    name = nfc(name)
    if not name:
        errors["name"] = _("Nhập tên trường.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Tên trường dài quá %(max)s ký tự.") % {"max": NAME_MAX_LENGTH}
    level_text = nfc(level)
    level = level_value(level_text)
    if level_text and not level:
        errors["level"] = _("Cấp học «%(level)s» không có; chọn một trong: %(allowed)s.") % {
            "level": level_text,
            "allowed": allowed_levels(),
        }
    commune = nfc(commune)
    if len(commune) > COMMUNE_MAX_LENGTH:
        errors["commune"] = _("Tên xã / phường dài quá %(max)s ký tự.") % {"max": COMMUNE_MAX_LENGTH}
    try:
        hostname = normalise_hostname(hostname)
    except ValidationError as error:
        errors["hostname"] = error.messages[0]
    emails = {}
    for key in ("contact_email", "principal_email"):
        value = nfc({"contact_email": contact_email, "principal_email": principal_email}[key])
        try:
            if value:
                validate_email(value)
        except ValidationError:
            errors[key] = _("«%(email)s» không phải là một địa chỉ thư điện tử.") % {"email": value}
        emails[key] = value.lower()
    if emails["contact_email"] and emails["contact_email"] == emails["principal_email"]:
        errors["principal_email"] = _("Đầu mối và hiệu trưởng phải dùng hai địa chỉ thư điện tử khác nhau.")
    if port not in (None, ""):
        try:
            port = int(port)
        except (TypeError, ValueError):
            port = 0
        if not 1 <= port <= 65535:
            errors["port"] = _("Cổng là một số từ 1 đến 65535.")
    else:
        port = None
    if errors:
        raise ValidationError(errors)
    return UnitInput(name, level, commune, hostname, emails["contact_email"], emails["principal_email"], port)


def authority_site():
    """The authority's Site: the default one, rooted at its home page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ValidationError(
            _("Chưa có trang mặc định (Site) của cơ quan quản lý: chạy migrate và tạo trang chủ trước.")
        )
    return site


def schools_index(site):
    index = SchoolIndexPage.objects.child_of(site.root_page).order_by("path").first()
    if index is None:
        raise ValidationError(
            _(
                "Trang chủ «%(home)s» chưa có mục «Trường học» (danh sách trường): thêm mục đó dưới trang "
                "chủ rồi chạy lại."
            )
            % {"home": site.root_page.title}
        )
    return index


def find_school(index, name):
    """The school of ``index`` called ``name`` (spaces and case aside), or None."""
    wanted = name.casefold()
    matches = [
        school
        for school in SchoolPage.objects.child_of(index).only("pk", "title")
        if nfc(school.title).casefold() == wanted
    ]
    if len(matches) > 1:
        raise ValidationError(
            {
                "name": _("Có %(count)s trường cùng tên «%(name)s»: đổi tên một trường trước.")
                % {
                    "count": len(matches),
                    "name": name,
                }
            }
        )
    return SchoolPage.objects.get(pk=matches[0].pk) if matches else None


def check_existing_school(school, data):
    """An existing school keeps its level and commune: a different one is a mistake or a
    reorganisation (``manage.py reorganise``), never a silent change."""
    errors = {}
    if data.level and data.level != school.level:
        errors["level"] = _(
            "Trường «%(name)s» đã có, cấp học «%(current)s»; create_unit không đổi cấp học của trường đã có."
        ) % {"name": school.title, "current": school.get_level_display()}
    if data.commune and nfc(data.commune).casefold() != nfc(school.commune).casefold():
        errors["commune"] = _(
            "Trường «%(name)s» đã có, thuộc «%(current)s»; chuyển trường sang xã / phường khác là việc "
            "sắp xếp lại (manage.py reorganise)."
        ) % {"name": school.title, "current": school.commune}
    if errors:
        raise ValidationError(errors)


def check_hostname_free(hostname, school):
    """A hostname belongs to one Site; an old hostname kept as a redirect is not free either."""
    taken = Site.objects.filter(hostname__iexact=hostname).exclude(root_page_id=getattr(school, "pk", None))
    if taken.exists():
        raise ValidationError(
            {"hostname": _("Tên miền «%(host)s» đã là địa chỉ của trang khác.") % {"host": hostname}}
        )
    redirect = HostRedirect.objects.filter(hostname__iexact=hostname).select_related("site").first()
    if redirect is not None:
        raise ValidationError(
            {
                "hostname": _(
                    "Tên miền «%(host)s» là địa chỉ cũ của trang «%(site)s» (đang chuyển hướng về đó)."
                )
                % {"host": hostname, "site": redirect.site.site_name or redirect.site.hostname}
            }
        )


def add_school(index, data, user):
    """The school's page under the schools list, added and published as an editor's would be."""
    siblings = set(SchoolPage.objects.child_of(index).values_list("slug", flat=True))
    school = SchoolPage(
        title=data.name,
        slug=free_sibling_slug(ascii_slug(data.name) or "truong", siblings),
        level=data.level,
        commune=data.commune,
        owner=user,
    )
    index.add_child(instance=school)
    log(instance=school, action="wagtail.create", user=user)
    school.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    school.refresh_from_db()
    return school


def add_site(school, data, authority, user):
    """The school's Site on its hostname, on the authority's port unless another is given."""
    site = Site(
        hostname=data.hostname,
        port=data.port or authority.port,
        root_page=school,
        site_name=school.title[: Site._meta.get_field("site_name").max_length],
        is_default_site=False,
    )
    site.full_clean()
    site.save()
    log(instance=site, action="wagtail.create", user=user)
    return site


def ensure_settings(site, school, authority):
    """The school's organisation settings: its name, the authority as its supervising body; the
    address, phone and e-mail left for the school to fill in. Existing settings are kept."""
    existing = OrganisationSettings.objects.filter(site=site).first()
    if existing is not None:
        return None
    authority_settings = OrganisationSettings.objects.filter(site=authority).first()
    return OrganisationSettings.objects.create(
        site=site,
        name=school.title,
        parent_authority=authority_settings.name if authority_settings else "",
    )


def ensure_account(email, group, role, school):
    """The account of ``email`` in ``group``: an existing one (by e-mail) is reused, a new one is
    active with no password and gets an invitation to set it (as Wagtail's password reset does),
    so no password ever travels. Returns the changes made."""
    User = get_user_model()
    account = User.objects.filter(email__iexact=email).order_by("pk").first()
    changes = []
    if account is None:
        account = User(username=email, email=email, is_active=True)
        account.set_unusable_password()
        account.save()
        profile = UserProfile.get_for_user(account)
        profile.preferred_language = "vi"
        profile.save(update_fields=["preferred_language"])
        # A background task after the commit (units.tasks, issue 17.6).
        after_commit(tasks.send_invitation, account.pk, school.pk, str(role))
        changes.append(
            _("Tạo tài khoản %(email)s (%(role)s) và gửi thư mời đặt mật khẩu")
            % {"email": email, "role": role}
        )
    if not account.groups.filter(pk=group.pk).exists():
        account.groups.add(group)
        changes.append(
            _("Thêm tài khoản %(user)s vào nhóm «%(group)s»")
            % {"user": account.get_username(), "group": group.name}
        )
    return changes


@transaction.atomic
def create_unit(
    name,
    *,
    level,
    commune="",
    hostname="",
    contact_email="",
    principal_email="",
    port=None,
    user=None,
):
    """Find or make the school ``name`` with everything a member site needs (see the module).

    Raises ``ValidationError`` keyed by field (``FIELD_LABELS``), in Vietnamese, and writes
    nothing, when an argument is wrong, the hostname is taken, or an existing school differs.
    """
    data = clean_unit_input(
        name,
        level=level,
        commune=commune,
        hostname=hostname,
        contact_email=contact_email,
        principal_email=principal_email,
        port=port,
    )
    authority = authority_site()
    index = schools_index(authority)
    school = find_school(index, data.name)
    created = school is None
    if created:
        missing = {}
        if not data.level:
            missing["level"] = _("Chọn cấp học: %(allowed)s.") % {"allowed": allowed_levels()}
        if not data.commune:
            missing["commune"] = _("Nhập xã / phường của trường.")
        if missing:
            raise ValidationError(missing)
    else:
        check_existing_school(school, data)
    site = Site.objects.filter(root_page_id=getattr(school, "pk", None)).order_by("pk").first()
    if data.hostname:
        if site is not None and site.hostname != data.hostname:
            raise ValidationError(
                {
                    "hostname": _(
                        "Trường «%(name)s» đã có địa chỉ «%(current)s»; đổi tên miền là việc sắp xếp lại "
                        "(manage.py reorganise), để địa chỉ cũ vẫn chuyển về địa chỉ mới."
                    )
                    % {"name": data.name, "current": site.hostname}
                }
            )
        check_hostname_free(data.hostname, school)

    changes = []
    had_access = not created and SchoolAccess.objects.filter(school=school).exists()
    if created:
        school = add_school(index, data, user)
        changes.append(
            _("Tạo trang trường «%(name)s» (%(level)s, %(commune)s)")
            % {"name": school.title, "level": school.get_level_display(), "commune": school.commune}
        )
    if data.hostname and site is None:
        site = add_site(school, data, authority, user)
        changes.append(_("Tạo trang thành viên tại %(url)s") % {"url": site.root_url})
    if site is not None and ensure_settings(site, school, authority) is not None:
        changes.append(_("Tạo thông tin cơ quan của trang thành viên"))
    access = sync_school_access(school)
    if not had_access:
        changes.append(
            _("Tạo nhóm %(groups)s và thư mục ảnh, tài liệu «%(collection)s»")
            % {
                "groups": ", ".join(
                    f"«{group.name}»"
                    for group in (access.contact_group, access.principal_group, access.it_group)
                    if group is not None
                ),
                "collection": access.collection.name,
            }
        )
    for page in ensure_school_pages(school, user=user):
        changes.append(_("Tạo trang «%(title)s»") % {"title": page.title})
    if data.contact_email:
        changes += ensure_account(data.contact_email, access.contact_group, _("đầu mối"), school)
    if data.principal_email:
        changes += ensure_account(data.principal_email, access.principal_group, _("hiệu trưởng"), school)
    if changes:
        log(
            instance=school,
            action=UNIT_CREATED if created else UNIT_COMPLETED,
            user=user,
            data={"changes": changes, "hostname": site.hostname if site else ""},
        )
    return UnitResult(school=school, site=site, created=created, changes=changes)
