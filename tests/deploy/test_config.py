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
JOB_SERVICES = sorted((DEPLOY / "systemd").glob("site_kb-*.service"))


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
    assert command[:2] == ["/srv/site_kb/.venv/bin/python", "manage.py"]
    assert command[2] in get_commands(), f"{service.name}: manage.py has no command {command[2]!r}"
    assert config["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=site_kb.settings.production"
    assert config["Service"]["EnvironmentFile"] == "/etc/site_kb/env"
    assert config["Service"]["User"] != "root"
    timer = unit(service.with_suffix(".timer"))
    assert timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == "timers.target"


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
