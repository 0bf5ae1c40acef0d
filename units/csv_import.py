"""Many member sites from one CSV file (issue 16.4): what an authority with hundreds of schools
keeps in a spreadsheet becomes their sites, each row on its own (Circular 37/2020/TT-BGDĐT Art. 3).

The file is what a spreadsheet saves: UTF-8 with or without the BOM Excel writes, separated by
commas or by the semicolons of a Vietnamese-locale Excel. The header names its columns in English
or in Vietnamese, with or without marks (``name`` or ``Tên``, ``hostname`` or ``Tên miền``).
Each row is made in its own transaction (``create_unit``), so a bad row is refused with its row
number (the spreadsheet's, the header being row 1) and the reason, and the others are created.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from site_kb.folding import fold

from .services import FIELD_LABELS, create_unit, normalise_hostname

# Each column and the header names it is recognised by, after folding (marks dropped, lower
# case, spaces and hyphens as "_"): "Tên miền" → "ten_mien", "Email hiệu trưởng" → "email_hieu_truong".
COLUMNS = {
    "name": ("name", "ten", "ten_truong", "ten_don_vi"),
    "level": ("level", "cap", "cap_hoc"),
    "commune": ("commune", "xa", "xa_phuong", "phuong_xa"),
    "hostname": ("hostname", "ten_mien", "dia_chi"),
    "contact_email": ("contact_email", "email_dau_moi", "thu_dien_tu_dau_moi"),
    "principal_email": ("principal_email", "email_hieu_truong", "thu_dien_tu_hieu_truong"),
    "port": ("port", "cong"),
}
HEADER_NAMES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


@dataclass
class Row:
    number: int  # the spreadsheet's row number: the header is 1
    values: dict


@dataclass
class RowResult:
    number: int
    name: str
    result: object = None  # services.UnitResult when the row went through
    errors: list = field(default_factory=list)  # "tên miền: …", one per field

    @property
    def ok(self):
        return not self.errors

    @property
    def status(self):
        if self.errors:
            return "error"
        if self.result.created:
            return "created"
        return "changed" if self.result.changes else "unchanged"


def header_key(text):
    return re.sub(r"[\s\-.]+", "_", fold(text).strip()).strip("_")


def decode(data):
    """The file's text: UTF-8, a BOM dropped. Anything else is refused with how to save it right."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "Tệp không phải UTF-8. Trong Excel, chọn Lưu thành → «CSV UTF-8 (phân cách bằng dấu phẩy)», "
                "rồi tải lại."
            )
        ) from None


def read_rows(data):
    """``[Row]`` of a CSV file's bytes, blank rows left out. Raises ``ValidationError`` for a file
    that cannot be read as a whole: not UTF-8, no header, no name column, an unknown or repeated
    column (so a misspelt header never drops a column's data unnoticed)."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(_("Tệp trống.")) from None
    except csv.Error as error:
        raise ValidationError(_("Không đọc được tệp CSV: %(error)s.") % {"error": error}) from None
    columns, unknown = [], []
    for title in header:
        column = HEADER_NAMES.get(header_key(title))
        if column is None and title.strip():
            unknown.append(title.strip())
        columns.append(column)
    if unknown:
        raise ValidationError(
            _("Dòng tiêu đề có cột không biết: %(unknown)s. Các cột dùng được: %(known)s.")
            % {
                "unknown": ", ".join(f"«{title}»" for title in unknown),
                "known": ", ".join(f"{aliases[0]} ({aliases[1]})" for aliases in COLUMNS.values()),
            }
        )
    named = [column for column in columns if column]
    repeated = sorted({column for column in named if named.count(column) > 1})
    if repeated:
        raise ValidationError(
            _("Dòng tiêu đề có cột lặp lại: %(columns)s.")
            % {"columns": ", ".join(FIELD_LABELS[column] for column in repeated)}
        )
    if "name" not in named:
        raise ValidationError(
            _("Dòng đầu của tệp phải là dòng tiêu đề, có cột «name» (hoặc «ten»): tên trường.")
        )
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
            if len(cells) > len(columns):
                values["_extra"] = True
            rows.append(Row(number, values))
    except csv.Error as error:
        raise ValidationError(
            _("Không đọc được tệp CSV ở dòng %(line)s: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows


def messages_of(error):
    """``ValidationError`` as "field: message" lines, fields named as a person reads them."""
    if hasattr(error, "error_dict"):
        return [
            f"{FIELD_LABELS.get(key, key)}: {message}"
            for key, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]
    return error.messages


def import_rows(rows, *, user=None, progress=None):
    """Each row through ``create_unit`` in its own transaction: ``[RowResult]`` in file order.

    A hostname given on two rows for two different schools is refused on the later row, naming
    the earlier one. ``progress(done, total)`` is called after each row.
    """
    results = []
    hostnames = {}  # hostname → (row number, school name)
    for done, row in enumerate(rows, start=1):
        values = row.values
        outcome = RowResult(row.number, " ".join((values.get("name") or "").split()))
        if values.get("_extra"):
            outcome.errors.append(_("dòng này có nhiều ô hơn dòng tiêu đề (thừa dấu phân cách?)"))
        else:
            try:
                hostname = normalise_hostname(values.get("hostname", ""))
            except ValidationError:
                hostname = ""  # create_unit gives the reason
            earlier = hostnames.get(hostname)
            if hostname and earlier and fold(earlier[1]) != fold(outcome.name):
                outcome.errors.append(
                    f"{FIELD_LABELS['hostname']}: "
                    + _("«%(host)s» trùng với dòng %(row)s («%(name)s»).")
                    % {"host": hostname, "row": earlier[0], "name": earlier[1]}
                )
            else:
                try:
                    outcome.result = create_unit(
                        values.get("name", ""),
                        level=values.get("level", ""),
                        commune=values.get("commune", ""),
                        hostname=values.get("hostname", ""),
                        contact_email=values.get("contact_email", ""),
                        principal_email=values.get("principal_email", ""),
                        port=values.get("port") or None,
                        user=user,
                    )
                except ValidationError as error:
                    outcome.errors.extend(messages_of(error))
                if hostname and outcome.ok:
                    hostnames.setdefault(hostname, (row.number, outcome.name))
        results.append(outcome)
        if progress is not None:
            progress(done, len(rows))
    return results


def summary(results):
    """Counts for the closing line: rows, new schools, completed, unchanged, refused."""
    counts = {"created": 0, "changed": 0, "unchanged": 0, "error": 0}
    for outcome in results:
        counts[outcome.status] += 1
    return counts
