"""The public 'Hỏi đáp – Góp ý' page: send, look up, read published answers (Điều 14).

Điều 14 promises every reader an answer, so a question that reaches the server is never
turned away or lost:

- Over the hourly limit per address (counted in the database over what was actually stored,
  so every worker and server sees the same count) a question is stored *held* instead of
  refused: robots flooding from an address cannot silence a real reader who shares it.
- A dropped database connection is retried once; if the database is still away, nothing is
  half-stored and the reader is told to send again with the text kept.
- The confirmation e-mail, and the notice to a school whose own page received the question, are
  background tasks queued after the commit (feedback.tasks, issue 17.6): a silent mail server
  costs the task worker EMAIL_TIMEOUT, not the reader, and any failure is marked for retry.
"""

import logging
import re
import unicodedata

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from wagtail.models import Site

from site_kb.clientip import client_ip
from site_kb.folding import fold
from site_kb.models import paginate
from site_kb.public_forms import limit_reached, sender_key
from site_kb.unicode import nfc

from . import mail, tasks, workdays
from .forms import FeedbackForm, StatusForm
from .records import SENDER_KEY_PURPOSE, Feedback, FeedbackEvent, Status

logger = logging.getLogger(__name__)

ANSWER_QUERY_MAX_CHARS = 200
SCHOOL_ANSWER_MATCHES = 500
WORD_RE = re.compile(r"\w+")
RETRYABLE_DATABASE_ERRORS = (OperationalError, InterfaceError)


def _discard_attachment(feedback):
    if feedback.attachment and feedback.attachment._committed:
        try:
            feedback.attachment.storage.delete(feedback.attachment.name)
        except OSError:
            # Not the file's name: readers name files after themselves ("CV_Nguyen_Van_A.pdf").
            logger.warning("Feedback %s: could not remove its attachment", feedback.tracking_code)


def store_submission(form, key, limit, unit=None):
    """Save the reader's question atomically; held when ``key`` already stored ``limit`` this hour.

    A question sent on a school's own page (``unit``: the school, FeedbackPage.routed_unit) is
    the school's to answer: it is assigned to it at once, so it reaches the school's queue
    without waiting for the IT officer (Circular 37/2020/TT-BGDĐT Art. 9). A held one waits for
    the IT officer's check first, with the school as its concerned unit.

    One retry after a dropped connection (database restart, failover). The tracking code is
    chosen before the first attempt, so a retry finds the row if the first commit did land:
    the question is stored once either way. Raises DatabaseError when both attempts fail,
    with nothing left behind (not even the attachment file).
    """
    feedback = form.instance
    feedback.sender_key = key
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                if attempt == 2:
                    stored = Feedback.objects.filter(tracking_code=feedback.tracking_code).first()
                    if stored is not None:
                        return stored
                held = limit_reached(
                    Feedback.objects, key_field="sender_key", key=key, time_field="received_at", limit=limit
                )
                if held:
                    feedback.status = Status.HELD
                else:
                    feedback.status = Status.NEW if unit is None else Status.ASSIGNED
                if unit is not None and feedback.concerned_unit_id is None:
                    feedback.concerned_unit = unit
                # Marked before the send: if the worker dies mid-send, the retry command still sends it.
                feedback.mail_pending = "confirmation" if feedback.email and not held else ""
                form.save()
                if held:
                    feedback.log(
                        FeedbackEvent.Action.HELD,
                        note=_("Vượt giới hạn %(limit)s lần gửi mỗi giờ từ một địa chỉ") % {"limit": limit},
                    )
                else:
                    feedback.log(FeedbackEvent.Action.RECEIVED, note=_("Bạn đọc gửi qua website"))
                    if unit is not None:
                        feedback.assigned_to.add(unit)
                        feedback.log(
                            FeedbackEvent.Action.ASSIGNED,
                            note=_("Gửi qua trang Hỏi đáp – Góp ý của %(unit)s") % {"unit": unit.title[:200]},
                        )
            return feedback
        except RETRYABLE_DATABASE_ERRORS:
            logger.warning(
                "Feedback: database connection lost while storing (attempt %s)", attempt, exc_info=True
            )
            feedback.pk = None
            feedback._state.adding = True
            if attempt == 2:
                _discard_attachment(feedback)
                raise
            if not connection.in_atomic_block:
                try:
                    connection.close()  # the next query opens a fresh connection
                except DatabaseError:
                    pass
    raise AssertionError("unreachable")


def forget_old_senders():
    try:
        Feedback.objects.forget_senders()
    except DatabaseError:
        logger.warning("Feedback: could not clear old sender keys", exc_info=True)


def answer_words(raw):
    """(query to show, folded words to search): control characters and punctuation never reach
    the search backend (FTS5 syntax, NUL bytes PostgreSQL refuses), marks alone find nothing."""
    shown = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in nfc(raw or ""))
    shown = " ".join(shown.split())[:ANSWER_QUERY_MAX_CHARS]
    return shown, WORD_RE.findall(fold(shown))


