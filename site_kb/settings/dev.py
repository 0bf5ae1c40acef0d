"""Local development: debug on, console e-mail, a fixed throwaway key."""

from .base import *  # noqa: F403
from .base import STORAGES, env_bool

DEBUG = env_bool("DEBUG", True)  # DEBUG=0 to measure as production runs (bench/)
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
