"""Who may do what with preview links (registered in PreviewsConfig.ready())."""

from wagtail.permission_policies import ModelPermissionPolicy

ADD_LINK = "previews.add_previewlink"
CHANGE_LINK = "previews.change_previewlink"


class PreviewLinkPermissionPolicy(ModelPermissionPolicy):
    """Those who make links list them; those who may change a link revoke it. Nobody edits or
    deletes one in the admin: a link is the record of which draft was shown to whom."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.has_perm(ADD_LINK)
        if action == "revoke":
            return user.has_perm(CHANGE_LINK)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
