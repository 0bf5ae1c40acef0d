"""The reader toolbar in Chromium (issue 15, build 6; Circular 32/2017/TT-BTTTT Art. 18): text size
and high contrast remembered across pages, keyboard shortcuts announced and working, "Nghe bài
viết" with the browser's Vietnamese voice (speechSynthesis stubbed: headless Chromium has no
voices) and hidden without one, printing that keeps source, date and address, and a page with
no dead buttons when JavaScript is off. Every tab ends with no console message, script error or
Content Security Policy violation.
"""

import json

from site_kb.models import OrganisationSettings
from tests.builders import make_directive, make_news, make_site
from tests.e2e.conftest import DESKTOP, PHONE, BrowserTestCase, axe_violations, page_width

ORG_NAME = "Phòng Giáo dục và Đào tạo Thử Nghiệm"
AUTHORITY = "UBND huyện Thử Nghiệm"
BODY_SENTENCE = "Nhà trường phối hợp với gia đình nhắc nhở học sinh không tự ý đi bơi."

# A stand-in for the browser's speech: voices that arrive late (as Chrome's do, announced by
# "voiceschanged"), and a speak() that records each utterance's text, language and voice.
FAKE_SPEECH = """
(() => {
    const voices = %s;
    class FakeUtterance extends EventTarget {
        constructor(text) { super(); this.text = text; this.lang = ""; this.voice = null; }
    }
    class FakeSynthesis extends EventTarget {
        constructor() { super(); this.loaded = false; this.spoken = []; this.queue = []; this.paused = false; this.cancelled = 0; }
        getVoices() { return this.loaded ? voices : []; }
        speak(utterance) {
            this.spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.name });
            this.queue.push(utterance);
        }
        pause() { this.paused = true; }
        resume() { this.paused = false; }
        cancel() {
            this.cancelled += 1;
            const queue = this.queue;
            this.queue = [];
            queue.forEach((u) => u.dispatchEvent(Object.assign(new Event("error"), { error: "interrupted" })));
        }
        finishAll() {
            const queue = this.queue;
            this.queue = [];
            queue.forEach((u) => u.dispatchEvent(new Event("end")));
        }
    }
    const synth = new FakeSynthesis();
    Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = FakeUtterance;
    setTimeout(() => { synth.loaded = true; synth.dispatchEvent(new Event("voiceschanged")); }, 300);
})();
"""
VIETNAMESE_VOICES = [
    {"name": "Tiếng Việt (thử)", "lang": "vi-VN", "default": False, "localService": True},
    {"name": "English (test)", "lang": "en-US", "default": True, "localService": True},
]
OTHER_VOICES = [
    {"name": "English (test)", "lang": "en-US", "default": True, "localService": True},
    {"name": "Français (test)", "lang": "fr-FR", "default": False, "localService": True},
]
COUNT_PRINTS = "window.printCalls = 0; window.print = () => { window.printCalls += 1; };"


def body_font_size(page):
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)")


def style_of(page, selector, prop):
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).{prop}")


