"""Local development: debug on, console e-mail, a fixed throwaway key."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env_bool, env_list

DEBUG = env_bool("DEBUG", True)  # DEBUG=0 to measure as production runs (bench/)
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# The demo site (seed_demo, which `make run` calls) exists only in development and tests.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo's accounts open the admin with their password alone, so anyone can try the site without
# an authenticator app; anyone may still enrol (Tài khoản → Xác thực hai bước). Production forces
# it on the board, leadership, the IT officer and superusers (base.py).
TWO_FACTOR_REQUIRED_GROUPS = env_list("TWO_FACTOR_REQUIRED_GROUPS", "")
TWO_FACTOR_REQUIRE_SUPERUSERS = env_bool("TWO_FACTOR_REQUIRE_SUPERUSERS", False)
