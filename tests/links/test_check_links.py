"""manage.py check_links (Điều 7, link directory): every link checked against a real local HTTP
server, results recorded, exit status 1 when a link is dead, and the admin list shows it."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from links.checking import USER_AGENT
from links.models import ExternalLink, LinkCategory

TIMEOUT = 0.5
SLOW_SECONDS = 2


class Handler(BaseHTTPRequestHandler):
    """200, redirects, 404, 500, a HEAD-refusing page and a slow page."""

    user_agents = []

    def respond(self, with_body):
        self.user_agents.append(self.headers.get("User-Agent"))
        path = self.path
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            status = 200
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif path == "/no-head" and self.command == "HEAD":
            status = 405
        else:
            status = {"/ok": 200, "/no-head": 200, "/missing": 404, "/broken": 500}.get(path, 404)
        body = f"<p>{status}</p>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self.respond(with_body=False)

    def do_GET(self):
        self.respond(with_body=True)

    def log_message(self, format, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the slow page's client has gone by the time it answers


class CheckLinksTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = QuietServer(("127.0.0.1", 0), Handler)
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join(timeout=5)
        super().tearDownClass()

    def setUp(self):
        Handler.user_agents = []
        self.category = LinkCategory.objects.create(name="Cơ quan cấp trên")

    def link(self, title, url, order, **extra):
        return ExternalLink.objects.create(
            category=self.category, title=title, url=url, sort_order=order, **extra
        )

    def run_command(self, *args):
        out = io.StringIO()
        try:
            call_command("check_links", f"--timeout={TIMEOUT}", *args, stdout=out, no_color=True)
        except CommandError as error:
            return error, out.getvalue()
        return None, out.getvalue()

    def test_every_link_gets_its_own_verdict_and_dead_links_fail_the_run(self):
        # Dead links first: the run must not stop at the first failure.
        links = {
            "dns": self.link("Không tồn tại", "http://khong-ton-tai.invalid/", 1),
            "missing": self.link("Trang đã xoá", f"{self.base}/missing", 2),
            "broken": self.link("Máy chủ lỗi", f"{self.base}/broken", 3),
            "slow": self.link("Trang chậm", f"{self.base}/slow", 4),
            "loop": self.link("Chuyển hướng vòng", f"{self.base}/loop", 5),
            "ok": self.link("Bộ GD&ĐT", f"{self.base}/ok", 6),
            "moved": self.link("Sở GD&ĐT", f"{self.base}/moved", 7),
            "no_head": self.link("Cổng dịch vụ công", f"{self.base}/no-head", 8),
            "invalid": self.link("Sai địa chỉ", "ftp://example.com/tep", 9),
            "closed": self.link("Cổng đóng", "http://127.0.0.1:1/", 10),
        }
        started = time.monotonic()
        error, output = self.run_command("--workers=3")
        self.assertLess(time.monotonic() - started, SLOW_SECONDS * 3)

        self.assertIsNotNone(error)
        self.assertEqual(error.returncode, 1)
        self.assertEqual(str(error), "Có 7 liên kết hỏng.")
        for link in links.values():
            link.refresh_from_db()
            self.assertIsNotNone(link.last_checked_at, link.title)
        expected = {
            "dns": (True, "Không tìm thấy tên miền (lỗi DNS)"),
            "missing": (True, "Lỗi HTTP 404"),
            "broken": (True, "Lỗi HTTP 500"),
            "slow": (True, "Quá thời gian chờ (0.5 giây)"),
            "loop": (True, "Chuyển hướng quá nhiều lần (vòng lặp)"),
            "ok": (False, "Hoạt động (HTTP 200)"),
            "moved": (False, f"Chuyển hướng tới {self.base}/ok (HTTP 200)"),
            "no_head": (False, "Hoạt động (HTTP 200)"),
            "invalid": (True, "Địa chỉ không hợp lệ"),
            "closed": (True, "Không kết nối được: máy chủ không trả lời"),
        }
        for key, (broken, status) in expected.items():
            with self.subTest(link=key):
                self.assertEqual((links[key].is_broken, links[key].last_status), (broken, status))
                # Without --deactivate-broken nothing leaves the site.
                self.assertTrue(links[key].active)

        self.assertIn("Đã kiểm tra 10 liên kết: 3 hoạt động (1 chuyển hướng), 7 hỏng.", output)
        lines = output.splitlines()
        self.assertTrue(lines[0].startswith(" TT  Tình trạng"), lines[0])
        self.assertIn("Lỗi tên miền", lines[2])
        self.assertIn("Không tồn tại", lines[2])
        self.assertIn("http://khong-ton-tai.invalid/", lines[3])
        self.assertEqual(set(Handler.user_agents), {USER_AGENT})

    def test_all_healthy_exits_zero_and_skips_hidden_links_unless_asked(self):
        ok = self.link("Bộ GD&ĐT", f"{self.base}/ok", 1)
        moved = self.link("Sở GD&ĐT", f"{self.base}/moved", 2)
        hidden = self.link("Trang cũ đã ẩn", f"{self.base}/missing", 3, active=False)

        error, output = self.run_command()
        self.assertIsNone(error)
        self.assertIn("Đã kiểm tra 2 liên kết: 2 hoạt động (1 chuyển hướng), 0 hỏng.", output)
        ok.refresh_from_db(), moved.refresh_from_db(), hidden.refresh_from_db()
        self.assertFalse(ok.is_broken or moved.is_broken)
        self.assertIsNone(hidden.last_checked_at)

        error, output = self.run_command("--all")
        self.assertEqual(error.returncode, 1)
        hidden.refresh_from_db()
        self.assertEqual((hidden.is_broken, hidden.last_status), (True, "Lỗi HTTP 404"))

    def test_a_link_that_is_mended_is_no_longer_broken(self):
        link = self.link("Bộ GD&ĐT", f"{self.base}/missing", 1)
        self.run_command()
        link.refresh_from_db()
        self.assertTrue(link.is_broken)
        link.url = f"{self.base}/ok"
        link.save()
        error, _output = self.run_command()
        self.assertIsNone(error)
        link.refresh_from_db()
        self.assertFalse(link.is_broken)
        self.assertEqual(link.last_status, "Hoạt động (HTTP 200)")

    def test_deactivate_broken_hides_only_the_broken_links(self):
        ok = self.link("Bộ GD&ĐT", f"{self.base}/ok", 1)
        dead = self.link("Trang đã xoá", f"{self.base}/missing", 2)
        error, output = self.run_command("--deactivate-broken")
        self.assertEqual(error.returncode, 1)
        self.assertIn("Đã ẩn khỏi trang web: Trang đã xoá", output)
        ok.refresh_from_db(), dead.refresh_from_db()
        self.assertTrue(ok.active)
        self.assertFalse(dead.active)
        self.assertTrue(dead.is_broken)

    def test_no_links(self):
        error, output = self.run_command()
        self.assertIsNone(error)
        self.assertIn("Không có liên kết nào để kiểm tra.", output)

    def test_bad_options_are_refused_in_vietnamese(self):
        with self.assertRaisesMessage(CommandError, "không phải số giây dương"):
            call_command("check_links", "--timeout=0")
        with self.assertRaisesMessage(CommandError, "không phải số nguyên dương"):
            call_command("check_links", "--workers=abc")


class LinkAdminTests(TestCase):
    """The snippet list shows the last check and filters the broken links."""

    @classmethod
    def setUpTestData(cls):
        category = LinkCategory.objects.create(name="Cơ quan cấp trên")
        cls.dead = ExternalLink.objects.create(
            category=category, title="Trang đã xoá", url="https://example.com/xoa", is_broken=True
        )
        cls.dead.last_status = "Lỗi HTTP 404"
        cls.dead.last_checked_at = "2026-11-20T01:00:00Z"
        cls.dead.save()
        cls.fine = ExternalLink.objects.create(
            category=category,
            title="Bộ Giáo dục",
            url="https://moet.gov.vn/",
            last_status="Hoạt động (HTTP 200)",
        )
        cls.admin = get_user_model().objects.create_superuser("quantri-thu", "qt@example.com", "x")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_list_shows_the_check_result(self):
        response = self.client.get(reverse("wagtailsnippets_links_externallink:list"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Lỗi HTTP 404", html)
        self.assertIn("Hỏng", html)
        self.assertIn("Chưa kiểm tra", html)
        self.assertIn("liên kết hỏng", html.lower())

    def test_broken_filter(self):
        url = reverse("wagtailsnippets_links_externallink:list")
        html = self.client.get(url, {"is_broken": "true"}).content.decode()
        self.assertIn("Trang đã xoá", html)
        self.assertNotIn("Bộ Giáo dục", html)

    def test_edit_form_shows_the_result_read_only(self):
        response = self.client.get(reverse("wagtailsnippets_links_externallink:edit", args=[self.dead.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Lỗi HTTP 404", html)
        self.assertNotIn('name="last_status"', html)
        self.assertNotIn('name="is_broken"', html)
