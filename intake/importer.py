"""Make a NewsPage draft from an uploaded Word file (Điều 11.4).

The file is counted and converted first, with nothing stored: the conversion runs in the
limited worker process (``site_kb.sandbox``, issue 12) and the resulting body is bounded so the
editor can open it. Only then are the pictures and the page created, in one transaction. If
anything fails, the transaction is rolled back and the picture files already written are
deleted: a failed import leaves no page, no image and no file behind.
"""

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.log_actions import log

from editorial.uploads import make_admin_thumbnails
from news.models import NewsCategory, NewsPage
from schools.models import SchoolPage
from site_kb import sandbox
from site_kb.folding import fold
from site_kb.slugs import ascii_slug, free_sibling_slug

from . import libreoffice, limits
from .conversion import DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_IMAGE_SIDE, ConvertedDocument
from .formats import DOCX, check_docx_bytes
from .sections import collection_for

logger = logging.getLogger(__name__)

IMPORT_ACTION = "intake.import_word"
SLUG_MAX_LENGTH = 80
# The conversion, run by the core's limited worker process (site_kb.worker).
DOCX_TASK = "intake.worker_tasks:docx_task"


class WordImportError(Exception):
    """The file could not be imported; the message tells the editor why, in Vietnamese."""


@dataclass
class ImportResult:
    page: NewsPage
    image_count: int
    table_count: int
    legacy_runs: int
    skipped_images: int


def docx_bytes(uploaded, kind):
    """The upload as .docx bytes, asking LibreOffice to convert a .doc or .odt.

    The form has counted an uploaded .docx; LibreOffice's output is counted here, by the same bounds.
    """
    uploaded.seek(0)
    data = uploaded.read()
    if kind == DOCX:
        return data
    try:
        converted = libreoffice.convert(data, kind)
    except libreoffice.ConversionError as error:
        raise WordImportError(str(error)) from error
    try:
        check_docx_bytes(io.BytesIO(converted))
    except ValidationError as error:
        raise WordImportError(" ".join(error.messages)) from error
    return converted


UNREADABLE = _(
    "Không đọc được nội dung tệp (tệp có thể bị hỏng hoặc dùng tính năng chưa hỗ trợ). "
    "Hãy mở tệp bằng Word, lưu lại thành .docx rồi thử lần nữa."
)


def worker_refusal(code):
    """The editor's words for a conversion the worker process refused or could not finish."""
    if code == "empty":
        return _("Tệp không có chữ nào để làm tiêu đề và nội dung tin.")
    if code == "timeout":
        return _(
            "Tệp quá nặng: chuyển đổi mất hơn %(seconds)s giây nên đã dừng. "
            "Hãy chia văn bản thành nhiều tin nhỏ hơn, hoặc giảm dung lượng ảnh trong tệp."
        ) % {"seconds": sandbox.time_limit()}
    if code == "memory":
        return _(
            "Tệp quá nặng: chuyển đổi cần hơn %(limit)s bộ nhớ nên đã dừng. "
            "Hãy chia văn bản thành nhiều tin nhỏ hơn, hoặc giảm dung lượng ảnh trong tệp."
        ) % {"limit": filesizeformat(sandbox.memory_limit())}
    return UNREADABLE


def read_document(data):
    """The converted document, read in the limited worker process; WordImportError when it cannot be."""
    options = {
        "max_image_pixels": getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS),
        "max_image_side": getattr(settings, "IMAGE_MAX_STORED_SIDE", DEFAULT_MAX_IMAGE_SIDE),
    }
    try:
        answer = sandbox.run(DOCX_TASK, data, options)
    except sandbox.WorkerError as error:
        if error.code == "unreadable":
            logger.warning("Word import could not read a document")
        raise WordImportError(worker_refusal(error.code)) from error
    return ConvertedDocument.from_json(answer["document"])


def unique_slug(parent, title):
    """An ASCII slug from the Vietnamese title ('Hội nghị' → 'hoi-nghi'), free among the parent's children."""
    base = ascii_slug(title, SLUG_MAX_LENGTH) or "tin-bai"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return free_sibling_slug(base, taken)


def store_images(document, collection, user, stored_files):
    """Save each extracted picture as a Wagtail image; ``stored_files`` collects what was written to storage."""
    image_model = get_image_model()
    images = []
    for number, extracted in enumerate(document.images, start=1):
        title = f"{document.title[:230]} – ảnh {number}"
        image = image_model(
            title=title,
            description=extracted.alt[:255],
            collection=collection,
            uploaded_by_user=user,
            file=ContentFile(
                extracted.data,
                name=f"{slugify(fold(document.title))[:40] or 'anh'}-{number}.{extracted.extension}",
            ),
        )
        image._set_image_file_metadata()
        image.save()
        stored_files.append((image.file.storage, image.file.name))
        images.append(image)
    return images


def stream_data(document, image_ids):
    """BodyStreamBlock raw data, with image indexes replaced by the stored images' ids."""
    data = []
    for block_type, value in document.blocks:
        if block_type == "image":
            value = {"image": image_ids[value], "caption": "", "credit": ""}
        data.append({"type": block_type, "value": value})
    return data


def category_for(parent):
    """A school's news carries its school's level category (Điều 7); everything else is office news."""
    return parent.news_category if isinstance(parent, SchoolPage) else NewsCategory.OFFICE


def create_draft(document, parent, user, source_name):
    """The NewsPage draft (never live) under ``parent``, owned by ``user``, with one revision."""
    stored_files = []
    try:
        with transaction.atomic():
            images = store_images(document, collection_for(parent), user, stored_files)
            page = NewsPage(
                title=document.title,
                slug=unique_slug(parent, document.title),
                lead=document.lead,
                body=NewsPage.body.field.stream_block.to_python(
                    stream_data(document, [image.pk for image in images])
                ),
                listing_image=images[0] if images else None,
                category=category_for(parent),
                owner=user,
                live=False,
            )
            parent.add_child(instance=page)
            revision = page.save_revision(user=user, log_action="wagtail.create")
            log(
                instance=page,
                action=IMPORT_ACTION,
                user=user,
                revision=revision,
                data={
                    "filename": source_name,
                    "images": document.image_count,
                    "tables": document.table_count,
                    "legacy_runs": document.legacy_runs,
                },
            )
    except BaseException:
        for storage, name in stored_files:
            storage.delete(name)
        raise
    page.imported_images = images
    return page


def import_word_file(uploaded, kind, parent, user):
    """Convert ``uploaded`` (already checked to be of ``kind``) and create the draft under ``parent``."""
    document = read_document(docx_bytes(uploaded, kind))
    try:
        # Before anything is stored: the editor must be able to open the draft.
        limits.check_body(stream_data(document, [0] * len(document.images)))
    except ValidationError as error:
        raise WordImportError(" ".join(error.messages)) from error
    try:
        page = create_draft(document, parent.specific, user, uploaded.name)
    except ValidationError as error:
        # The page's own rules (NewsPage.clean) refused it; say which, in their words.
        raise WordImportError(
            _("Không tạo được tin từ tệp này: %(reasons)s") % {"reasons": " ".join(error.messages)}
        ) from error
    for image in page.imported_images:
        make_admin_thumbnails(image)
    return ImportResult(
        page=page,
        image_count=document.image_count,
        table_count=document.table_count,
        legacy_runs=document.legacy_runs,
        skipped_images=document.skipped_images,
    )
