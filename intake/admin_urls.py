from django.urls import path

from .views import WordImportView

app_name = "intake"
urlpatterns = [path("word/", WordImportView.as_view(), name="word_import")]
