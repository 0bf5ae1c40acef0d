"""Wagtail's content checker (the editor's "Kiểm tra" panel and the userbar) in Vietnamese, with
rules for what our editors actually get wrong (issue 15, Build 4).

Circular 32/2017/TT-BTTTT Art. 18 and Circular 26/2020/TT-BTTTT ask for text alternatives,
meaningful links and headings: the checker tells an editor before a reader meets the problem.
Wagtail runs axe-core in the page it previews; this item changes only what it is told:

- every rule Wagtail runs speaks Vietnamese (``axe_messages``);
- ``alt-text-quality`` also knows a camera's or a phone's file name ("IMG_2034", "anh1",
  "DSC00012", "ảnh 3": the title Wagtail fills in from the file name is the picture's alt text);
- ``image-alt`` (axe's own): a picture with no alt text at all;
- ``content-image-alt``: a picture of the article (in a ``figure``) with an empty alt text, which
  screen readers skip as decoration;
- ``link-text-quality``: a link in the page's content whose whole text is "xem tại đây", "tại
  đây", "click here", "bấm vào đây", "xem thêm"… (it says nothing of where it leads);
- ``heading-order`` (already Wagtail's): headings that skip a level.

The two new checks are evaluated in the browser by ``js/admin/content-checks.js`` (registered
through ``Media``, as Wagtail's documentation for custom checks does). A scanned PDF without a
text layer is checked at upload instead (``site_kb.documents``).
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.userbar import ContentCheckerItem

# A picture's alt text that is only a file name: an extension, an underscore (Wagtail's own two
# signs), a name that starts with a long number (phones, Zalo: "20240915 083012",
# "z5123456789012 7b1c…"), or a camera's/phone's prefix or a bare word for "picture" followed by
# numbers ("IMG 2034", the title site_kb.upload_titles makes of IMG_2034.jpg; "IMG-20240915-WA0001").
# Each repeated part starts with a separator, so no text makes the browser's search backtrack long.
FILE_NAME_ALT_PATTERN = (
    r"\.(avif|bmp|gif|heic|heif|jfif|jpe?g|png|svg|tiff?|webp)$"
    r"|_"
    r"|^\s*[a-z]?\d{6,}"
    r"|^\s*\d+\s*$"
    r"|^\s*(img|dsc[fn]?|dcim|pxl|mvimg|p|pic|photo|image|picture|screenshot|scan|untitled"
    r"|ảnh|anh|hình ảnh|hinh anh|hình|hinh|không tên|khong ten)\d*([\s.-]+[a-z]{0,3}\d+)*\s*$"
)

# Link text that says nothing of the link's target, compared after trimming spaces and the
# punctuation around it ("» Xem thêm", "(tại đây)", "Bấm vào đây.").
VAGUE_LINK_TEXT_PATTERN = (
    r"^(xem tại đây|xem ở đây|tại đây|ở đây|đây|xem thêm|xem tiếp|đọc thêm|đọc tiếp|xem chi tiết|chi tiết"
    r"|bấm vào đây|bấm đây|nhấn vào đây|nhấn đây|nhấp vào đây|click vào đây|click đây|kích vào đây"
    r"|tải về|tải xuống|liên kết|link|click here|click|here|more|read more|learn more|download)$"
)

CONTENT_RULES = [
    {
        "id": "content-image-alt",
        "impact": "serious",
        "selector": "figure img[alt]",
        "tags": ["best-practice"],
        "any": ["check-content-image-alt"],
        "enabled": True,
    },
    {
        "id": "link-text-quality",
        "impact": "serious",
        "selector": "main a[href]",
        "tags": ["best-practice"],
        "any": ["check-link-text"],
        "enabled": True,
    },
]

CONTENT_CHECKS = [
    {"id": "check-content-image-alt"},
    {"id": "check-link-text", "options": {"pattern": VAGUE_LINK_TEXT_PATTERN}},
]

# Every rule the checker runs, in the editor's words: what is wrong, then what to do.
MESSAGES = {
    "button-name": {
        "error_name": _("Nút bấm không có chữ"),
        "help_text": _(
            "Đặt cho nút một tên nói rõ việc nó làm, để người dùng phần mềm đọc màn hình hiểu được."
        ),
    },
    "empty-heading": {
        "error_name": _("Có tiêu đề mục để trống"),
        "help_text": _("Viết nội dung cho tiêu đề mục hoặc xoá khối tiêu đề trống."),
    },
    "empty-table-header": {
        "error_name": _("Ô tiêu đề của bảng để trống"),
        "help_text": _("Ghi tên cột (hoặc tên hàng) vào ô tiêu đề để người đọc biết mỗi cột chứa gì."),
    },
    "frame-title": {
        "error_name": _("Khung nhúng (video, bản đồ) không có tên"),
        "help_text": _("Đặt tên cho khung nhúng để người dùng phần mềm đọc màn hình biết nó là gì."),
    },
    "heading-order": {
        "error_name": _("Tiêu đề mục không theo thứ tự"),
        "help_text": _(
            "Tiêu đề mục phải đi từng cấp: bài chia thành các mục “Cấp 1 (chương, phần)”, mục "
            "“Cấp 2 (điều, mục)” chỉ đặt bên trong một mục Cấp 1. Chọn cấp theo bố cục, không theo cỡ chữ."
        ),
    },
    "input-button-name": {
        "error_name": _("Nút bấm trong biểu mẫu không có chữ"),
        "help_text": _("Đặt cho nút một tên nói rõ việc nó làm."),
    },
    "link-name": {
        "error_name": _("Liên kết không có chữ"),
        "help_text": _("Viết chữ cho liên kết, nói rõ liên kết dẫn đến đâu."),
    },
    "p-as-heading": {
        "error_name": _("Đoạn văn in đậm được dùng làm tiêu đề mục"),
        "help_text": _(
            "Dùng khối “Tiêu đề mục” thay cho đoạn văn in đậm, để người đọc nhảy được giữa các mục."
        ),
    },
    "alt-text-quality": {
        "error_name": _("Mô tả ảnh chỉ là tên tệp"),
        "help_text": _(
            "Mô tả ảnh (tiêu đề ảnh) đang là tên tệp như “IMG_2034” hay “anh1”. Hãy viết một câu "
            "ngắn nói ảnh chụp gì, ví dụ “Học sinh lớp 7A trồng cây trong sân trường”."
        ),
    },
    "image-alt": {
        "error_name": _("Ảnh không có mô tả"),
        "help_text": _("Viết mô tả ngắn cho ảnh để người khiếm thị nghe được ảnh nói gì."),
    },
    "content-image-alt": {
        "error_name": _("Ảnh trong bài không có mô tả"),
        "help_text": _(
            "Ảnh có mô tả để trống sẽ bị phần mềm đọc màn hình bỏ qua. Mở ảnh trong thư viện ảnh và "
            "viết mô tả nói ảnh chụp gì."
        ),
    },
    "link-text-quality": {
        "error_name": _("Chữ của liên kết không nói rõ liên kết dẫn đến đâu"),
        "help_text": _(
            "Tránh “xem tại đây”, “bấm vào đây”, “xem thêm”: hãy đặt liên kết vào tên của nội dung, "
            "ví dụ “Kế hoạch tuyển sinh lớp 6 năm học 2025–2026”."
        ),
    },
    "empty-meta-description": {
        "error_name": _("Mô tả trang cho công cụ tìm kiếm để trống"),
        "help_text": _("Viết một câu tóm tắt trang ở thẻ Quảng bá, mục mô tả tìm kiếm."),
    },
}


class VietnameseContentCheckerItem(ContentCheckerItem):
    """Wagtail's checker with Vietnamese messages and our content rules (see the module's doc).

    It scans the page's ``main``, where what the editor wrote is: the header, the menu, the
    footer and the draft banner of a preview are the site's, checked by its own accessibility
    tests (tests/e2e), and a warning the editor cannot act on teaches them to ignore the rest.
    """

    axe_include = ["main"]

    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt", "content-image-alt", "link-text-quality"]

    class Media:
        js = ["js/admin/content-checks.js"]

    def get_axe_custom_rules(self, request):
        return [*super().get_axe_custom_rules(request), *CONTENT_RULES]

    def get_axe_custom_checks(self, request):
        checks = [
            {**check, "options": {"pattern": FILE_NAME_ALT_PATTERN}}
            if check["id"] == "check-image-alt-text"
            else check
            for check in super().get_axe_custom_checks(request)
        ]
        return [*checks, *CONTENT_CHECKS]

    def get_axe_messages(self, request):
        return {**super().get_axe_messages(request), **MESSAGES}


def use_vietnamese_checker(items):
    """Swaps Wagtail's checker in a userbar's items (``construct_wagtail_userbar``) for ours."""
    items[:] = [
        VietnameseContentCheckerItem(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem) and not isinstance(item, VietnameseContentCheckerItem)
        else item
        for item in items
    ]
