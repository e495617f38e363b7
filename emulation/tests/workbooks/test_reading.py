import datetime as dt
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from emulation.management.commands.bench_workbook_guard import (
    base_workbook,
    declared_size,
    deflate_bomb,
    huge_rows,
    shared_strings_bomb,
    sheet_xml,
    styles_bomb,
    wide_row,
    with_parts,
)
from emulation.tests.test_uploads import compound_file
from emulation.workbooks import FORMULA, ExcelError, Row, WorkbookLimits, WorkbookRefused, open_workbook, read_rows

LIMITS = WorkbookLimits()


def refusal(data, *, limits=LIMITS, name="danh-sach.xlsx") -> WorkbookRefused:
    start = time.perf_counter()
    with pytest.raises(WorkbookRefused) as caught:
        read_rows(data, name=name, limits=limits)
    assert time.perf_counter() - start < 1.0
    return caught.value


def workbook_bytes(rows, **cells) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    for reference, value in cells.items():
        workbook.active[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_rows_gives_each_row_with_a_value_and_its_number():
    data = workbook_bytes([["Họ và tên", "Ngày sinh"], [], ["Nguyễn Văn An", dt.date(1985, 5, 17)]])

    assert read_rows(data, name="ds.xlsx") == [
        Row(1, ("Họ và tên", "Ngày sinh")),
        Row(3, ("Nguyễn Văn An", dt.datetime(1985, 5, 17))),
    ]


def test_read_rows_reads_paths_and_uploaded_files(tmp_path):
    data = workbook_bytes([["a", 1]])
    path = tmp_path / "ds.xlsx"
    path.write_bytes(data)

    assert read_rows(path) == [Row(1, ("a", 1))]
    assert read_rows(SimpleUploadedFile("ds.xlsx", data)) == [Row(1, ("a", 1))]


def test_a_formula_without_a_cached_value_is_not_an_empty_cell():
    data = workbook_bytes([["Tổng", "=SUM(B2:B9)"]])

    assert read_rows(data) == [Row(1, ("Tổng", FORMULA))]


def test_a_formula_with_a_cached_value_reads_as_its_value():
    rows = b'<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    data = with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})

    assert read_rows(data) == [Row(1, (2, ExcelError("#DIV/0!")))]


def test_inline_and_rich_text_cells_are_read_without_their_phonetic_guide():
    rows = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><r><t>Nguy\xe1\xbb\x85n </t></r><r><t>An</t></r>'
        b"<rPh><t>x</t></rPh></is></c></row>"
    )
    data = with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})

    assert read_rows(data) == [Row(2, ("Nguyễn An",))]


def test_cells_right_of_max_columns_are_ignored():
    data = workbook_bytes([["a", "b", "c", "d"]])

    assert read_rows(data, limits=WorkbookLimits(max_columns=2)) == [Row(1, ("a", "b"))]


def test_reading_stops_at_a_long_empty_stretch_after_the_data():
    data = workbook_bytes([["a"], ["b"]], A2000="far below")

    assert read_rows(data, limits=WorkbookLimits(empty_stretch=100)) == [Row(1, ("a",)), Row(2, ("b",))]


def test_more_rows_than_the_limit_are_refused_before_openpyxl_opens_the_file():
    data = workbook_bytes([[n] for n in range(1, 12)])

    assert str(refusal(data, limits=WorkbookLimits(max_rows=10))) == (
        "Tệp “danh-sach.xlsx” có trang tính hơn 10 dòng: hãy chia thành nhiều tệp."
    )


def test_the_reader_also_stops_past_the_row_limit():
    with open_workbook(workbook_bytes([[n] for n in range(1, 12)]), name="ds.xlsx") as opened:
        opened.limits = WorkbookLimits(max_rows=10)
        with pytest.raises(WorkbookRefused) as caught:
            list(opened.rows())

    assert str(caught.value) == "Trang tính “Sheet” có hơn 10 dòng: hãy chia thành nhiều tệp."


def test_open_workbook_lists_the_sheets_active_first():
    workbook = Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.create_sheet("Danh sách").append(["x"])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)

    with open_workbook(buffer.getvalue(), name="ds.xlsx") as opened:
        assert (opened.sheet_names, opened.sheet_order()) == (["Hướng dẫn", "Danh sách"], [1, 0])
        assert list(opened.rows("Danh sách")) == [Row(1, ("x",))]


# --- refusals ------------------------------------------------------------------------------------------------


def test_a_text_file_renamed_xlsx_is_refused():
    error = refusal("Họ và tên;Ngày sinh\nNguyễn Văn An;01/01/1980\n".encode())

    assert (error.code, str(error)) == (
        "not_xlsx",
        "“danh-sach.xlsx” không phải là bảng tính Excel (.xlsx): hãy mở tệp bằng Excel và lưu lại dạng "
        "“Excel Workbook (.xlsx)”.",
    )


def test_an_old_xls_file_is_named_as_such():
    error = refusal(compound_file("Workbook"))

    assert (error.code, str(error)) == (
        "xls",
        "“danh-sach.xlsx” là tệp Excel 97–2003 cũ (.xls): hãy mở tệp bằng Excel và lưu lại dạng "
        "“Excel Workbook (.xlsx)”.",
    )


