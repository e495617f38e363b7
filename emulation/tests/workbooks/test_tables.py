import datetime as dt
import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from emulation.workbooks.cells import Column, Problem, read_name
from emulation.workbooks.dates import read_date
from emulation.workbooks.tables import read_table

COLUMNS = (
    Column("full_name", _("Full name"), required=True, reader=read_name),
    Column("date_of_birth", _("Date of birth"), reader=read_date),
)


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_table_reads_each_row_below_the_header():
    data = workbook_bytes(
        [["DANH SÁCH"], ["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "17/05/1985"], ["+Nguyễn Văn Bình", "31/02/2024"]]
    )

    table = read_table(data, columns=COLUMNS, name="ds.xlsx")

    assert [record.values for record in table.valid_records] == [
        {"full_name": "Nguyễn Văn An", "date_of_birth": dt.date(1985, 5, 17)}
    ]
    assert table.problems == [
        Problem(
            4, "“+Nguyễn Văn Bình” bắt đầu bằng “+”: tên phải bắt đầu bằng một chữ cái.", column="A", header="Họ và tên"
        ),
        Problem(4, "Ngày “31/02/2024” không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày.", column="B", header="Ngày sinh"),
    ]


def test_read_table_without_rows_below_the_header():
    table = read_table(workbook_bytes([["Họ và tên"]]), columns=COLUMNS, name="ds.xlsx")

    assert [str(problem) for problem in table.problems] == ["Dòng 1: Trang tính không có dòng nào dưới dòng tiêu đề."]


def test_an_optional_column_absent_from_the_header_reads_as_empty():
    table = read_table(workbook_bytes([["Họ và tên"], ["Trần Thị Bình"]]), columns=COLUMNS, name="ds.xlsx")

    assert [record.values for record in table.valid_records] == [{"full_name": "Trần Thị Bình", "date_of_birth": None}]


def test_read_table_finds_the_sheet_with_the_header_wherever_it_is():
    workbook = Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active.append(["Điền mỗi người một dòng."])
    data = workbook.create_sheet("Danh sách")
    for row in (["DANH SÁCH CÁN BỘ"], ["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "17/05/1985"]):
        data.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), columns=COLUMNS, name="ds.xlsx", sheet=None)

    assert (table.header.row, [record.values["full_name"] for record in table.valid_records]) == (2, ["Nguyễn Văn An"])


def test_without_a_whole_header_the_sheet_naming_most_columns_says_what_is_missing():
    workbook = Workbook()
    workbook.active.append(["Ghi chú"])
    workbook.create_sheet("Danh sách").append(["Ngày sinh"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), columns=COLUMNS, name="ds.xlsx", sheet=None)

    assert [str(problem) for problem in table.problems] == [
        "Dòng 1: Thiếu cột “Họ và tên”: hãy tải tệp mẫu và chép dữ liệu vào đó."
    ]
