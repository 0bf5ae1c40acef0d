"""Image uploads in the formats units actually send (Điều 11.4: jpg, tif, bmp…), served as web formats.

Wagtail checks that a file's extension names its real format, but Willow calls every TIFF
``tiff``, so a scanner's ``.tif`` would be refused; ``UploadImageField`` accepts it.
Renditions of TIFF and BMP are converted by ``WAGTAILIMAGES_FORMAT_CONVERSIONS``; scanners
and lab cameras also write 16-bit and floating-point greyscale, which JPEG cannot hold, so
they are brought to 8 bits first (and CMYK to RGB, which every browser shows with the right
colours).

Issue 12: every uploaded picture is decoded in full in the limited worker process
(``site_kb.worker``), so a truncated file, a file whose header lies, a decompression bomb or a
GIF/JAR polyglot gets a Vietnamese form error instead of a 500 (and, when clamd is configured, a
file carrying malware is refused before anything is stored: site_kb.virusscan); a picture larger than
IMAGE_MAX_STORED_SIDE is stored downscaled, and the admin thumbnail is made at upload, so no
listing ever decodes a huge original.
"""

import base64
import io
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model_string
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

import willow
from PIL import Image as PILImage
from willow.plugins.pillow import PillowImage
from willow.registry import registry

from site_kb import sandbox, virusscan
from site_kb.upload_titles import TitleFromFileMixin

logger = logging.getLogger(__name__)

EXTENSION_FORMATS = {"jpg": "jpeg", "tif": "tiff"}
DEFAULT_MAX_STORED_SIDE = 4096
DEFAULT_MAX_PIXELS = 128_000_000
# Made at upload: the admin's image listing and chooser show this rendition (Wagtail's own spec).
ADMIN_THUMBNAIL_FILTERS = ("max-165x165",)
RETRY = _("Hãy mở ảnh bằng phần mềm xem ảnh, lưu lại (Save As) rồi tải lên lần nữa.")
REFUSALS = {
    "unreadable": _("Không đọc được tệp ảnh này: tệp hỏng, bị cắt cụt hoặc không phải ảnh như tên gọi."),
    "archive": _(
        "Tệp ảnh có gắn kèm một tệp nén (zip, jar…) phía sau phần ảnh; vì an toàn, hệ thống không nhận tệp này."
    ),
    "trailing_data": _("Tệp ảnh có dữ liệu lạ phía sau phần ảnh; vì an toàn, hệ thống không nhận tệp này."),
    "html": _(
        "Tệp ảnh có chứa mã trang web (HTML) trong phần thông tin kèm theo ảnh; vì an toàn, hệ thống không nhận tệp này."
    ),
    "animated_too_large": _("Ảnh động quá lớn: cạnh dài nhất vượt %(side)s điểm ảnh."),
    "timeout": _("Ảnh quá nặng: xử lý ảnh mất quá lâu nên đã dừng."),
    "memory": _("Ảnh quá nặng: xử lý ảnh cần quá nhiều bộ nhớ nên đã dừng."),
}


def max_stored_side():
    return getattr(settings, "IMAGE_MAX_STORED_SIDE", DEFAULT_MAX_STORED_SIDE)


def max_pixels():
    """Read at each upload (Wagtail's field reads it once, when the form class is made)."""
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS) or DEFAULT_MAX_PIXELS


def megapixels(pixels):
    return number_format(pixels / 1_000_000, decimal_pos=1)


def replace_content(uploaded, data):
    """Put ``data`` in place of the upload's bytes, in the same file object: Wagtail's multiple
    upload may keep the request's file itself (UploadedFile), and a temporary file is moved,
    not copied, into storage."""
    handle = uploaded.file
    handle.seek(0)
    handle.truncate()
    handle.write(data)
    handle.flush()
    handle.seek(0)
    uploaded.size = len(data)


