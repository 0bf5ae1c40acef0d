from django.apps import AppConfig


class UnitsConfig(AppConfig):
    """Member sites (Circular 37/2020/TT-BGDĐT Art. 3, 9): one install for an education authority
    and its schools, each school a Wagtail Site on its own address."""

    name = "units"
    verbose_name = "Trang thành viên"
