from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = "Tài khoản và đăng nhập"

    def ready(self):
        # Signal receivers: logins, lockouts, group and permission changes in the audit log.
        from wagtail.permissions import register_permission_policy

        from axes.models import AccessAttempt, AccessFailureLog

        from . import audit  # noqa: F401
        from .permissions import ReadAndDeletePolicy, ViewOnlyPolicy

        # Before any admin code asks for these models' policies (and gets the default one).
        register_permission_policy(AccessAttempt, ReadAndDeletePolicy(AccessAttempt))
        register_permission_policy(AccessFailureLog, ViewOnlyPolicy(AccessFailureLog))
