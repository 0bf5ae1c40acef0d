"""Local development: debug on, console e-mail, a fixed throwaway key."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env_bool

DEBUG = env_bool("DEBUG", True)  # DEBUG=0 to measure as production runs (bench/)
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# The demo site (seed_demo, which `make run` calls) exists only in development and tests.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
