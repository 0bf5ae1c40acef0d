from django.apps import AppConfig


class PreviewsConfig(AppConfig):
    name = "previews"
    verbose_name = "Xem trước bản nháp"

    def ready(self):
        # Before any admin code asks for PreviewLink's policy (and gets the default one).
        from wagtail.permissions import register_permission_policy

        from .models import PreviewLink
        from .permissions import PreviewLinkPermissionPolicy

        register_permission_policy(PreviewLink, PreviewLinkPermissionPolicy(PreviewLink))
