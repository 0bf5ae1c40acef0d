"""The public 'Hỏi đáp – Góp ý' page: send, look up, read published answers (Điều 14)."""

from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from wagtail.models import Site

from search.folding import fold
from site_kb.models import paginate

from . import mail
from .forms import FeedbackForm, StatusForm
from .models import Feedback, FeedbackEvent

RATE_WINDOW_SECONDS = 3600


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def over_rate_limit(request, limit):
    """Counts this address's submissions in the shared cache; True once ``limit`` per hour is used."""
    key = f"feedback-rate:{client_address(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    return cache.incr(key) > limit


def serve_feedback_page(page, request):
    site = Site.find_for_request(request)
    site_root = site.root_page if site else None
    form = FeedbackForm(site_root=site_root)
    status_code = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES, site_root=site_root)
        if form.is_spam:
            # Robots get the usual confirmation and nothing is stored.
            return HttpResponseRedirect(page.url + "?da_gui=1")
        if over_rate_limit(request, page.rate_limit):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Bạn đã gửi nhiều lần trong một giờ. Vui lòng thử lại sau; nội dung bạn viết vẫn còn dưới đây."
                ),
            )
            status_code = 429
        elif form.is_valid():
            feedback = form.save()
            feedback.log(FeedbackEvent.Action.RECEIVED, note=_("Bạn đọc gửi qua website"))
            mail.send(feedback, "confirmation")
            request.session["feedback_sent"] = feedback.tracking_code
            return HttpResponseRedirect(page.url + "?da_gui=1")

    sent_code = request.session.pop("feedback_sent", None) if request.GET.get("da_gui") else None
    status_form = StatusForm(request.GET if "code" in request.GET else None)
    looked_up = None
    if status_form.is_bound and status_form.is_valid():
        looked_up = status_form.find()
        if looked_up is None:
            status_form.add_error(None, _("Không tìm thấy câu hỏi nào với mã và thư điện tử này."))

    answers = Feedback.objects.filter(is_published=True).order_by("-answered_at", "-received_at")
    answer_query = " ".join(request.GET.get("hoi", "").split())[:200]
    if answer_query:
        answers = answers.search(fold(answer_query), order_by_relevance=False)
    context = page.get_context(request)
    context.update(
        form=form,
        sent_code=sent_code,
        sent_feedback=Feedback.objects.filter(tracking_code=sent_code).first() if sent_code else None,
        status_form=status_form,
        looked_up=looked_up,
        answers=paginate(request, answers, page.answers_per_page),
        answer_query=answer_query,
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status_code)
    patch_cache_control(response, private=True, no_cache=True)
    return response
