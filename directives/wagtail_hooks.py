"""The board's registry listing and export in the admin (directives.admin_views)."""

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import registry_viewset
from .models import can_export_registry


class RegistryMenuItem(MenuItem):
    def is_shown(self, request):
        return can_export_registry(request.user)


@hooks.register("register_admin_viewset")
def register_registry_viewset():
    return registry_viewset


@hooks.register("register_admin_menu_item")
def register_registry_menu_item():
    return RegistryMenuItem(
        registry_viewset.menu_label,
        reverse("directive_registry:index"),
        name="directive-registry",
        icon_name="doc-full",
        order=240,
    )
