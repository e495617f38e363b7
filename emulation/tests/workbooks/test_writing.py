import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from emulation.workbooks import read_rows
from emulation.workbooks.writing import (
    add_dropdown,
    column_letter,
    safe_text,
    sheet_title,
    workbook_response,
    write_header,
    write_only_response,
    xlsx_filename,
)

DANGEROUS = ['=HYPERLINK("http://x","y")', "+84912345678", "-2+3", "@SUM(A1)", "\tTab", "\nLF", "=1+1"]


def sheet_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_safe_text_makes_formula_like_text_inert_in_a_normal_workbook():
    workbook = Workbook()
    workbook.active.append([safe_text(value) for value in DANGEROUS])
    workbook.active.append([safe_text("\r=1+1")])  # XML reads a lone CR back as a line feed

    response = workbook_response(workbook, filename="x.xlsx")

    assert b"<f>" not in sheet_xml(response.content)
    workbook.active.delete_rows(2)
    response = workbook_response(workbook, filename="x.xlsx")
    assert list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)) == [tuple(DANGEROUS)]


def test_workbook_response_makes_text_inert_even_when_written_plainly():
    workbook = Workbook()
    workbook.active.append(["=1+1", "Nguyễn Văn An"])

    response = workbook_response(workbook, filename="x.xlsx")

    assert b"<f>" not in sheet_xml(response.content)
    assert [row.cells for row in read_rows(response.content, name="x.xlsx")] == [("=1+1", "Nguyễn Văn An")]


def test_write_only_response_streams_inert_text_and_real_dates():
    response = write_only_response(
        filename="danh-sach.xlsx",
        title="Danh sách: 2024/2025",
        header=["Họ và tên", "Ngày sinh", "Ghi chú"],
        rows=[["=cmd|' /C calc'!A0", dt.date(1985, 5, 17), "a\x07b"]],
        widths=[28, 13, 20],
    )

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert b"<f>" not in sheet_xml(response.content)
    assert (sheet.title, sheet.freeze_panes, sheet["A1"].font.b, sheet["B2"].number_format) == (
        "Danh sách  2024 2025",
        "A2",
        True,
        "DD/MM/YYYY",
    )
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Họ và tên", "Ngày sinh", "Ghi chú"),
        ("=cmd|' /C calc'!A0", dt.datetime(1985, 5, 17), "ab"),
    ]
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach.xlsx"'


def test_write_header_on_a_normal_sheet():
    workbook = Workbook()
    write_header(workbook.active, ["Họ và tên", "Email"], [28, 26])

    sheet = workbook.active
    assert (
        sheet["A1"].value,
        sheet["A1"].font.b,
        sheet["A1"].fill.fgColor.rgb,
        sheet.column_dimensions["B"].width,
    ) == (
        "Họ và tên",
        True,
        "00DDEBF7",
        26,
    )


def test_add_dropdown_writes_a_short_list_inline():
    workbook = Workbook()
    add_dropdown(
        workbook.active, cells="B2:B100", values=["Nam", "Nữ"], title="Giới tính", message="Chọn trong danh sách."
    )

    (rule,) = workbook.active.data_validations.dataValidation
    assert (rule.formula1, str(rule.sqref), rule.errorTitle, rule.error, rule.errorStyle) == (
        '"Nam,Nữ"',
        "B2:B100",
        "Giới tính",
        "Chọn trong danh sách.",
        "stop",
    )


def test_add_dropdown_puts_a_long_list_on_the_lists_sheet():
    workbook = Workbook()
    lists = workbook.create_sheet("Danh mục")
    units = [f"Trường Tiểu học số {n}, xã Thanh Tuyền" for n in range(1, 30)]

    add_dropdown(workbook.active, cells="D2:D500", values=units, title="Đơn vị", lists=lists)

    (rule,) = workbook.active.data_validations.dataValidation
    assert rule.formula1 == "'Danh mục'!$A$2:$A$30"
    assert [lists.cell(row=n, column=1).value for n in (1, 2, 30)] == ["Đơn vị", units[0], units[-1]]


def test_add_dropdown_without_a_lists_sheet_for_a_long_list_is_a_programming_error():
    with pytest.raises(ValueError):
        add_dropdown(Workbook().active, cells="A1", values=["a,b"])


def test_xlsx_filename_is_ascii_and_never_generic():
    assert xlsx_filename("Danh sách cán bộ", "THTT", "2024–2025") == "danh-sach-can-bo-thtt-2024-2025.xlsx"
    assert xlsx_filename("Đăng ký thi đua", None, "Trường THCS Đồng Nai") == "dang-ky-thi-dua-truong-thcs-dong-nai.xlsx"
    with pytest.raises(ValueError):
        xlsx_filename("", "—")


def test_sheet_title_drops_forbidden_characters_and_cuts_to_31():
    assert sheet_title("Cán bộ: 2024/2025 [đợt 1] và các đơn vị trực thuộc") == "Cán bộ  2024 2025  đợt 1  và cá"


def test_column_letter_counts_past_z():
    assert [column_letter(n) for n in (1, 10, 26, 27, 52, 703)] == ["A", "J", "Z", "AA", "AZ", "AAA"]


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
