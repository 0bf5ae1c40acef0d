"""Nothing typed is lost on a quick save (issue 15, item 6).

A teacher types the last words and saves at once. Draftail (Wagtail's rich-text editor) copied
its text into the form only 250 ms after the last key, so a click on "Lưu nháp" or Ctrl+S within
that time saved the older text while the page said it was saved. site_kb's
js/admin/draftail-flush.js writes every editor into the form whenever the form is read; these
tests type and save within 0–50 ms, by the button and by Ctrl+S, in a plain field, a rich-text
block of a StreamField and a plain rich-text field, and read what was saved.
"""

from demo.content import DEMO_SCHOOL_SLUG
from news.models import NewsPage
from org.models import OrgUnitPage
from schools.models import SchoolPage
from tests.e2e.conftest import DemoSiteTestCase

FLUSH_SCRIPT = "**/js/admin/draftail-flush*.js"
RICH_TEXT = ".Draftail-Editor [contenteditable=true]"


def open_editor(page, page_id):
    page.goto(f"/admin/pages/{page_id}/edit/")
    page.locator(RICH_TEXT).first.wait_for()
    # Wagtail's unsaved-changes check and autosave take their first look at the form after load.
    page.wait_for_timeout(1200)


def type_at_end(page, locator, text):
    locator.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def save(page, how, delay_ms):
    """Saves ``delay_ms`` after the last key, by the "Lưu nháp" button or by Ctrl+S."""
    if delay_ms:
        page.wait_for_timeout(delay_ms)
    if how == "button":
        page.locator("button.action-save").first.click()
    else:
        page.keyboard.press("Control+s")
    page.locator(".messages .success").wait_for()


def refused_autosaves(page):
    """The addresses of Wagtail's autosave requests answered 400 (its JSON ``invalid_revision``:
    an autosave that left before a save made a newer revision is refused rather than overwrite
    it), filled as the tab runs. Only those: a save by the button or Ctrl+S is a plain form post."""
    refused = set()

    def on_response(response):
        request = response.request
        if (
            response.status == 400
            and request.method == "POST"
            and request.url.endswith("/edit/")
            and "application/json" in request.headers.get("accept", "")
        ):
            refused.add(response.url)

    page.on("response", on_response)
    return refused


def without_refused_autosaves(problems, refused):
    """``problems.console`` less the browser's note of each refused autosave (Wagtail's own race with
    a quick save, which loses nothing: the tests read what was saved)."""
    problems.console = [
        message
        for message in problems.console
        if not ("status of 400" in message and any(f"({url})" in message for url in refused))
    ]


class QuickSaveKeepsWhatWasTyped(DemoSiteTestCase):
    def setUp(self):
        school = SchoolPage.objects.get(slug=DEMO_SCHOOL_SLUG)
        self.news = NewsPage.objects.child_of(school).live().order_by("pk").first()

    def latest_news(self):
        return NewsPage.objects.get(pk=self.news.pk).get_latest_revision_as_object()

    def test_school_contact_saves_at_once_by_button_and_by_ctrl_s(self):
        page = self.login_as("daumoi.thcsbasao")
        refused = refused_autosaves(page)
        for how, delay in (("button", 0), ("button", 50), ("ctrl+s", 0), ("ctrl+s", 50)):
            with self.subTest(how=how, delay=delay):
                marker = f"{how.replace('+', '')}{delay}"
                open_editor(page, self.news.pk)
                type_at_end(page, page.locator("#id_lead"), f" Tóm tắt bổ sung {marker}.")
                type_at_end(page, page.locator(RICH_TEXT).first, f" Câu cuối vừa gõ {marker}.")
                save(page, how, delay)

                draft = self.latest_news()
                assert f"Tóm tắt bổ sung {marker}." in draft.lead
                assert f"Câu cuối vừa gõ {marker}." in str(draft.body)
        without_refused_autosaves(page.problems, refused)
        page.problems.assert_none()

    def test_a_new_article_typed_and_saved_at_once(self):
        school = SchoolPage.objects.get(slug=DEMO_SCHOOL_SLUG)
        page = self.login_as("daumoi.thcsbasao")
        page.goto(f"/admin/pages/add/news/newspage/{school.pk}/")
        page.fill("#id_title", "Học sinh trồng cây xanh")
        page.locator("#id_lead").fill("Buổi trồng cây đầu xuân.")
        page.locator("button[title='Chèn khối'], .c-sf-add-button").first.click()
        page.get_by_role("option", name="Đoạn văn").first.click()
        type_at_end(page, page.locator(RICH_TEXT).first, "Sáng thứ Hai, cả trường cùng trồng cây.")
        save(page, "ctrl+s", 0)

        article = NewsPage.objects.child_of(school).get(title="Học sinh trồng cây xanh")
        draft = article.get_latest_revision_as_object()
        assert "Sáng thứ Hai, cả trường cùng trồng cây." in str(draft.body)
        page.problems.assert_none()

    def test_a_rich_text_field_outside_streamfield(self):
        unit = OrgUnitPage.objects.live().order_by("pk").first()
        page = self.login_as("quantri")
        open_editor(page, unit.pk)
        editor = page.locator("[data-contentpath=functions] " + RICH_TEXT)
        type_at_end(page, editor, " Thêm nhiệm vụ chuyển đổi số.")
        save(page, "button", 0)

        draft = OrgUnitPage.objects.get(pk=unit.pk).get_latest_revision_as_object()
        assert "Thêm nhiệm vụ chuyển đổi số." in draft.functions
        page.problems.assert_none()

    def test_an_untouched_page_does_not_look_edited(self):
        """The script writes every editor when the form is first read: what Wagtail compares
        later must be the same, or an untouched page would say it has unsaved edits and autosave."""
        page = self.login_as("daumoi.thcsbasao")
        posts = []
        page.on(
            "request",
            lambda request: (
                request.method == "POST" and "/edit/" in request.url and posts.append(request.url)
            ),
        )
        open_editor(page, self.news.pk)
        page.wait_for_timeout(2500)  # several of Wagtail's half-second checks
        assert page.locator("#page-edit-form").get_attribute("data-w-unsaved-has-edits-value") != "true"
        assert posts == []

        type_at_end(page, page.locator(RICH_TEXT).first, " Sửa một chữ.")
        page.wait_for_function(
            "() => document.querySelector('#page-edit-form').dataset.wUnsavedHasEditsValue === 'true'"
        )
        page.problems.assert_none()

    def test_without_the_workaround_wagtail_still_loses_the_text(self):
        """The workaround is still needed: with the script withheld, Wagtail saves the text as it
        was 250 ms before the click. When this fails, Wagtail has fixed the bug reported in
        docs/upstream/wagtail-draftail-quick-save.md: remove js/admin/draftail-flush.js, its hook
        and this test."""
        page = self.login_as("daumoi.thcsbasao")
        page.route(
            FLUSH_SCRIPT, lambda route: route.fulfill(status=200, content_type="text/javascript", body="")
        )
        open_editor(page, self.news.pk)
        type_at_end(page, page.locator(RICH_TEXT).first, " Câu gõ ngay trước khi lưu.")
        save(page, "button", 0)

        assert "Câu gõ ngay trước khi lưu." not in str(self.latest_news().body)
