"""Admin addresses under /admin/previews/, registered by wagtail_hooks (admin login required there)."""

from django.urls import path

from . import admin_views

app_name = "previews_admin"

urlpatterns = [
    path("drafts/", admin_views.drafts, name="drafts"),
    path("drafts/results/", admin_views.drafts_results, name="drafts_results"),
    path("drafts/<int:page_id>/", admin_views.draft_preview, name="draft_preview"),
    path("drafts/<int:page_id>/link/", admin_views.create_link, name="create_link"),
]
