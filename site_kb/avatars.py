"""The profile picture upload of the admin's account page, held to the rules of every other upload
(Điều 4: the IT officer guards against malicious files; Điều 11.4: pictures as an office needs them).

Wagtail's own form takes any size, opens the picture with Pillow in the web worker and resizes
it there: a 20000×20000 PNG of a few hundred kilobytes costs more than a gigabyte, an HTML page
hidden in a PNG chunk or a zip glued after the picture is stored and served from MEDIA_URL, and
nothing is scanned for malware. Here the file is JPG or PNG judged by its content
(site_kb.filecheck), bounded in bytes and pixels, scanned (site_kb.virusscan), then decoded and
cut down to AVATAR_SIDE in the limited worker (site_kb.sandbox), which also refuses trailing data.
``SiteKbConfig.ready()`` makes this the form of Wagtail's avatar panel.
"""

import base64
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.account import AvatarPreferencesForm

from . import filecheck, sandbox, virusscan

AVATAR_EXTENSIONS = {"jpg", "jpeg", "png"}
AVATAR_SIDE = 400  # what Wagtail shows at most; larger pictures are stored cut down to this
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 128_000_000
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
REFUSALS = {
    "timeout": _("Ảnh quá nặng: xử lý ảnh mất quá lâu nên đã dừng."),
    "memory": _("Ảnh quá nặng: xử lý ảnh cần quá nhiều bộ nhớ nên đã dừng."),
    "too_many_pixels": _("Ảnh quá lớn về kích thước điểm ảnh: chỉ nhận ảnh đến %(limit)s megapixel."),
    "html": _("Ảnh có chứa mã trang web (HTML), không nhận tệp này."),
}
UNREADABLE = _(
    "Không nhận tệp ảnh này: tệp hỏng, có dữ liệu lạ phía sau phần ảnh hoặc không phải ảnh như tên gọi. "
    "Hãy mở ảnh bằng phần mềm xem ảnh, lưu lại (Save As) rồi tải lên lần nữa."
)


def max_bytes():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", DEFAULT_MAX_BYTES) or DEFAULT_MAX_BYTES


def max_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS) or DEFAULT_MAX_PIXELS


class AvatarForm(AvatarPreferencesForm):
    """Wagtail's avatar form with a plain file field: every check on the upload is ours, none
    decodes pixels in the web worker."""

    avatar = forms.FileField(label=_("Tải lên ảnh đại diện"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avatar"].help_text = _(
            "Ảnh JPG hoặc PNG, tối đa %(size)s; ảnh lớn hơn %(side)s×%(side)s điểm ảnh được thu nhỏ."
        ) % {"size": filesizeformat(max_bytes()), "side": AVATAR_SIDE}

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return self._original_avatar
        if Path(upload.name or "").suffix.lower().lstrip(".") not in AVATAR_EXTENSIONS:
            raise ValidationError(_("Ảnh đại diện chỉ nhận tệp ảnh JPG hoặc PNG."), code="avatar_extension")
        if upload.size > max_bytes():
            raise ValidationError(
                _("Tệp ảnh quá lớn (%(size)s): chỉ nhận ảnh đến %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
                code="avatar_too_big",
            )
        filecheck.check_upload(upload, AVATAR_EXTENSIONS, max_pixels=max_pixels())
        virusscan.check_upload(upload)
        return self.cut_down(upload)

    def cut_down(self, upload):
        """The picture decoded in full in the limited worker; at most AVATAR_SIDE on its long side."""
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        try:
            answer = sandbox.run("image", content, {"max_side": AVATAR_SIDE, "max_pixels": max_pixels()})
        except sandbox.WorkerError as error:
            message = REFUSALS.get(error.code, UNREADABLE)
            raise ValidationError(
                message, params={"limit": max_pixels() // 1_000_000}, code=f"avatar_{error.code}"
            ) from error
        if answer["format"] not in CONTENT_TYPES:
            raise ValidationError(UNREADABLE, code="avatar_unreadable")
        if answer["data"] is None:
            return upload
        return SimpleUploadedFile(
            upload.name, base64.b64decode(answer["data"]), content_type=CONTENT_TYPES[answer["format"]]
        )
