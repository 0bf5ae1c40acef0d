"""Legacy Vietnamese fonts (TCVN3/ABC, VNI) become Unicode NFC (Điều 11.4, TCVN 6909:2001).

The encoders below are written independently of intake.legacy, letter by letter, in the
order sắc, huyền, hỏi, ngã, nặng used by the published code tables; every one of the 134
Vietnamese letters must survive Unicode → legacy → Unicode.
"""

import unicodedata

import pytest

from intake.legacy import (
    TCVN3,
    VNI,
    convert_run,
    detect_encoding,
    encoding_for_font,
    is_uppercase_font,
    to_unicode,
)

# Unicode → TCVN3 code, as the .docx stores it (Windows-1252). "\xad" (soft hyphen) is ư.
TCVN3_OF = {
    "á": "¸", "à": "µ", "ả": "¶", "ã": "·", "ạ": "¹",
    "ă": "¨", "ắ": "¾", "ằ": "»", "ẳ": "¼", "ẵ": "½", "ặ": "Æ",
    "â": "©", "ấ": "Ê", "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ậ": "Ë",
    "é": "Ð", "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "ẹ": "Ñ",
    "ê": "ª", "ế": "Õ", "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ệ": "Ö",
    "í": "Ý", "ì": "×", "ỉ": "Ø", "ĩ": "Ü", "ị": "Þ",
    "ó": "ã", "ò": "ß", "ỏ": "á", "õ": "â", "ọ": "ä",
    "ô": "«", "ố": "è", "ồ": "å", "ổ": "æ", "ỗ": "ç", "ộ": "é",
    "ơ": "¬", "ớ": "í", "ờ": "ê", "ở": "ë", "ỡ": "ì", "ợ": "î",
    "ú": "ó", "ù": "ï", "ủ": "ñ", "ũ": "ò", "ụ": "ô",
    "ư": "\xad", "ứ": "ø", "ừ": "õ", "ử": "ö", "ữ": "÷", "ự": "ù",
    "ý": "ý", "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ỵ": "þ",
    "đ": "®",
}  # fmt: skip
# The capitals an ordinary (non-"H") TCVN3 font has.
TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# Unicode → VNI sequence (base letter + diacritic code). Capitals are the upper-cased sequence.
VNI_OF = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
}  # fmt: skip

LOWER = sorted(VNI_OF)
UPPER = [letter.upper() for letter in LOWER]


def encode_tcvn3(text: str, *, uppercase_font: bool = False) -> str:
    """Unicode → TCVN3; with ``uppercase_font`` the lowercase codes an "H" font draws as capitals."""
    out = []
    for char in text:
        if uppercase_font:
            char = char.lower()
        if char in TCVN3_CAPITALS:
            out.append(TCVN3_CAPITALS[char])
        elif char in TCVN3_OF:
            out.append(TCVN3_OF[char])
        elif char.isascii():
            out.append(char)
        else:
            raise ValueError(f"{char!r} has no code in an ordinary TCVN3 font")
    return "".join(out)


def encode_vni(text: str) -> str:
    out = []
    for char in text:
        if char in VNI_OF:
            out.append(VNI_OF[char])
        elif char.lower() in VNI_OF:
            out.append(VNI_OF[char.lower()].upper())
        else:
            assert char.isascii(), char
            out.append(char)
    return "".join(out)


def word_bytes(text: str) -> str:
    """Text as Word keeps a symbol-font run: U+F000 plus the 8-bit code."""
    return "".join(chr(0xF000 + char.encode("cp1252")[0]) for char in text)


# ---------------------------------------------------------------------------- tables


def test_the_tables_cover_all_134_letters():
    letters = set(LOWER) | set(UPPER)
    assert len(letters) == 134
    assert all(unicodedata.is_normalized("NFC", letter) and len(letter) == 1 for letter in letters)
    assert set(TCVN3_OF) == set(VNI_OF)
    # Codes of a legacy font never clash.
    assert len(set(TCVN3_OF.values()) | set(TCVN3_CAPITALS.values())) == 67 + 7


@pytest.mark.parametrize("letter", LOWER)
def test_every_lowercase_letter_round_trips_through_tcvn3(letter):
    assert to_unicode(encode_tcvn3(letter), TCVN3) == letter
    assert to_unicode("x" + encode_tcvn3(letter) + "n", TCVN3) == f"x{letter}n"


@pytest.mark.parametrize("letter", UPPER)
def test_every_capital_round_trips_through_a_tcvn3_h_font(letter):
    assert to_unicode(encode_tcvn3(letter, uppercase_font=True), TCVN3, uppercase=True) == letter


@pytest.mark.parametrize("letter", sorted(TCVN3_CAPITALS))
def test_the_seven_tcvn3_capitals_decode_in_an_ordinary_font(letter):
    assert to_unicode(encode_tcvn3(letter), TCVN3) == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_every_letter_round_trips_through_vni(letter):
    assert to_unicode(encode_vni(letter), VNI) == letter
    word = encode_vni(f"Ng{letter}n")
    assert to_unicode(word, VNI) == f"Ng{letter}n"


