import datetime as dt
import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from emulation.excel import check_workbook_upload, column_letter, sheet_title, write_only_response

from .factories import PersonFactory

EXPORT_HEADER_EN = [
    "No.", "Full name", "Sex", "Date of birth", "Unit", "Position", "Category",
    "Date of entering the sector", "Identity number", "Email", "Phone", "Status",
]  # fmt: skip


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_error(uploaded) -> str:
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            check_workbook_upload(uploaded)
        return caught.value.messages[0]


def read_sheet(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- helpers ------------------------------------------------------------------------------------------------


def test_column_letter_counts_past_z():
    assert [column_letter(n) for n in (1, 10, 26, 27, 52, 703)] == ["A", "J", "Z", "AA", "AZ", "AAA"]


def test_sheet_title_drops_forbidden_characters_and_cuts_to_31():
    assert sheet_title("Cán bộ: 2024/2025 [đợt 1] và các đơn vị trực thuộc") == "Cán bộ  2024 2025  đợt 1  và cá"


def test_check_workbook_upload_accepts_a_workbook():
    check_workbook_upload(SimpleUploadedFile("ds.xlsx", xlsx_bytes([["Họ và tên"], ["Nguyễn Văn An"]])))


def test_check_workbook_upload_rejects_a_text_file_renamed_xlsx():
    uploaded = SimpleUploadedFile("danh-sach.xlsx", "Họ và tên;Ngày sinh\nNguyễn Văn An;01/01/1980\n".encode())

    assert upload_error(uploaded) == (
        "“danh-sach.xlsx” is not an Excel workbook (.xlsx): open it in Excel and save it as “Excel Workbook (.xlsx)”."
    )


def test_check_workbook_upload_rejects_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert upload_error(SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())) == (
        "“bao-cao.xlsx” is not an Excel workbook (.xlsx): open it in Excel and save it as “Excel Workbook (.xlsx)”."
    )


def test_check_workbook_upload_names_an_old_xls_file():
    uploaded = SimpleUploadedFile("cu.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)

    assert upload_error(uploaded) == (
        "“cu.xlsx” is an old Excel 97–2003 file (.xls): open it in Excel and save it as “Excel Workbook (.xlsx)”."
    )


def test_check_workbook_upload_rejects_a_20_mb_file(settings):
    settings.EXCEL_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    uploaded = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024 - 4))

    assert upload_error(uploaded) == "The file “lon.xlsx” is too large (20,0 MB); the limit is 5,0 MB."


def test_check_workbook_upload_rejects_an_empty_file():
    assert upload_error(SimpleUploadedFile("trong.xlsx", b"")) == "The file “trong.xlsx” is empty."


def test_check_workbook_upload_rejects_a_zip_bomb(settings):
    settings.EXCEL_UPLOAD_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (41 * 1024 * 1024))

    assert upload_error(SimpleUploadedFile("bom.xlsx", buffer.getvalue())) == (
        "The workbook “bom.xlsx” is too large once unpacked; split it into smaller files."
    )


def test_write_only_response_writes_header_dates_and_text():
    response = write_only_response(
        filename="danh-sách.xlsx",
        title="Danh sách",
        header=["Họ và tên", "Ngày sinh", "Số CCCD"],
        rows=iter([["Nguyễn Văn An", dt.date(1985, 5, 17), "074085000123"]]),
        widths=[20, 12, 14],
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Danh sách"]

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''danh-s%C3%A1ch.xlsx"
    assert [cell.value for cell in sheet[1]] == ["Họ và tên", "Ngày sinh", "Số CCCD"]
    assert sheet[1][0].font.bold is True
    assert [sheet["A2"].value, sheet["B2"].value, sheet["C2"].value] == [
        "Nguyễn Văn An",
        dt.datetime(1985, 5, 17),
        "074085000123",
    ]
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A2"


# --- staff export -------------------------------------------------------------------------------------------


def test_staff_export_has_the_list_columns_and_one_row_per_person(english, principal_a, person_a, school_a):
    PersonFactory(full_name="Lê Văn Cường", unit=school_a, national_id="074085000123", phone="0912345678")
    english.force_login(principal_a)

    response = english.get(reverse("emulation:staff-export"))
    rows = read_sheet(response)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="staff-list-')
    assert rows[0] == EXPORT_HEADER_EN
    assert len(rows) == 3
    assert rows[1] == [
        1, "Lê Văn Cường", "Male", dt.datetime(1985, 5, 17), "Trường Tiểu học Thanh Tuyền", "Giáo viên",
        "Teacher", dt.datetime(2008, 9, 1), "074085000123", None, "0912345678", "Active",
    ]  # fmt: skip
    assert rows[2][:3] == [2, "Nguyễn Thị Hồng", "Female"]


def test_staff_export_headers_are_vietnamese_by_default(client, principal_a, person_a):
    client.force_login(principal_a)

    rows = read_sheet(client.get(reverse("emulation:staff-export")))

    assert rows[0] == [
        "STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Chức vụ", "Phân loại",
        "Ngày vào ngành", "Số CCCD", "Email", "Điện thoại", "Trạng thái",
    ]  # fmt: skip
    assert rows[1][2] == "Nữ"


def test_staff_export_uses_the_list_filters(english, principal_a, person_a, school_a):
    PersonFactory(full_name="Lê Văn Cường", unit=school_a)
    PersonFactory(full_name="Nguyễn Văn Hồng Anh", unit=school_a, is_active=False)
    english.force_login(principal_a)

    searched = read_sheet(english.get(reverse("emulation:staff-export"), {"q": "nguyen thi hong"}))
    everyone = read_sheet(english.get(reverse("emulation:staff-export"), {"active": "all"}))

    assert [row[1] for row in searched[1:]] == ["Nguyễn Thị Hồng"]
    assert [(row[1], row[11]) for row in everyone[1:]] == [
        ("Nguyễn Văn Hồng Anh", "Inactive"),
        ("Lê Văn Cường", "Active"),
        ("Nguyễn Thị Hồng", "Active"),
    ]


def test_staff_export_leaves_out_other_schools(english, principal_a, person_a, person_b):
    english.force_login(principal_a)

    rows = read_sheet(english.get(reverse("emulation:staff-export")))

    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hồng"]


def test_staff_export_of_the_whole_district(english, district_staff, person_a, person_b):
    english.force_login(district_staff)

    rows = read_sheet(english.get(reverse("emulation:staff-export")))

    assert [row[1] for row in rows[1:]] == ["Trần Văn Bình", "Nguyễn Thị Hồng"]


def test_staff_export_denied_without_a_role(client, outsider, person_a):
    client.force_login(outsider)

    assert client.get(reverse("emulation:staff-export")).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_staff_export_query_count_does_not_grow(client, principal_a, school_a, size):
    PersonFactory.create_batch(size, unit=school_a)
    client.force_login(principal_a)
    client.get(reverse("emulation:staff-export"))  # session and user caches are warm from here on

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("emulation:staff-export"))

    assert len(read_sheet(response)) == size + 1
    assert len(queries) == 4
