"""Vietnamese telephone numbers as readers type them: "0912 345 678", "0912.345.678",
"+84 912 345 678", "(+84) 0912-345-678" are one number.

Forms keep the number as typed (it is what the office calls back); comparisons go through
``phone_digits``, so a reader who looks up their question (Điều 14) or asks for their data
(Luật 91/2025/QH15) is found whichever way they write it this time.
"""

import re

# Digits and what people put between them; anything else (letters, "@") is not a number.
PHONE_CHARS_RE = re.compile(r"[0-9\s.\-()+]+")
NON_DIGITS_RE = re.compile(r"[^0-9]")
# The shortest and longest numbers in the national form: landlines without the trunk 0 have 9
# digits after it; 15 is the longest international number (ITU-T E.164).
MIN_DIGITS = 8
MAX_DIGITS = 15


def phone_digits(value):
    """The number in its national form, digits only: the country code 84 (written +84, 0084 or
    84 before a full number) read as the trunk 0, so "+84 912 345 678" gives "0912345678".
    Only ASCII digits count: other scripts' digits are not a phone number here."""
    digits = NON_DIGITS_RE.sub("", value or "")
    if digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith("0") else "0" + digits


def is_phone_number(value):
    """Whether a reader's entry can be a telephone number: only digits and separators, with
    MIN_DIGITS to MAX_DIGITS digits."""
    value = (value or "").strip()
    return bool(PHONE_CHARS_RE.fullmatch(value)) and MIN_DIGITS <= len(phone_digits(value)) <= MAX_DIGITS
