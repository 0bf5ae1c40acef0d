"""A .docx file read into a title, a lead and BodyStreamBlock data, without touching the database (Điều 11.4).

mammoth reads the document; on its way every run of text is passed through the
legacy-font converter with the run's font (TCVN3 ".VnTime", VNI "VNI-Times"…), so
old documents arrive as Unicode. The HTML mammoth writes is then rebuilt tag by tag
into Wagtail's own rich-text format: nothing the editor cannot see or edit survives.

No Django here: the web worker runs ``convert_docx`` in the limited worker process
(``site_kb.worker``, issue 12), and the result travels back as JSON (``as_json``/``from_json``).
"""

import base64
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html import escape

import mammoth
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from defusedxml import ElementTree
from mammoth import documents
from PIL import Image as PILImage

from site_kb.pictures import PictureError, normalise

from .legacy import convert_run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
IMAGE_SRC_PREFIX = "intake-image:"
SAFE_URL_RE = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TITLE_STYLE_NAMES = {"title"}
HEADING1_STYLE_NAMES = {"heading 1"}
TITLE_MAX_LENGTH = 255
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
"""
# Pillow format name → file extension Wagtail serves as is; others are re-encoded as PNG.
WEB_FORMATS = {"PNG": "png", "JPEG": "jpg", "MPO": "jpg", "GIF": "gif", "WEBP": "webp"}
# The defaults of WAGTAILIMAGES_MAX_IMAGE_PIXELS and IMAGE_MAX_STORED_SIDE; the importer passes the settings.
DEFAULT_MAX_IMAGE_PIXELS = 128_000_000
DEFAULT_MAX_IMAGE_SIDE = 4096


def nfc(text):
    return unicodedata.normalize("NFC", text)


def squash(text):
    """One line of text: NFC, runs of whitespace as one space, trimmed."""
    return re.sub(r"\s+", " ", nfc(text)).strip()


@dataclass
class ExtractedImage:
    data: bytes
    extension: str
    alt: str = ""


@dataclass
class ConvertedDocument:
    """What the import turns into a NewsPage. Image blocks carry an index into ``images``."""

    title: str
    lead: str
    blocks: list
    images: list = field(default_factory=list)
    legacy_runs: int = 0
    skipped_images: int = 0

    @property
    def table_count(self):
        return sum(1 for block_type, _value in self.blocks if block_type == "table")

    @property
    def image_count(self):
        return sum(1 for block_type, _value in self.blocks if block_type == "image")

    def as_json(self):
        """A JSON-able dict, for the trip from the worker process back to the web worker."""
        return {
            "title": self.title,
            "lead": self.lead,
            "blocks": [[block_type, value] for block_type, value in self.blocks],
            "images": [
                {
                    "data": base64.b64encode(image.data).decode(),
                    "extension": image.extension,
                    "alt": image.alt,
                }
                for image in self.images
            ],
            "legacy_runs": self.legacy_runs,
            "skipped_images": self.skipped_images,
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            title=data["title"],
            lead=data["lead"],
            blocks=[(block_type, value) for block_type, value in data["blocks"]],
            images=[
                ExtractedImage(
                    data=base64.b64decode(image["data"]), extension=image["extension"], alt=image["alt"]
                )
                for image in data["images"]
            ],
            legacy_runs=data["legacy_runs"],
            skipped_images=data["skipped_images"],
        )


class EmptyDocumentError(ValueError):
    """The document has no text to make a page from."""


# --- fonts -----------------------------------------------------------------------


class StyleFonts:
    """The font each style gives its text, following ``basedOn`` down to the document defaults.

    mammoth reports only a font set on the run itself; legacy documents often set
    ".VnTime" once in the Normal style, so the style's font is looked up here.
    """

    def __init__(self, styles_xml):
        self.fonts, self.based_on, self.default_paragraph_style = {}, {}, None
        self.default_font = None
        self.bold_first_rows = {}  # table style → whether it sets its first row in bold (None: unset)
        if not styles_xml:
            return
        root = ElementTree.fromstring(styles_xml)
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        if defaults is not None:
            self.default_font = defaults.get(f"{W}ascii") or defaults.get(f"{W}hAnsi")
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            fonts = style.find(f"{W}rPr/{W}rFonts")
            if fonts is not None:
                self.fonts[style_id] = fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi")
            first_row = style.find(f"{W}tblStylePr[@{W}type='firstRow']/{W}rPr/{W}b")
            if first_row is not None:
                self.bold_first_rows[style_id] = first_row.get(f"{W}val", "1") not in ("0", "false", "off")
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                self.based_on[style_id] = parent.get(f"{W}val")
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                self.default_paragraph_style = style_id

    @classmethod
    def from_docx(cls, data):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                return cls(archive.read("word/styles.xml"))
            except KeyError:
                return cls(None)

    def of_style(self, style_id):
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self.fonts.get(style_id):
                return self.fonts[style_id]
            style_id = self.based_on.get(style_id)
        return None

    def of_paragraph(self, style_id):
        return self.of_style(style_id or self.default_paragraph_style) or self.default_font

    def heads_first_row(self, style_id):
        """Whether a table of this style shows its first row as a header (bold through the
        style's "Header Row" formatting, following ``basedOn``), as Word's built-in table
        styles do: no run in that row is bold itself, so mammoth alone does not see it."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.bold_first_rows:
                return self.bold_first_rows[style_id]
            style_id = self.based_on.get(style_id)
        return False


class LegacyTextConverter:
    """mammoth's ``transform_document``: every run's text through ``convert_run`` with its font."""

    def __init__(self, style_fonts):
        self.style_fonts = style_fonts
        self.converted_runs = 0

    def __call__(self, document):
        return self.visit(document, self.style_fonts.default_font)

    def visit(self, element, font):
        if isinstance(element, documents.Paragraph):
            font = self.style_fonts.of_paragraph(element.style_id)
        if isinstance(element, documents.Run):
            font = element.font or self.style_fonts.of_style(element.style_id) or font
        if isinstance(element, documents.Text):
            return self.convert_text(element, font)
        if isinstance(element, documents.Table):
            element = self.mark_header_row(element)
        if isinstance(element, (documents.HasChildren, documents.TableCellUnmerged)):
            return element.copy(children=[self.visit(child, font) for child in element.children])
        return element

    def mark_header_row(self, table):
        """A table whose style makes its first row the header gets that row marked as one
        (``w:tblHeader`` does the same), so it becomes <thead> with <th> (Circular 32/2017, Điều 18)."""
        rows = table.children
        if not rows or not isinstance(rows[0], documents.TableRow) or rows[0].is_header:
            return table
        if not self.style_fonts.heads_first_row(table.style_id):
            return table
        return table.copy(children=[rows[0].copy(is_header=True), *rows[1:]])

    def convert_text(self, element, font):
        original = nfc(element.value)
        converted = nfc(convert_run(element.value, font))
        if converted != original:
            self.converted_runs += 1
        return element.copy(value=converted)


# --- the title -------------------------------------------------------------------


def plain_text(element):
    if isinstance(element, documents.Text):
        return element.value
    if isinstance(element, (documents.Tab, documents.Break)):
        return " "
    if isinstance(element, (documents.HasChildren, documents.TableCellUnmerged)):
        return "".join(plain_text(child) for child in element.children)
    return ""


def style_matches(paragraph, names):
    return (paragraph.style_name or "").strip().lower() in names or (paragraph.style_id or "").lower() in {
        name.replace(" ", "") for name in names
    }


def take_title(document):
    """The document's Title paragraph, else its first Heading 1, else its first paragraph with text.

    The chosen paragraph is removed from the document, so the title is not repeated in the body.
    """
    paragraphs = [
        (index, child)
        for index, child in enumerate(document.children)
        if isinstance(child, documents.Paragraph) and squash(plain_text(child))
    ]
    chosen = (
        next((item for item in paragraphs if style_matches(item[1], TITLE_STYLE_NAMES)), None)
        or next((item for item in paragraphs if style_matches(item[1], HEADING1_STYLE_NAMES)), None)
        or (paragraphs[0] if paragraphs else None)
    )
    if chosen is None:
        return "", document
    index, paragraph = chosen
    children = document.children[:index] + document.children[index + 1 :]
    return squash(plain_text(paragraph)), document.copy(children=children)


def shorten(text, limit):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


# --- images ----------------------------------------------------------------------


class ImageCollector:
    """mammoth's ``convert_image``: keeps each picture's bytes and marks its place in the HTML."""

    def __init__(self, max_pixels=DEFAULT_MAX_IMAGE_PIXELS, max_side=DEFAULT_MAX_IMAGE_SIDE):
        self.max_pixels, self.max_side = max_pixels, max_side
        self.images = []
        self.skipped = 0

    def __call__(self, image):
        with image.open() as stream:
            data = stream.read()
        prepared = self.prepare(data)
        if prepared is None:
            self.skipped += 1
            return {}
        self.images.append(
            ExtractedImage(data=prepared[0], extension=prepared[1], alt=squash(image.alt_text or ""))
        )
        return {"src": f"{IMAGE_SRC_PREFIX}{len(self.images) - 1}"}

    def prepare(self, data):
        """(bytes, extension) Wagtail can store, or None for pictures it cannot (EMF/WMF drawings, damaged
        files, too many pixels). Pictures go through the same checks and downscaling as an image upload."""
        try:
            picture = normalise(data, max_side=self.max_side, max_pixels=self.max_pixels)
        except PictureError:
            return None
        if picture.format in WEB_FORMATS:
            return picture.data, WEB_FORMATS[picture.format]
        try:
            with PILImage.open(io.BytesIO(picture.data)) as opened:
                opened.load()
                output = io.BytesIO()
                (opened if opened.mode in ("RGB", "RGBA", "L", "LA", "P") else opened.convert("RGBA")).save(
                    output, "PNG"
                )
                return output.getvalue(), "png"
        except (OSError, ValueError, SyntaxError):
            return None


def mammoth_image_handler(collector):
    return mammoth.images.img_element(collector)


# --- HTML → StreamField ----------------------------------------------------------


def inline_html(node):
    """Wagtail rich-text inline HTML for ``node``'s content: text, <b>, <i>, <a href>, <br/>; the rest is unwrapped."""
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return escape(nfc(str(node)), quote=False)
    if not isinstance(node, Tag):
        return ""
    if node.name == "img":
        return ""
    if node.name == "br":
        return "<br/>"
    inner = "".join(inline_html(child) for child in node.children)
    if node.name in ("strong", "b"):
        return f"<b>{inner}</b>" if inner.strip() else inner
    if node.name in ("em", "i"):
        return f"<i>{inner}</i>" if inner.strip() else inner
    if node.name == "a":
        href = (node.get("href") or "").strip()
        if SAFE_URL_RE.match(href) and inner.strip():
            return f'<a href="{escape(href)}">{inner}</a>'
        # Footnote back-links ("↑") point inside the document and mean nothing on the site.
        return "" if href.startswith("#footnote-ref") or href.startswith("#endnote-ref") else inner
    if node.name == "p":
        return f" {inner} "
    return inner


def tidy_inline(html):
    html = re.sub(r"\s+", " ", html).strip()
    return re.sub(r"^(<br/>\s*)+|(\s*<br/>)+$", "", html).strip()


def list_html(node):
    items = []
    for item in node.find_all("li", recursive=False):
        nested = [child for child in item.children if isinstance(child, Tag) and child.name in ("ul", "ol")]
        text = tidy_inline("".join(inline_html(child) for child in item.children if child not in nested))
        sublists = "".join(list_html(child) for child in nested)
        if text or sublists:
            items.append(f"<li>{text}{sublists}</li>")
    return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""


def cell_text(cell):
    paragraphs = cell.find_all("p")
    if paragraphs:
        lines = [squash(paragraph.get_text(" ")) for paragraph in paragraphs]
    else:
        lines = [squash(cell.get_text(" "))]
    return "\n".join(line for line in lines if line)


def is_bold(cell):
    text = squash(cell.get_text(""))
    bold = squash("".join(part.get_text("") for part in cell.find_all(["strong", "b"])))
    return bool(text) and text == bold


def table_value(table):
    """TableBlock data; merged cells are spread so every row keeps its columns in place."""
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    grid, covered = [], {}  # covered: column → how many more rows a cell above spans into it
    first_cells = []

    def fill_covered(cells, column):
        while covered.get(column):
            cells.append("")
            covered[column] -= 1
            column += 1
        return column

    for row in rows:
        cells, column = [], 0
        row_cells = row.find_all(["td", "th"], recursive=False)
        if not grid:
            first_cells = row_cells
        for cell in row_cells:
            column = fill_covered(cells, column)
            span = max(int(cell.get("colspan", 1) or 1), 1)
            down = max(int(cell.get("rowspan", 1) or 1), 1)
            cells.extend([cell_text(cell)] + [""] * (span - 1))
            for offset in range(span):
                covered[column + offset] = down - 1
            column += span
        fill_covered(cells, column)
        grid.append(cells)
    width = max((len(cells) for cells in grid), default=0)
    data = [cells + [""] * (width - len(cells)) for cells in grid]
    filled = [cell for cell in first_cells if squash(cell.get_text(""))]
    first_row_header = bool(filled) and (
        all(cell.name == "th" for cell in first_cells) or all(is_bold(cell) for cell in filled)
    )
    return {
        "data": data,
        "first_row_is_table_header": first_row_header,
        "first_col_is_header": False,
        "table_caption": "",
    }


class BlockBuilder:
    """Walks mammoth's HTML in order and emits (block type, value) pairs.

    Consecutive paragraphs and lists join into one rich-text block; headings, tables
    and pictures each become their own block, in the place they had in the document.
    The first paragraph with text becomes the lead and leaves the body, since the
    article page shows the lead above it (unless it holds a link, which would be lost).
    """

    def __init__(self):
        self.blocks, self.buffer = [], []
        self.lead = None

    def flush(self):
        if self.buffer:
            self.blocks.append(("paragraph", "".join(self.buffer)))
            self.buffer = []

    def add_images(self, images):
        for image in images:
            src = image.get("src", "")
            if src.startswith(IMAGE_SRC_PREFIX):
                self.flush()
                self.blocks.append(("image", int(src[len(IMAGE_SRC_PREFIX) :])))

    def add_paragraph(self, inner):
        inner = tidy_inline(inner)
        if not inner:
            return
        if self.lead is None:
            self.lead = squash(BeautifulSoup(inner, "html.parser").get_text(""))
            # A lead with a link stays in the body too, so the link is not lost.
            if "<a " not in inner:
                return
        self.buffer.append(f"<p>{inner}</p>")

    def paragraph(self, node):
        """A paragraph, split around any pictures inside it."""
        parts = []
        for child in node.children:
            if isinstance(child, Tag) and (child.name == "img" or child.find("img")):
                parts.append(inline_html(child))
                self.add_paragraph("".join(parts))
                parts = []
                self.add_images([child] if child.name == "img" else child.find_all("img"))
            else:
                parts.append(inline_html(child))
        self.add_paragraph("".join(parts))

    def visit(self, node):
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            self.add_paragraph(escape(nfc(str(node)), quote=False))
            return
        if not isinstance(node, Tag):
            return
        if node.name in HEADING_TAGS:
            text = squash(node.get_text(" "))
            if text:
                self.flush()
                self.blocks.append(
                    ("heading", {"text": text, "level": "h2" if node.name in ("h1", "h2") else "h3"})
                )
            self.add_images(node.find_all("img"))
        elif node.name == "p":
            self.paragraph(node)
        elif node.name in ("ul", "ol"):
            html = list_html(node)
            if html:
                self.buffer.append(html)
            self.add_images(node.find_all("img"))
        elif node.name == "table":
            value = table_value(node)
            if any(any(cell for cell in row) for row in value["data"]):
                self.flush()
                self.blocks.append(("table", value))
            self.add_images(node.find_all("img"))
        elif node.name == "img":
            self.add_images([node])
        else:
            for child in list(node.children):
                self.visit(child)

    def build(self, html):
        soup = BeautifulSoup(html, "html.parser")
        for node in list(soup.children):
            self.visit(node)
        self.flush()
        return self.blocks


def convert_docx(data, *, max_image_pixels=DEFAULT_MAX_IMAGE_PIXELS, max_image_side=DEFAULT_MAX_IMAGE_SIDE):
    """Read .docx bytes into a ConvertedDocument. Raises EmptyDocumentError when there is no text.

    Unbounded in time and memory: the web worker calls it only through ``site_kb.worker``, after
    ``intake.limits`` has counted the document.
    """
    converter = LegacyTextConverter(StyleFonts.from_docx(data))
    collector = ImageCollector(max_image_pixels, max_image_side)
    title_holder = {}

    def transform(document):
        document = converter(document)
        title_holder["title"], document = take_title(document)
        return document

    result = mammoth.convert_to_html(
        io.BytesIO(data),
        transform_document=transform,
        convert_image=mammoth_image_handler(collector),
        style_map=STYLE_MAP,
    )
    builder = BlockBuilder()
    blocks = builder.build(result.value)
    title = shorten(title_holder.get("title", ""), TITLE_MAX_LENGTH)
    if not title:
        raise EmptyDocumentError("no text")
    return ConvertedDocument(
        title=title,
        lead=builder.lead or title,
        blocks=blocks,
        images=collector.images,
        legacy_runs=converter.converted_runs,
        skipped_images=collector.skipped,
    )
