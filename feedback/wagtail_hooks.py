"""Admin menu "Hỏi đáp – Góp ý" (list and extra days off) and the dashboard panel (Điều 14).

Built with Wagtail's own ``ModelViewSet``, not the legacy ``wagtail-modeladmin`` package:
the viewset is part of Wagtail, gives a queryset per request (a school sees only what is
assigned to it), django-filter filters and a form per user; details in ``admin_views.py``.
"""

from wagtail import hooks

from .admin_views import FeedbackDeadlinesPanel, FeedbackViewSetGroup, can_see_feedback


@hooks.register("register_admin_viewset")
def register_feedback_viewsets():
    return FeedbackViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_feedback_deadlines_panel(request, panels):
    if can_see_feedback(request.user):
        panels.append(FeedbackDeadlinesPanel())
