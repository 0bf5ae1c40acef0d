"""tests/support/servers.py itself (issue 17.5): a gunicorn that cannot start says why, and one that
ran is gone with its workers when the block ends.

These build their own SQLite files, whatever the suite's database is, so they run once: in the
SQLite pass.
"""

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
