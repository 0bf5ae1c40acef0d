"""The e-mail a school gets when a reader's question is assigned to it (Điều 14; issue 15.9).

A school that is not told does not answer, and the five working days run out. When the IT officer
or the board assigns an item, every active account of the school's contact and principal groups
(editorial.SchoolAccess) with an address gets a short plain-text notice: the code, the title, the
deadline and the admin address; never the reader's name, address or phone. Sent by a background
task after the commit (feedback.tasks, issue 17.6) through the core's mail helper
(site_kb.public_forms.send_reader_mail): a failure is logged and, when the task has already run,
reported to whoever assigned; never raised, and the assignment stays saved.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from wagtail.admin import messages

from editorial.models import SchoolAccess
from site_kb.public_forms import send_reader_mail

SUBJECT_TEMPLATE = "feedback/mail/assigned_subject.txt"
BODY_TEMPLATE = "feedback/mail/assigned.txt"
SCHOOL_NOTICE_SUBJECT = "feedback/mail/school_question_subject.txt"
SCHOOL_NOTICE_BODY = "feedback/mail/school_question.txt"


def recipients(unit):
    """The school's contacts, principals and its own IT officer (who runs its member site and sees
    its questions, issue 16) who can receive mail (none for a unit without accounts)."""
    access = SchoolAccess.objects.filter(school_id=unit.pk).first()
    if access is None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__in=[
                group_id
                for group_id in (access.contact_group_id, access.principal_group_id, access.it_group_id)
                if group_id
            ],
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_notices(feedback, unit, admin_url, templates=(SUBJECT_TEMPLATE, BODY_TEMPLATE), why="assigned to"):
    """E-mail each of ``unit``'s people (recipients); (sent, total). Failures are logged, never raised."""
    people = recipients(unit)
    sent = 0
    for person in people:
        context = {"feedback": feedback, "unit": unit, "person": person, "admin_url": admin_url}
        what = f"Feedback {feedback.tracking_code} {why} page {unit.pk}, notice to user {person.pk}"
        if send_reader_mail(*templates, context, person.email, what) is None:
            sent += 1
    return sent, len(people)


def send_school_question_notices(feedback, unit, admin_url):
    """What tells the school a question reached it through its own page: code, title and deadline
    only, never the reader's name or contact; (sent, total)."""
    return send_notices(
        feedback, unit, admin_url, (SCHOOL_NOTICE_SUBJECT, SCHOOL_NOTICE_BODY), why="sent on the site of"
    )


def no_recipients(request, unit):
    messages.warning(
        request,
        _(
            "Không gửi được thư báo cho «%(unit)s»: chưa có tài khoản đầu mối hay hiệu trưởng "
            "nào có địa chỉ thư điện tử. Hãy báo cho đơn vị bằng cách khác."
        )
        % {"unit": unit.title},
    )


def report(request, unit, total, outcome):
    """Say in the admin what became of one unit's notices: ``outcome`` is (sent, total) when the
    task has run (development, tests), None while it waits for the worker (production)."""
    if outcome is None:
        messages.success(
            request,
            _("Thư báo việc được giao cho «%(unit)s» (%(total)s người) đang được gửi đi.")
            % {"unit": unit.title, "total": total},
        )
        return
    sent, total = outcome or (0, total)  # False: the task itself failed
    values = {"unit": unit.title, "sent": sent, "total": total}
    if sent == total:
        messages.success(
            request, _("Đã gửi thư báo việc được giao cho «%(unit)s» (%(sent)s người).") % values
        )
    else:
        messages.warning(
            request,
            _(
                "Việc giao cho «%(unit)s» đã lưu, nhưng máy chủ thư chỉ nhận %(sent)s/%(total)s thư báo. "
                "Hãy báo cho đơn vị bằng cách khác."
            )
            % values,
        )
