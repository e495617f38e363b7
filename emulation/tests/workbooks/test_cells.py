import datetime as dt

import pytest
from django.utils import translation

from emulation.enums import Sex
from emulation.workbooks.cells import (
    FORMULA,
    CellError,
    Choice,
    Column,
    ExcelError,
    Problem,
    read_email,
    read_id_number,
    read_integer,
    read_name,
    read_phone,
    read_text,
)
from emulation.workbooks.dates import read_date

TODAY = dt.date(2025, 6, 15)


def error_of(reader, value, **kwargs) -> str:
    with pytest.raises(CellError) as caught:
        reader(value, **kwargs)
    return caught.value.message


def test_problem_says_row_column_and_header_in_vietnamese():
    problem = Problem.at(4, 2, "Ngày sinh", "“31/02/2024” không tồn tại.")

    assert str(problem) == "Dòng 4, cột C (Ngày sinh): “31/02/2024” không tồn tại."


def test_problem_of_a_whole_row():
    assert str(Problem(7, "Trùng với dòng 5.")) == "Dòng 7: Trùng với dòng 5."


def test_problem_in_english():
    with translation.override("en"):
        assert str(Problem.at(4, 2, "Date of birth", "bad")) == "Row 4, column C (Date of birth): bad"


def test_read_text_normalises_and_removes_control_characters():
    written = "Nguye\u0302\u0303n\u200b  Va\u0306n\x07 An\u202e\tGiáo_x000D_viên"

    assert read_text(written) == "Nguyễn Văn An Giáo viên"


def test_read_text_refuses_more_than_the_limit():
    assert error_of(read_text, "a" * 11, max_length=10) == "Quá dài: tối đa 10 ký tự."


def test_read_text_shows_numbers_as_written():
    assert [read_text(12.0), read_text(7), read_text(dt.date(2024, 9, 5))] == ["12", "7", "05/09/2024"]


def test_read_text_blank_and_required():
    assert read_text("   ") == ""
    assert error_of(read_text, None, required=True) == "Chưa điền: ô này phải có giá trị."


def test_every_reader_names_a_formula_without_its_value():
    message = (
        "Ô chứa công thức nhưng chưa lưu kết quả: hãy mở tệp bằng Excel rồi lưu lại, "
        "hoặc gõ giá trị thay cho công thức."
    )
    readers = [read_text, read_name, read_date, read_id_number, read_phone, read_email, read_integer, Choice(Sex)]

    assert [error_of(reader, FORMULA) for reader in readers] == [message] * len(readers)


def test_readers_name_an_excel_error():
    assert error_of(read_text, ExcelError("#REF!")) == "Ô hiển thị lỗi Excel #REF!: hãy sửa lại hoặc gõ giá trị."


def test_read_name_accepts_vietnamese_letters_and_marks():
    assert read_name("Đặng Thị Ngọc Ánh-Nguyễn O'Neil Jr.") == "Đặng Thị Ngọc Ánh-Nguyễn O'Neil Jr."


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_read_name_refuses_a_formula_start(start):
    assert error_of(read_name, f"{start}HYPERLINK(1)") == (
        f"“{start}HYPERLINK(1)” bắt đầu bằng “{start}”: tên phải bắt đầu bằng một chữ cái."
    )


def test_read_name_refuses_digits_and_symbols():
    assert error_of(read_name, "Nguyễn Văn 2") == (
        "“Nguyễn Văn 2” có ký tự “2”: tên chỉ gồm chữ cái, dấu cách và các dấu . ' -"
    )


def test_read_id_number_restores_the_leading_zero_excel_dropped():
    assert [read_id_number(74185000123), read_id_number(74185000123.0), read_id_number(12345678)] == [
        "074185000123",
        "074185000123",
        "012345678",
    ]


def test_read_id_number_accepts_text_with_spaces_and_dots():
    assert read_id_number("074 185.000 123") == "074185000123"


def test_read_id_number_refuses_a_wrong_length():
    assert error_of(read_id_number, "1234567") == (
        "“1234567” không phải là số định danh: số CCCD có 12 chữ số (CMND cũ có 9 chữ số)."
    )


def test_read_phone_restores_the_leading_zero_and_refuses_letters():
    assert read_phone(912345678) == "0912345678"
    assert error_of(read_phone, "09xx") == "“09xx” không phải là số điện thoại."


def test_read_email_lowercases_and_refuses_garbage():
    assert read_email(" Mai.NT@Example.edu.vn ") == "mai.nt@example.edu.vn"
    assert error_of(read_email, "mai@") == "“mai@” không phải là địa chỉ email."


def test_read_integer_reads_numbers_and_text_and_checks_bounds():
    assert [read_integer(3.0), read_integer(" 12 "), read_integer(None)] == [3, 12, None]
    assert error_of(read_integer, "12a") == "“12a” không phải là số nguyên."
    assert error_of(read_integer, 0, min_value=1) == "0 nhỏ hơn 1."
    assert error_of(read_integer, 101, max_value=100) == "101 lớn hơn 100."


def test_choice_reads_labels_in_both_languages_and_codes_without_accents():
    sex = Choice(Sex)

    assert [sex("Nữ"), sex("nu"), sex("Female"), sex("male"), sex(Sex.MALE.value)] == [
        Sex.FEMALE,
        Sex.FEMALE,
        Sex.FEMALE,
        Sex.MALE,
        Sex.MALE,
    ]


def test_choice_names_the_choices_when_wrong_or_missing():
    sex = Choice(Sex)

    assert error_of(sex, "Khác") == "“Khác” không thuộc các giá trị Nam, Nữ."
    assert error_of(sex, None) == "Chưa điền: hãy ghi một trong các giá trị Nam, Nữ."


def test_column_reads_with_its_reader_and_knows_its_headers():
    column = Column("born", "Date of birth", reader=read_date, aliases=("ngay thang nam sinh",))

    assert column.read("05/09/1985") == dt.date(1985, 9, 5)
    assert column.header_texts() == ("born", "Date of birth", "ngay thang nam sinh")