def test_a_password_protected_workbook_is_named_as_such():
    assert refusal(compound_file("EncryptedPackage")).code == "password"


def test_a_truncated_zip_is_refused_as_damaged():
    data = workbook_bytes([["a"]])
    error = refusal(data[: len(data) // 2])

    assert (error.code, str(error)) == (
        "damaged",
        "Tệp “danh-sach.xlsx” bị hỏng hoặc không trọn vẹn (có thể việc tải lên bị ngắt giữa chừng): hãy mở "
        "bằng Excel, lưu lại rồi tải lên lần nữa.",
    )


def test_a_flipped_byte_in_a_sheet_is_refused_as_damaged():
    data = bytearray(workbook_bytes([["Nguyễn Văn An"] * 50]))
    start = data.find(b"xl/worksheets/sheet1.xml") + 30
    data[start] ^= 0xFF

    assert refusal(bytes(data)).code == "damaged"


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")

    assert refusal(buffer.getvalue()).code == "not_xlsx"


def test_an_empty_or_oversized_file_is_refused_before_it_is_opened():
    assert str(refusal(b"")) == "Tệp “danh-sach.xlsx” không có nội dung."
    oversized = b"PK\x03\x04" + b"\x00" * (1024 * 1024 + 100_000)

    assert str(refusal(oversized, limits=WorkbookLimits(max_bytes=1024 * 1024))) == (
        "Tệp “danh-sach.xlsx” lớn 1,1 MB, vượt giới hạn 1 MB."
    )


def test_a_deflate_bomb_is_refused_by_its_declared_size():
    data = deflate_bomb(100)

    assert len(data) < 200_000
    assert str(refusal(data)) == "Tệp “danh-sach.xlsx” khi giải nén lớn hơn 64 MB: hãy chia thành các tệp nhỏ hơn."


def test_a_part_packed_more_than_1000_to_1_is_refused_by_its_ratio():
    error = refusal(deflate_bomb(8))

    assert (error.code, str(error)) == (
        "ratio",
        "Tệp “danh-sach.xlsx” có thành phần giải nén ra lớn hơn 100 lần kích thước nén: Excel không tạo ra "
        "tệp như vậy nên tệp bị từ chối.",
    )


def test_a_huge_declared_size_is_refused():
    data = declared_size(workbook_bytes([["a"]]), "xl/worksheets/sheet1.xml", 0xFFFFFFF0)

    assert refusal(data).code == "unpacked"


def test_a_shared_strings_bomb_is_refused_by_counting():
    data = shared_strings_bomb(1_000_000)
    error = refusal(data)

    assert len(data) < 300_000
    assert (error.code, str(error)) == (
        "shared_strings",
        "Tệp “danh-sach.xlsx” chứa hơn 200.000 đoạn văn bản khác nhau: hãy chia thành các tệp nhỏ hơn.",
    )


def test_too_many_parts_are_refused():
    data = with_parts(base_workbook(), {f"xl/media/image{n}.png": b"x" for n in range(30)})

    assert str(refusal(data, limits=WorkbookLimits(max_members=20))) == (
        f"Tệp “danh-sach.xlsx” gồm {len(zipfile.ZipFile(io.BytesIO(data)).infolist())} thành phần, nhiều hơn "
        "mức 20 cho phép của một bảng tính."
    )


def test_a_doctype_is_refused():
    sheet = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet_xml(b"").split(b"?>", 1)[1]
    error = refusal(with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": sheet}))

    assert (error.code, str(error)) == (
        "structure",
        "Tệp “danh-sach.xlsx” có thành phần mà Excel không bao giờ tạo ra (xl/worksheets/sheet1.xml): tệp bị từ chối.",
    )


def test_a_row_of_200000_cells_without_a_dimension_is_refused():
    assert refusal(wide_row(200_000)).code == "structure"


def test_a_style_sheet_of_too_many_formats_is_refused():
    assert refusal(styles_bomb(40_000)).code == "styles"


def test_a_sheet_of_400000_rows_is_refused_within_a_second():
    assert refusal(huge_rows()).code == "rows"


def test_the_time_budget_is_enforced():
    data = workbook_bytes([[n, "Nguyễn Văn An"] for n in range(3000)])

    error = refusal(data, limits=WorkbookLimits(time_budget=0.0))

    assert (error.code, str(error)) == (
        "too_slow",
        "Việc đọc tệp “danh-sach.xlsx” mất hơn 0 giây: hãy chia thành các tệp nhỏ hơn.",
    )


def test_limits_come_from_the_settings(settings):
    settings.UPLOAD_MAX_BYTES_WORKBOOKS = 1000
    settings.WORKBOOK_MAX_ROWS = 7
    settings.WORKBOOK_TIME_BUDGET_SECONDS = 2.5

    limits = WorkbookLimits.from_settings()

    assert (limits.max_bytes, limits.max_rows, limits.time_budget, limits.max_columns) == (1000, 7, 2.5, 100)


def test_a_sheet_that_does_not_exist_is_refused():
    with open_workbook(workbook_bytes([["a"]]), name="ds.xlsx") as opened, pytest.raises(WorkbookRefused) as caught:
        list(opened.rows("Không có"))

    assert str(caught.value) == "Tệp “ds.xlsx” không có trang tính nào."
