"""The authority's IT officer makes member sites from the admin (issue 16.4): one school by a form,
or many from a CSV file with each row's result (Circular 37/2020/TT-BGDĐT Art. 3, 9).

Only the authority's IT officer (and a superuser) may: making a unit creates a Site and user
accounts, which are the authority's to give (``UNIT_PERMISSIONS``). A school's own IT officer,
its principal and contact, and the board are refused with 403, on GET and on POST.
"""

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .csv_import import import_rows, summary
from .forms import UnitCsvForm, UnitForm
from .services import create_unit

# Making a unit makes a Site and accounts: both rights are the authority IT officer's
# (editorial.roles.IT_OFFICER_MODEL_RIGHTS), and no school group has them.
UNIT_PERMISSIONS = ("wagtailcore.add_site", "auth.add_user")


def can_create_units(user):
    return user.is_active and user.has_perms(UNIT_PERMISSIONS)


class UnitAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not can_create_units(request.user):
            # Answered here: Wagtail's admin turns a raised PermissionDenied into a redirect.
            return TemplateResponse(
                request,
                "units/forbidden.html",
                {"page_title": self.get_page_title(), "header_icon": self.header_icon},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=_("Đang tạo…"),
            create_url=reverse("units_admin:create"),
            import_url=reverse("units_admin:import"),
        )
        return context


class CreateUnitView(UnitAdminMixin, FormView):
    """One school: the form, then what was made (or why nothing was)."""

    page_title = _("Tạo trường thành viên")
    submit_button_label = _("Tạo trường thành viên")
    template_name = "units/create_unit.html"
    form_class = UnitForm
    success_url = reverse_lazy("units_admin:create")

    def form_valid(self, form):
        try:
            result = create_unit(**form.cleaned_data, user=self.request.user)
        except ValidationError as error:
            # Field errors on their fields; one about the install (no authority site, no "Trường
            # học" section) above the form: ``error_dict`` exists only on the first kind.
            by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for key, messages in by_field.items():
                form.add_error(key if key in form.fields else None, messages)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=self.get_form_class()(), result=result))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ImportUnitsView(UnitAdminMixin, FormView):
    """A CSV file: every row through ``create_unit`` in its own transaction, each row's result shown."""

    page_title = _("Tạo trường thành viên từ tệp CSV")
    submit_button_label = _("Tải lên và tạo")
    template_name = "units/import_units.html"
    form_class = UnitCsvForm

    def form_valid(self, form):
        results = import_rows(form.rows, user=self.request.user)
        context = self.get_context_data(
            form=self.get_form_class()(), results=results, counts=summary(results)
        )
        return TemplateResponse(self.request, self.get_template_names(), context)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def admin_urls():
    patterns = [
        path("tao/", CreateUnitView.as_view(), name="create"),
        path("tao-tu-csv/", ImportUnitsView.as_view(), name="import"),
    ]
    return [path("trang-thanh-vien/", include((patterns, "units_admin")))]
