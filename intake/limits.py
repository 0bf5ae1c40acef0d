"""How much a Word import may hold, counted before any converter reads it (issue 12, Điều 11.4).

A 151 KB .docx unpacked to 27 MB of XML and took a web worker 1.4 GB and 158 s in mammoth,
which builds a DOM of the whole document. Here each part's unpacked size comes from the archive
(zipfile never yields more than the size a member declares, so the declared size is a true bound)
and the XML parts are counted by a streaming parser that keeps no tree: paragraphs, runs, table
cells and characters of text. The bounds are settings (from the environment), chosen from what a
real office document needs and far below what makes the conversion costly; the converted body
is bounded again before a draft is created, so the editor can always open it.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lxml import etree

# All XML parts together may be twice the largest one: styles, numbering, notes and headers
# of a real document add a few hundred kilobytes to its text.
TOTAL_XML_FACTOR = 2
WORDPROCESSING_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
XML_SUFFIXES = (".xml", ".rels")
XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
CHUNK_BYTES = 256 * 1024
# A .docx has 10 to a few hundred parts; thousands of tiny ones only make every check slow.
MAX_PARTS = 5_000


def setting(name):
    """One of the INTAKE_MAX_* limits; their defaults live in site_kb/settings/base.py only."""
    return getattr(settings, name)


def number(value):
    return number_format(value, force_grouping=True)


def too_many(what, limit):
    messages = {
        "paragraphs": _(
            "Văn bản quá dài để nhập thành một tin: hơn %(limit)s đoạn văn. "
            "Hãy chia thành nhiều tin nhỏ hơn, hoặc đăng văn bản dưới dạng tệp đính kèm."
        ),
        "runs": _(
            "Văn bản có quá nhiều đoạn chữ định dạng riêng (hơn %(limit)s). Hãy chia thành nhiều tin nhỏ "
            "hơn, hoặc chọn toàn bộ văn bản, xoá định dạng thừa (Ctrl+Space) rồi lưu lại và thử lần nữa."
        ),
        "table_cells": _(
            "Bảng trong văn bản quá lớn để nhập: hơn %(limit)s ô. Hãy đăng bảng dưới dạng tệp đính kèm "
            "(Excel hoặc PDF) thay vì nhập vào nội dung tin."
        ),
        "text_chars": _(
            "Văn bản quá dài để nhập thành một tin: hơn %(limit)s ký tự. "
            "Hãy chia thành nhiều tin nhỏ hơn, hoặc đăng văn bản dưới dạng tệp đính kèm."
        ),
    }
    return ValidationError(messages[what], code=f"too_many_{what}", params={"limit": number(limit)})


def part_too_large(name, size, limit):
    return ValidationError(
        _(
            "Nội dung tệp quá lớn khi giải nén (phần «%(part)s»: %(size)s, tối đa %(limit)s). Tệp có thể "
            "bị lỗi hoặc cố ý làm phình to; hãy mở tệp bằng Word, lưu lại, hoặc chia thành nhiều tin nhỏ hơn."
        ),
        code="part_too_large",
        params={"part": name[:80], "size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


# --- sizes ------------------------------------------------------------------------------


def looks_like_xml(archive, info):
    if info.filename.lower().endswith(XML_SUFFIXES):
        return True
    with archive.open(info) as member:
        head = member.read(16).lstrip()
    return head.startswith(XML_STARTS)


def check_sizes(archive, binary_limit):
    """The XML parts of ``archive`` (a zipfile.ZipFile); ValidationError when a part is too large.

    Every XML part (the document, and any other: a converter may be pointed at any of them) is at
    most INTAKE_MAX_XML_BYTES unpacked, all of them together twice that; the other parts (pictures,
    which do not shrink in a zip) together at most ``binary_limit``, the largest upload accepted.
    Only declared sizes are read, so a zip bomb is refused before anything is decompressed.
    """
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise ValidationError(
            _("Tệp có quá nhiều phần bên trong (%(count)s, tối đa %(limit)s); tệp có thể bị lỗi."),
            code="too_many_parts",
            params={"count": number(len(infos)), "limit": number(MAX_PARTS)},
        )
    xml_limit = setting("INTAKE_MAX_XML_BYTES")
    xml_parts, xml_total, binary_total = [], 0, 0
    for info in infos:
        if info.is_dir():
            continue
        if looks_like_xml(archive, info):
            if info.file_size > xml_limit:
                raise part_too_large(info.filename, info.file_size, xml_limit)
            xml_total += info.file_size
            if xml_total > xml_limit * TOTAL_XML_FACTOR:
                raise part_too_large(_("tất cả phần XML"), xml_total, xml_limit * TOTAL_XML_FACTOR)
            xml_parts.append(info)
        else:
            binary_total += info.file_size
            if binary_total > binary_limit:
                raise part_too_large(info.filename, binary_total, binary_limit)
    return xml_parts


# --- counting ---------------------------------------------------------------------------


@dataclass
class Counts:
    paragraphs: int = 0  # outside table cells: the paragraphs of a cell are its cell
    runs: int = 0
    table_cells: int = 0
    text_chars: int = 0


class LimitReached(Exception):
    def __init__(self, what):
        super().__init__(what)
        self.what = what


class DoctypeFound(Exception):
    """A DTD in a Word part: never written by Word or LibreOffice, the road to entity expansion."""


class WordCounter:
    """An lxml parser target: called for each element as the XML streams in, no tree is built."""

    def __init__(self, counts, maxima):
        self.counts, self.maxima = counts, maxima
        self.cell_depth = 0
        self.in_text = 0

    def bump(self, what, amount=1):
        value = getattr(self.counts, what) + amount
        setattr(self.counts, what, value)
        if value > self.maxima[what]:
            raise LimitReached(what)

    def start(self, tag, attrib, nsmap=None):
        namespace, _brace, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if namespace not in WORDPROCESSING_NAMESPACES:
            return
        if local == "tc":
            self.cell_depth += 1
            self.bump("table_cells")
        elif local == "p" and not self.cell_depth:
            self.bump("paragraphs")
        elif local == "r":
            self.bump("runs")
        elif local == "t":
            self.in_text += 1

    def end(self, tag):
        if not tag.startswith("{"):
            return
        namespace, _brace, local = tag[1:].partition("}")
        if namespace not in WORDPROCESSING_NAMESPACES:
            return
        if local == "tc":
            self.cell_depth -= 1
        elif local == "t":
            self.in_text -= 1

    def data(self, text):
        if self.in_text:
            self.bump("text_chars", len(text))

    def doctype(self, *args):
        raise DoctypeFound

    def close(self):
        return self.counts


def count_part(archive, info, counts, maxima):
    """Add the paragraphs, runs, cells and characters of one XML part to ``counts``.

    A part that is not well-formed is left to the converter, which refuses it as damaged.
    """
    parser = etree.XMLParser(
        target=WordCounter(counts, maxima),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK_BYTES):
                parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError:
        return


def maxima():
    return {
        "paragraphs": setting("INTAKE_MAX_PARAGRAPHS"),
        "runs": setting("INTAKE_MAX_RUNS"),
        "table_cells": setting("INTAKE_MAX_TABLE_CELLS"),
        "text_chars": setting("INTAKE_MAX_TEXT_CHARS"),
    }


def check_docx(archive, binary_limit):
    """Counts of a .docx ``archive`` (zipfile.ZipFile); ValidationError (Vietnamese) past any bound."""
    bounds = maxima()
    counts = Counts()
    try:
        for info in check_sizes(archive, binary_limit):
            count_part(archive, info, counts, bounds)
    except LimitReached as reached:
        raise too_many(reached.what, bounds[reached.what]) from None
    except DoctypeFound:
        raise ValidationError(
            _(
                "Tệp có cấu trúc XML bất thường (khai báo DOCTYPE) nên không thể nhập. "
                "Hãy mở tệp bằng Word, lưu lại thành .docx rồi thử lần nữa."
            ),
            code="doctype",
        ) from None
    return counts


# --- the converted body -----------------------------------------------------------------


def body_size(stream_data):
    """Bytes of the body's JSON as the database keeps it (UTF-8)."""
    return len(json.dumps(stream_data, ensure_ascii=False, separators=(",", ":")).encode())


def check_body(stream_data):
    """The draft's body must stay small enough for the page editor to open it."""
    block_limit = setting("INTAKE_MAX_BODY_BLOCKS")
    if len(stream_data) > block_limit:
        raise ValidationError(
            _(
                "Nội dung sau khi chuyển đổi có %(count)s khối (tiêu đề, đoạn, bảng, ảnh), quá nhiều để trình "
                "soạn thảo mở được (tối đa %(limit)s). Hãy chia văn bản thành nhiều tin nhỏ hơn."
            ),
            code="too_many_blocks",
            params={"count": number(len(stream_data)), "limit": number(block_limit)},
        )
    byte_limit = setting("INTAKE_MAX_BODY_BYTES")
    size = body_size(stream_data)
    if size > byte_limit:
        raise ValidationError(
            _(
                "Nội dung sau khi chuyển đổi quá lớn để trình soạn thảo mở được (%(size)s, tối đa %(limit)s). "
                "Hãy chia văn bản thành nhiều tin nhỏ hơn, hoặc đăng dưới dạng tệp đính kèm."
            ),
            code="body_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(byte_limit)},
        )
