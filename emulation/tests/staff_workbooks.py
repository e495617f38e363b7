"""Staff workbooks as a user fills them in, for the tests of the staff import."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from emulation.workbooks.pending import pending_dir
from emulation.workbooks.staff import COLUMNS

HEADER_EN = [
    "Full name", "Sex", "Date of birth", "Unit", "Position", "Category",
    "Date of entering the sector", "Identity number", "Email", "Phone",
]  # fmt: skip
THANH_TUYEN = "Trường Tiểu học Thanh Tuyền"
MINH_HOA = "Trường Tiểu học Minh Hòa"
GOOD_ROWS = [
    ["Lê Văn Cường", "Nam", "03/04/1980", THANH_TUYEN, "Hiệu trưởng", "Quản lý", "01/09/2002",
     "074080000111", "Cuong.LV@example.edu.vn", "0912 345 678"],
    ["Phạm Thị Dung", "Nữ", dt.datetime(1990, 12, 1), THANH_TUYEN, "Giáo viên", "Giáo viên",
     dt.datetime(2012, 9, 1), 74190000222, None, None],
    ["Võ Minh Em", "Male", None, "THTT", "Bảo vệ", "Employee", None, None, None, 912000333],
]  # fmt: skip


def row(**changes) -> list:
    """The first good row with some cells changed, by column key; no identity number unless given."""
    values = list(GOOD_ROWS[0])
    keys = [column.key for column in COLUMNS]
    for key, value in {"national_id": None, **changes}.items():
        values[keys.index(key)] = value
    return values


def workbook_bytes(rows, header=HEADER_EN, *, above=(), sheet_before: str = "") -> bytes:
    """A workbook of *header* and *rows*, below the rows *above*, after a sheet *sheet_before* when named."""
    workbook = Workbook()
    sheet = workbook.active
    if sheet_before:
        sheet.title = sheet_before
        sheet.append(["Ghi chú"])
        sheet = workbook.create_sheet("Dữ liệu")
    for line in [*above, header, *rows]:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, rows, name="danh-sach.xlsx", header=HEADER_EN):
    content = workbook_bytes(rows, header)
    return client.post(reverse("emulation:staff-import"), {"file": SimpleUploadedFile(name, content)})


def stored_files() -> list[str]:
    """What the pending uploads' folder holds, by kind: the workbook, its record, the rows read from it."""
    folder = pending_dir()
    return sorted(path.name.split(".", 1)[1] for path in folder.iterdir()) if folder.exists() else []
