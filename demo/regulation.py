"""The website regulation (Quyết định 33/QĐ-GDĐT, 21/11/2013) as StreamField blocks.

The text file beside this module is the regulation as published, copied
byte for byte. It is turned into blocks without rewording anything:

* ``Chương I`` … ``Chương IV`` and the upper-case title line(s) after each
  become one level-2 heading: ``Chương II. NỘI DUNG THÔNG TIN TRÊN WEBSITE …``;
* each ``Điều N. …`` line becomes a level-3 heading;
* every other non-empty line becomes a paragraph, HTML-escaped.

Lines holding only spaces or non-breaking spaces are skipped, and leading or
trailing whitespace is stripped. Gaps in the source (it has no clause 2 in
Điều 11) are kept as they are.
"""

import re
import uuid
from html import escape
from pathlib import Path

REGULATION_FILE = Path(__file__).with_name("quy-che-website-phong-gddt.txt")

CHAPTER_RE = re.compile(r"^Chương\s+[IVXLC]+\.?$")
ARTICLE_RE = re.compile(r"^Điều\s+\d+\s*\.")
# A chapter's title is printed in capitals on at most a few lines after "Chương N".
MAX_CHAPTER_TITLE_LINES = 3


def read_regulation_text(path=REGULATION_FILE):
    return Path(path).read_text(encoding="utf-8")


def _is_title_line(line):
    return any(ch.isalpha() for ch in line) and line == line.upper() and not ARTICLE_RE.match(line)


def _block(block_type, value, index):
    # Stable ids, so the same text always gives the same blocks.
    return {"type": block_type, "value": value, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"qc33/{index}"))}


def regulation_blocks(text=None):
    """The regulation as a list of raw StreamField blocks (``{"type", "value", "id"}``)."""
    if text is None:
        text = read_regulation_text()
    # str.strip() also removes non-breaking spaces, so "\xa0" lines become empty.
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]

    blocks = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if CHAPTER_RE.match(line):
            title_lines = []
            j = i + 1
            while j < len(lines) and len(title_lines) < MAX_CHAPTER_TITLE_LINES and _is_title_line(lines[j]):
                title_lines.append(lines[j])
                j += 1
            heading = line.rstrip(".")
            if title_lines:
                heading = f"{heading}. {' '.join(title_lines)}"
            blocks.append(_block("heading", {"text": heading, "level": "h2"}, len(blocks)))
            i = j
            continue
        if ARTICLE_RE.match(line):
            blocks.append(_block("heading", {"text": line, "level": "h3"}, len(blocks)))
        else:
            blocks.append(_block("paragraph", f"<p>{escape(line, quote=False)}</p>", len(blocks)))
        i += 1
    return blocks


def outline(blocks):
    """(chapters, articles): the heading texts at level 2 and level 3."""
    chapters = [b["value"]["text"] for b in blocks if b["type"] == "heading" and b["value"]["level"] == "h2"]
    articles = [b["value"]["text"] for b in blocks if b["type"] == "heading" and b["value"]["level"] == "h3"]
    return chapters, articles
