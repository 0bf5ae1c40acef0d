"""Public preview addresses, mounted at /xem-truoc/ by site_kb/urls.py."""

from django.urls import path

from . import views

app_name = "previews"

urlpatterns = [
    path("<slug:token>/", views.shared, name="shared"),
]
