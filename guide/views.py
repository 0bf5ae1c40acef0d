"""The guide in the admin (issue 15.5): its index with the reader's own role first, its pages,
and its pictures. Wagtail's admin URLs need an admin login (``register_admin_urls``)."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import pages

GUIDE_TITLE = _("Hướng dẫn sử dụng")


class GuideIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guide/index.html"
    page_title = GUIDE_TITLE
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": GUIDE_TITLE}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = pages.sections_for(self.request.user)
        context["intro"] = pages.index_intro()
        return context


class GuidePageView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guide/page.html"
    header_icon = "help"

    def dispatch(self, request, *args, name, **kwargs):
        self.guide_page = pages.load_page(name)
        if self.guide_page is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.guide_page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("guide:index"), "label": GUIDE_TITLE},
            {"url": "", "label": self.guide_page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guide_page"] = self.guide_page
        context["sections"] = [
            section
            for section in pages.sections_for(self.request.user)
            if any(name == self.guide_page.name for name, _title in section.entries)
        ]
        return context


def image(request, name):
    """A picture of the guide: only a file directly in docs/guide/images, by its plain name."""
    path = pages.image_path(name)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
