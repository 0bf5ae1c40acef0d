"""The invitation a new school account gets, as a background task (issue 17.6).

``create_unit`` (the admin form or the command) makes the account, then queues this after the
commit (site_kb.background). The arguments are ids and the role's name: the address, the username
and the password-setting link are read and made when the task runs, so no token waits in the queue.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Page

from django_tasks import task

from site_kb.public_forms import mail_error_text

logger = logging.getLogger(__name__)


def invitation_url(account):
    """The password-setting link of Wagtail's password reset, valid PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return get_admin_base_url() + path


@task()
def send_invitation(account_id, school_id, role):
    """Tell a new account's owner their username and where to set their password; True when sent.
    A failing mail server is logged (without the address): the IT officer can send a password
    reset from the admin."""
    account = get_user_model().objects.filter(pk=account_id, is_active=True).exclude(email="").first()
    school = Page.objects.filter(pk=school_id).first()
    if account is None or school is None:
        return False
    context = {
        "account": account,
        "school": school.specific,
        "role": role,
        "url": invitation_url(account),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "admin_url": get_admin_base_url() + reverse("wagtailadmin_home"),
    }
    try:
        send_mail(
            render_to_string("units/invitation_subject.txt", context).strip(),
            render_to_string("units/invitation.txt", context),
            None,
            [account.email],
        )
    except Exception as error:  # the account exists; a password reset can be sent again
        logger.warning("Invitation to user %s failed: %s", account.pk, mail_error_text(error))
        return False
    return True
