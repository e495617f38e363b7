"""Writing workbooks for download: inert text, a styled header, drop-down lists, the response and its file name.

Every text cell goes through :func:`safe_text`. openpyxl turns a string starting with "=" into a formula,
and a spreadsheet may run text starting with = + - @ (or a tab or line break) as one; :func:`safe_text`
hands such a string to openpyxl as a rich-text value, which it always writes as a text cell (an inline
string, never ``<f>``), so the file reads back exactly as written. Characters a workbook cannot hold are
dropped and text is cut at Excel's 32,767 characters.

openpyxl is imported inside the functions that use it (it is slow to import).
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from ..text import search_key

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
HEADER_FILL = "DDEBF7"
TEXT_MAX = 32_767
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses to write
INLINE_LIST_MAX = 255  # Excel's limit on a drop-down written as "a,b,c"
FILENAME_MAX = 100


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_title(title: str) -> str:
    """Excel refuses sheet titles over 31 characters or with any of : \\ / ? * [ ]."""
    cleaned = "".join(" " if ch in ":\\/?*[]" else ch for ch in str(title)).strip()
    return cleaned[:31] or "Sheet1"


def safe_text(value):
    """*value* (text) as openpyxl should write it: an inert text cell that reads back as the same text."""
    from openpyxl.cell.rich_text import CellRichText

    text = ILLEGAL_RE.sub("", str(value))[:TEXT_MAX]
    if text.startswith(RISKY_STARTS):
        return CellRichText(text)
    return text


def cell_value(value):
    """A value for a cell: text made inert, aware datetimes in local time (Excel has no time zones)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_only_cell(sheet, value):
    """*value* for a write-only sheet's row: a date gets the dd/mm/yyyy format, text is made inert."""
    from openpyxl.cell import WriteOnlyCell

    value = cell_value(value)
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def write_header(sheet, labels: Sequence, widths: Sequence[int] = (), *, freeze: str = "A2") -> None:
    """A bold, filled, wrapped header row, the column widths, and the panes frozen below it.

    Works on a normal sheet (the header goes on its next row) and on a write-only one (before any row).
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    font, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    alignment = Alignment(vertical="center", wrap_text=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    if isinstance(sheet, WriteOnlyWorksheet):
        cells = []
        for label in labels:
            cell = WriteOnlyCell(sheet, value=safe_text(label))
            cell.font, cell.fill, cell.alignment = font, fill, alignment
            cells.append(cell)
        sheet.append(cells)
        return
    sheet.append([safe_text(label) for label in labels])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill, cell.alignment = font, fill, alignment


def list_range(sheet, *, column: int, first_row: int, last_row: int) -> str:
    """An absolute reference to cells of *sheet*, quoted for a formula: 'Danh mục'!$A$2:$A$9."""
    quoted = sheet.title.replace("'", "''")
    letter = column_letter(column)
    return f"'{quoted}'!${letter}${first_row}:${letter}${last_row}"


def add_dropdown(
    sheet, *, cells: str, values: Sequence[str] = (), source: str = "", title: str = "", message: str = "",
    lists=None, warn_only: bool = False,
) -> None:  # fmt: skip
    """A drop-down list on *cells* ("B2:B1001"): of *values*, or of the cells *source* refers to.

    Values that cannot be written inline (over 255 characters together, or holding a comma or a quote) are
    written in a new column of the sheet *lists* and referred to from there.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    values = [str(value) for value in values]
    if not source:
        inline = ",".join(values)
        if len(inline) <= INLINE_LIST_MAX and not any("," in value or '"' in value for value in values):
            source = f'"{inline}"'
        elif lists is None:
            raise ValueError("these values need a sheet for the list: pass lists=")
        else:
            column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
            lists.cell(row=1, column=column, value=safe_text(title))
            for row, value in enumerate(values, start=2):
                lists.cell(row=row, column=column, value=safe_text(value))
            source = list_range(lists, column=column, first_row=2, last_row=len(values) + 1)
    rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
    rule.errorStyle = "warning" if warn_only else "stop"
    if title:
        rule.errorTitle = str(title)[:32]
    if message:
        rule.error = str(message)[:255]
    rule.add(cells)
    sheet.add_data_validation(rule)


def make_inert(workbook) -> None:
    """Pass every text cell of a (normal, not write-only) workbook through :func:`safe_text`."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = safe_text(cell.value)


def workbook_response(workbook, *, filename: str) -> HttpResponse:
    """Save an openpyxl workbook, its text made inert, into an attachment response."""
    if not workbook.write_only:
        make_inert(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def write_only_response(
    *, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> HttpResponse:
    """One sheet: the styled, frozen header, then *rows* streamed in write-only mode.

    Dates are real dates shown dd/mm/yyyy; text stays text (identity numbers keep their zeros) and is inert.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    write_header(sheet, header, widths)
    for row in rows:
        sheet.append([write_only_cell(sheet, value) for value in row])
    return workbook_response(workbook, filename=filename)


def xlsx_filename(*parts) -> str:
    """An ASCII file name: ("Danh sách cán bộ", "THTT", "2024–2025") → danh-sach-can-bo-thtt-2024-2025.xlsx.

    A name is required: a download is never called "export.xlsx".
    """
    words = [word for part in parts if part for word in re.sub(r"[^a-z0-9]+", " ", search_key(str(part))).split()]
    slug = "-".join(words)[:FILENAME_MAX].strip("-")
    if not slug:
        raise ValueError("a download needs a name")
    return f"{slug}.xlsx"
