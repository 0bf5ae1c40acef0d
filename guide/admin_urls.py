"""Admin addresses under /admin/huong-dan/, registered by wagtail_hooks (admin login required)."""

from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.GuideIndexView.as_view(), name="index"),
    path("anh/<str:name>", views.image, name="image"),
    path("<str:name>/", views.GuidePageView.as_view(), name="page"),
]
