"""Who may do what with comments on drafts: read with the view permission, never add or
change, delete only as a superuser (a comment is a record of what was sent)."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class DraftCommentPermissionPolicy(ModelPermissionPolicy):
    """View with ``consultations.view_draftcomment``; never add or change; delete: superusers only."""

    NEVER = {"add", "change"}

    def user_has_permission(self, user, action):
        if action in self.NEVER:
            return False
        if action == "delete":
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions)
        others = actions - self.NEVER - {"delete"}
        if others:
            return super().users_with_any_permission(others)  # superusers included
        if "delete" in actions:
            return get_user_model().objects.filter(is_active=True, is_superuser=True)
        return get_user_model().objects.none()
