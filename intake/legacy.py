"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI) to Unicode.

Why: Điều 11.4 of the regulation asks schools to send files "sử dụng phông chữ Unicode theo
chuẩn TCVN 6909:2001", yet many Word files from schools are still typed in the 8-bit fonts
of the 1990s: TCVN3/ABC (".VnTime", ".VnArial", ".VnCentury"…, names starting with ".Vn")
and VNI ("VNI-Times", "VNI-Helve"…, names starting with "VNI-"). The Word importer calls
:func:`convert_run` on every run so that what reaches the site is Unicode (NFC).

How Word stores such a run: the font draws Vietnamese glyphs at 8-bit codes, and the .docx
keeps those codes as if they were Windows-1252 text. "Phòng Giáo dục" typed in .VnTime is
stored as "Phßng Gi¸o dôc"; typed in VNI-Times it is "Phoøng Giaùo duïc". Codes
0x80–0x9F sometimes arrive as Latin-1 control characters, and symbol-type fonts put the
code at U+F000 + code (private use); both are folded back to the code before decoding.

- TCVN3 is one code per letter, all in 0xA1–0xFE. The ordinary fonts hold every lowercase
  letter but, of the capitals, only Ă Â Ê Ô Ơ Ư Đ; other capitals are typed in the "H"
  fonts (".VnTimeH", ".VnArialH"…), which draw every code, ASCII included, as a capital.
- VNI writes a base letter followed by one diacritic code (0xC0–0xFF), e.g. "Vieät" →
  "Việt"; ơ, ư, đ, ĩ, ị, ỉ, ỵ and í, ì have codes of their own.

In both, ASCII (digits, punctuation, spaces, plain letters) keeps its meaning. When a run's
font is unknown, :func:`detect_encoding` looks for letter sequences that decode to valid
Vietnamese syllables and that real Unicode Vietnamese, English or French text does not
contain.
"""

import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"

# Tones in the order of the rows below: level, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_OF_MARK = {mark: index for index, mark in enumerate(_TONE_MARKS) if mark}
_VOWELS = "aăâeêioôơuưy"


def _toned(vowel: str) -> list[str]:
    """The six letters of a vowel, level first, as NFC Unicode."""
    return [unicodedata.normalize("NFC", vowel + mark) for mark in _TONE_MARKS]


# TCVN3 (ABC, TCVN 5712:1993 VN3) codes of the lowercase letters, one row per vowel in
# the tone order above; the row's level letter is ASCII for a e i o u y.
_TCVN3_ROWS = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",
    "e": "e\xcc\xce\xcf\xd0\xd1",
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": "i\xd7\xd8\xdc\xdd\xde",
    "o": "o\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xac\xea\xeb\xec\xed\xee",
    "u": "u\xef\xf1\xf2\xf3\xf4",
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",
    "y": "y\xfa\xfb\xfc\xfd\xfe",
}
# The only capitals with diacritics an ordinary TCVN3 font has, and đ.
_TCVN3_SINGLES = {
    "\xae": "đ",
    "\xa1": "Ă",
    "\xa2": "Â",
    "\xa3": "Ê",
    "\xa4": "Ô",
    "\xa5": "Ơ",
    "\xa6": "Ư",
    "\xa7": "Đ",
}

# VNI codes of the lowercase letters: base letter plus one diacritic code, same tone order.
# Capitals are the same sequences upper-cased ("aù" → "AÙ" for Á).
_VNI_ROWS = {
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
_VNI_D = "ñ"


def _build_tcvn3() -> dict[str, str]:
    table = dict(_TCVN3_SINGLES)
    for vowel, codes in _TCVN3_ROWS.items():
        for code, letter in zip(codes, _toned(vowel), strict=True):
            if not code.isascii():
                table[code] = letter
    return table


def _build_vni() -> dict[str, str]:
    table = {}
    pairs = [(_VNI_D, "đ")]
    for vowel, codes in _VNI_ROWS.items():
        pairs.extend(zip(codes, _toned(vowel), strict=True))
    for code, letter in pairs:
        if code.isascii():
            continue
        table[code] = letter
        table[code.upper()] = letter.upper()
        if len(code) == 2:
            # Tolerate a diacritic code of the other case (the base letter decides the case).
            table[code[0] + code[1].upper()] = letter
            table[code[0].upper() + code[1]] = letter.upper()
    return table


_TCVN3_TO_UNICODE = _build_tcvn3()
_VNI_TO_UNICODE = _build_vni()
_VNI_MARKS = frozenset(code[1] for code in _VNI_TO_UNICODE if len(code) == 2)

# What a run in a legacy font can hold: Latin-1, the Windows-1252 punctuation, private use.
_CP1252_EXTRAS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
# Letters only Unicode Vietnamese has; a run holding them was typed in Unicode.
_UNICODE_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")


def _code_char(code: int) -> str:
    """The character Word would have stored for an 8-bit code (Windows-1252 first)."""
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(code)
    return chr(code)


def _fold_codes(text: str) -> str:
    """Bring private-use U+F0xx and Latin-1 C1 controls back to their Windows-1252 character."""
    chars = []
    for char in text:
        point = ord(char)
        if 0xF000 <= point <= 0xF0FF:
            chars.append(_code_char(point - 0xF000))
        elif 0x80 <= point <= 0x9F:
            chars.append(_code_char(point))
        else:
            chars.append(char)
    return "".join(chars)


def _decode_tcvn3(text: str) -> str:
    return "".join(_TCVN3_TO_UNICODE.get(char, char) for char in text)


def _decode_vni(text: str) -> str:
    out = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if len(pair) == 2 and pair in _VNI_TO_UNICODE:
            out.append(_VNI_TO_UNICODE[pair])
            index += 2
        else:
            out.append(_VNI_TO_UNICODE.get(text[index], text[index]))
            index += 1
    return "".join(out)


_DECODERS = {TCVN3: _decode_tcvn3, VNI: _decode_vni}


def _upper(text: str) -> str:
    """Capitals as an "H" font draws them; characters without a one-letter capital stay."""
    return "".join(upper if len(upper := char.upper()) == 1 else char for char in text)


def encoding_for_font(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies: ".Vn…" is TCVN3, "VNI-…" is VNI, else None."""
    if not font_name:
        return None
    compact = re.sub(r"\s+", "", font_name).lower()
    if compact.startswith(".vn"):
        return TCVN3
    if re.match(r"vni[-_]", compact) or re.match(r"\s*vni\s", font_name, re.IGNORECASE):
        return VNI
    return None


