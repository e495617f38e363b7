import datetime as dt
import io

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from emulation.enums import Sex
from emulation.workbooks.cells import FORMULA, Choice, Column, read_name
from emulation.workbooks.dates import read_date
from emulation.workbooks.roundtrip import problem_rows_workbook, template_workbook
from emulation.workbooks.sheets import Row
from emulation.workbooks.tables import read_table, table_from_rows
from emulation.workbooks.writing import DATE_FORMAT

COLUMNS = (
    Column("full_name", _("Full name"), 28, required=True, reader=read_name),
    Column("sex", _("Sex"), 10, required=True, reader=Choice(Sex)),
    Column("date_of_birth", _("Date of birth"), 13, reader=read_date, number_format=DATE_FORMAT),
)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_has_the_header_formats_example_and_drop_downs():
    example = {"full_name": "Nguyễn Thị Mai", "sex": "Nữ", "date_of_birth": dt.date(1985, 5, 17)}

    workbook = load_workbook(io.BytesIO(saved(template_workbook(COLUMNS, title="Danh sách cán bộ", example=example))))

    sheet = workbook.active
    (rule,) = sheet.data_validations.dataValidation
    assert workbook.sheetnames == ["Danh sách cán bộ"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Họ và tên", "Giới tính", "Ngày sinh"),
        ("Nguyễn Thị Mai", "Nữ", dt.datetime(1985, 5, 17)),
    ]
    assert (sheet["A2"].font.i, sheet["C2"].number_format, sheet.column_dimensions["A"].width) == (
        True,
        DATE_FORMAT,
        28,
    )
    assert (rule.formula1, str(rule.sqref)) == ('"Nam,Nữ"', "B2:B10001")


def test_a_filled_template_reads_back():
    workbook = template_workbook(COLUMNS, title="Danh sách cán bộ")
    workbook.active.append(["Trần Văn Bình", "Nam", "02/09/1990"])

    table = read_table(saved(workbook), columns=COLUMNS, name="ds.xlsx")

    assert [record.values for record in table.valid_records] == [
        {"full_name": "Trần Văn Bình", "sex": Sex.MALE, "date_of_birth": dt.date(1990, 9, 2)}
    ]


def test_problem_rows_are_written_as_uploaded_with_what_to_fix():
    rows = [
        Row(1, ("Họ và tên", "Giới tính", "Ngày sinh", "Ghi chú")),
        Row(2, ("Lê Văn Cường", "Nam", dt.datetime(1980, 1, 2))),
        Row(3, ("=cmd()", "Khác", "31/02/2024", FORMULA)),
    ]
    table = table_from_rows(rows, COLUMNS)

    content = saved(problem_rows_workbook(table, title="Dòng cần sửa"))

    sheet = load_workbook(io.BytesIO(content)).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Họ và tên", "Giới tính", "Ngày sinh", "Ghi chú", "Lỗi cần sửa"),
        (
            "=cmd()",
            "Khác",
            "31/02/2024",
            None,
            "Dòng 3, cột A (Họ và tên): “=cmd()” bắt đầu bằng “=”: tên phải bắt đầu bằng một chữ cái.\n"
            "Dòng 3, cột B (Giới tính): “Khác” không thuộc các giá trị Nam, Nữ.\n"
            "Dòng 3, cột C (Ngày sinh): Ngày “31/02/2024” không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày.",
        ),
    ]


def test_a_template_without_choices_has_no_lists_sheet():
    workbook = template_workbook(COLUMNS[:1], title="Tên")

    assert workbook.sheetnames == ["Tên"]
