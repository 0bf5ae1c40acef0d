"""Every upload path against hostile files built here (issue 12, Điều 11.4, 14).

The paths: the admin's image upload (single and multiple), document upload (single and
multiple), the Word import, and the reader's attachment on the public Hỏi đáp – Góp ý form.
The files: HTML named as an image, a PDF or a Word file; a PDF that is also an HTML page; a GIF
with a Java archive appended (GIF/JAR polyglot); a PNG whose header says 30000×30000
(decompression bomb); a .docx whose document.xml unpacks to ~80 MB from well under 1 MB (zip
bomb); truncated and empty files; names with path traversal and null bytes. Each must be
refused with a message (a form shown again with its error, a JSON refusal, or a 4xx), never a
500, and nothing may be stored: no row, no file in the media or private storage. A sound file
on each path is the control: it is accepted and stored.
"""

import functools
import io
import struct
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

import pytest
from PIL import Image as PILImage

from .checks import exception_summary
from .report import STATS

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert('hx-upload')</script></body></html>\n"


# --- sound files ---------------------------------------------------------------------------


def image_bytes(fmt, size=(64, 40), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, (30, 120, 200) if mode == "RGB" else 1).save(buffer, fmt)
    return buffer.getvalue()


def pdf_bytes():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@functools.cache
def docx_bytes():
    import docx

    document = docx.Document()
    document.add_heading("Hội nghị tổng kết năm học", level=1)
    document.add_paragraph("Sáng nay, Phòng Giáo dục và Đào tạo tổ chức hội nghị tổng kết.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- hostile files -------------------------------------------------------------------------


def gif_jar():
    """A real GIF with a Java archive appended: valid for an image viewer and for ``java -jar``."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: Evil\r\n\r\n")
        jar.writestr("Evil.class", b"\xca\xfe\xba\xbe" + b"\x00" * 64)
    return image_bytes("GIF", mode="P") + archive.getvalue()


def png_chunk(kind, data):
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


@functools.cache
def png_bomb(side=30000):
    """A 1-bit grey PNG of ``side``×``side`` pixels: a few hundred kB that decode to gigabytes."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    chunks = [compressor.compress(row * 1000) for _ in range(side // 1000)]
    data = b"".join(chunks) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


@functools.cache
def docx_bomb(unpacked_mb=80):
    """A .docx whose word/document.xml inflates to ``unpacked_mb`` MB of repeated paragraphs."""
    sound = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 200 + b"</w:t></w:r></w:p>"
    block = paragraph * 4096
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in sound.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, sound.read(item.filename))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            )
            for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
                part.write(block)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def truncated(data):
    return data[: len(data) // 2]


def pdf_html_polyglot():
    return b"%PDF-1.4\n%" + HTML + pdf_bytes()[9:]


# name per path kind: image, document, word, attachment (None: not sent there)
HOSTILE = {
    "html-named-image": (lambda: HTML, {"image": "anh.jpg", "attachment": "anh.jpg"}),
    "html-named-pdf": (lambda: HTML, {"document": "van-ban.pdf", "attachment": "van-ban.pdf"}),
    "html-named-docx": (
        lambda: HTML,
        {"document": "van-ban.docx", "word": "tin.docx", "attachment": "thu.docx"},
    ),
    "pdf-html-polyglot": (pdf_html_polyglot, {"document": "van-ban.pdf", "attachment": "van-ban.pdf"}),
    "gif-jar-polyglot": (gif_jar, {"image": "anh.gif", "attachment": "anh.jpg"}),
    "png-30000x30000-bomb": (png_bomb, {"image": "anh.png", "attachment": "anh.png"}),
    "docx-zip-bomb": (docx_bomb, {"document": "bom.docx", "word": "bom.docx", "attachment": "bom.docx"}),
    "truncated-png": (
        lambda: truncated(image_bytes("PNG", (400, 300))),
        {"image": "anh.png", "attachment": "anh.png"},
    ),
    "truncated-jpeg": (
        lambda: truncated(image_bytes("JPEG", (400, 300))),
        {"image": "anh.jpg", "attachment": "anh.jpg"},
    ),
    "truncated-pdf": (
        lambda: truncated(pdf_bytes()),
        {"document": "van-ban.pdf", "attachment": "van-ban.pdf"},
    ),
    "truncated-docx": (
        lambda: truncated(docx_bytes()),
        {"document": "van-ban.docx", "word": "tin.docx", "attachment": "thu.docx"},
    ),
    "empty": (
        lambda: b"",
        {"image": "anh.jpg", "document": "van-ban.pdf", "word": "tin.docx", "attachment": "anh.jpg"},
    ),
    "traversal-name-html": (
        lambda: HTML,
        {
            "image": "../../../etc/passwd.jpg",
            "document": "..\\..\\..\\windows\\win.pdf",
            "word": "../../settings.docx",
            "attachment": "../../../../tmp/x.pdf",
        },
    ),
    "nul-in-name-html": (
        lambda: HTML,
        {
            "image": "anh\x00.html.jpg",
            "document": "vb\x00.html.pdf",
            "word": "tin\x00.docx",
            "attachment": "a\x00.pdf",
        },
    ),
}
SOUND = {
    "image": ("anh-that.png", lambda: image_bytes("PNG")),
    "document": ("van-ban-that.pdf", pdf_bytes),
    "word": ("tin-that.docx", docx_bytes),
    "attachment": ("dinh-kem-that.pdf", pdf_bytes),
}


# --- the upload paths ----------------------------------------------------------------------


def stored_files():
    """Every file in the media and private storage (what an accepted upload leaves behind), but
    renditions (``images/``), which any page showing a picture makes on the fly."""
    media = Path(settings.MEDIA_ROOT)
    roots = [media, Path(getattr(settings, "PRIVATE_MEDIA_ROOT", media))]
    renditions = media / "images"
    return {
        str(path)
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file() and renditions not in path.parents
    }


def counts():
    from feedback.models import Feedback
    from news.models import NewsPage

    return {
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "news": NewsPage.objects.count(),
        "feedback": Feedback.objects.count(),
        "pages": Page.objects.count(),
    }


class UploadPath:
    """One upload path: how to send a file there and whether the answer accepted it."""

    def __init__(self, kind, multiple=False):
        self.kind, self.multiple = kind, multiple

    def send(self, site, name, content, address):
        upload = SimpleUploadedFile(name, content)
        users = site["users"]
        client = Client(raise_request_exception=False)
        if self.kind == "attachment":
            from feedback.models import FeedbackPage

            page = FeedbackPage.objects.live().first()
            data = {
                "name": "Bạn đọc thử",
                "email": "ban.doc@example.com",
                "phone": "",
                "topic": "khac",
                "title": "Câu hỏi có tệp đính kèm",
                "content": "Xin gửi kèm tệp.",
                "website": "",
                "consent": "on",
                "attachment": upload,
            }
            return client.post(page.url, data, REMOTE_ADDR=address)
        client.force_login(users["board"])
        collection = Collection.get_first_root_node().pk
        if self.kind == "word":
            from news.models import NewsIndexPage

            section = NewsIndexPage.objects.descendant_of(site["home"]).first()
            return client.post(reverse("intake:word_import"), {"file": upload, "section": section.pk})
        app = "wagtailimages" if self.kind == "image" else "wagtaildocs"
        if self.multiple:
            return client.post(
                reverse(f"{app}:add_multiple"),
                {"files[]": upload, "collection": collection},
                HTTP_X_REQUESTED_WITH="XMLHttpRequest",
            )
        return client.post(
            reverse(f"{app}:add"),
            {"title": name[:50] or "tệp", "file": upload, "collection": collection, "tags": ""},
        )

    @staticmethod
    def refused(response):
        """A refusal with a message: the form again with an error, a JSON refusal, or a 4xx."""
        if response.status_code in (400, 403, 413, 415, 422):
            return True
        if response.status_code != 200:
            return False
        if "json" in response.get("Content-Type", ""):
            return response.json().get("success") is False
        context = response.context or {}
        form = context.get("form") if hasattr(context, "get") else None
        return bool(form is not None and form.errors)

    @staticmethod
    def accepted(response):
        if response.status_code in (301, 302, 303):
            return True
        if response.status_code == 200 and "json" in response.get("Content-Type", ""):
            return response.json().get("success") is True
        return False


PATHS = {
    "image": UploadPath("image"),
    "image-multiple": UploadPath("image", multiple=True),
    "document": UploadPath("document"),
    "document-multiple": UploadPath("document", multiple=True),
    "word-import": UploadPath("word"),
    "feedback-attachment": UploadPath("attachment"),
}
CASES = [
    (path_name, file_name)
    for file_name, (_content, names) in HOSTILE.items()
    for path_name, path in PATHS.items()
    if path.kind in names
]
ADDRESS = iter(range(1, 1_000_000))


def next_address():
    number = next(ADDRESS)
    return f"10.200.{number >> 8 & 255}.{number & 255}"


def test_the_hostile_files_are_what_they_claim_to_be_attacks():
    assert len(png_bomb()) < 1024 * 1024
    assert struct.unpack(">II", png_bomb()[16:24]) == (30000, 30000)
    with pytest.raises(PILImage.DecompressionBombError):
        PILImage.open(io.BytesIO(png_bomb()))
    bomb = docx_bomb()
    assert len(bomb) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size > 50 * 1024 * 1024
    assert gif_jar().startswith(b"GIF8") and b"META-INF/MANIFEST.MF" in gif_jar()
    assert pdf_html_polyglot().startswith(b"%PDF-") and b"<script" in pdf_html_polyglot()


@pytest.mark.parametrize(("path_name", "file_name"), CASES, ids=[f"{p}-{f}" for p, f in CASES])
def test_hostile_upload_is_refused_and_nothing_is_stored(hostile_site, path_name, file_name):
    content_fn, names = HOSTILE[file_name]
    path = PATHS[path_name]
    name = names[path.kind]
    before, files_before = counts(), stored_files()
    with STATS.timer("uploads"):
        response = path.send(hostile_site, name, content_fn(), next_address())
    STATS.requests += 1
    STATS.targets.add(f"upload {path_name}")
    where = f"POST {path_name} {name!r} ({file_name})"
    if response.status_code >= 500:
        STATS.server_errors += 1
        STATS.fail(
            "500",
            area="upload",
            method="POST",
            url=path_name,
            target=file_name,
            value=repr(name),
            id="",
            detail=exception_summary(response),
        )
    assert response.status_code < 500, f"{where}: {response.status_code} {exception_summary(response)}"
    after, files_after = counts(), stored_files()
    new_files = sorted(files_after - files_before)
    stored = {key: after[key] - before[key] for key in before if after[key] != before[key]}
    if stored or new_files or not path.refused(response):
        STATS.fail(
            "upload",
            area="upload",
            method="POST",
            url=path_name,
            target=file_name,
            value=repr(name),
            id="",
            detail=f"{response.status_code} refused={path.refused(response)} stored={stored} files={new_files[:3]}",
        )
    assert path.refused(response), f"{where}: not refused with a message ({response.status_code})"
    assert not stored, f"{where}: rows stored {stored}"
    assert not new_files, f"{where}: files left in storage {new_files[:5]}"


@pytest.mark.parametrize("path_name", list(PATHS))
def test_a_sound_file_is_accepted_on_every_path(hostile_site, path_name):
    path = PATHS[path_name]
    name, content_fn = SOUND[path.kind]
    before = counts()
    response = path.send(hostile_site, name, content_fn(), next_address())
    assert response.status_code < 500, exception_summary(response)
    assert path.accepted(response), f"{path_name}: a sound {name} was not accepted ({response.status_code})"
    assert counts() != before, f"{path_name}: a sound {name} stored nothing"
