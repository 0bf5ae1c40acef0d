"""Who may see and clear axes' records (registered in AccountsConfig.ready())."""

from wagtail.permission_policies import ModelPermissionPolicy


class ReadAndDeletePolicy(ModelPermissionPolicy):
    """Axes' records are written by axes alone: the admin lists them and (for attempts) deletes
    them, with Django's view and delete permissions; nobody adds or edits one."""

    actions = ("view", "delete")

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ViewOnlyPolicy(ReadAndDeletePolicy):
    actions = ("view",)
