"""Scheduled jobs on one host only (issue 17.5): the app servers' timers start the same commands,
``manage.py run_job`` lets one of them run each (site_kb.locks). Two processes started at once
against one PostgreSQL database: one runs, the other reports the lock and exits 0; a crashed
holder's lock is taken over once its lease lapses."""

import os
import signal
import subprocess
import sys
import threading
import time
import unittest
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test import TestCase
from django.utils import timezone

from site_kb import locks
from site_kb.models import JobLock

from ..pristine import PristineDatabaseTestCase

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = connection.vendor == "postgresql"
NEEDS_POSTGRES = "several processes share one database: PostgreSQL (SQLite's test database is in memory)"


def run_job(*args):
    out = StringIO()
    call_command("run_job", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class LockTests(TestCase):
    def test_one_holder_at_a_time_and_a_lapsed_lease_is_taken_over(self):
        now = timezone.now()
        self.assertTrue(locks.acquire("backup", "host-a", now=now))
        self.assertFalse(locks.acquire("backup", "host-b", now=now + timedelta(minutes=4)))
        self.assertTrue(locks.acquire("other-job", "host-b", now=now))  # locks are per job
        # Host A crashed: no renewal; five minutes later B takes the job over.
        self.assertTrue(locks.acquire("backup", "host-b", now=now + timedelta(minutes=5, seconds=1)))
        self.assertEqual(JobLock.objects.get(name="backup").holder, "host-b")
        self.assertFalse(locks.extend("backup", "host-a"))  # A, back, learns it lost the lock
        self.assertTrue(locks.extend("backup", "host-b"))

    def test_release_frees_the_job_and_hold_keeps_it_after_the_start(self):
        self.assertTrue(locks.acquire("backup", "host-a"))
        locks.release("backup", "host-a")
        self.assertTrue(locks.acquire("backup", "host-b"))
        locks.release("backup", "host-b", hold=timedelta(hours=2))
        self.assertFalse(locks.acquire("backup", "host-c"))  # the same night: not again
        later = timezone.now() + timedelta(hours=2, seconds=1)
        self.assertTrue(locks.acquire("backup", "host-c", now=later))  # the next night

    def test_releasing_another_hosts_lock_changes_nothing(self):
        self.assertTrue(locks.acquire("backup", "host-a"))
        locks.release("backup", "host-b")
        self.assertEqual(JobLock.objects.get(name="backup").holder, "host-a")

    def test_run_job_runs_the_command_under_the_lock(self):
        Session.objects.create(
            session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1)
        )
        output = run_job("clearsessions")
        self.assertIn("Chạy «clearsessions»", output)
        self.assertFalse(Session.objects.filter(session_key="old").exists())
        self.assertFalse(JobLock.objects.exists())  # released

    def test_run_job_skips_a_job_another_host_holds_and_exits_normally(self):
        self.assertTrue(locks.acquire("clearsessions", "may-chu-2 pid 7"))
        Session.objects.create(
            session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1)
        )
        output = run_job("clearsessions")
        self.assertIn("Bỏ qua «clearsessions»: máy may-chu-2 pid 7 đang giữ việc này", output)
        self.assertTrue(Session.objects.filter(session_key="old").exists())  # not run here

    def test_run_job_passes_the_jobs_own_options_and_refuses_unknown_commands(self):
        output = run_job("--hold", "30", "publish_scheduled", "--", "--dryrun")
        self.assertIn("Chạy «publish_scheduled»", output)
        self.assertIn("Will do a dry run.", output)  # the option reached Wagtail's command
        self.assertGreater(JobLock.objects.get(name="publish_scheduled").expires_at, timezone.now())
        with self.assertRaisesMessage(CommandError, "Không có lệnh «khong_co»."):
            run_job("khong_co")
        with self.assertRaisesMessage(CommandError, "--ttl phải từ 1 giây trở lên"):
            run_job("--ttl", "0", "clearsessions")


def database_env():
    """The environment of a manage.py subprocess on this test's PostgreSQL database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "site_kb.settings.test", "DATABASE_URL": url}


def manage(*args):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=database_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@unittest.skipUnless(ON_POSTGRES, NEEDS_POSTGRES)
class TwoHostsTests(PristineDatabaseTestCase):
    """Committed rows other processes see; the database restored afterwards (tests.pristine)."""

    def test_two_processes_started_at_once_run_the_job_once(self):
        first, second = (
            manage("run_job", "--hold", "1", "clearsessions"),
            manage("run_job", "--hold", "1", "clearsessions"),
        )
        outputs = []
        for process in (first, second):
            stdout, stderr = process.communicate(timeout=120)
            self.assertEqual(process.returncode, 0, stderr)
            outputs.append(stdout)
        ran = [output for output in outputs if "Chạy «clearsessions»" in output]
        skipped = [output for output in outputs if "Bỏ qua «clearsessions»" in output]
        self.assertEqual((len(ran), len(skipped)), (1, 1), outputs)

    def test_racing_connections_let_exactly_one_win(self):
        barrier = threading.Barrier(6)
        won = []

        def contend(number):
            try:
                barrier.wait()
                if locks.acquire("publish_scheduled", f"host-{number}"):
                    won.append(number)
            finally:
                connections.close_all()  # this thread's own connection

        threads = [threading.Thread(target=contend, args=(number,)) for number in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(len(won), 1)
        self.assertEqual(JobLock.objects.get().holder, f"host-{won[0]}")

    def test_a_crashed_holder_is_taken_over_when_its_lease_lapses(self):
        ttl = 3
        crashed = manage("run_job", "--ttl", str(ttl), "shell", "--", "-c", "import time; time.sleep(120)")
        try:
            deadline = time.monotonic() + 90
            while not JobLock.objects.filter(name="shell").exists():
                self.assertIsNone(crashed.poll(), crashed.stderr.read() if crashed.poll() is not None else "")
                self.assertLess(time.monotonic(), deadline, "the first job never took its lock")
                time.sleep(0.2)
            # It runs: a second host's timer is told so (the lease is renewed every ttl/3).
            time.sleep(ttl)
            stdout, stderr = manage(
                "run_job", "--ttl", str(ttl), "shell", "--", "-c", "print('chạy')"
            ).communicate(timeout=120)
            self.assertIn("Bỏ qua «shell»", stdout, stderr)
            crashed.send_signal(signal.SIGKILL)  # the host dies mid-job, its row stays
            crashed.wait(timeout=30)
            self.assertTrue(JobLock.objects.filter(name="shell").exists())
            time.sleep(ttl + 0.5)
            taker = manage("run_job", "--ttl", str(ttl), "shell", "--", "-c", "print('máy khác chạy')")
            stdout, stderr = taker.communicate(timeout=120)
            self.assertEqual(taker.returncode, 0, stderr)
            self.assertIn("Chạy «shell»", stdout)
            self.assertIn("máy khác chạy", stdout)
        finally:
            if crashed.poll() is None:
                crashed.kill()
            crashed.wait(timeout=30)
            for stream in (crashed.stdout, crashed.stderr):
                stream.close()
