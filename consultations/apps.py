from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Góp ý dự thảo"

    def ready(self):
        # Before any admin code asks for DraftComment's policy (and gets the default one).
        from wagtail.permissions import register_permission_policy

        from .models import DraftComment
        from .permissions import DraftCommentPermissionPolicy

        register_permission_policy(DraftComment, DraftCommentPermissionPolicy(DraftComment))