class UploadImageField(WagtailImageField):
    """Wagtail's image field, with ``.tif`` taken as the TIFF it is, every file decoded in full
    and large pictures downscaled (issue 12)."""

    def too_many_pixels(self, pixels=None):
        limit = max_pixels()
        if pixels is None:
            message = _("Ảnh có quá nhiều điểm ảnh; chỉ nhận ảnh đến %(limit)s megapixel.")
        else:
            message = _(
                "Ảnh có quá nhiều điểm ảnh (%(pixels)s megapixel); chỉ nhận ảnh đến %(limit)s megapixel."
            )
        return ValidationError(
            message,
            code="file_too_many_pixels",
            params={"pixels": megapixels(pixels or 0), "limit": megapixels(limit)},
        )

    def refusal(self, code):
        message = REFUSALS.get(code, REFUSALS["unreadable"])
        if code == "too_many_pixels":
            return self.too_many_pixels()
        if code == "animated_too_large":
            message = message % {"side": number_format(max_stored_side(), force_grouping=True)}
        return ValidationError(f"{message} {RETRY}", code=f"image_{code}")

    def check_image_pixel_size(self, f):
        """Wagtail's check asks Willow for the size, which decodes the whole picture in the web
        worker (+460 MB for 11000×11000), and lets Pillow's UnidentifiedImageError through (a header
        that says GIF on a file Pillow cannot read: a 500). Here only the header is read, and every
        failure is a form error; the decoding happens in the limited worker (``normalise``)."""
        try:
            f.seek(0)
            with PILImage.open(f) as picture:
                (width, height), frames = picture.size, getattr(picture, "n_frames", 1)
            f.seek(0)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise self.too_many_pixels() from None
        except Exception as error:  # noqa: BLE001 - whatever Pillow raises, the file is not a readable image
            raise self.refusal("unreadable") from error
        if width * height * frames > max_pixels():
            raise self.too_many_pixels(width * height * frames)

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - a reader error is the file's fault, not a 500
            raise self.refusal("unreadable") from error
        if uploaded is not None:
            # The bytes as uploaded, before the worker rewrites them (Điều 4, site_kb.virusscan).
            virusscan.check_upload(uploaded)
            self.normalise(uploaded)
        return uploaded

    def normalise(self, uploaded):
        """Decode the picture in the limited worker; store its downscaled or cleaned bytes if it made any."""
        uploaded.seek(0)
        content = uploaded.read()
        uploaded.seek(0)
        options = {"max_side": max_stored_side(), "max_pixels": max_pixels()}
        try:
            answer = sandbox.run("image", content, options)
        except sandbox.WorkerError as error:
            raise self.refusal(error.code) from error
        if answer["data"] is not None:
            data = base64.b64decode(answer["data"])
            replace_content(uploaded, data)
            uploaded.image = willow.Image.open(io.BytesIO(data))

    def check_image_file_format(self, f):
        extension = os.path.splitext(f.name)[1].lower()[1:]
        if extension not in self.allowed_image_extensions:
            raise ValidationError(
                self.error_messages["invalid_image_extension"], code="invalid_image_extension"
            )
        expected = EXTENSION_FORMATS.get(extension, extension)
        if expected != f.image.format_name:
            raise ValidationError(
                self.error_messages["invalid_image_known_format"]
                % {"extension": extension, "image_format": f.image.format_name},
                code="invalid_image_known_format",
            )


class ImageForm(TitleFromFileMixin, BaseImageForm):
    """The base of every image form (add, edit, chooser upload, multiple upload):
    ``WAGTAILIMAGES_IMAGE_FORM_BASE``. Without a title a picture is named after its file
    (site_kb.upload_titles)."""

    file = UploadImageField(label=capfirst(_("file")))

    def save(self, commit=True):
        """Make the admin thumbnail now, from the stored (already downscaled) picture, so the next
        listing only reads it. Uncommitted saves (multiple upload) are finished by the signal below."""
        file_changed = "file" in self.changed_data
        instance = super().save(commit=commit)
        if file_changed:
            if commit:
                make_admin_thumbnails(instance)
            else:
                instance._make_admin_thumbnails = True
        return instance


def make_admin_thumbnails(image):
    try:
        image.get_renditions(*ADMIN_THUMBNAIL_FILTERS)
    except Exception:  # noqa: BLE001 - a missing thumbnail is made on demand; the upload stands
        logger.warning("Could not make the admin thumbnail of image %s", image.pk, exc_info=True)


def _thumbnails_after_save(sender, instance, **kwargs):
    if getattr(instance, "_make_admin_thumbnails", False):
        instance._make_admin_thumbnails = False
        make_admin_thumbnails(instance)


def web_mode(willow_image):
    """The image in a mode every output format can encode: 16/32-bit and float greyscale scaled
    to 8 bits, CMYK turned to sRGB."""
    image = willow_image.image
    if image.mode.startswith("I;16"):
        return PillowImage(image.convert("I").point(lambda value: value * (1 / 256)).convert("L"))
    if image.mode in ("I", "F"):
        low, high = image.getextrema()
        scale = 255 / (high - low) if high > low else 0
        return PillowImage(image.point(lambda value: (value - low) * scale).convert("L"))
    if image.mode == "CMYK":
        if willow_image.get_icc_profile() is not None:
            return willow_image.transform_colorspace_to_srgb()
        return PillowImage(image.convert("RGB"))
    return willow_image


_auto_orient = PillowImage.auto_orient


def auto_orient_for_web(willow_image):
    """Wagtail's renditions start with ``auto_orient`` on the opened file (through Willow's
    registry): the mode is made web-safe there, before any resizing."""
    return _auto_orient(web_mode(willow_image))


def register():
    """Called once from ``EditorialConfig.ready()``: web-safe renditions through Willow's
    registry, and the admin thumbnail made when an upload is saved."""
    registry.register_operation(PillowImage, "auto_orient", auto_orient_for_web)
    post_save.connect(
        _thumbnails_after_save, sender=get_image_model_string(), dispatch_uid="editorial.uploads.thumbnails"
    )
