"""The guide's Markdown (docs/guide) against the browser tests that take its pictures (issue 15.5).

A guide page may only show a picture some browser test takes: the names passed to
``guide_shot(page, "…")`` are read from tests/e2e's source (so this runs without Chromium), and
a page showing any other picture fails, as does a missing file. The guide is Vietnamese only:
no common English word in its text (commands in code spans, which the IT officer types as they
are, aside), no link to Wagtail's English guide.
"""

import ast
import re
import tempfile
import unicodedata
from pathlib import Path

from django.test import SimpleTestCase

from guide import pages

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
E2E = ROOT / "tests" / "e2e"
IMAGE_REFERENCE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)\)")
PAGE_REFERENCE = re.compile(r"(?<!!)\[[^\]]+\]\((?P<target>[^)\s#]+\.md)(?:#[\w-]+)?\)")
# Words an English screen or an English guide would use; none is a Vietnamese word.
ENGLISH_WORDS = {
    "the", "and", "click", "save", "page", "button", "draft", "submit", "preview", "edit",
    "settings", "dashboard", "workflow", "approve", "reject", "login", "logout", "upload",
    "publish", "schedule", "search", "image", "images", "document", "user", "users", "group",
    "menu", "help", "guide", "admin", "home", "link", "links", "tab", "editor", "comment",
    "status", "review", "cancel", "delete", "next", "file", "select", "choose", "create",
    "with", "for", "your", "this", "that", "email", "e-mail", "password", "username", "backup",
    "restore", "school", "news", "what", "new", "shortcuts", "account", "import", "export",
}  # fmt: skip
# Proper names, and the names printed on keys.
ALLOWED_NAMES = {
    "Word",
    "PDF",
    "Excel",
    "LibreOffice",
    "Chrome",
    "Chromium",
    "Firefox",
    "Zalo",
    "Tab",
    "Enter",
}


def shot_names(folder=E2E):
    """Every name a browser test in ``folder`` passes to ``guide_shot`` as a string literal."""
    names = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "guide_shot"
            ):
                argument = node.args[1] if len(node.args) > 1 else None
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    names.add(argument.value)
    return names


def guide_files():
    return sorted(GUIDE.glob("*.md"))


def prose(markdown_text):
    """The text a reader reads: without code blocks, code spans, link and picture addresses."""
    text = re.sub(r"^```.*?^```", " ", markdown_text, flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return text


def english_words(text):
    """The English words of ENGLISH_WORDS in ``text`` (whole words, any case)."""
    found = []
    for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text):
        if word not in ALLOWED_NAMES and word.lower() in ENGLISH_WORDS:
            found.append(word)
    return found


class GuidePictures(SimpleTestCase):
    def test_every_picture_a_page_shows_is_taken_by_a_browser_test_and_exists(self):
        taken = shot_names()
        assert len(taken) >= 10, taken  # the role paths take the guide's pictures
        problems = []
        for path in guide_files():
            for match in IMAGE_REFERENCE.finditer(path.read_text(encoding="utf-8")):
                target = match["target"]
                image = pages.IMAGE_LINK.fullmatch(target)
                if not image:
                    problems.append(f"{path.name}: {target} is not images/<name>.png")
                    continue
                name = image["name"].removesuffix(".png")
                if name not in taken:
                    problems.append(f"{path.name}: {target} is taken by no test (guide_shot(page, {name!r}))")
                if not (GUIDE / target).is_file():
                    problems.append(f"{path.name}: {target} is missing")
                if not match["alt"].strip():
                    problems.append(f"{path.name}: {target} has no text alternative")
        assert problems == [], "\n".join(problems)

    def test_every_picture_a_test_takes_is_shown_by_a_page(self):
        shown = set()
        for path in guide_files():
            shown |= {
                m["target"].removeprefix("images/").removesuffix(".png")
                for m in IMAGE_REFERENCE.finditer(path.read_text(encoding="utf-8"))
            }
        assert shot_names() - shown == set()

    def test_the_shot_names_are_read_from_calls(self):
        with tempfile.TemporaryDirectory() as folder:
            source = 'guide_shot(page, "mot-anh")\nshots.guide_shot(tab, "hai-anh")\nguide_shot(page, name)\n'
            (Path(folder) / "test_x.py").write_text(source)
            assert shot_names(Path(folder)) == {"mot-anh", "hai-anh"}


class GuidePages(SimpleTestCase):
    def test_the_index_lists_every_page_once_under_each_role(self):
        sections = pages.index_sections()
        assert [s.role for s in sections if s.role] == list(pages.ROLE_HEADINGS)
        listed = [name for section in sections for name, _title in section.entries]
        on_disk = {path.stem for path in guide_files()} - {"README"}
        assert set(listed) == on_disk
        for section in sections:
            assert section.entries, f"{section.heading} lists no page"

    def test_links_between_pages_lead_to_pages(self):
        for path in guide_files():
            for match in PAGE_REFERENCE.finditer(path.read_text(encoding="utf-8")):
                assert (GUIDE / match["target"]).is_file(), f"{path.name}: {match['target']}"

    def test_every_page_has_a_title_and_renders(self):
        for path in guide_files():
            if path.name == pages.INDEX:
                continue
            page = pages.load_page(path.stem)
            assert page is not None and page.title != path.stem, path.name
            assert "<h1" not in page.html  # the admin's header shows the title

    def test_the_guide_is_vietnamese_in_nfc_with_no_english(self):
        for path in guide_files():
            text = path.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text), path.name
            assert english_words(prose(text)) == [], path.name
            assert "wagtail.org" not in text and "wagtail.io" not in text, path.name
            assert "<" not in prose(text), f"{path.name}: Markdown only, no HTML"

    def test_the_english_check_can_fail(self):
        assert english_words(prose("Click the **Save** button, then `manage.py backup`.")) == [
            "Click",
            "the",
            "Save",
            "button",
        ]
        assert english_words(prose("Bấm **Lưu nháp** rồi mở tệp Word hoặc PDF.")) == []
