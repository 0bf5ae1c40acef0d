"""Pictures as an office needs them (issue 12, Điều 11.4): decoded in full once, nothing hidden after
the picture, at most ``max_side`` pixels on the long side.

Pure Pillow, no Django: it runs inside the limited worker process (``site_kb.worker``) for image
uploads and for the pictures of a Word import, so a decompression bomb or a decoder that runs
away costs that process, never the web worker.
"""

import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageSequence

# What a picture may be stored as: the format it came in (a JPEG stays a JPEG).
SAVE_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WEBP",
    "TIFF": "TIFF",
    "BMP": "BMP",
}
ORIENTATION_TAG = 0x0112
JPEG_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}
ZIP_END_RECORD = b"PK\x05\x06"
ZIP_END_RECORD_SIZE = 22
# What makes a browser treat bytes as a web page (site_kb.filecheck looks for these too).
HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
)


class PictureError(Exception):
    """The picture is refused. ``code``: unreadable, too_many_pixels, archive, trailing_data, animated_too_large,
    html."""

    def __init__(self, code, detail=""):
        super().__init__(detail or code)
        self.code = code


@dataclass
class Picture:
    data: bytes
    format: str
    width: int
    height: int
    changed: bool  # the bytes differ from the upload (downscaled or trailing bytes removed)


# --- where the picture ends -----------------------------------------------------------


def _png_end(data):
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunk_type = data[position + 4 : position + 8]
        position += 12 + length
        if chunk_type == b"IEND":
            return position
    return None


def _gif_skip_sub_blocks(data, position):
    while position < len(data):
        size = data[position]
        position += 1 + size
        if size == 0:
            return position
    return None


def _gif_end(data):
    if len(data) < 13:
        return None
    position = 13
    flags = data[10]
    if flags & 0x80:
        position += 3 * (2 ** ((flags & 0x07) + 1))
    while position is not None and position < len(data):
        introducer = data[position]
        if introducer == 0x3B:  # trailer
            return position + 1
        if introducer == 0x21:  # extension: label, then sub-blocks
            position = _gif_skip_sub_blocks(data, position + 2)
        elif introducer == 0x2C:  # image descriptor, optional local colour table, LZW size, sub-blocks
            if position + 10 > len(data):
                return None
            flags = data[position + 9]
            position += 10
            if flags & 0x80:
                position += 3 * (2 ** ((flags & 0x07) + 1))
            position = _gif_skip_sub_blocks(data, position + 1)
        else:
            return None
    return None


def _jpeg_end(data):
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:  # end of image
            return position + 2
        if marker in JPEG_STANDALONE_MARKERS:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= len(data):
                    return None
                following = data[position + 1]
                if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    return None


def _webp_end(data):
    if len(data) < 12:
        return None
    (size,) = struct.unpack("<I", data[4:8])
    return 8 + size + (size & 1)


IMAGE_ENDS = {"PNG": _png_end, "GIF": _gif_end, "JPEG": _jpeg_end, "MPO": _jpeg_end, "WEBP": _webp_end}


def ends_with_archive(data):
    """True when ``data`` ends with a zip (JAR, docx…) end record: a picture glued to an archive."""
    tail_start = max(0, len(data) - ZIP_END_RECORD_SIZE - 0xFFFF)
    position = data.rfind(ZIP_END_RECORD, tail_start)
    while position >= 0:
        if position + ZIP_END_RECORD_SIZE <= len(data):
            (comment_length,) = struct.unpack("<H", data[position + 20 : position + 22])
            if position + ZIP_END_RECORD_SIZE + comment_length == len(data):
                return True
        position = data.rfind(ZIP_END_RECORD, tail_start, position)
    return False


def without_trailing_data(data, image_format):
    """The picture's own bytes. Anything after the picture's end is refused (a GIF/JAR polyglot and
    the like), except after a JPEG, where phones write motion-photo and maker data: it is dropped."""
    if ends_with_archive(data):
        raise PictureError("archive")
    find_end = IMAGE_ENDS.get(image_format)
    end = find_end(data) if find_end else None
    if end is None or end >= len(data):
        return data
    trailer = data[end:]
    if image_format in ("JPEG", "MPO") or not trailer.strip(b"\0"):
        return data[:end]
    raise PictureError("trailing_data")


