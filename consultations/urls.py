"""Included by site_kb/urls.py as ``path("gop-y-du-thao/", include("consultations.urls"))``."""

from django.urls import path, register_converter

from .views import submit


class PageIdConverter:
    """A page id the database can hold: a larger number (SQLite cannot even bind it) is no match,
    so the reader gets the 404 page rather than a server error."""

    regex = "[0-9]{1,19}"
    MAX = 2**63 - 1  # BigAutoField on PostgreSQL and SQLite

    def to_python(self, value):
        number = int(value)
        if number > self.MAX:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)


register_converter(PageIdConverter, "page_id")

app_name = "consultations"

urlpatterns = [
    path("<page_id:page_id>/", submit, name="submit"),
]
