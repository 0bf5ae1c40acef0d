from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Biên tập và kiểm duyệt"

    def ready(self):
        from . import signals

        signals.connect_notifications()
