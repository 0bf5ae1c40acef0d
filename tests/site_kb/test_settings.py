"""Production settings refuse to start half-configured, never install the demo, and every
environment variable the settings read is in the README's table (issue 13.6, 13.7)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "site_kb" / "settings"
PRODUCTION_ENV = {
    "SECRET_KEY": "a-real-secret-for-the-test",
    "ALLOWED_HOSTS": "pgd.example.edu.vn,www.pgd.example.edu.vn",
    "WAGTAILADMIN_BASE_URL": "https://pgd.example.edu.vn",
}


def load_production(**overrides):
    """Import site_kb.settings.production in a fresh interpreter with only ``overrides`` set
    (a value of None leaves the variable out); (returncode, stdout, stderr)."""
    env = {key: value for key, value in os.environ.items() if key not in {*PRODUCTION_ENV, "DEBUG"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({key: value for key, value in {**PRODUCTION_ENV, **overrides}.items() if value is not None})
    code = "import json, site_kb.settings.production as s; print(json.dumps(s.INSTALLED_APPS))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.returncode, result.stdout, result.stderr


def test_production_settings_load_without_the_demo_app():
    returncode, stdout, stderr = load_production()
    assert returncode == 0, stderr
    apps = json.loads(stdout)
    assert "home" in apps
    assert "demo" not in apps
    assert not {"wagtail_modeladmin", "wagtail.contrib.forms", "django.contrib.humanize"} & set(apps)


def test_dev_and_test_settings_install_the_demo_app():
    from django.conf import settings

    assert "demo" in settings.INSTALLED_APPS  # the test settings
    assert 'INSTALLED_APPS = [*INSTALLED_APPS, "demo"]' in (SETTINGS_DIR / "dev.py").read_text()
    assert '"demo"' not in (SETTINGS_DIR / "base.py").read_text()


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"WAGTAILADMIN_BASE_URL": None}, "WAGTAILADMIN_BASE_URL"),
        ({"WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000"}, "WAGTAILADMIN_BASE_URL"),
        ({"WAGTAILADMIN_BASE_URL": "pgd.example.edu.vn"}, "WAGTAILADMIN_BASE_URL"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "localhost,127.0.0.1"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "pgd.example.edu.vn,*"}, "ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_a_missing_or_local_address(overrides, variable):
    returncode, _stdout, stderr = load_production(**overrides)
    assert returncode != 0
    assert "ImproperlyConfigured" in stderr
    assert f"Đặt biến môi trường {variable}" in stderr


def test_production_accepts_localhost_beside_a_real_host():
    returncode, _stdout, stderr = load_production(ALLOWED_HOSTS="pgd.example.edu.vn,localhost")
    assert returncode == 0, stderr


def environment_variables_read_by_settings():
    pattern = re.compile(
        r"""(?:os\.environ\.get\(|os\.environ\[|env_bool\(|env_list\()\s*["']([A-Z0-9_]+)["']"""
    )
    names = set()
    for path in SETTINGS_DIR.glob("*.py"):
        names |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return names | {"DATABASE_URL"}  # read by dj_database_url.config()


def readme_environment_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("|"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Z0-9_]+)`", first_cell))
    return names


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    found = environment_variables_read_by_settings()
    assert {"SECRET_KEY", "PRIVATE_MEDIA_ROOT", "CONSULTATION_RATE_LIMIT"} <= found  # the pattern works
    missing = sorted(found - readme_environment_table())
    assert missing == [], f"README's environment table does not list: {', '.join(missing)}"
