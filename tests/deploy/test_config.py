"""The deployment files agree with the code (issue 14.9): every job names a management command
the site has, each service has its timer, gunicorn outlasts the slowest request the site allows,
and nginx accepts the largest upload the admin accepts and no more than a megabyte over it."""

import configparser
import re
import runpy
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
# The scheduled jobs: the services a timer starts (site_kb-worker runs all the time).
JOB_SERVICES = sorted(
    path for path in (DEPLOY / "systemd").glob("site_kb-*.service") if path.with_suffix(".timer").exists()
)


def unit(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def test_there_are_jobs():
    names = {path.stem for path in JOB_SERVICES}
    assert {"site_kb-publish-scheduled", "site_kb-retry-feedback-mail", "site_kb-check-links"} <= names


@pytest.mark.parametrize("service", JOB_SERVICES, ids=lambda path: path.stem)
def test_each_job_runs_a_command_the_site_has_under_production_settings(service):
    config = unit(service)
    command = shlex.split(config["Service"]["ExecStart"])
    # Through run_job: on several app servers sharing the database, one of them runs it (issue 17.5).
    assert command[:3] == ["/srv/site_kb/.venv/bin/python", "manage.py", "run_job"]
    job = command[3:]
    options = {}
    while job[0].startswith("--"):
        options[job[0]], job = job[1], job[2:]  # run_job's own --hold N, --ttl N
    assert job[0] in get_commands(), f"{service.name}: manage.py has no command {job[0]!r}"
    assert job[1:2] in ([], ["--"]), f"{service.name}: the job's own options go after --"
    assert config["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=site_kb.settings.production"
    assert config["Service"]["EnvironmentFile"] == "/etc/site_kb/env"
    assert config["Service"]["User"] != "root"
    timer = unit(service.with_suffix(".timer"))
    assert timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == "timers.target"
    # Held after it ends, for less than its period: the hosts' timers fire a moment apart, and a
    # quick job would otherwise run once per host (issue 17.5).
    assert 0 < float(options.get("--hold", 0)) <= period_minutes(timer["Timer"]["OnCalendar"]) / 2


def period_minutes(on_calendar):
    """Minutes between runs of the OnCalendar forms the timers use: every minute, every N minutes,
    nightly."""
    _date, clock = on_calendar.split(" ")
    hour, minute, _second = clock.split(":")
    if hour == "*" and minute == "*":
        return 1
    if hour == "*" and "/" in minute:
        return int(minute.split("/")[1])
    assert "*" not in hour and "*" not in minute, on_calendar
    return 24 * 60


def test_every_service_but_the_worker_has_its_timer():
    services = {path.stem for path in (DEPLOY / "systemd").glob("site_kb-*.service")}
    assert services - {path.stem for path in JOB_SERVICES} == {"site_kb-worker"}


def test_the_task_worker_unit_runs_db_worker_under_production_settings_and_restarts():
    config = unit(DEPLOY / "systemd" / "site_kb-worker.service")
    command = shlex.split(config["Service"]["ExecStart"])
    assert command[:3] == ["/srv/site_kb/.venv/bin/python", "manage.py", "db_worker"]
    assert "db_worker" in get_commands()
    interval = float(command[command.index("--interval") + 1])
    assert interval <= 0.5  # a publish purged from the caches well within a second (issue 17)
    assert "--no-reload" in command
    assert config["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=site_kb.settings.production"
    assert config["Service"]["Restart"] == "always"
    assert config["Service"]["User"] != "root"
    assert config["Install"]["WantedBy"] == "multi-user.target"


def test_gunicorn_unit_uses_the_config_the_smoke_runs():
    config = unit(DEPLOY / "gunicorn.service")
    assert "--config /srv/site_kb/deploy/gunicorn.conf.py" in config["Service"]["ExecStart"]
    assert config["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=site_kb.settings.production"
    assert config["Service"]["User"] != "root"


def test_gunicorn_outlasts_the_slowest_allowed_request_and_nginx_outlasts_gunicorn():
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert gunicorn["timeout"] > settings.LIBREOFFICE_TIMEOUT_SECONDS
    assert gunicorn["timeout"] > settings.INTAKE_WORKER_TIMEOUT_SECONDS
    nginx = (DEPLOY / "nginx" / "site_kb.conf").read_text()
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1))
    assert read_timeout > gunicorn["timeout"]


def test_readers_requests_are_logged_once_by_nginx():
    """gunicorn writes no access line (it would only see 127.0.0.1, at ~30 µs a request, issue 17):
    nginx logs every request it proxies to the app, the health probe alone excepted."""
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert gunicorn.get("accesslog") is None
    assert gunicorn["errorlog"] == "-"
    nginx = (DEPLOY / "nginx" / "site_kb.conf").read_text()
    unlogged = [body for body in proxied_locations(nginx) if "access_log off" in body]
    assert len(unlogged) == 1 and "allow 127.0.0.1" in unlogged[0]  # /healthz/ only
    outside_locations = re.sub(r"location [^{]+\{[^}]*\}", "", nginx)
    assert "access_log off" not in outside_locations  # not switched off for a whole server


def test_nginx_accepts_the_largest_upload():
    nginx = (DEPLOY / "nginx" / "site_kb.conf").read_text()
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    largest = max(
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
        settings.INTAKE_MAX_UPLOAD_BYTES,
        settings.FEEDBACK_ATTACHMENT_MAX_BYTES,
    )
    assert largest < limit_mb * 1024 * 1024 <= largest + 1024 * 1024


def test_nginx_never_serves_documents_or_private_files_from_disk():
    nginx = (DEPLOY / "nginx" / "site_kb.conf").read_text()
    assert re.search(r"location /media/documents/ \{\s*return 404;", nginx)
    aliases = re.findall(r"alias ([^;]+);", nginx)
    assert aliases == ["/srv/site_kb/media/"]  # MEDIA_ROOT only; PRIVATE_MEDIA_ROOT is data/private


NGINX = DEPLOY / "nginx"


def proxied_locations(config):
    """The body of every nginx location that proxies to the app."""
    return [body for body in re.findall(r"location [^{]+\{([^}]*)\}", config) if "proxy_pass" in body]


def test_nginx_names_one_upstream_file_and_both_are_shipped():
    """One site_kb.conf for both setups (issue 17): the upstream file installed beside it says
    whether readers go to gunicorn (a single server) or to Varnish on loopback."""
    config = (NGINX / "site_kb.conf").read_text()
    assert "include /etc/nginx/site_kb-upstream.conf;" in config
    assert not re.search(r"^\s*upstream ", config, re.M)  # defined in the upstream file only
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    upstreams = {
        "upstream-gunicorn.conf": gunicorn["bind"],
        "upstream-varnish.conf": "127.0.0.1:6081",  # docs/operations.md: varnishd -a 127.0.0.1:6081
    }
    for name, server in upstreams.items():
        text = (NGINX / name).read_text()
        assert re.findall(r"upstream (\w+) \{", text) == ["site_kb_app"], name
        assert re.findall(r"server ([\d.:]+)", text) == [server], name
    for body in proxied_locations(config):
        assert "proxy_pass http://site_kb_app;" in body


def test_nginx_tells_the_app_and_varnish_the_scheme_and_keeps_the_tags_and_purges_from_readers():
    config = (NGINX / "site_kb.conf").read_text()
    locations = proxied_locations(config)
    assert len(locations) == 2  # /healthz/ on port 80, everything else on 443
    for body in locations:
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in body
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in body
        assert "proxy_set_header Host $host;" in body
        assert "add_header xkey" not in body and "more_set_headers" not in body
    assert any("proxy_hide_header xkey;" in body for body in locations)
    assert re.search(r"if \(\$request_method = PURGE\) \{\s*return 405;", config)
