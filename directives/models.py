"""Directive documents (Điều 6): the registry page, ``DirectiveIndexPage``, listing the
documents beneath it with the registry's filters.

The documents and their registers are in ``directives.documents`` and are importable from here
too, as Django expects of a models module; the filters (``directives.forms``) need those but not
this module, so the page imports them without a cycle."""

from django.utils.translation import gettext_lazy as _

from site_kb.cache_tags import tag_listing
from site_kb.models import paginate
from site_kb.pages import SectionIndexPage

from .documents import (  # noqa: F401 - the app's models and helpers, importable from directives.models
    DOCUMENT_NUMBER_RE,
    STANDARD_KINDS,
    DirectiveAttachment,
    DirectivePage,
    DocumentGroup,
    DocumentKind,
    DocumentStatus,
    DocumentSubject,
    IssuingBody,
    can_export_registry,
    directive_listing,
    search_registry,
)
from .forms import GROUP_PARAM, ISSUER_PARAM, STATUS_PARAM, SUBJECT_PARAM, PublicRegistryFilterSet


class DirectiveIndexPage(SectionIndexPage):
    """The list of directive documents, newest signed first, filterable by type and year."""

    # A school's site has its own documents too (Circular 37/2020/TT-BGDĐT Art. 9).
    parent_page_types = ["home.HomePage", "schools.SchoolPage"]
    subpage_types = ["directives.DirectivePage"]
    # One registry per site or school: with every Art. 9 section in place, a school's "add child page"
    # goes straight to a news article (units.art9) instead of a list of page types.
    max_count_per_parent = 1
    # Old links' English or numeric filter values redirect to the Vietnamese ones (site_kb.urlparams).
    public_params = (STATUS_PARAM, GROUP_PARAM, ISSUER_PARAM, SUBJECT_PARAM)

    per_page = 20
    site_map_lists_children = False  # its documents are listed here, not in Sơ đồ trang

    class Meta:
        verbose_name = _("danh mục văn bản")
        verbose_name_plural = _("danh mục văn bản")

    def registry(self, request):
        """(form, documents) for the request's filters; an exact document number wins outright."""
        tag_listing(request, self, DirectivePage)  # the response showing it (issue 17)
        documents = directive_listing(DirectivePage.objects.child_of(self))
        filters = PublicRegistryFilterSet(request.GET or None, queryset=documents, request=request)
        if not filters.is_bound or not filters.is_valid():
            return filters.form, documents
        return filters.form, filters.qs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, documents = self.registry(request)
        context["filter_form"] = form
        context["documents"] = paginate(request, documents, self.per_page)
        context["can_export"] = can_export_registry(request.user)
        return context