def feedback_form(request, data=None, files=None, unit=None):
    """The question form, its units and schools those of the request's site, or of ``unit`` (a
    school's own page: the school and its units)."""
    if unit is not None:
        return FeedbackForm(data, files, site_root=unit, initial={"concerned_unit": unit.pk})
    site = Site.find_for_request(request)
    return FeedbackForm(data, files, site_root=site.root_page if site else None)


def receive_question(page, request, unit=None):
    """A reader's POST to the page: a redirect once stored (or for a robot), else the bound form
    to show again with the status code (200 with its errors, 503 when nothing could be stored).
    ``unit``: the school whose page this is, which the question is assigned to."""
    form = feedback_form(request, request.POST, request.FILES, unit=unit)
    if form.is_spam:
        # Robots get the usual confirmation and nothing is stored.
        return HttpResponseRedirect(page.url + "?da_gui=1"), form, 302
    if not form.is_valid():
        return None, form, 200
    try:
        feedback = store_submission(
            form, sender_key(client_ip(request), SENDER_KEY_PURPOSE), page.rate_limit, unit=unit
        )
    except DatabaseError:
        logger.exception("Feedback: not stored, the database is unavailable")
        form.add_error(
            None,
            _(
                "Hệ thống đang gián đoạn nên câu hỏi của bạn CHƯA được lưu. Nội dung bạn viết vẫn còn dưới đây: hãy gửi lại sau ít phút (tệp đính kèm, nếu có, cần chọn lại)."
            ),
        )
        return None, form, 503
    forget_old_senders()
    request.session["feedback_sent"] = feedback.tracking_code
    if feedback.mail_pending == "confirmation":
        tasks.queue_reader_mail(feedback, "confirmation")
    if unit is not None and feedback.status == Status.ASSIGNED:
        tasks.queue_school_question_notices(request, feedback, unit)
    return HttpResponseRedirect(page.url + "?da_gui=1"), form, 302


TRACKING_CODE_SHAPE = re.compile(r"[A-Za-z0-9-]{1,12}")
LOOKUP_FIELD = "tra_cuu"  # the status lookup's posts carry it (the question form's do not)


def reader_context(page, request, form=None, lookup_data=None, unit=None):
    """What the page shows a reader: the form, the code just sent, a status lookup (``lookup_data``:
    the posted lookup), the answers (on a school's page, ``unit``, the answers the school gave)."""
    sent_code = request.session.pop("feedback_sent", None) if request.GET.get("da_gui") else None
    sent_feedback = Feedback.objects.filter(tracking_code=sent_code).first() if sent_code else None
    # The code just given is filled in, ready for the reader to check on later from this page; an
    # older link with ?code= fills in the code only (the contact is never read from an address).
    code = sent_code or request.GET.get("code", "")
    code = code if TRACKING_CODE_SHAPE.fullmatch(code) else ""
    status_form = StatusForm(lookup_data, initial={"code": code} if code else None)
    looked_up = None
    if status_form.is_bound and status_form.is_valid():
        looked_up = status_form.find()
        if looked_up is None:
            # One message whatever was wrong (the code, the e-mail or the phone): it tells nothing
            # about which codes exist.
            status_form.add_error(
                None,
                _(
                    "Không tìm thấy câu hỏi nào với mã tra cứu và thư điện tử hoặc số điện thoại này. "
                    "Hãy kiểm tra lại mã và thông tin liên hệ bạn đã để lại khi gửi."
                ),
            )

    published = Feedback.objects.filter(is_published=True).order_by("-answered_at", "-received_at")
    answers = published
    if unit is not None:
        answers = published.filter(
            pk__in=Feedback.assigned_to.through.objects.filter(page=unit).values("feedback")
        )
    answer_query, words = answer_words(request.GET.get("hoi", ""))
    if answer_query and not words:
        answers = answers.none()
    elif answer_query:
        found = published.search(" ".join(words), order_by_relevance=False)
        if unit is None:
            answers = found
        else:
            # The search backend filters only on indexed fields (not the assigned units): the
            # school's own answers among those found, at most SCHOOL_ANSWER_MATCHES of them.
            answers = answers.filter(pk__in=[item.pk for item in found[:SCHOOL_ANSWER_MATCHES]])
    return {
        "form": form or feedback_form(request, unit=unit),
        "sent_code": sent_code,
        "sent_feedback": sent_feedback,
        "mail_state": mail.confirmation_state(sent_feedback) if sent_feedback else None,
        "status_form": status_form,
        "looked_up": looked_up,
        "answers": paginate(request, answers, page.answers_per_page),
        "answer_query": answer_query,
        "answer_days": workdays.answer_days(),
        "complex_days": workdays.answer_days(is_complex=True),
    }