@pytest.mark.parametrize(
    ("vni", "expected"),
    [("AË", "Ặ"), ("Ò", "Ị"), ("Ñ", "Đ"), ("Ö", "Ư"), ("ÔØ", "Ờ"), ("YÙ", "Ý"), ("Î", "Ỵ")],
)
def test_vni_capitals_use_the_capital_codes(vni, expected):
    assert to_unicode(vni, VNI) == expected


def test_vni_tolerates_a_diacritic_code_of_the_other_case():
    assert to_unicode("VIEäT Naùm", VNI) == "VIỆT Nám"
    assert to_unicode("Aù", VNI) == "Á"


# ---------------------------------------------------------------------------- real strings

KNOWN = [
    (TCVN3, "Phßng Gi¸o dôc vµ §µo t¹o", "Phòng Giáo dục và Đào tạo"),
    (TCVN3, "Tr­êng THCS Ba Sao, huyÖn Kim B¶ng", "Trường THCS Ba Sao, huyện Kim Bảng"),
    (TCVN3, "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    (TCVN3, "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    (VNI, "Phoøng Giaùo duïc vaø Ñaøo taïo huyeän Kim Baûng", "Phòng Giáo dục và Đào tạo huyện Kim Bảng"),
    (VNI, "Vieät Nam", "Việt Nam"),
    (VNI, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    (VNI, "ngöôøi ñöôïc thuôû khuyeán nghieäp quyeát", "người được thuở khuyến nghiệp quyết"),
    (VNI, "TRÖÔØNG THCS BA SAO", "TRƯỜNG THCS BA SAO"),
]


@pytest.mark.parametrize(("encoding", "legacy", "expected"), KNOWN)
def test_known_sentences(encoding, legacy, expected):
    assert to_unicode(legacy, encoding) == expected
    encode = encode_tcvn3 if encoding == TCVN3 else encode_vni
    assert encode(expected) == legacy  # the sample bytes are what the font really holds


def test_h_font_draws_everything_as_capitals():
    assert to_unicode("tr­êng thcs ba sao - 2024", TCVN3, uppercase=True) == "TRƯỜNG THCS BA SAO - 2024"
    assert to_unicode("phßng gi¸o dôc", TCVN3, uppercase=True) == "PHÒNG GIÁO DỤC"


def test_ascii_digits_and_punctuation_pass_through():
    text = 'Plain ASCII 0123456789 ~!@#$%^&*()_+-=[]{};:\'",.<>/?\\| "quoted" \t\n'
    assert to_unicode(text, TCVN3) == text
    assert to_unicode(text, VNI) == text


def test_windows_1252_punctuation_survives_and_c1_codes_are_folded():
    assert to_unicode("“Gi¸o dôc” – 2024…", TCVN3) == "“Giáo dục” – 2024…"
    # Latin-1 control codes for 0x93/0x94 are the curly quotes the font drew.
    assert to_unicode("\x93Gi¸o\x94", TCVN3) == "“Giáo”"


@pytest.mark.parametrize(("encoding", "legacy", "expected"), KNOWN[:2] + KNOWN[4:6])
def test_private_use_codes_of_symbol_fonts(encoding, legacy, expected):
    assert to_unicode(word_bytes(legacy), encoding) == expected


def test_output_is_nfc():
    for encoding, legacy, _ in KNOWN:
        result = to_unicode(legacy, encoding)
        assert unicodedata.is_normalized("NFC", result)
    # Decomposed input around legacy codes is composed too.
    assert to_unicode("Ha\u0300 vµ", TCVN3) == "Hà và"


def test_unknown_encoding_is_an_error():
    with pytest.raises(ValueError):
        to_unicode("abc", "viqr")


# ---------------------------------------------------------------------------- font names


@pytest.mark.parametrize(
    ("font", "encoding", "uppercase"),
    [
        (".VnTime", TCVN3, False),
        (".VnTimeH", TCVN3, True),
        (".VnArial", TCVN3, False),
        (".VnArialH", TCVN3, True),
        (".VnArial NarrowH", TCVN3, True),
        (".VnCentury Schoolbook", TCVN3, False),
        (" .vntime ", TCVN3, False),
        (".vntimeh", TCVN3, True),
        (". Vn Time", TCVN3, False),
        ("VNI-Times", VNI, False),
        ("VNI-Helve", VNI, False),
        ("VNI-Top", VNI, False),
        ("vni-aptima", VNI, False),
        ("VNI Times", VNI, False),
        (" VNI - Times ", VNI, False),
        ("Times New Roman", None, False),
        ("Arial", None, False),
        ("Vnitimes", None, False),
        ("", None, False),
        (None, None, False),
    ],
)
def test_font_names(font, encoding, uppercase):
    assert encoding_for_font(font) == encoding
    assert is_uppercase_font(font) is uppercase


# ---------------------------------------------------------------------------- detection

# From the regulation (Điều 11.1 and 11.4).
UNICODE_VIETNAMESE = (
    "Hiệu trưởng các trường Mầm non, Tiểu học, Trung học cơ sở thuộc Phòng GD&ĐT có trách nhiệm "
    "duyệt nội dung thông tin do đơn vị mình cung cấp cho ban biên tập để đăng lên Website Phòng "
    "GD&ĐT. Nhằm bảo đảm thông tin nhanh nhất, các đơn vị gửi thông tin dưới hình thức thư điện tử "
    "kèm theo tệp văn bản sử dụng phông chữ Unicode theo chuẩn TCVN 6909:2001."
)
LATIN1_VIETNAMESE = "Tôi là Hà, cô giáo tên là Mai, bà tên là Tâm."
ENGLISH = "The district education office publishes news, schedules and documents for 42 schools."
FRENCH = (
    "L'élève est allé à l'école où la fête était prévue; ça va très bien, déjà à côté de l'hôtel. "
    "Où es-tu? Le garçon mange une crème brûlée au théâtre, naïf et âgé, Noël à Besançon."
)
GERMAN_SPANISH = "Straße, groß, schön, Mädchen; ¿Dónde está el niño? Aún así, Raúl comió piña."
SCIENCE = "Particles of 10 µm, 20 µm and 35 µm; § 4 applies. © 2024 Example®"


@pytest.mark.parametrize(
    "text", [UNICODE_VIETNAMESE, LATIN1_VIETNAMESE, ENGLISH, FRENCH, GERMAN_SPANISH, SCIENCE, "", "  "]
)
def test_detection_leaves_unicode_and_european_text_alone(text):
    assert LATIN1_VIETNAMESE.encode("latin-1")  # Vietnamese that a legacy run could also hold
    assert detect_encoding(text) is None
    assert detect_encoding(unicodedata.normalize("NFD", text)) is None


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Phßng Gi¸o dôc vµ §µo t¹o huyÖn Kim B¶ng th«ng b¸o lÞch c«ng t¸c tuÇn.", TCVN3),
        (encode_tcvn3("các trường tiểu học gửi báo cáo trước ngày 15 tháng 9"), TCVN3),
        (word_bytes("Gi¸o dôc vµ §µo t¹o"), TCVN3),
        ("Phoøng Giaùo duïc vaø Ñaøo taïo huyeän Kim Baûng thoâng baùo lòch coâng taùc tuaàn.", VNI),
        (encode_vni("các trường tiểu học gửi báo cáo trước ngày 15 tháng 9"), VNI),
        ("Vieät Nam", VNI),
    ],
)
def test_detection_finds_legacy_sentences(text, encoding):
    assert detect_encoding(text) == encoding


