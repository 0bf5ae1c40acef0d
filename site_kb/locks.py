"""Scheduled jobs on one host only (issue 17.5).

Every app server installs the same systemd timers (deploy/systemd/*.timer), so at 01:30 each of
them starts the backup. They share the database, and a row there (site_kb.models.JobLock) says
which host runs a job: ``acquire`` takes it in one statement (an INSERT, or an UPDATE of a row
whose lease has lapsed), so of two hosts starting at the same instant exactly one wins, on
PostgreSQL as on SQLite. The winner extends its lease every third of it from a thread
(``JobLease``); a host that crashes stops extending it, and once ``ttl`` has passed the next
timer, on any host, takes the job over.

``hold`` keeps the row after the job ends, until that long after it started: a nightly job whose
hosts start it minutes apart (RandomizedDelaySec, clocks, a host booted late with
Persistent=true) still runs once a night. ``manage.py run_job`` wraps any command in this.
"""

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from django.db import IntegrityError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone

from .models import JobLock

logger = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(minutes=5)


def new_holder():
    """This process on this host, unique even when a host runs the job twice."""
    return f"{socket.gethostname()} pid {os.getpid()} {uuid.uuid4().hex[:8]}"[:255]


def acquire(name, holder, ttl=DEFAULT_TTL, now=None):
    """True when ``holder`` now holds ``name`` for ``ttl``; False when a live lease is another's."""
    now = now or timezone.now()
    values = {"holder": holder, "acquired_at": now, "expires_at": now + ttl}
    with transaction.atomic():
        # One UPDATE: under PostgreSQL's row lock a second host re-reads expires_at and finds it live.
        if JobLock.objects.filter(name=name, expires_at__lte=now).update(**values):
            return True
        try:
            with transaction.atomic():
                JobLock.objects.create(name=name, **values)
        except IntegrityError:
            return False  # the row exists and its lease is live: another host runs the job
    return True


def extend(name, holder, ttl=DEFAULT_TTL):
    """Push ``holder``'s lease ``ttl`` into the future; False when the lock is no longer its own."""
    return bool(JobLock.objects.filter(name=name, holder=holder).update(expires_at=timezone.now() + ttl))


def release(name, holder, hold=None):
    """Give ``name`` back; with ``hold`` the row stays until ``hold`` after the job started."""
    lock = JobLock.objects.filter(name=name, holder=holder)
    if hold:
        started = lock.values_list("acquired_at", flat=True).first()
        if started is not None and started + hold > timezone.now():
            lock.update(expires_at=started + hold)
            return
    lock.delete()


def current(name):
    """The live lock on ``name`` (JobLock) or None."""
    return JobLock.objects.filter(name=name, expires_at__gt=timezone.now()).first()


class JobLease:
    """``with JobLease(name, ttl, hold) as lease:`` ``lease.acquired`` says whether to run.

    While held, a thread extends the lease every ``ttl / 3`` on its own database connection, so
    a job longer than ``ttl`` keeps it and a crashed host loses it ``ttl`` after its last beat.
    """

    def __init__(self, name, ttl=DEFAULT_TTL, hold=None, holder=None):
        self.name = name
        self.ttl = ttl
        self.hold = hold
        self.holder = holder or new_holder()
        self.acquired = False
        self.lost = False
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        self.acquired = acquire(self.name, self.holder, self.ttl)
        if self.acquired:
            self._thread = threading.Thread(target=self._beat, name=f"lease {self.name}", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        if not self.acquired:
            return
        self._stop.set()
        self._thread.join()
        release(self.name, self.holder, self.hold)

    def _beat(self):
        try:
            while not self._stop.wait(self.ttl.total_seconds() / 3):
                try:
                    if not extend(self.name, self.holder, self.ttl):
                        self.lost = True
                        logger.warning("Job %s: its lock was taken over while it ran", self.name)
                except OperationalError:  # a busy SQLite file or a database restart: the next beat
                    logger.warning("Job %s: could not extend its lock", self.name, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection
