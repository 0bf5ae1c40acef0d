"""Receiving comments on a draft (Điều 6.3): stored as sent, only while the window is open.

GET sends the reader back to the draft. A POST outside the comment window is refused
(403) and nothing is stored; a filled honeypot gets the usual confirmation and nothing is
stored; more than ``CONSULTATION_RATE_LIMIT`` stored comments an hour from one reader
address (read through the trusted-proxy setting, counted over stored comments:
site_kb.public_forms) get 429 with the text kept. A valid comment is stored before anything
else happens (the confirmation e-mail, a background task, may fail; the comment stays).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directives.models import DirectivePage
from site_kb.background import after_commit
from site_kb.clientip import client_ip
from site_kb.public_forms import limit_reached
from site_kb.sites import public_pages

from . import tasks
from .forms import CONFIRMATION_PARAM, DraftCommentForm
from .models import DraftComment

ANCHOR = "gop-y"


def confirmation_url(page, request):
    return f"{page.get_url(request)}?{CONFIRMATION_PARAM}=1#{ANCHOR}"


def private(response):
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response


def render(request, page, form, status, state="open", refused=False):
    """The draft's title, a link back to it and the form (kept as typed) or the refusal."""
    context = page.get_context(request)
    context.update(form=form, state=state, refused=refused, page_url=page.get_url(request))
    return private(TemplateResponse(request, "consultations/submit.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request, page_id):
    page = get_object_or_404(public_pages(DirectivePage.objects.live(), request), pk=page_id)
    if request.method != "POST":
        return private(HttpResponseRedirect(f"{page.get_url(request)}#{ANCHOR}"))

    form = DraftCommentForm(request.POST)
    state = page.consultation_state()
    if state != "open":
        # Nothing is stored; the text is shown back so the writer can keep it.
        return render(request, page, form, status=403, state=state, refused=True)

    if form.is_spam:
        # Robots get the usual confirmation and nothing is stored.
        return private(HttpResponseRedirect(confirmation_url(page, request)))

    if not form.is_valid():
        return render(request, page, form, status=200)

    address = client_ip(request) or None
    if limit_reached(
        DraftComment.objects,
        key_field="ip_address",
        key=address,
        time_field="submitted_at",
        limit=settings.CONSULTATION_RATE_LIMIT,
    ):
        form.add_error(
            None,
            _(
                "Địa chỉ mạng của bạn đã gửi nhiều góp ý trong một giờ. Vui lòng thử lại sau; "
                "nội dung bạn viết vẫn còn dưới đây."
            ),
        )
        return render(request, page, form, status=429)

    comment = form.save(commit=False)
    comment.page = page
    comment.ip_address = address
    comment.save()
    # The copy to the sender is a background task after the commit (issue 17.6).
    after_commit(tasks.send_confirmation, comment.pk, page.get_full_url(request))
    return private(HttpResponseRedirect(confirmation_url(page, request)))
