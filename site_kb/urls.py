from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from editorial import views as editorial_views
from search import views as search_views

from . import health, serve, site_map, sitemaps

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("healthz/", health.healthz, name="healthz"),  # the load balancer's probe (docs/operations.md)
    # Wagtail's page workflow addresses, answered by views that act only on the step the page
    # in the address waits at (editorial.views); they must come before Wagtail's admin URLs.
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        editorial_views.workflow_action,
    ),
    path(
        "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        editorial_views.collect_workflow_action_data,
    ),
    path("admin/pages/workflow/preview/<int:page_id>/<int:task_id>/", editorial_views.workflow_preview),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", search_views.search, name="search"),
    path("so-do-trang/", site_map.site_map, name="site_map"),
    path("xem-truoc/", include("previews.urls")),
    path("gop-y-du-thao/", include("consultations.urls")),
    # One sitemap index per Site, of pages listing the pages whose address is on it (site_kb.sitemaps).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's own addresses, its page view routed without reading the Site's root page again
# (site_kb.serve.serve: the same pattern, name and hooks as wagtail.views.serve).
urlpatterns += [pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"]
urlpatterns += [re_path(serve_pattern, serve.serve, name="wagtail_serve")]
