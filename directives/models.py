"""Directive documents (Điều 6): the registry page, ``DirectiveIndexPage``, listing the
documents beneath it with the registry's filters.

The documents and their registers are in ``directives.documents`` and are importable from here
too, as Django expects of a models module; the filters (``directives.forms``) need those but not
this module, so the page imports them without a cycle."""

from django.utils.translation import gettext_lazy as _

from site_kb.cache_tags import listing_tag, tag_listing
from site_kb.fragment_cache import is_candidate
from site_kb.models import paginate
from site_kb.page_cache import kept
from site_kb.pages import SectionIndexPage

from .documents import (  # noqa: F401 - the app's models and helpers, importable from directives.models
    DIRECTIVE_ORDER,
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
    newest_directives,
    search_registry,
)
from .forms import (
    GROUP_PARAM,
    ISSUER_PARAM,
    REGISTER_TAGS,
    STATUS_PARAM,
    SUBJECT_PARAM,
    PublicRegistryFilterSet,
    registry_choices,
)

REGISTRY_CHOICES_PREFIX = "site_kb:registry-choices:v1:"


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
        choices, tags = self.filter_choices(request, documents)
        filters = PublicRegistryFilterSet(
            request.GET or None, queryset=documents, request=request, choices=choices
        )
        filters.form.option_tags = tags  # its fields kept with them ({% form_fields %})
        if not filters.is_bound or not filters.is_valid():
            return filters.form, documents
        return filters.form, filters.qs

    def filter_choices(self, request, documents):
        """The filters' kinds, issuing bodies and subjects for an anonymous reader from the shared
        cache (issue 17: a third of the registry's rendering), as the chrome is kept
        (site_kb.fragment_cache.is_candidate): purged when a document beneath this registry joins,
        leaves or changes its listing fields (``l<path>-directivepage``) or a register changes.
        ``(choices, their cache tags)``; ``(None, ())`` for anyone else: the filter set reads them."""
        if not is_candidate(request):
            return None, ()

        def build():
            return registry_choices(documents), [listing_tag(self, DirectivePage), *REGISTER_TAGS]

        return kept(f"{REGISTRY_CHOICES_PREFIX}{self.pk}", build)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, documents = self.registry(request)
        context["filter_form"] = form
        context["documents"] = paginate(request, documents, self.per_page)
        context["can_export"] = can_export_registry(request.user)
        return context
