from django import forms

from wagtail.admin.panels import Panel


class HiddenFieldPanel(Panel):
    """A model field carried through the editor as a hidden input: no label, nothing to fill in.

    Used for each entry's ``uid``, so an entry keeps its identity through every draft even when
    Wagtail gives it a new database id on publishing.
    """

    def __init__(self, field_name, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field_name

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["field_name"] = self.field_name
        return kwargs

    def get_form_options(self):
        return {"fields": [self.field_name], "widgets": {self.field_name: forms.HiddenInput()}}

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            return str(self.form[self.panel.field_name])
