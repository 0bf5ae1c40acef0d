"""The hourly limit on readers' questions (Điều 14): per reader even behind the reverse proxy,
counted over what was stored and shared by every worker, and never a wall: over the limit a
question is held for the board instead of refused."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from feedback.models import Feedback, FeedbackEvent, FeedbackPage, Status
from site_kb.clientip import client_ip

from ..builders import make_site, publish

PROXY = "10.0.0.5"


class ClientIpTests(SimpleTestCase):
    def ip(self, remote, forwarded=None):
        headers = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(RequestFactory().get("/", **headers))

    def test_without_trusted_proxies_the_header_is_ignored(self):
        self.assertEqual(self.ip("203.0.113.7", "198.51.100.1"), "203.0.113.7")

    @override_settings(TRUSTED_PROXIES=[PROXY])
    def test_behind_the_proxy_the_address_it_saw(self):
        self.assertEqual(self.ip(PROXY, "203.0.113.7"), "203.0.113.7")
        # What the reader put in front of it is never used.
        self.assertEqual(self.ip(PROXY, "1.2.3.4, 203.0.113.7"), "203.0.113.7")
        self.assertEqual(self.ip(PROXY, "<script>, 203.0.113.7"), "203.0.113.7")
        # A reader who talks to the app directly cannot pick an address at all.
        self.assertEqual(self.ip("198.51.100.9", "203.0.113.7"), "198.51.100.9")
        # No header, an empty one, or garbage where the proxy's entry should be: the proxy itself.
        self.assertEqual(self.ip(PROXY), PROXY)
        self.assertEqual(self.ip(PROXY, ""), PROXY)
        self.assertEqual(self.ip(PROXY, "203.0.113.7, not-an-ip"), PROXY)

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8:1::/48"])
    def test_chains_of_proxies_networks_and_ipv6(self):
        self.assertEqual(self.ip(PROXY, "203.0.113.7, 10.1.2.3"), "203.0.113.7")
        self.assertEqual(self.ip("2001:db8:1::5", "[2001:db8:2::9]:443"), "2001:db8:2::9")
        self.assertEqual(self.ip(PROXY, "203.0.113.7:51000"), "203.0.113.7")
        self.assertEqual(self.ip("::ffff:10.0.0.5", "::ffff:203.0.113.7"), "203.0.113.7")
        # Only proxies in the chain (an internal health check): the left-most of them.
        self.assertEqual(self.ip(PROXY, "10.9.9.9"), "10.9.9.9")

    @override_settings(TRUSTED_PROXIES=[PROXY])
    def test_a_unix_socket_peer_is_the_local_proxy(self):
        self.assertEqual(self.ip("", "203.0.113.7"), "203.0.113.7")

    def test_a_unix_socket_peer_without_proxies_names_nobody(self):
        self.assertEqual(self.ip("", "203.0.113.7"), "")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/33"])
    def test_a_malformed_setting_is_refused(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "TRUSTED_PROXIES"):
            self.ip(PROXY, "203.0.113.7")

    def test_nothing_else_reads_the_address_headers(self):
        """One place decides who the reader is; anything else would reopen the proxy problem."""
        root = Path(settings.BASE_DIR)
        allowed = {"site_kb/clientip.py"}
        readers = set()
        for path in root.glob("*/**/*.py"):
            relative = path.relative_to(root).as_posix()
            if relative.startswith((".venv/", "tests/", "bench/")):
                continue
            text = path.read_text(encoding="utf-8")
            if "REMOTE_ADDR" in text or "X_FORWARDED_FOR" in text:
                readers.add(relative)
        self.assertEqual(readers - allowed, set())


class RateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap", rate_limit=3))

    def post(self, remote="203.0.113.7", forwarded=None, **overrides):
        data = {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
            "website": "",
            "consent": "on",
            **overrides,
        }
        headers = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        with self.captureOnCommitCallbacks(execute=True):  # the mail tasks, queued after the commit
            return self.client.post(self.page.url, data, **headers)

    def statuses(self):
        return list(Feedback.objects.order_by("received_at", "pk").values_list("status", flat=True))

    def test_over_the_limit_a_question_is_held_not_refused(self):
        for number in range(3):
            self.assertEqual(self.post(title=f"Câu hỏi {number}").status_code, 302)
        mail.outbox.clear()
        response = self.post(title="Câu hỏi thứ tư")
        self.assertEqual(response.status_code, 302)
        held = Feedback.objects.get(title="Câu hỏi thứ tư")
        self.assertEqual(held.status, Status.HELD)
        self.assertIsNone(held.due_date)  # the clock starts when the board releases it
        self.assertEqual(held.mail_pending, "")
        self.assertEqual(mail.outbox, [])  # no mail to an address a robot may have typed
        self.assertEqual(list(held.events.values_list("action", flat=True)), [FeedbackEvent.Action.HELD])
        page = self.client.get(response["Location"])
        self.assertContains(page, held.tracking_code)
        self.assertContains(page, "được chuyển cho cán bộ kiểm tra trước khi xử lý")
        self.assertContains(page, "bạn không cần gửi lại")
        # The reader can look it up.
        lookup = self.client.post(
            self.page.url, {"tra_cuu": "1", "code": held.tracking_code, "email": "lan@example.com"}
        )
        self.assertContains(lookup, "Chờ kiểm tra")
        self.assertContains(lookup, "Tính từ khi câu hỏi được tiếp nhận")

    def test_a_robot_burst_does_not_silence_a_reader_at_the_same_address(self):
        for number in range(300):
            self.post(title=f"Robot {number}", website="http://spam.example")  # honeypot: nothing stored
        for number in range(20):
            self.assertEqual(self.post(title=f"Robot qua bẫy {number}", content="Mua ngay!").status_code, 302)
        response = self.post(title="Hỏi thật về học phí", content="Học phí lớp 1 là bao nhiêu?")
        self.assertEqual(response.status_code, 302)
        reader = Feedback.objects.get(title="Hỏi thật về học phí")
        self.assertEqual(reader.status, Status.HELD)
        self.assertContains(self.client.get(response["Location"]), reader.tracking_code)
        self.assertEqual(Feedback.objects.count(), 21)
        self.assertEqual(Feedback.objects.filter(status=Status.NEW).count(), 3)

    def test_only_stored_questions_count(self):
        for _number in range(5):
            self.assertEqual(self.post(email="", phone="").status_code, 200)  # invalid: not stored
            self.post(website="http://spam.example")  # robot: not stored
        for number in range(3):
            self.post(title=f"Câu hỏi {number}")
        self.assertEqual(self.statuses(), [Status.NEW] * 3)

    def test_the_count_is_shared_by_every_worker(self):
        """Counted in the database: a worker with an empty memory (or another server) sees it too."""
        for number in range(3):
            self.post(title=f"Câu hỏi {number}")
            cache.clear()
        self.post(title="Câu hỏi thứ tư")
        self.assertEqual(self.statuses(), [Status.NEW] * 3 + [Status.HELD])

    @override_settings(TRUSTED_PROXIES=[PROXY])
    def test_behind_the_proxy_each_reader_has_their_own_count(self):
        for number in range(3):
            self.post(remote=PROXY, forwarded="203.0.113.7", title=f"Câu hỏi {number}")
        # The same reader forging another address in front is still counted as themself.
        self.post(remote=PROXY, forwarded="192.0.2.44, 203.0.113.7", title="Giả mạo")
        self.assertEqual(Feedback.objects.get(title="Giả mạo").status, Status.HELD)
        # Another reader behind the same proxy is not affected.
        for number in range(3):
            self.post(remote=PROXY, forwarded="198.51.100.20", title=f"Người khác {number}")
        self.assertEqual(
            set(Feedback.objects.filter(title__startswith="Người khác").values_list("status", flat=True)),
            {Status.NEW},
        )

    def test_without_a_trusted_proxy_a_forged_header_changes_nothing(self):
        for number in range(4):
            self.post(remote="203.0.113.7", forwarded=f"192.0.2.{number}", title=f"Câu hỏi {number}")
        self.assertEqual(self.statuses(), [Status.NEW] * 3 + [Status.HELD])

    def test_one_ipv6_household_is_one_sender(self):
        for number in range(4):
            self.post(remote=f"2001:db8:7:1::{number + 1}", title=f"Câu hỏi {number}")
        self.assertEqual(self.statuses(), [Status.NEW] * 3 + [Status.HELD])

    def test_the_window_is_an_hour_and_no_address_is_kept(self):
        for number in range(3):
            self.post(title=f"Câu hỏi {number}")
        earlier = timezone.now() - datetime.timedelta(minutes=61)
        Feedback.objects.update(received_at=earlier)
        self.post(title="Một giờ sau")
        self.assertEqual(Feedback.objects.get(title="Một giờ sau").status, Status.NEW)
        # The sender key is kept only for the hour the limit looks back, and it is a keyed
        # hash: the address itself is stored nowhere (Luật 91/2025/QH15).
        self.assertEqual(
            set(Feedback.objects.filter(received_at=earlier).values_list("sender_key", flat=True)), {""}
        )
        latest = Feedback.objects.get(title="Một giờ sau")
        self.assertTrue(latest.sender_key)
        stored = " ".join(str(value) for value in Feedback.objects.values_list().get(pk=latest.pk))
        self.assertNotIn("203.0.113.7", stored)