def test_detection_needs_enough_evidence():
    # One word that German could also spell, or a handful of French "où", is not enough.
    assert detect_encoding("Phßng") is None
    assert detect_encoding("où? où! où… où") is None


# ---------------------------------------------------------------------------- convert_run


def test_font_name_wins_over_detection():
    # "Vieät" looks like VNI, but the run's font says TCVN3: the font decides.
    assert convert_run("Gi¸o", ".VnTime") == "Giáo"
    assert convert_run("caùc", ".VnTime") == "caực"
    assert convert_run("Vieät Nam", "VNI-Times") == "Việt Nam"
    assert convert_run("tr­êng", ".VnTimeH") == "TRƯỜNG"


def test_unicode_font_with_legacy_looking_text_is_detected():
    assert convert_run("Phßng Gi¸o dôc vµ §µo t¹o", "Times New Roman") == "Phòng Giáo dục và Đào tạo"
    assert convert_run("Phoøng Giaùo duïc vaø Ñaøo taïo", None) == "Phòng Giáo dục và Đào tạo"


@pytest.mark.parametrize("text", [UNICODE_VIETNAMESE, LATIN1_VIETNAMESE, ENGLISH, FRENCH, "12/2024 – “OK”"])
@pytest.mark.parametrize("font", [None, "Times New Roman", "Arial"])
def test_ordinary_text_is_untouched(text, font):
    assert convert_run(text, font) == text


def test_unicode_pasted_into_a_legacy_font_is_not_decoded_again():
    assert convert_run(UNICODE_VIETNAMESE, ".VnTime") == UNICODE_VIETNAMESE
    assert convert_run("Trường THCS", "VNI-Times") == "Trường THCS"


@pytest.mark.parametrize(("encoding", "legacy", "expected"), KNOWN)
def test_conversion_is_idempotent(encoding, legacy, expected):
    font = ".VnTime" if encoding == TCVN3 else "VNI-Times"
    once = convert_run(legacy, font)
    assert once == expected
    assert convert_run(once, font) == once
    assert convert_run(once, None) == once
    assert convert_run(once, "Times New Roman") == once


def test_convert_run_always_returns_nfc():
    decomposed = unicodedata.normalize("NFD", "Trường Tiểu học")
    assert convert_run(decomposed, None) == "Trường Tiểu học"
    assert convert_run(decomposed, "Times New Roman") == "Trường Tiểu học"
    assert convert_run(decomposed, ".VnTime") == "Trường Tiểu học"
