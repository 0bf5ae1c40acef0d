"""The shared StreamField body used by news, directives, organisation and school pages."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 for chapters, 3 for articles (Điều)."""

    text = blocks.CharBlock(label=_("Tiêu đề"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Cấp 1 (chương, phần)")), ("h3", _("Cấp 2 (điều, mục)"))],
        default="h2",
        label=_("Cấp tiêu đề"),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        label = _("Tiêu đề mục")
        description = _("Tiêu đề chia bài viết thành các phần.")
        preview_value = {"text": "Điều 1. Phạm vi áp dụng", "level": "h3"}


class CaptionedImageBlock(blocks.StructBlock):
    """One image with its caption and credit (Điều 9: name the source)."""

    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(required=False, label=_("Chú thích"))
    credit = blocks.CharBlock(required=False, label=_("Nguồn ảnh / tác giả"))

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"
        label = _("Ảnh có chú thích")
        description = _("Một ảnh kèm chú thích và nguồn ảnh.")


class GalleryBlock(blocks.StructBlock):
    """A set of photos from one event."""

    title = blocks.CharBlock(required=False, label=_("Tên bộ ảnh"))
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=1, label=_("Các ảnh"))

    class Meta:
        icon = "image"
        template = "components/blocks/gallery_block.html"
        label = _("Bộ ảnh")
        description = _("Nhiều ảnh của cùng một hoạt động, hiển thị dạng lưới.")


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a file in the document library, showing its type and size."""

    document = DocumentChooserBlock(label=_("Tệp"))
    title = blocks.CharBlock(required=False, label=_("Tên hiển thị"))

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document_block.html"
        label = _("Tệp đính kèm")
        description = _("Liên kết tải về một tệp văn bản (PDF, Word, Excel…).")


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it (Điều 9: attribution)."""

    text = blocks.TextBlock(label=_("Nội dung trích dẫn"))
    attribution = blocks.CharBlock(required=False, label=_("Người nói / nguồn"))

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        label = _("Trích dẫn")
        description = _("Một đoạn trích dẫn kèm tên người nói hoặc nguồn.")
        preview_value = {
            "text": "Học đi đôi với hành.",
            "attribution": "Chủ tịch Hồ Chí Minh",
        }


RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class BodyStreamBlock(blocks.StreamBlock):
    """Content blocks an editor can put in an article body."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label=_("Đoạn văn"),
        template="components/blocks/paragraph_block.html",
        description=_("Văn bản có định dạng: đậm, nghiêng, danh sách, liên kết."),
        preview_value="<p>Phòng Giáo dục và Đào tạo tổ chức hội nghị tổng kết năm học.</p>",
    )
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    document = DocumentLinkBlock()
    embed = EmbedBlock(
        icon="media",
        label=_("Video / nhúng"),
        template="components/blocks/embed_block.html",
        description=_("Dán địa chỉ video (YouTube…) để nhúng vào bài."),
    )
    quote = QuoteBlock()
    table = TableBlock(
        icon="table",
        label=_("Bảng"),
        template="components/blocks/table_block.html",
        description=_("Bảng số liệu, danh sách; có thể dán từ Excel hoặc Word."),
    )

    class Meta:
        label = _("Nội dung")
