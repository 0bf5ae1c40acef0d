"""Varnish's probe and what happens when it fails (issue 17): an app server whose workers are all
busy on slow requests is not taken out by a short burst, and when the probe does hold every server
sick, what Varnish cannot answer from its cache (a search, a form, the admin, a page never cached)
still reaches the app instead of a 503, while cached pages come from grace. A server that is really
down is still marked sick (GraceTests in test_vcl.py). The shipped VCL pair compiles.
"""

import re
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from site_kb.health import LIVENESS_PATH
from tests.builders import make_site
from tests.support.varnish import DEFAULT_VCL, VARNISHD, missing

from .live import AppBehindVarnishTestCase

BACKENDS_VCL = DEFAULT_VCL.parent / "backends.vcl"


def health(varnish, backend="app_servers"):
    """``"healthy"`` or ``"sick"``: the state Varnish's backend list shows for ``backend`` (by
    default the director: sick when every app server is, by its probe or set by hand)."""
    listing = varnish.admin("backend.list")
    found = re.search(rf"\.{backend}\s+\S+\s+\S+\s+(healthy|sick)", listing)
    assert found, listing
    return found.group(1)


def wait_for(varnish, state, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if health(varnish) == state:
            return
        time.sleep(0.05)
    raise AssertionError(f"the app servers never {state}:\n{varnish.admin('backend.list')}")


class ShippedConfigurationTests(SimpleTestCase):
    def probe(self):
        block = re.search(r"probe site_kb_live \{(.*?)\n\}", BACKENDS_VCL.read_text(), re.S).group(1)
        seconds = {
            key: float(value) for key, value in re.findall(r"\.(interval|timeout) = ([\d.]+)s;", block)
        }
        counts = {
            key: int(value) for key, value in re.findall(r"\.(window|threshold|initial) = (\d+);", block)
        }
        return block, {**seconds, **counts}

    def test_the_probe_asks_the_liveness_address_and_tolerates_a_burst(self):
        block, probe = self.probe()
        self.assertIn(f'"GET {LIVENESS_PATH} HTTP/1.1"', block)
        # Failed probes in a row before the server is sick: window - threshold + 1.
        failures_to_sick = probe["window"] - probe["threshold"] + 1
        self.assertGreaterEqual((failures_to_sick - 1) * probe["interval"], 10, "a 10 s burst is tolerated")
        self.assertLessEqual(failures_to_sick * probe["interval"], 30, "a dead server is out within 30 s")
        self.assertLessEqual(probe["timeout"], probe["interval"])
        self.assertGreaterEqual(probe["initial"], probe["threshold"], "healthy from the start")

    def test_every_probed_backend_has_an_unprobed_twin_in_the_fallback_director(self):
        text = BACKENDS_VCL.read_text()
        probed = re.findall(r"backend (\w+) \{[^}]*\.probe = site_kb_live;", text)
        self.assertTrue(probed)
        for name in probed:
            self.assertIn(f"app_servers.add_backend({name});", text)
            self.assertIn(f"app_servers_unprobed.add_backend({name}_unprobed);", text)
            twin = re.search(rf"backend {name}_unprobed \{{([^}}]*)\}}", text).group(1)
            self.assertNotIn(".probe", twin)

    def test_the_shipped_vcl_pair_compiles(self):
        if missing():
            self.skipTest(missing())
        with tempfile.TemporaryDirectory() as workdir:
            result = subprocess.run(  # noqa: S603 - a fixed command
                [
                    VARNISHD,
                    "-C",
                    "-n",
                    str(Path(workdir) / "work"),
                    "-p",
                    f"vcl_path={DEFAULT_VCL.parent}",
                    "-f",
                    str(DEFAULT_VCL),
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=1, PAGE_CACHE_SECONDS=1)
class EveryServerSickTests(AppBehindVarnishTestCase):
    """Varnish holds the one app server sick (set by hand) while it is in fact answering."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def setUp(self):
        super().setUp()
        self.addCleanup(self.varnish.admin, "backend.set_health", "app1", "auto")

    def test_passes_and_misses_still_reach_the_app_and_cached_pages_come_from_grace(self):
        _status, _headers, body = self.assertFromApp("/tin-tuc/")
        self.varnish.admin("backend.set_health", "app1", "sick")
        self.assertEqual(health(self.varnish), "sick")
        time.sleep(2)  # the cached page expired (s-maxage=1): served from the 24 h grace
        status, headers, stale = self.get("/tin-tuc/")
        self.assertEqual((status, headers["x-cache"], stale), (200, "HIT", body))
        self.assertGreaterEqual(int(headers["age"]), 2)
        # Its refresh in the background still goes to the app (then the next requests are counted).
        deadline = time.monotonic() + 10
        while [request[:2] for request in self.app_requests].count(("GET", "/tin-tuc/")) < 2:
            self.assertLess(time.monotonic(), deadline, "no background refresh reached the app")
            time.sleep(0.05)
        # A pass (the admin's login, a search form sent) and a page never cached: the app answers.
        status, headers, _body = self.assertFromApp("/admin/login/")
        self.assertEqual((status, headers["x-cache"]), (200, "PASS"))
        status, headers, _body = self.assertFromApp("/tim-kiem/?q=tin", {"Cookie": "sessionid=x"})
        self.assertEqual((status, headers["x-cache"]), (200, "PASS"))
        status, headers, page = self.assertFromApp("/gioi-thieu/")
        self.assertEqual((status, headers["x-cache"]), (200, "MISS"))
        self.assertNotIn("Trang tạm thời không truy cập được", page.decode())
        self.assertEqual(health(self.varnish), "sick", "all of it answered while Varnish held it sick")


class BusyAppServerTests(AppBehindVarnishTestCase):
    """The live server answers one request at a time: holding its lock is every worker busy on a
    slow request. The probe is production's scaled down fivefold (backends.vcl: one every 2 s,
    timeout 2 s, 3 good of 10)."""

    varnish_options = {
        "probe_interval": 0.4,
        "probe_options": {"probe_timeout": 0.4, "probe_window": 10, "probe_threshold": 3},
    }

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()

    def busy(self, seconds):
        """Hold every worker for ``seconds`` in a thread; returns the thread."""

        def hold():
            with self.server_thread.lock:
                time.sleep(seconds)

        holder = threading.Thread(target=hold)
        holder.start()
        self.addCleanup(holder.join)
        return holder

    def test_a_burst_of_slow_requests_does_not_make_the_server_sick(self):
        wait_for(self.varnish, "healthy")
        time.sleep(4.5)  # a full window of good probes
        holder = self.busy(2.4)  # six probes of ten time out
        states = set()
        while holder.is_alive():
            states.add(health(self.varnish))
            time.sleep(0.05)
        self.assertEqual(states, {"healthy"})
        self.assertFromApp("/tin-tuc/")

    def test_a_server_busy_past_the_window_is_sick_and_a_pass_still_reaches_it(self):
        released = threading.Event()

        def hold_until_released():
            with self.server_thread.lock:
                released.wait(30)

        holder = threading.Thread(target=hold_until_released)
        holder.start()
        self.addCleanup(holder.join)
        self.addCleanup(released.set)
        wait_for(self.varnish, "sick")
        answers = []
        sender = threading.Thread(target=lambda: answers.append(self.get("/admin/login/")))
        sender.start()
        time.sleep(0.3)  # the pass is waiting for a worker, as a reader's search would
        self.assertEqual(health(self.varnish), "sick")
        released.set()
        sender.join(30)
        status, headers, _body = answers[0]
        self.assertEqual((status, headers["x-cache"]), (200, "PASS"))
        self.assertIn(("GET", "/admin/login/"), [request[:2] for request in self.app_requests])
