"""tests/support/servers.py itself (issue 17.5): a gunicorn that cannot start says why, and one that
ran is gone with its workers when the block ends.

These build their own SQLite files, whatever the suite's database is, so they run once: in the
SQLite pass.
"""

import contextlib
import os
import socket

from django.db import connection

import pytest

from tests.support import servers

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the harness's own tests use their own SQLite file: they run in the SQLite pass",
)


def test_a_server_that_cannot_start_says_why(tmp_path):
    env = servers.production_env(tmp_path, SECRET_KEY=None)
    with pytest.raises(RuntimeError) as failure, servers.gunicorn(env, name="no-key", log_dir=tmp_path):
        pytest.fail("gunicorn started without SECRET_KEY")
    message = str(failure.value)
    assert "no-key stopped on start" in message
    assert "Đặt biến môi trường SECRET_KEY" in message  # production.py's refusal, from the log


def test_a_server_answers_and_is_gone_with_its_workers_afterwards(tmp_path):
    env = servers.production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with servers.gunicorn(env, name="app", workers=2, log_dir=tmp_path) as server:
        # Not migrated: the probe answers 503, which is for the caller to judge.
        assert servers.answers(f"{server.url}/healthz/", servers.SITE_HOST)
        group = os.getpgid(server.process.pid)
        assert group == server.process.pid
        port = server.port
    assert server.process.poll() is not None
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)  # no worker left behind
    assert "Shutting down: Master" in server.log_tail()


def test_connections_opened_at_once_are_spread_over_the_workers(tmp_path):
    """deploy/gunicorn.conf.py's ``reuse_port``: each worker listens on its own socket and the
    kernel spreads new connections over them. With one shared socket the first worker awake took
    all 16 connections wrk opened at once in 2 windows of 7, and kept them (keep-alive): one CPU
    idled and the feedback page ran at half speed (bench/run, issue 17)."""
    env = servers.production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with servers.gunicorn(env, name="app", workers=2, log_dir=tmp_path) as server:
        workers = child_pids(server.process.pid)
        assert len(workers) == 2, server.log_tail()
        clients = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(16)]
        try:
            request = f"GET /healthz/live/ HTTP/1.1\r\nHost: {servers.SITE_HOST}\r\n\r\n".encode()
            for client in clients:
                client.sendall(request)
            for client in clients:
                assert client.recv(65536).startswith(b"HTTP/1.1 200"), server.log_tail()
            # Each answered connection is now kept alive by the worker that accepted it.
            held = {pid: len(connection_inodes(server.port) & socket_inodes(pid)) for pid in workers}
        finally:
            for client in clients:
                client.close()
    assert sum(held.values()) == 16, held
    assert min(held.values()) >= 1, f"every connection went to one worker: {held}"


def child_pids(parent):
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()  # noqa: PTH123, SIM115
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == parent:
                children.append(int(entry))
    return children


def socket_inodes(pid):
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    return inodes


def connection_inodes(port):
    """Inodes of the established TCP connections whose local port is ``port`` (the server side)."""
    inodes = set()
    with open("/proc/net/tcp") as table:  # noqa: PTH123
        next(table)
        for line in table:
            fields = line.split()
            local_port = int(fields[1].rpartition(":")[2], 16)
            if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(fields[9])
    return inodes
