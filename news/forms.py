"""The admin form of a news article: a school's news is filed under its school's level (Điều 7)."""

from django.utils.translation import gettext_lazy as _

from site_kb.forms import NFCAdminPageForm


class NewsPageForm(NFCAdminPageForm):
    """Locks "loại tin" to the school's level when the article sits in a school's section; the
    text is normalised to NFC first like every page's (site_kb.forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("category")
        if field is None or self.parent_page is None:
            return
        category = getattr(self.parent_page.specific, "news_category", None)  # e.g. SchoolPage's
        if category is not None:
            self.initial["category"] = category
            field.disabled = True
            field.help_text = _("Tin của trường được xếp theo cấp học của trường, không chọn được loại khác.")