def is_uppercase_font(font_name: str | None) -> bool:
    """Whether a TCVN3 font is an "H" font (".VnTimeH") that draws every letter as a capital."""
    if encoding_for_font(font_name) != TCVN3:
        return False
    name = font_name.strip()
    # A name that lost its case (".vntimeh") still counts.
    return name.endswith("H") or (name.endswith("h") and name == name.lower())


def to_unicode(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Decode a run typed in a legacy font; ``uppercase`` for TCVN3 "H" fonts. Result NFC."""
    try:
        decode = _DECODERS[encoding]
    except KeyError:
        raise ValueError(f"Unknown legacy Vietnamese encoding: {encoding!r}") from None
    result = decode(_fold_codes(text))
    if uppercase:
        result = _upper(result)
    return unicodedata.normalize("NFC", result)


# -- Detection ---------------------------------------------------------------------------

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "uyêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu iêu yêu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ ya yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_SYLLABLE = re.compile(rf"{_ONSET}(?P<nucleus>{'|'.join(_NUCLEI)})(?P<coda>ch|ng|nh|[cmnpt])?")
_STOP_TONES = {_TONE_OF_MARK["\u0301"], _TONE_OF_MARK["\u0323"]}
# A word: ASCII letters and anything from 0xA1 up to 0xFF (every legacy letter code).
_WORD = re.compile(r"[A-Za-z\xa1-\xff]+")

# TCVN3 codes that are symbols in Windows-1252, and capitals that open a word.
_TCVN3_SYMBOL_CODES = frozenset(code for code in _TCVN3_TO_UNICODE if code < "\xc0")
_TCVN3_WORD_OPENERS = frozenset("¡¢£¤¥¦§®")
_TCVN3_UPPER_CODES = frozenset(code for code in _TCVN3_TO_UNICODE if "\xc0" <= code < "\xdf")
# VNI pairs that also occur in French, Spanish or Dutch words (où, aéroport, aún, naïf…).
_VNI_WEAK_PAIRS = frozenset("où aé aë aú aï oï uï aû eû oû uû".split())

_STRONG, _WEAK, _MISS = 2.0, 0.5, -1.0
_THRESHOLD = 2.0


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (onset, rhyme, at most one tone)."""
    tones = []
    bare = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_OF_MARK:
            tones.append(_TONE_OF_MARK[char])
        else:
            bare.append(char)
    if len(tones) > 1:
        return False
    match = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", "".join(bare)))
    if not match:
        return False
    if match["coda"] in ("c", "ch", "p", "t"):
        return bool(tones) and tones[0] in _STOP_TONES
    return True


def _is_strong(word: str, encoding: str) -> bool:
    """Whether ``word`` holds a legacy sequence that real European or Unicode text never has."""
    if encoding == TCVN3:
        for index, char in enumerate(word):
            before = word[index - 1] if index else ""
            after = word[index + 1 : index + 2]
            if char in _TCVN3_SYMBOL_CODES and before.isalpha():
                # « and » are guillemets too, but those never sit inside a word.
                if char not in "«»" or after.isalpha():
                    return True
            if char in _TCVN3_WORD_OPENERS and after.isalpha():
                return True
            if char in _TCVN3_UPPER_CODES and before.isascii() and before.islower():
                return True
        return False
    return any(
        word[index] in "aeouyAEOUYôöÔÖ"
        and word[index + 1] in _VNI_MARKS
        and word[index : index + 2].lower() not in _VNI_WEAK_PAIRS
        for index in range(len(word) - 1)
    )


def _score(text: str, encoding: str) -> tuple[float, bool]:
    """Evidence for ``encoding``: weighted words that decode to Vietnamese, minus those that do not."""
    decode = _DECODERS[encoding]
    score = 0.0
    strong = False
    for word in _WORD.findall(text):
        if word.isascii() or not any(char.isascii() for char in word):
            continue
        decoded = decode(word)
        if not any(char in _VOWELS for char in unicodedata.normalize("NFD", decoded.lower())):
            continue  # an abbreviation such as "§T" (ĐT)
        if decoded == word or _is_syllable(word):
            # Untouched by this encoding, or already readable as Unicode Vietnamese.
            score += 0.0 if _is_syllable(word) else _MISS
            continue
        if not _is_syllable(decoded):
            score += _MISS
        elif _is_strong(word, encoding):
            score += _STRONG
            strong = True
        else:
            score += _WEAK
    return score, strong


def detect_encoding(text: str) -> str | None:
    """Guess TCVN3 or VNI for text whose font is unknown; None for Unicode, English, French…"""
    if not text:
        return None
    for char in text:
        point = ord(char)
        if point > 0xFF and char not in _CP1252_EXTRAS and not 0xF000 <= point <= 0xF0FF:
            return None  # a character no legacy run can hold: the text is Unicode
    folded = _fold_codes(text)
    scores = {encoding: _score(folded, encoding) for encoding in (TCVN3, VNI)}
    best = max(scores, key=lambda encoding: scores[encoding][0])
    other = VNI if best == TCVN3 else TCVN3
    score, strong = scores[best]
    if strong and score >= _THRESHOLD and score > scores[other][0]:
        return best
    return None


def convert_run(text: str, font_name: str | None) -> str:
    """Unicode (NFC) for one Word run: by its font first, else by detection, else unchanged.

    A run in a legacy font that already holds Unicode-only Vietnamese letters (text pasted
    in Unicode while the font stayed .VnTime) is left as it is, so nothing is decoded twice.
    """
    encoding = encoding_for_font(font_name)
    if encoding and not _UNICODE_VIETNAMESE.search(unicodedata.normalize("NFC", text)):
        return to_unicode(text, encoding, uppercase=is_uppercase_font(font_name))
    if encoding is None:
        detected = detect_encoding(text)
        if detected:
            return to_unicode(text, detected)
    return unicodedata.normalize("NFC", text)
