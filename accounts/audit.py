"""Account events in Wagtail's audit log (issue 14 part 8; Điều 4: the IT officer answers for
intrusions and for who may do what).

Logins (right and wrong), logouts, lockouts, group and permission changes and accounts created,
deactivated or deleted are written with ``wagtail.log_actions.log`` against the account (or,
for a login under a name no account has, against axes' attempt record), so they appear in
Reports → Nhật ký trang web, filterable and exportable. The labels are in ``wagtail_hooks``.
"""

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver

from wagtail.log_actions import log

from axes.models import AccessAttempt
from axes.signals import user_locked_out

from site_kb.clientip import client_ip

from .policy import real_user

User = get_user_model()


def account_named(username):
    if not username:
        return None
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


def attempt_for(username, ip_address):
    return AccessAttempt.objects.filter(username=username, ip_address=ip_address).order_by("-pk").first()


def address_of(request):
    return getattr(request, "axes_ip_address", None) or (client_ip(request) if request else "") or ""


def log_login_event(action, request, username):
    """Against the account when it exists, else against axes' record of the attempt."""
    address = address_of(request)
    data = {"username": username or "", "ip_address": address}
    target = account_named(username) or attempt_for(username, address or None)
    if target is not None:
        log(target, action, user=None, data=data)


@receiver(user_logged_in, dispatch_uid="accounts_login")
def record_login(sender, request, user, **kwargs):
    log(user, "accounts.login", user=user, data={"ip_address": address_of(request)})


@receiver(user_logged_out, dispatch_uid="accounts_logout")
def record_logout(sender, request, user, **kwargs):
    user = real_user(user)
    if user is not None and user.pk:
        log(user, "accounts.logout", user=user, data={"ip_address": address_of(request)})


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def record_login_failure(sender, credentials, request=None, **kwargs):
    # After axes' own receiver (its app loads first), so its attempt record exists.
    if request is None:
        return
    log_login_event("accounts.login_failed", request, credentials.get("username"))


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    if getattr(request, "accounts_refused_while_locked", False):
        return  # another try during the lockout, not a new one
    log_login_event("accounts.locked_out", request, username)


def names(model, pks, field):
    return sorted(model.objects.filter(pk__in=pks).values_list(field, flat=True))


def permission_names(pks):
    return sorted(
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
    )


def change_data(action, labels):
    return {"added": labels} if action == "post_add" else {"removed": labels}


def changed_keys(instance, action, pk_set, related):
    """(action, keys) of an m2m change, a clear read as the removal of what was there; None for
    the steps that record nothing. ``related`` is the manager that a clear is about to empty."""
    if action == "pre_clear":
        # Remember what is about to go: post_clear no longer knows.
        instance._accounts_cleared = set(related.values_list("pk", flat=True))
        return None
    if action == "post_clear":
        action, pk_set = "post_remove", getattr(instance, "_accounts_cleared", set())
    if action not in ("post_add", "post_remove") or not pk_set:
        return None
    return action, pk_set


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_user_groups")
def record_group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    """A user added to or removed from a group, from either side (user's form or group's)."""
    change = changed_keys(instance, action, pk_set, instance.user_set if reverse else instance.groups)
    if change is None:
        return
    action, pk_set = change
    if reverse:  # group.user_set.add(...): each user gained or lost this one group
        for account in User.objects.filter(pk__in=pk_set):
            log(account, "accounts.groups_changed", data=change_data(action, [instance.name]))
    else:
        log(instance, "accounts.groups_changed", data=change_data(action, names(Group, pk_set, "name")))


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="accounts_group_permissions")
def record_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    change = changed_keys(instance, action, pk_set, instance.group_set if reverse else instance.permissions)
    if change is None:
        return
    action, pk_set = change
    if reverse:  # permission.group_set.add(...)
        label = permission_names([instance.pk])
        for group in Group.objects.filter(pk__in=pk_set):
            log(group, "accounts.permissions_changed", data=change_data(action, label))
    else:
        log(instance, "accounts.permissions_changed", data=change_data(action, permission_names(pk_set)))


@receiver(post_init, sender=User, dispatch_uid="accounts_user_loaded")
def remember_active(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred is_active must not cost a query per user loaded.
    instance._accounts_was_active = instance.__dict__.get("is_active")


@receiver(post_save, sender=User, dispatch_uid="accounts_user_saved")
def record_account_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        log(instance, "accounts.user_created")
    elif instance._accounts_was_active is not None and instance._accounts_was_active != instance.is_active:
        log(instance, "accounts.user_activated" if instance.is_active else "accounts.user_deactivated")
    instance._accounts_was_active = instance.is_active


@receiver(post_delete, sender=User, dispatch_uid="accounts_user_deleted")
def record_account_deleted(sender, instance, **kwargs):
    log(instance, "accounts.user_deleted", deleted=True)
