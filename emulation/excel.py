"""Small Excel helpers that know no business object: write a workbook as a download, read an upload safely.

openpyxl is imported inside the functions that use it (it is slow to import).
"""

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls)
# A workbook whose parts unpack to more than this many times the upload limit is refused (zip bomb).
MAX_UNPACKED_RATIO = 40


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def workbook_response(workbook, *, filename: str) -> HttpResponse:
    """Save an openpyxl workbook into an attachment response."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def write_only_response(
    *, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> HttpResponse:
    """One sheet: a bold, frozen header row, then *rows* streamed in openpyxl's write-only mode.

    Dates are written as real dates shown dd/mm/yyyy; strings stay text (identity numbers keep their zeros).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    bold = Font(bold=True)

    def header_cell(value):
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.font = bold
        return cell

    sheet.append([header_cell(value) for value in header])
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    return workbook_response(workbook, filename=filename)


def sheet_title(title: str) -> str:
    """Excel refuses sheet titles over 31 characters or with any of : \\ / ? * [ ]."""
    cleaned = "".join(" " if ch in ":\\/?*[]" else ch for ch in str(title)).strip()
    return cleaned[:31] or "Sheet1"


def _megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1)


def check_workbook_upload(uploaded) -> None:
    """Raise a ValidationError saying what is wrong, unless *uploaded* is a readable .xlsx within the size limit.

    Checked in this order: size, content (zip magic; an old .xls is named as such), the unpacked size, and
    that openpyxl opens it. The file's extension is not trusted.
    """
    name = getattr(uploaded, "name", "") or ""
    limit = settings.EXCEL_UPLOAD_MAX_BYTES
    if uploaded.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": name})
    if uploaded.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={"name": name, "size": _megabytes(uploaded.size), "limit": _megabytes(limit)},
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "“%(name)s” is an old Excel 97–2003 file (.xls): open it in Excel and save it as “Excel Workbook (.xlsx)”."
            ),
            code="xls",
            params={"name": name},
        )
    not_excel = ValidationError(
        _("“%(name)s” is not an Excel workbook (.xlsx): open it in Excel and save it as “Excel Workbook (.xlsx)”."),
        code="not_excel",
        params={"name": name},
    )
    if not head.startswith(ZIP_MAGIC):
        raise not_excel
    try:
        with zipfile.ZipFile(uploaded) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise not_excel from None
    finally:
        uploaded.seek(0)
    if unpacked > limit * MAX_UNPACKED_RATIO:
        raise ValidationError(
            _("The workbook “%(name)s” is too large once unpacked; split it into smaller files."),
            code="too_large_unpacked",
            params={"name": name},
        )
    try:
        workbook = load_workbook(uploaded)
        workbook.close()
    except Exception:  # openpyxl raises many kinds of errors on a broken or foreign file
        raise not_excel from None
    finally:
        uploaded.seek(0)


def load_workbook(source: Path | str | io.IOBase):
    """Open a workbook read-only with cell values (not formulas); close it when done."""
    from openpyxl import load_workbook as openpyxl_load

    with warnings.catch_warnings():
        # Excel writes extensions openpyxl does not read ("Data Validation extension is not supported").
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl_load(source, read_only=True, data_only=True)


class WorkbookUploadForm(forms.Form):
    """One .xlsx file, checked by :func:`check_workbook_upload`."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["file"].widget
        limit = settings.EXCEL_UPLOAD_MAX_BYTES
        widget.attrs.update(
            {
                "accept": ".xlsx," + XLSX_CONTENT_TYPE,
                "data-max-bytes": str(limit),
                "data-too-large": _("The file is too large; the limit is %(limit)s MB.") % {"limit": _megabytes(limit)},
            }
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_workbook_upload(uploaded)
        return uploaded
