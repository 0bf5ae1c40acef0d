"""Included by site_kb/urls.py as ``path("gop-y-du-thao/", include("consultations.urls"))``."""

from django.urls import path

from .views import submit

app_name = "consultations"

urlpatterns = [
    path("<int:page_id>/", submit, name="submit"),
]
