"""Rows pasted from a spreadsheet into the work schedule.

Excel, LibreOffice and Google Sheets put a copied range on the clipboard as tab-separated
text, one row per line; a cell with line breaks (Alt+Enter) is wrapped in double quotes.
The columns, in order:

    Ngày ⇥ Giờ ⇥ Nội dung ⇥ Chủ trì ⇥ Thành phần ⇥ Địa điểm ⇥ Ghi chú

Only the first three are required. A header row (no digits in the date column) is skipped,
and an empty date repeats the date of the row above, which is what a merged date cell
becomes when it is copied.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COLUMNS = ("date", "time", "content", "chaired_by", "attendees", "place", "note")
REQUIRED_COLUMNS = 3
MAX_REPORTED_ERRORS = 20

# 23/11/2026, 23-11-2026, 23.11.26, also inside "Thứ Hai, 23/11/2026"; or ISO 2026-11-23.
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")

# 7:30, 07:30:00, 7h30, 7h, 7g30, 7 giờ 30, 2:00 CH / 2:00 PM; a range joined by - – — or "đến".
_TIME = r"(\d{1,2})\s*(?::|h|g|giờ)\s*(?:(\d{1,2})\s*(?:phút|p)?)?(?::\d{2})?\s*(sa|ch|am|pm)?"
_TIME_RANGE = re.compile(
    rf"^\s*{_TIME}\s*(?:(?:-|–|—|đến|->)\s*{_TIME})?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PastedRow:
    """One schedule entry read from line ``line`` of the pasted text."""

    line: int
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time | None
    content: str
    chaired_by: str = ""
    attendees: str = ""
    place: str = ""
    note: str = ""


class _InvalidDate(Exception):
    pass


def _clean_cell(value):
    lines = [line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def parse_date(text):
    """The date in ``text`` (dd/mm/yyyy and friends), None when there is none.

    Raises ``_InvalidDate`` with the date as written when it looks like a date but is not one
    (31/02/2026).
    """
    match = _DMY.search(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    else:
        match = _ISO.search(text)
        if not match:
            return None
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _InvalidDate(match.group(0)) from None


def _to_time(hour, minute, half):
    hour, minute = int(hour), int(minute or 0)
    half = (half or "").lower()
    if half in ("ch", "pm") and hour < 12:
        hour += 12
    elif half in ("sa", "am") and hour == 12:
        hour = 0
    return datetime.time(hour, minute)  # ValueError when out of range


def parse_time_range(text):
    """(start, end or None) from '07:30', '7h30', '14:00-16:30', '8 giờ đến 11 giờ'…

    Raises ValueError when ``text`` is not a time or a time range.
    """
    match = _TIME_RANGE.match(text)
    if not match:
        raise ValueError(text)
    h1, m1, half1, h2, m2, half2 = match.groups()
    start = _to_time(h1, m1, half1)
    end = _to_time(h2, m2, half2) if h2 is not None else None
    return start, end


def _records(text):
    """(first line number, cells) for each spreadsheet row; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=False)
    previous_line = 0
    for cells in reader:
        yield previous_line + 1, cells
        previous_line = reader.line_num


def parse_pasted_schedule(text):
    """The rows of ``text`` as ``PastedRow`` objects.

    Raises ``ValidationError`` with one message per faulty line, each naming the line
    number ("Dòng 3: ngày 31/02/2026 không hợp lệ.") so the board can fix the spreadsheet.
    """
    rows, errors = [], []
    current_date = None  # the date a row with an empty date cell repeats
    seen_data = False
    for line, raw_cells in _records(text or ""):
        cells = [_clean_cell(cell) for cell in raw_cells]
        while cells and not cells[-1]:
            cells.pop()  # empty trailing columns of the copied range
        if not cells:
            continue
        if not seen_data and cells[0] and not re.search(r"\d", cells[0]):
            seen_data = True
            continue  # header row: "Ngày ⇥ Giờ ⇥ Nội dung…"
        seen_data = True

        line_errors = []

        def error(message, line=line, line_errors=line_errors):
            line_errors.append(_("Dòng %(line)s: %(message)s") % {"line": line, "message": message})

        if len(cells) < REQUIRED_COLUMNS:
            error(
                _(
                    "cần ít nhất 3 cột Ngày, Giờ, Nội dung, cách nhau bằng dấu Tab "
                    "(hãy chép thẳng các ô từ bảng tính)."
                )
            )
            errors.extend(line_errors)
            continue
        if len(cells) > len(COLUMNS):
            error(
                _(
                    "có %(count)s cột, nhiều hơn 7 cột Ngày, Giờ, Nội dung, Chủ trì, Thành phần, "
                    "Địa điểm, Ghi chú."
                )
                % {"count": len(cells)}
            )
            errors.extend(line_errors)
            continue
        values = dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)), strict=True))

        date = None
        if values["date"]:
            try:
                date = parse_date(values["date"])
            except _InvalidDate as invalid:
                error(_("ngày %(value)s không hợp lệ.") % {"value": invalid.args[0]})
                current_date = False  # following rows without a date are not checked again
            else:
                if date is None:
                    error(
                        _("ngày “%(value)s” không hợp lệ, hãy ghi theo dạng dd/mm/yyyy.")
                        % {"value": values["date"]}
                    )
                    current_date = False
                else:
                    current_date = date
        elif current_date is None:
            error(_("thiếu ngày (dd/mm/yyyy)."))
        else:
            date = current_date or None

        start = end = None
        if not values["time"]:
            error(_("thiếu giờ (HH:MM hoặc HH:MM-HH:MM)."))
        else:
            try:
                start, end = parse_time_range(values["time"])
            except ValueError:
                error(
                    _(
                        "giờ “%(value)s” không hợp lệ, hãy ghi theo dạng HH:MM hoặc HH:MM-HH:MM (ví dụ 14:00-16:30)."
                    )
                    % {"value": values["time"]}
                )
            else:
                if end is not None and end <= start:
                    error(
                        _("giờ kết thúc %(end)s phải sau giờ bắt đầu %(start)s.")
                        % {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
                    )

        if not values["content"]:
            error(_("thiếu nội dung."))

        if line_errors:
            errors.extend(line_errors)
            continue
        if date is None:
            continue  # the bad date was reported on the row it came from
        rows.append(
            PastedRow(
                line=line,
                date=date,
                start_time=start,
                end_time=end,
                content=values["content"],
                chaired_by=values["chaired_by"],
                attendees=values["attendees"],
                place=values["place"],
                note=values["note"],
            )
        )

    if errors:
        if len(errors) > MAX_REPORTED_ERRORS:
            rest = len(errors) - MAX_REPORTED_ERRORS
            errors = errors[:MAX_REPORTED_ERRORS] + [_("… và %(count)s lỗi khác.") % {"count": rest}]
        raise ValidationError(errors)
    return rows