class ReaderToolbarInChromium(BrowserTestCase):
    def setUp(self):
        home, sections = make_site()
        news = make_news(sections["news"], 1)[0]
        news.title = "Tăng cường phòng, chống đuối nước cho học sinh"
        news.body = [("paragraph", f"<p>{BODY_SENTENCE} Các trường triển khai trong tiết sinh hoạt lớp.</p>")]
        news.save_revision().publish()
        self.news = news
        self.directive = make_directive(sections["directives"], 7)
        self.home = home
        settings = OrganisationSettings.for_site(home.get_site())
        settings.name, settings.parent_authority = ORG_NAME, AUTHORITY
        settings.save()

    def speaking_page(self, voices, **options):
        page = self.new_page(**(options or DESKTOP))
        page.context.add_init_script(FAKE_SPEECH % json.dumps(voices))
        return page

    def test_text_size_has_three_steps_remembered_across_pages(self):
        page = self.new_page(**DESKTOP)
        page.goto(self.news.url)
        toolbar = page.get_by_role("complementary", name="Tiện ích hỗ trợ đọc")
        assert body_font_size(page) == 16
        assert toolbar.get_by_role("button", name="Vừa").get_attribute("aria-pressed") == "true"

        toolbar.get_by_role("button", name="Lớn").click()
        assert body_font_size(page) == 20
        assert toolbar.get_by_role("button", name="Lớn").get_attribute("aria-pressed") == "true"
        assert toolbar.get_by_role("button", name="Vừa").get_attribute("aria-pressed") == "false"
        toolbar.get_by_role("button", name="Nhỏ").click()
        assert body_font_size(page) == 14

        # Another page, reached as a reader does: still small, and the toolbar says so.
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Trang chủ").click()
        page.wait_for_url(self.live_server_url + "/")
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 14
        assert toolbar.get_by_role("button", name="Nhỏ").get_attribute("aria-pressed") == "true"

        toolbar.get_by_role("button", name="Vừa").click()
        page.goto(self.news.url)
        assert body_font_size(page) == 16
        assert page.evaluate("localStorage.getItem('reader.textSize')") is None
        page.problems.assert_none()

    def test_high_contrast_is_remembered_and_can_be_turned_off(self):
        page = self.new_page(**DESKTOP)
        page.goto(self.news.url)
        button = page.get_by_role("button", name="Tương phản cao")
        assert button.get_attribute("aria-pressed") == "false"
        assert style_of(page, "body", "backgroundColor") == "rgb(255, 255, 255)"

        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert style_of(page, "body", "backgroundColor") == "rgb(0, 0, 0)"
        assert style_of(page, ".body p", "color") == "rgb(255, 255, 255)"
        assert style_of(page, "main h1", "color") == "rgb(255, 255, 255)"
        assert style_of(page, ".breadcrumbs a", "color") == "rgb(255, 255, 0)"
        assert style_of(page, ".site-header", "backgroundColor") == "rgb(0, 0, 0)"
        assert axe_violations(page, impacts=None) == []  # contrast, focus, names: all of it

        page.get_by_role("complementary", name="Tiện ích hỗ trợ đọc").get_by_role(
            "link", name="Sơ đồ trang"
        ).click()
        page.wait_for_url("**/so-do-trang/")
        assert style_of(page, "body", "backgroundColor") == "rgb(0, 0, 0)"
        assert style_of(page, ".site-map a", "color") == "rgb(255, 255, 0)"
        assert button.get_attribute("aria-pressed") == "true"

        button.click()
        page.reload()
        assert style_of(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
        assert button.get_attribute("aria-pressed") == "false"
        page.problems.assert_none()

    def test_keyboard_shortcuts_are_announced_and_go_where_they_say(self):
        page = self.new_page(**DESKTOP)
        page.goto(self.news.url)
        note = page.locator(".site-footer .shortcuts")
        assert note.is_visible()
        text = " ".join(note.inner_text().split())
        for announced in (
            "Phím tắt",
            "Alt+Shift+H Trang chủ",
            "Alt+Shift+M Sơ đồ trang",
            "Alt+Shift+S Tìm kiếm",
        ):
            assert announced in text, text

        page.keyboard.press("Alt+Shift+M")
        page.wait_for_url("**/so-do-trang/")
        site_map = page.locator(".site-map")
        assert page.get_by_role("heading", level=1).inner_text() == "Sơ đồ trang"
        for title in ("Trang chủ", "Giới thiệu", "Văn bản", "Tin tức", "Trường học", "Tìm kiếm"):
            assert site_map.get_by_role("link", name=title, exact=True).is_visible(), title
        assert (
            site_map.get_by_role("link", name=self.news.title).count() == 0
        )  # articles stay in their section

        page.keyboard.press("Alt+Shift+S")
        page.wait_for_url("**/tim-kiem/")
        page.get_by_role("heading", level=1, name="Tìm kiếm").wait_for()

        page.get_by_label("Từ khoá", exact=False).first.focus()  # a shortcut also works from a field
        page.keyboard.press("Alt+Shift+H")
        page.wait_for_url(self.live_server_url + "/")
        page.problems.assert_none()

    def test_read_aloud_speaks_the_article_in_vietnamese(self):
        page = self.speaking_page(VIETNAMESE_VOICES)
        page.goto(self.news.url)
        listen = page.get_by_role("button", name="Nghe bài viết")
        listen.wait_for()  # shown once the Vietnamese voice has loaded
        assert page.get_by_role("button", name="Dừng đọc").is_hidden()

        listen.click()
        spoken = page.evaluate("speechSynthesis.spoken")
        assert spoken, "nothing was spoken"
        assert {utterance["lang"] for utterance in spoken} == {"vi-VN"}
        assert {utterance["voice"] for utterance in spoken} == {"Tiếng Việt (thử)"}
        assert all(len(utterance["text"]) <= 200 for utterance in spoken)
        text = " ".join(utterance["text"] for utterance in spoken)
        assert self.news.title in text
        assert BODY_SENTENCE in text
        assert "Tiện ích đọc" not in text and "Sơ đồ trang" not in text  # the article only

        pause = page.get_by_role("button", name="Tạm dừng")
        pause.click()
        assert page.evaluate("speechSynthesis.paused") is True
        page.get_by_role("button", name="Tiếp tục").click()
        assert page.evaluate("speechSynthesis.paused") is False
        page.get_by_role("button", name="Dừng đọc").click()
        assert page.evaluate("speechSynthesis.cancelled") >= 1
        assert page.get_by_role("button", name="Nghe bài viết").is_visible()
        assert page.get_by_role("button", name="Dừng đọc").is_hidden()

        # Read to the end: the button is ready to start again.
        page.get_by_role("button", name="Nghe bài viết").click()
        page.evaluate("speechSynthesis.finishAll()")
        assert page.get_by_role("button", name="Nghe bài viết").is_visible()

        # A document is read too, from its title and summary; a page that is no article has nothing.
        page.goto(self.directive.url)
        page.get_by_role("button", name="Nghe bài viết").click()
        text = " ".join(utterance["text"] for utterance in page.evaluate("speechSynthesis.spoken"))
        assert self.directive.title in text and "Về việc thử nghiệm." in text
        page.goto("/")
        page.wait_for_function("() => speechSynthesis.loaded")
        assert page.locator("[data-listen]").is_hidden()
        page.problems.assert_none()

    def test_read_aloud_hides_itself_without_a_vietnamese_voice(self):
        page = self.speaking_page(OTHER_VOICES)
        page.goto(self.news.url)
        page.wait_for_function("() => speechSynthesis.loaded")
        page.evaluate("new Promise((resolve) => setTimeout(resolve, 100))")  # after voiceschanged
        assert page.locator("[data-listen]").is_hidden()
        assert page.get_by_role("button", name="Nghe bài viết").count() == 0
        assert page.get_by_role("button", name="Tương phản cao").is_visible()  # the rest stays
        page.problems.assert_none()

    def test_print_keeps_source_date_and_address_and_hides_the_chrome(self):
        page = self.new_page(**DESKTOP)
        page.context.add_init_script(COUNT_PRINTS)
        page.goto(self.news.url)
        page.get_by_role("button", name="In trang").click()
        assert page.evaluate("window.printCalls") == 1
        assert page.locator(".print-source").is_hidden()  # on screen, the footer says it

        page.emulate_media(media="print")
        for chrome in (
            ".reader-toolbar",
            ".main-nav",
            ".site-search",
            ".breadcrumbs",
            ".site-footer .shortcuts",
        ):
            assert page.locator(chrome).is_hidden(), chrome
        assert page.locator("button:visible, form:visible, nav:visible").count() == 0
        source = page.locator(".print-source")
        assert source.is_visible()
        printed = " ".join(source.inner_text().split())
        assert ORG_NAME in printed and AUTHORITY in printed
        assert page.url in printed
        date = page.locator(".article__meta")
        assert date.is_visible() and self.news.date.strftime("%d/%m/%Y") in date.inner_text()
        assert page.get_by_role("heading", level=1, name=self.news.title).is_visible()
        assert page.locator(".body").get_by_text(BODY_SENTENCE).is_visible()
        # Printed black on white even when the reader reads in high contrast.
        page.emulate_media(media="screen")
        page.get_by_role("button", name="Tương phản cao").click()
        page.emulate_media(media="print")
        assert style_of(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
        assert style_of(page, ".body p", "color") == "rgb(0, 0, 0)"
        page.problems.assert_none()

    def test_on_a_phone_the_tools_fold_under_one_button_and_large_text_fits(self):
        page = self.new_page(**PHONE)
        page.goto(self.news.url)
        toggle = page.get_by_role("button", name="Tiện ích đọc")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.get_by_role("button", name="Tương phản cao").is_hidden()
        toolbar_height = page.locator(".reader-toolbar").bounding_box()["height"]
        assert toolbar_height <= 60, toolbar_height

        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        page.get_by_role("button", name="Lớn").click()
        assert body_font_size(page) == 20
        assert page.evaluate("document.querySelector('.reader-toolbar').scrollWidth") <= 390
        assert page_width(page) <= 390, page_width(page)
        assert axe_violations(page) == []
        page.problems.assert_none()

    def test_without_javascript_no_dead_buttons_and_the_links_work(self):
        page = self.new_page(java_script_enabled=False, **DESKTOP)
        page.goto(self.news.url)
        toolbar = page.locator(".reader-toolbar")
        assert toolbar.locator("button:visible").count() == 0
        assert page.locator(".site-footer .shortcuts").is_hidden()  # shortcuts need the script

        toolbar.get_by_role("link", name="Sơ đồ trang").click()
        page.wait_for_url("**/so-do-trang/")
        page.locator(".site-map").get_by_role("link", name="Tin tức").click()
        page.wait_for_url(f"**{self.news.get_parent().url}")

        page.get_by_role("contentinfo").get_by_role("link", name="Sơ đồ trang").click()
        page.wait_for_url("**/so-do-trang/")
        page.fill("#site-search-q", "đuối nước")
        page.locator(".site-search").get_by_role("button", name="Tìm kiếm").click()
        page.wait_for_url("**/tim-kiem/?q=*")
        page.get_by_role("link", name=self.news.title).wait_for()
        page.problems.assert_none()
