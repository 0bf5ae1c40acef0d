"""The user guide: Markdown pages in docs/guide/, one task each, grouped by role (issue 15.5).

The guide is kept as Markdown beside the code so that a changed screen changes the guide in the
same commit: its pictures are taken by the browser tests (tests/e2e, ``guide_shot``) and
tests/e2e/test_guide.py fails when a page refers to a picture no test takes. The index page
(README.md) is the one list of pages: a ``## <role>`` heading, then a list of links to the
pages of that role. Here it is read and rendered for the admin (``guide.views``).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import markdown
from markdown.treeprocessors import Treeprocessor

from editorial.models import SchoolAccess
from editorial.roles import BOARD, IT_OFFICER, LEADERSHIP, OFFICE_STAFF

INDEX = "README.md"
PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IMAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.png")
PAGE_LINK = re.compile(rf"(?P<name>{PAGE_NAME.pattern})\.md(?P<fragment>#[\w-]+)?")
IMAGE_LINK = re.compile(rf"images/(?P<name>{IMAGE_NAME.pattern})")
ENTRY = re.compile(r"^\s*[-*]\s*\[(?P<title>[^\]]+)\]\((?P<name>[a-z0-9-]+)\.md\)", re.MULTILINE)

# A role's key → its heading in README.md (the headings are what readers see).
ROLE_HEADINGS = {
    "contact": "Đầu mối của trường",
    "principal": "Hiệu trưởng",
    "board": "Ban biên tập",
    "leadership": "Lãnh đạo phòng",
    "school_it": "Quản trị CNTT của trường",
    "it_officer": "Quản trị CNTT",
}


def guide_dir():
    return Path(getattr(settings, "GUIDE_DIR", settings.BASE_DIR / "docs" / "guide"))


def images_dir():
    return guide_dir() / "images"


@dataclass
class Section:
    role: str  # a key of ROLE_HEADINGS, or "" for a heading of no role
    heading: str
    entries: list = field(default_factory=list)  # [(name, title)]
    mine: bool = False


def index_sections():
    """The index's sections in file order, each with its pages: [Section]."""
    text = (guide_dir() / INDEX).read_text(encoding="utf-8")
    roles_by_heading = {heading: role for role, heading in ROLE_HEADINGS.items()}
    sections = []
    for block in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        heading = heading.strip()
        entries = [(match["name"], match["title"]) for match in ENTRY.finditer(body)]
        sections.append(Section(roles_by_heading.get(heading, ""), heading, entries))
    return sections


def index_intro():
    """The index's text before its first role heading, as HTML (its ``# `` title left out)."""
    text = (guide_dir() / INDEX).read_text(encoding="utf-8")
    intro = re.split(r"^## ", text, flags=re.MULTILINE)[0]
    return render(_without_title(intro)[1])


def roles_of(user):
    """The guide's roles of ``user``: what their groups let them do (editorial.roles)."""
    names = set(user.groups.values_list("name", flat=True))
    roles = set()
    if user.is_superuser or IT_OFFICER in names:
        roles.add("it_officer")
    if BOARD in names:
        roles.add("board")
    if LEADERSHIP in names:
        roles.add("leadership")
    group_ids = set(user.groups.values_list("pk", flat=True))
    if SchoolAccess.objects.filter(principal_group__in=group_ids).exists():
        roles.add("principal")
    if OFFICE_STAFF in names or SchoolAccess.objects.filter(contact_group__in=group_ids).exists():
        roles.add("contact")
    if SchoolAccess.objects.filter(it_group__in=group_ids).exists():
        roles.add("school_it")  # a member site's own IT officer (Circular 37/2020, issue 16)
    return roles


def sections_for(user):
    """The index's sections, the user's own first (in the index's order), each marked ``mine``."""
    roles = roles_of(user)
    sections = index_sections()
    for section in sections:
        section.mine = section.role in roles
    return [s for s in sections if s.mine] + [s for s in sections if not s.mine]


@dataclass
class GuidePage:
    name: str
    title: str
    html: str


def load_page(name):
    """The page ``name`` (docs/guide/<name>.md) rendered, or None when there is no such page."""
    if not PAGE_NAME.fullmatch(name or ""):
        return None
    path = guide_dir() / f"{name}.md"
    if not path.is_file():
        return None
    title, body = _without_title(path.read_text(encoding="utf-8"))
    return GuidePage(name, title or name, render(body))


def image_path(name):
    """The picture ``name`` in docs/guide/images, or None: only a plain ``name.png`` that is a
    file directly in that folder (no other folder, no link out of it)."""
    if not IMAGE_NAME.fullmatch(name or ""):
        return None
    folder = images_dir().resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def _without_title(text):
    """(the ``# `` title of a Markdown text, the text without it)."""
    match = re.match(r"\s*#\s+(.+)\n", text)
    if not match:
        return "", text
    return match.group(1).strip(), text[match.end() :]


class GuideLinks(Treeprocessor):
    """Links between guide pages and pictures (``other-page.md``, ``images/x.png``, as they work
    when the Markdown is read in a repository) become the admin's addresses of the guide."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "a":
                match = PAGE_LINK.fullmatch(element.get("href", ""))
                if match:
                    url = reverse("guide:page", args=[match["name"]])
                    element.set("href", url + (match["fragment"] or ""))
            elif element.tag == "img":
                match = IMAGE_LINK.fullmatch(element.get("src", ""))
                if match:
                    element.set("src", reverse("guide:image", args=[match["name"]]))
                    element.set("loading", "lazy")
                    element.set("class", "guide-picture")


class GuideExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.treeprocessors.register(GuideLinks(md), "guide_links", 0)
        # Raw HTML in a page is shown as text, not run: the guide is Markdown only.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render(text):
    """The guide's Markdown (with tables) as HTML."""
    return markdown.markdown(
        text, extensions=["tables", "sane_lists", GuideExtension()], output_format="html"
    )
