"""Make a NewsPage draft from an uploaded Word file (Điều 11.4).

The file is converted first, with nothing stored; only then are the pictures and
the page created, in one transaction. If anything fails, the transaction is rolled
back and the picture files already written are deleted: a failed import leaves
no page, no image and no file behind.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.log_actions import log

from news.models import NewsCategory, NewsPage, school_category
from schools.models import SchoolPage
from search.folding import fold

from . import libreoffice
from .conversion import EmptyDocumentError, convert_docx
from .formats import DOCX
from .sections import collection_for

logger = logging.getLogger(__name__)

IMPORT_ACTION = "intake.import_word"
SLUG_MAX_LENGTH = 80


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
    """The upload as .docx bytes, asking LibreOffice to convert a .doc or .odt."""
    uploaded.seek(0)
    data = uploaded.read()
    if kind == DOCX:
        return data
    try:
        return libreoffice.convert(data, kind)
    except libreoffice.ConversionError as error:
        raise WordImportError(str(error)) from error


def read_document(data):
    """The converted document, or WordImportError for a file mammoth cannot read."""
    try:
        return convert_docx(data)
    except EmptyDocumentError as error:
        raise WordImportError(_("Tệp không có chữ nào để làm tiêu đề và nội dung tin.")) from error
    except Exception as error:  # noqa: BLE001 - any parser failure means the same thing to the editor
        logger.warning("Word import could not read a document", exc_info=True)
        raise WordImportError(
            _(
                "Không đọc được nội dung tệp (tệp có thể bị hỏng hoặc dùng tính năng chưa hỗ trợ). "
                "Hãy mở tệp bằng Word, lưu lại thành .docx rồi thử lần nữa."
            )
        ) from error


def unique_slug(parent, title):
    """An ASCII slug from the Vietnamese title ('Hội nghị' → 'hoi-nghi'), free among the parent's children."""
    base = slugify(fold(title))[:SLUG_MAX_LENGTH].strip("-") or "tin-bai"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


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


def stream_data(document, images):
    """BodyStreamBlock raw data, with image indexes replaced by the stored images' ids."""
    data = []
    for block_type, value in document.blocks:
        if block_type == "image":
            value = {"image": images[value].pk, "caption": "", "credit": ""}
        data.append({"type": block_type, "value": value})
    return data


def category_for(parent):
    """A school's news carries its school's level category (Điều 7); everything else is office news."""
    return school_category(parent.level) if isinstance(parent, SchoolPage) else NewsCategory.OFFICE


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
                body=NewsPage.body.field.stream_block.to_python(stream_data(document, images)),
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
    return page


def import_word_file(uploaded, kind, parent, user):
    """Convert ``uploaded`` (already checked to be of ``kind``) and create the draft under ``parent``."""
    document = read_document(docx_bytes(uploaded, kind))
    try:
        page = create_draft(document, parent.specific, user, uploaded.name)
    except ValidationError as error:
        # The page's own rules (NewsPage.clean) refused it; say which, in their words.
        raise WordImportError(
            _("Không tạo được tin từ tệp này: %(reasons)s") % {"reasons": " ".join(error.messages)}
        ) from error
    return ImportResult(
        page=page,
        image_count=document.image_count,
        table_count=document.table_count,
        legacy_runs=document.legacy_runs,
        skipped_images=document.skipped_images,
    )
