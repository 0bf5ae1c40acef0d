"""tests/support/varnish.py itself: what it writes for Varnish, and that a varnishd that cannot
start leaves nothing behind (issue 17)."""

import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from tests.support.varnish import Varnish, backends_vcl, missing


def test_backends_vcl_names_every_app_server_and_purger():
    text = backends_vcl(
        [("127.0.0.1", 8001), ("10.0.0.2", 8002)], ["127.0.0.1", "10.0.0.9"], "/healthz/", "a.b", 0.5
    )
    assert '.host = {"127.0.0.1"};' in text and '.port = "8002";' in text
    assert "app_servers.add_backend(app1);" in text and "app_servers.add_backend(app2);" in text
    assert '{"GET /healthz/ HTTP/1.1"}' in text and '{"Host: a.b"}' in text
    assert '{"10.0.0.9"};' in text
    with pytest.raises(ValueError):
        backends_vcl([("127.0.0.1", 8001)], ['"}; acl x {'], "/", "a", 1)


@pytest.mark.skipif(bool(missing()), reason=missing() or "")
def test_a_varnishd_that_cannot_start_says_why_and_leaves_nothing_behind(monkeypatch):
    scratch = Path(tempfile.mkdtemp(prefix="site_kb_harness_"))
    bad = scratch / "bad.vcl"
    bad.write_text(
        'vcl 4.1;\nimport directors;\ninclude "backends.vcl";\n'
        "sub vcl_recv { set req.http.x = khong_co_bien_nay; }\n"
    )
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the harness makes its folder
    varnish = Varnish([("127.0.0.1", 9)], vcl=bad)
    try:
        with pytest.raises(RuntimeError, match="khong_co_bien_nay"):
            varnish.start(timeout=30)
        assert varnish.workdir is None and varnish.process is None
        assert [path.name for path in scratch.iterdir()] == ["bad.vcl"]
    finally:
        varnish.stop()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.mark.skipif(bool(missing()), reason=missing() or "")
def test_a_backend_down_from_the_start_answers_the_vietnamese_notice():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Varnish([("127.0.0.1", port)], probe_url="/") as varnish:
        status, headers, body = varnish.request("GET", "/")
        workdir = varnish.workdir
    assert status == 503
    assert "Trang tạm thời không truy cập được" in body.decode()
    assert not Path(workdir).exists()
