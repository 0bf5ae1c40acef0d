from django.urls import path

from . import views

app_name = "accounts_two_factor"
urlpatterns = [
    path("", views.enrol, name="enrol"),
    path("ma-xac-thuc/", views.verify, name="verify"),
    path("ma-du-phong/", views.recovery_codes, name="recovery_codes"),
    path("ma-du-phong/tao-lai/", views.regenerate_codes, name="regenerate_codes"),
    path("tat/", views.remove, name="remove"),
    path("dat-lai/<int:user_id>/", views.reset, name="reset"),
]
