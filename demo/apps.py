from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Kim Bảng demo site (``manage.py seed_demo``): installed by the dev and test settings only."""

    name = "demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
