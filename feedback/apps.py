from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Hỏi đáp – Góp ý"

    def ready(self):
        from . import signals  # noqa: F401 (days off move the deadlines)
