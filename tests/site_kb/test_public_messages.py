"""Public forms speak proper Vietnamese (issue 15.12): a malformed e-mail address is explained,
not answered with Django's "Nhập địa chỉ email."."""

from django import forms
from django.test import SimpleTestCase
from django.utils import translation

from site_kb.public_forms import PublicFormMixin


class ReaderForm(PublicFormMixin, forms.Form):
    email = forms.EmailField()
    kind = forms.ChoiceField(choices=[("tin-bai", "Tin bài")], required=False)
    name = forms.CharField(error_messages={"required": "Hãy cho biết họ tên."})


class PublicMessageTests(SimpleTestCase):
    def test_a_malformed_email_gets_a_vietnamese_explanation(self):
        with translation.override("vi"):
            form = ReaderForm({"email": "lan@@gmail"})
            self.assertFalse(form.is_valid())
            self.assertEqual(
                form.errors["email"], ["Địa chỉ thư điện tử chưa đúng. Ví dụ đúng: ten@gmail.com."]
            )
            self.assertNotIn("Nhập địa chỉ email.", form.as_div())
            self.assertTrue(ReaderForm({"email": "lan@gmail.com", "name": "Lan"}).is_valid())

    def test_django_messages_left_english_or_ambiguous_are_replaced(self):
        with translation.override("vi"):
            form = ReaderForm({"kind": "khong-co"})
            self.assertFalse(form.is_valid())
            self.assertEqual(form.errors["kind"], ["Giá trị này không có trong danh sách, hãy chọn lại."])
            self.assertEqual(form.errors["email"], ["Mục này không được để trống."])
            self.assertEqual(form.errors["name"], ["Hãy cho biết họ tên."])  # a form's own message stays