def html_in_metadata(info):
    """True when a text the picture carries (PNG text chunks, JPEG and GIF comments, XMP, EXIF) holds
    a web page: such a file is an HTML/image polyglot. Only these texts are read, never the compressed
    pixels, where a marker's few bytes turn up by chance about once in ten thousand photos."""
    for value in info.values():
        if isinstance(value, str):
            value = value.encode("utf-8", errors="replace")
        if isinstance(value, bytes) and any(marker in value.lower() for marker in HTML_MARKERS):
            return True
    return False


# --- decoding and downscaling ---------------------------------------------------------


def _save_options(picture, save_format):
    options = {}
    icc = picture.info.get("icc_profile")
    if icc and save_format in ("JPEG", "PNG", "WEBP", "TIFF"):
        options["icc_profile"] = icc
    exif = picture.getexif()
    if save_format == "TIFF":
        # TIFF carries its tags itself; only the orientation travels, the rest would clash.
        orientation = exif.get(ORIENTATION_TAG)
        exif = Image.Exif()
        if orientation:
            exif[ORIENTATION_TAG] = orientation
    if len(exif) and save_format in ("JPEG", "PNG", "WEBP", "TIFF"):
        options["exif"] = exif
    if "dpi" in picture.info and save_format in ("JPEG", "PNG", "TIFF"):
        options["dpi"] = picture.info["dpi"]
    if save_format in ("JPEG", "WEBP"):
        options["quality"] = 90
    if save_format == "TIFF":
        options["compression"] = "tiff_lzw"
    return options


def _downscale(picture, image_format, max_side):
    """The picture at most ``max_side`` px on its long side, in its own format. The pixels keep their
    stored orientation and the EXIF orientation tag is kept, so the picture shows as before."""
    save_format = SAVE_FORMATS[image_format]
    options = _save_options(picture, save_format)
    if picture.mode == "P":
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    elif picture.mode == "1":
        picture = picture.convert("L")
    # thumbnail() keeps the aspect ratio; reducing_gap=1 lets a JPEG decode at 1/2, 1/4 or 1/8 of its
    # size (draft) and other formats box-reduce first, never below the target: a third of the memory.
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=1.0)
    if save_format == "JPEG" and picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")
    output = io.BytesIO()
    picture.save(output, save_format, **options)
    return output.getvalue(), picture.size


def normalise(data, *, max_side, max_pixels):
    """Check and, when needed, downscale one picture; raise PictureError when it is refused.

    Every frame is decoded, so a truncated or corrupt file is refused here, not when the admin
    first lists it. A phone's MPO (a JPEG with a second, preview picture) counts as its first picture.
    """
    try:
        with Image.open(io.BytesIO(data)) as picture:
            image_format = picture.format
            if image_format not in SAVE_FORMATS:
                raise PictureError("unreadable", f"format {image_format}")
            width, height = picture.size
            frames = 1 if image_format == "MPO" else getattr(picture, "n_frames", 1)
            if width * height * frames > max_pixels:
                raise PictureError("too_many_pixels")
            clean = without_trailing_data(data, image_format)
            if max(width, height) <= max_side:
                for number, frame in enumerate(ImageSequence.Iterator(picture)):
                    if number == frames:
                        break
                    frame.load()
                    if html_in_metadata(frame.info):  # text chunks after the pixels are read by load()
                        raise PictureError("html")
                return Picture(clean, image_format, width, height, changed=clean != data)
            if frames > 1:
                raise PictureError("animated_too_large")
            picture.load()
            if html_in_metadata(picture.info):
                raise PictureError("html")
            downscaled, (width, height) = _downscale(picture, image_format, max_side)
            return Picture(downscaled, image_format, width, height, changed=True)
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PictureError("too_many_pixels", str(error)) from error
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError, TypeError) as error:
        # UnidentifiedImageError is an OSError; "image file is truncated" too.
        raise PictureError("unreadable", str(error)) from error
