"""Directive documents keep their number in the official form (Điều 6)."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from directives.models import DirectivePage, DocumentKind, IssuingBody

pytestmark = pytest.mark.django_db


def directive(number):
    return DirectivePage(
        title="Kế hoạch thử",
        slug="ke-hoach-thu",
        number=number,
        doc_type=DocumentKind.coded("ke-hoach"),
        issuing_body=IssuingBody.named("Phòng GD&ĐT"),
        signed_date=datetime.date(2025, 9, 1),
        summary="Về việc thử.",
    )


@pytest.mark.parametrize("number", ["33/QĐ-GDĐT", "05/2020/TT-BGDĐT", "1234/SGDĐT-GDTrH", "12/KH-UBND"])
def test_official_numbers_are_accepted(number):
    page = directive(number)
    page.clean()
    assert page.number == number


@pytest.mark.parametrize("number", ["QĐ-33", "33 QĐ GDĐT", "33/", "abc/QĐ"])
def test_malformed_numbers_get_a_vietnamese_message(number):
    page = directive(number)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Số, ký hiệu chưa đúng dạng" in str(error.value.message_dict["number"])


def test_spaces_in_a_number_are_tidied():
    page = directive("  33/QĐ-GDĐT ")
    page.clean()
    assert page.number == "33/QĐ-GDĐT"
