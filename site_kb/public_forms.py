"""What every form a reader fills in shares: readers' questions (Điều 14) and comments on drafts
(Điều 6.3); any later public form builds on the same parts.

- ``PublicFormMixin``: text in NFC before validation (site_kb.forms) and every field drawn by
  one template (``components/forms/field.html``): label with the required mark, help text and
  errors tied to the input for screen readers. ``HoneypotMixin``: spam caught without a CAPTCHA.
- ``limit_reached``: the per-reader hourly limit, counted over what was *stored*, so typing
  mistakes and robots caught by the honeypot never count, and every worker and server sees one
  count. The reader is named by ``site_kb.clientip.client_ip`` (trusted proxies only).
- ``sender_key``: a keyed hash of that address, for forms that must not keep the address itself
  (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).
- ``send_reader_mail``: one plain-text e-mail to a reader; a failing mail server is logged and
  reported, never raised, because the submission is always stored first. ``mail_error_text``
  names a failure without the address (an SMTPRecipientsRefused's repr holds it).
- ``PrivacyNotice`` and ``ConsentMixin``: what a form tells a reader before it takes personal data,
  and the reader's explicit consent, recorded with the notice's version (Luật 91/2025/QH15).
"""

import datetime
import ipaddress
import logging
import smtplib
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .forms import NFCFormMixin
from .shared_choices import SharedChoices, leading_markup

logger = logging.getLogger(__name__)

INVALID_EMAIL = _("Địa chỉ thư điện tử chưa đúng. Ví dụ đúng: ten@gmail.com.")
INVALID_CHOICE = _("Giá trị này không có trong danh sách, hãy chọn lại.")
REQUIRED = _("Mục này không được để trống.")
DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
# How far back the per-reader limit looks; the readers' messages say "trong một giờ".
RATE_WINDOW = datetime.timedelta(hours=1)
SUBJECT_MAX_CHARS = 200


class PublicFormRenderer(DjangoTemplates):
    """Django's renderer with the site's field markup (``{{ field.as_field_group }}``)."""

    field_template_name = "components/forms/field.html"


class PublicFormMixin(NFCFormMixin):
    """Base of every form readers see, first among the bases: ``class MyForm(PublicFormMixin,
    forms.Form)``. Templates draw each field with ``{{ field.as_field_group }}``."""

    default_renderer = PublicFormRenderer()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                # Django's Vietnamese catalog says only "Nhập địa chỉ email." for a malformed one.
                field.error_messages["invalid"] = INVALID_EMAIL
            if "invalid_choice" in field.error_messages:
                # Untranslated in Django's Vietnamese catalog: readers saw "Select a valid choice…".
                field.error_messages["invalid_choice"] = INVALID_CHOICE
            if str(field.error_messages.get("required")) == str(DJANGO_REQUIRED):
                # "Trường này là bắt buộc." reads as "this school is required" on a school site.
                field.error_messages["required"] = REQUIRED

    # The cache tags of choices a view gave the form from the shared cache (a registry's filters).
    option_tags = ()

    def shared_tags(self):
        """The cache tags of the shared lists (site_kb.shared_choices) the form's fields show, and of
        the choices a view gave it (``option_tags``): what its kept markup must be purged with
        (``{% form_fields %}``)."""
        tags = set(self.option_tags)
        for field in self.fields.values():
            choices = getattr(field.widget, "choices", None)
            if isinstance(choices, SharedChoices):
                tags.update(choices.options.tags)
        return sorted(tags)


