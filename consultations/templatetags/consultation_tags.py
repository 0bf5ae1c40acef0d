"""``{% consultation_form page %}``: the comment form of a draft (Điều 6.3) on its own page.

The directive template includes it after the draft's text::

    {% load consultation_tags %}
    {% consultation_form page %}

Open window: the form (posting to ``consultations:submit``); before it opens or after it
closes: when; not a draft for comment: nothing. ``?da_gop_y=1`` shows the confirmation.
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse

from ..forms import CONFIRMATION_PARAM, DraftCommentForm

register = template.Library()


@register.inclusion_tag("consultations/form.html", takes_context=True)
def consultation_form(context, page, form=None):
    state = page.consultation_state() if hasattr(page, "consultation_state") else None
    if state is None:
        return {"state": None}
    request = context.get("request")
    csrf_token = context.get("csrf_token")
    if csrf_token is None and request is not None:
        csrf_token = get_token(request)
    return {
        "page": page,
        "state": state,
        "form": form if form is not None else DraftCommentForm(),
        "action": reverse("consultations:submit", args=[page.pk]),
        "confirmed": request is not None and request.GET.get(CONFIRMATION_PARAM) == "1",
        "csrf_token": csrf_token,
    }
