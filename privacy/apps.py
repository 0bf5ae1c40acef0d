from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Dữ liệu cá nhân của bạn đọc"
    default_auto_field = "django.db.models.BigAutoField"