class LongSelect(forms.Select):
    """A select whose options are written here, not each through Django's option template: an
    authority's list of a thousand schools (the reader's "đơn vị liên quan", the search's school
    filter) took 0.9 s a page that way (bench/run, issue 17). Same markup as Django's
    ``select.html`` and ``select_option.html``.

    Given ``SharedChoices`` (site_kb.shared_choices: the list built once for every request), the
    options are not even written: the kept markup is used, with the selected one marked."""

    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(self.choices, SharedChoices):
            return self.render_shared(name, value, attrs)
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                "<option{}{}>{}</option>",
                (
                    (
                        format_html(' value="{}"', option["value"]),
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )

    def render_shared(self, name, value, attrs):
        """The same markup from ``SharedChoices``: the field's own leading options, then the kept
        ones; the attributes are those ``get_context`` gives (``build_attrs``, ``multiple``)."""
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = self.format_value(value)
        leading, selected = leading_markup(self.choices.leading, values)
        if selected and not self.allow_multiple_selected:
            shared = self.choices.options.html
        else:
            shared = self.choices.options.markup(values, multiple=self.allow_multiple_selected)
        return format_html('<select name="{}"{}>{}{}</select>', name, flatatt(attrs), leading, shared)


class HoneypotMixin(forms.Form):
    """A field people never see: only robots fill it in (spam protection without a CAPTCHA).

    Views answer a filled one with the usual confirmation and store nothing (``is_spam``).
    """

    website = forms.CharField(
        required=False, label=_("Để trống ô này"), template_name="components/forms/honeypot.html"
    )

    @property
    def is_spam(self):
        return bool(self.data.get("website"))


@dataclass(frozen=True)
class PrivacyNotice:
    """What a reader is told before giving personal data (Luật 91/2025/QH15: the purpose, who
    processes it, how long it is kept). Change the text, change ``version``: each stored item
    records the version the reader agreed to."""

    version: str
    purpose: str
    recipients: str
    retention: str  # "%(months)s" is the retention setting

    def retention_text(self):
        return self.retention % {"months": settings.PERSONAL_DATA_RETENTION_MONTHS}


class ConsentMixin(forms.Form):
    """The reader's explicit consent to the form's ``notice`` (a PrivacyNotice): a required box,
    unticked by default, drawn with the notice beside it; a ModelForm's saved instance gets
    ``consent_at`` and ``consent_version`` (Luật 91/2025/QH15: consent is shown, not presumed)."""

    notice = None  # set by each form

    consent = forms.BooleanField(
        label=_("Tôi đã đọc thông báo trên và đồng ý cho cơ quan xử lý thông tin cá nhân của tôi."),
        error_messages={
            "required": _(
                "Hãy đánh dấu ô đồng ý: không có sự đồng ý của bạn, chúng tôi không được lưu thông tin bạn gửi."
            )
        },
        template_name="components/forms/consent.html",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].widget.attrs["aria-describedby"] = f"{self['consent'].auto_id}_notice"

    def save(self, commit=True):
        self.instance.consent_at = timezone.now()
        self.instance.consent_version = self.notice.version
        return super().save(commit)


def sender_key(address, purpose):
    """A keyed hash of the reader's address (its /64 for IPv6, which one household holds whole),
    different for each ``purpose``; "" when the address is unknown."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    bucket = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return salted_hmac(purpose, bucket).hexdigest()[:32]


def stored_recently(queryset, *, key_field, key, time_field, now=None):
    """The rows ``key`` stored within the limit's window."""
    since = (now or timezone.now()) - RATE_WINDOW
    return queryset.filter(**{key_field: key, f"{time_field}__gte": since})


def limit_reached(queryset, *, key_field, key, time_field, limit, now=None):
    """True once ``key`` has ``limit`` rows stored within the window; never for an unknown reader
    (a Unix-socket peer without proxies), whom no bucket could tell apart."""
    if not key:
        return False
    return (
        stored_recently(queryset, key_field=key_field, key=key, time_field=time_field, now=now).count()
        >= limit
    )


def header_text(text, limit=SUBJECT_MAX_CHARS):
    """One line without control, format or separator characters: nothing a reader types can
    add a header (CR/LF) or make Django refuse the message (BadHeaderError)."""
    kept = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"} else char
        for char in str(text)
    )
    return " ".join(kept.split())[:limit]


def send_reader_mail(subject_template, body_template, context, recipient, what):
    """Send one plain-text e-mail to a reader; None when sent, else the error (already logged).

    The templates turn autoescaping off (a reader named "D'Arc" is not greeted as "D&#x27;Arc");
    the subject is reduced to one safe line. Any failure at all (refused, timed out, a bad
    template) is caught: the caller has stored the submission and decides what to record.
    """
    try:
        subject = header_text(render_to_string(subject_template, context))
        send_mail(subject, render_to_string(body_template, context), None, [recipient])
    except Exception as error:  # the submission is stored; the caller records the failure
        logger.warning("%s: e-mail to the reader failed: %s", what, mail_error_text(error))
        return error
    return None


def mail_error_text(error):
    """The failure's class and SMTP code only: the message and repr of a refusal echo the reader's
    address, which must reach no log line or history note (Luật 91/2025/QH15)."""
    code = None
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
    elif isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code = next(iter(error.recipients.values()))[0]
    name = type(error).__name__
    return f"{name} {code}" if code is not None else name
