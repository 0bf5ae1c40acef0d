"""Site search for readers: one box over every live, public page."""

from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site

from site_kb.models import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    search_query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    promotions = []
    if search_query:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public().specific()
        if site:
            pages = pages.in_site(site)
        results = pages.search(search_query)
        query = Query.get(search_query)
        query.add_hit()
        promotions = list(query.editors_picks.filter(page__live=True).select_related("page"))
    else:
        results = Page.objects.none()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": search_query,
            "search_results": paginate(request, results, 10),
            "promotions": promotions,
        },
    )
