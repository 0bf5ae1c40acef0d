"""Real Word files for the import tests, written with python-docx (and LibreOffice for .doc/.odt)."""

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image as PILImage

TITLE = "Hội nghị tổng kết năm học 2025–2026"
LEAD = "Sáng 20/11, Phòng Giáo dục và Đào tạo tổ chức hội nghị tổng kết."
LINK_URL = "https://example.edu.vn/tin-tuc"
TCVN3_TEXT = "Phßng Gi¸o dôc vµ §µo t¹o"  # "Phòng Giáo dục và Đào tạo" in .VnTime
VNI_TEXT = "Tröôøng Trung hoïc cô sôû"  # "Trường Trung học cơ sở" in VNI-Times
TABLE_ROWS = [["Trường", "Số học sinh", "Xếp loại"], ["THCS Ba Sao", "450", "Tốt"]]


def png_bytes(size=(80, 50), colour=(200, 40, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def add_hyperlink(paragraph, text, url):
    """python-docx has no hyperlink API: write the w:hyperlink element and its relationship."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def news_document():
    """A news article as a school would send it: title, headings, formatting, list, link,
    legacy-font runs, a picture and a table."""
    document = Document()
    document.add_heading(TITLE, level=0)
    document.add_paragraph(LEAD)
    document.add_heading("Kết quả nổi bật", level=1)
    paragraph = document.add_paragraph("Năm học vừa qua có ")
    paragraph.add_run("nhiều thành tích").bold = True
    paragraph.add_run(" và ")
    paragraph.add_run("kinh nghiệm quý").italic = True
    paragraph.add_run(".")
    document.add_paragraph("Chất lượng giáo dục nâng lên", style="List Bullet")
    document.add_paragraph("Cơ sở vật chất được đầu tư", style="List Bullet")
    paragraph = document.add_paragraph("Xem chi tiết tại ")
    add_hyperlink(paragraph, "cổng thông tin", LINK_URL)
    paragraph.add_run(".")
    document.add_heading("Đơn vị tham dự", level=3)
    paragraph = document.add_paragraph()
    paragraph.add_run(TCVN3_TEXT).font.name = ".VnTime"
    paragraph.add_run(" chủ trì.").font.name = "Times New Roman"
    paragraph = document.add_paragraph()
    paragraph.add_run(VNI_TEXT).font.name = "VNI-Times"
    paragraph.add_run(" tham dự.").font.name = "Times New Roman"
    document.add_paragraph("Ảnh hội nghị:")
    document.add_picture(io.BytesIO(png_bytes()))
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, TABLE_ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph("Hội nghị kết thúc lúc 11 giờ.")
    return document


def docx_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def legacy_style_document():
    """An old document whose Normal style, not its runs, says ".VnTime"."""
    document = Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph("Th«ng b¸o")
    document.add_paragraph(TCVN3_TEXT)
    return document


def soffice_convert(data, source_extension, target_extension):
    """``data`` converted by LibreOffice, as a test fixture (the app has its own converter)."""
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        source = work / f"source.{source_extension}"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603
            [
                shutil.which("soffice"),
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target_extension,
                "--outdir",
                str(work / "out"),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (work / "out" / f"source.{target_extension}").read_bytes()


# --- hostile files (issue 12): built here, never committed ----------------------------

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def document_xml(body):
    """A word/document.xml whose body is ``body`` (WordprocessingML written by hand, so a test can
    make millions of elements in a fraction of a second)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NAMESPACE}" xmlns:r="{R_NAMESPACE}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def paragraph_xml(*texts):
    runs = "".join(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' for text in texts)
    return f"<w:p>{runs}</w:p>"


def replace_parts(data, parts):
    """``data`` (a .docx) with the named parts replaced or added; ``parts`` maps a name to str or bytes."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item.filename, source.read(item))
        for name, content in parts.items():
            target.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def body_docx(body):
    """A .docx (python-docx's template: styles, numbering…) whose body is the given XML."""
    return replace_parts(docx_bytes(Document()), {"word/document.xml": document_xml(body)})


def many_paragraphs_docx(count, runs_per_paragraph=1):
    """``count`` tiny paragraphs: the shape of the 151 KB file that unpacked to 27 MB of XML."""
    runs = [f"Đoạn {number}" for number in range(runs_per_paragraph)]
    return body_docx(paragraph_xml("Báo cáo tổng kết") + paragraph_xml(*runs) * count)


def giant_paragraph_docx(runs):
    """One paragraph of ``runs`` one-word runs."""
    return body_docx(paragraph_xml("Báo cáo tổng kết") + paragraph_xml(*(["chữ "] * runs)))


def huge_table_docx(rows, columns):
    cell = "<w:tc>" + paragraph_xml("1") + "</w:tc>"
    table = "<w:tbl>" + ("<w:tr>" + cell * columns + "</w:tr>") * rows + "</w:tbl>"
    return body_docx(paragraph_xml("Bảng thống kê") + table)


def long_text_docx(characters, paragraph_length=1000):
    """Ordinary paragraphs holding ``characters`` characters of text in all."""
    text = ("Học sinh " * (paragraph_length // 9 + 1))[:paragraph_length]
    return body_docx(paragraph_xml("Tài liệu dài") + paragraph_xml(text) * (characters // paragraph_length))


def padded_part_docx(unpacked_bytes, part="word/document.xml"):
    """A zip-bomb-like part: ``unpacked_bytes`` of XML, almost all of it blanks that deflate
    a thousandfold, so the upload stays a few kilobytes."""
    if part == "word/document.xml":
        content = document_xml(paragraph_xml("Tiêu đề") + " " * unpacked_bytes)
    else:
        content = "<x>" + " " * unpacked_bytes + "</x>"
    return replace_parts(docx_bytes(Document()), {part: content})


HEADER_TABLE_ROWS = [["Trường", "Số học sinh"], ["THCS Ba Sao", "450"]]


def table_document(header=None, style=None, based_on=None):
    """A short article with one table whose first row is a header the way Word marks it:
    ``header="repeat"`` (Layout → Repeat Header Rows: ``w:tblHeader`` on the row), ``"bold"``
    (the row's text in bold) or a table ``style`` whose "Header Row" formatting is bold, or a
    style of the office's own ``based_on`` such a style."""
    document = Document()
    if based_on:
        own = document.styles.add_style("Bảng của Phòng", WD_STYLE_TYPE.TABLE)
        own.base_style = document.styles[based_on]
        style = "Bảng của Phòng"
    document.add_heading("Thống kê học sinh", level=0)
    document.add_paragraph("Số liệu đầu năm học.")
    table = document.add_table(rows=2, cols=2)
    if style:
        table.style = document.styles[style]
    for row, values in zip(table.rows, HEADER_TABLE_ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    if header == "repeat":
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    elif header == "bold":
        for cell in table.rows[0].cells:
            cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph("Hết.")
    return document
