from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Biên tập và kiểm duyệt"

    def ready(self):
        from . import signals, uploads

        signals.connect_notifications()
        uploads.register()  # web-safe renditions of scans (Điều 11.4), admin thumbnails at upload
