"""site_kb.urlparams: old English filter values become Vietnamese ones, other parameters kept."""

from django.test import RequestFactory, SimpleTestCase

from site_kb.urlparams import PublicParam, legacy_redirect

STATUS = PublicParam("hieu_luc", {"in-force": "con-hieu-luc", "expired": "het-hieu-luc"})
KIND = PublicParam(
    "loai", {"office": "hoat-dong-phong"}, legacy_names=("category",), legacy_values={"old": "office"}
)
DATE = PublicParam("tu_ngay", {}, legacy_names=("date_from",))


class LegacyRedirectTests(SimpleTestCase):
    def redirect(self, path):
        return legacy_redirect(RequestFactory().get(path), (STATUS, KIND, DATE))

    def test_old_names_and_values_become_vietnamese_in_place(self):
        self.assertEqual(
            self.redirect("/van-ban/?q=a&hieu_luc=in-force&page=2"),
            "/van-ban/?q=a&hieu_luc=con-hieu-luc&page=2",
        )
        self.assertEqual(self.redirect("/tin-tuc/?category=office"), "/tin-tuc/?loai=hoat-dong-phong")
        self.assertEqual(self.redirect("/tin-tuc/?category=old"), "/tin-tuc/?loai=hoat-dong-phong")
        self.assertEqual(
            self.redirect("/tin-tuc/?category=khong-co"), "/tin-tuc/?loai=khong-co"
        )  # the form says
        self.assertEqual(self.redirect("/tim-kiem/?date_from=2026-01-01"), "/tim-kiem/?tu_ngay=2026-01-01")

    def test_vietnamese_or_unknown_values_are_left_alone(self):
        for path in (
            "/van-ban/?hieu_luc=con-hieu-luc",
            "/van-ban/?hieu_luc=xyz",
            "/tin-tuc/",
            "/tin-tuc/?page=2",
        ):
            with self.subTest(path):
                self.assertIsNone(self.redirect(path))

    def test_the_redirect_stays_on_the_site(self):
        request = RequestFactory().get("/van-ban/?hieu_luc=expired")
        request.path = "//evil.example/van-ban/"  # a path a browser would read as another host
        self.assertEqual(legacy_redirect(request, (STATUS,)), "/evil.example/van-ban/?hieu_luc=het-hieu-luc")
        self.assertEqual(
            self.redirect("/tin-tuc/?category=office%0d%0aX-Injected:%201"),
            "/tin-tuc/?loai=office%0D%0AX-Injected%3A+1",
        )
        self.assertEqual(STATUS.choices([("in-force", "Còn"), ("other", "Khác")]), [("con-hieu-luc", "Còn")])
