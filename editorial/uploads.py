"""Image uploads in the formats units actually send (Điều 11.4: jpg, tif, bmp…), served as web formats.

Wagtail checks that a file's extension names its real format, but Willow calls every TIFF
``tiff``, so a scanner's ``.tif`` would be refused; ``UploadImageField`` accepts it.
Renditions of TIFF and BMP are converted by ``WAGTAILIMAGES_FORMAT_CONVERSIONS``; scanners
and lab cameras also write 16-bit and floating-point greyscale, which JPEG cannot hold, so
they are brought to 8 bits first (and CMYK to RGB, which every browser shows with the right
colours).
"""

import os

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from willow.plugins.pillow import PillowImage
from willow.registry import registry

EXTENSION_FORMATS = {"jpg": "jpeg", "tif": "tiff"}


class UploadImageField(WagtailImageField):
    """Wagtail's image field, with ``.tif`` taken as the TIFF it is."""

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


class ImageForm(BaseImageForm):
    """The base of every image form (add, edit, chooser upload, multiple upload):
    ``WAGTAILIMAGES_IMAGE_FORM_BASE``."""

    file = UploadImageField(label=capfirst(_("file")))


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


registry.register_operation(PillowImage, "auto_orient", auto_orient_for_web)
