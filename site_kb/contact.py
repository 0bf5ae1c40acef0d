"""The contact fields every contact on the site records, declared once (issue 13.2): the
office (OrganisationSettings), its units and their leaders (org), schools, contributors.

Abstract: each model keeps its own columns, with the names, types and lengths they always had,
so no migration touches the data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneEmailFields(models.Model):
    """How to reach a person or a body: telephone and e-mail, both optional."""

    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        abstract = True


class ContactFields(PhoneEmailFields):
    """How to reach a body with premises (the office, a unit, a school): address, phone, e-mail."""

    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)

    class Meta:
        abstract = True
