"""The staff workbook: reading an upload and checking every row, and the template."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from emulation.tests.factories import PersonFactory
from emulation.tests.staff_workbooks import GOOD_ROWS, HEADER_EN, MINH_HOA, THANH_TUYEN, row, workbook_bytes
from emulation.workbooks.staff import StaffImport, read_staff_workbook

pytestmark = pytest.mark.django_db


def check(user, rows, header=HEADER_EN, **layout) -> StaffImport:
    with translation.override("en"):
        return read_staff_workbook(io.BytesIO(workbook_bytes(rows, header, **layout)), user=user)


def problems(user, rows, header=HEADER_EN) -> list[str]:
    with translation.override("en"):
        return [str(problem) for problem in check(user, rows, header).problems]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- reading and checking -----------------------------------------------------------------------------------


def test_read_good_workbook_gives_every_row(principal_a, school_a):
    result = check(principal_a, GOOD_ROWS)

    assert result.problems == []
    assert [r.number for r in result.valid_records] == [2, 3, 4]
    assert result.valid_records[0].values == {
        "full_name": "Lê Văn Cường", "sex": "male", "date_of_birth": dt.date(1980, 4, 3), "unit": school_a,
        "position": "Hiệu trưởng", "category": "manager", "sector_start_date": dt.date(2002, 9, 1),
        "national_id": "074080000111", "email": "cuong.lv@example.edu.vn", "phone": "0912 345 678",
    }  # fmt: skip
    assert result.valid_records[1].values["national_id"] == "074190000222"  # the zero Excel dropped is back
    assert result.valid_records[2].values["phone"] == "0912000333"
    assert result.valid_records[2].values["unit"] == school_a  # found by its symbol


def test_read_reports_a_missing_name(principal_a):
    assert problems(principal_a, [row(full_name=None)]) == ["Row 2, column A (Full name): The full name is missing."]


def test_read_reports_a_name_of_one_word(principal_a):
    assert problems(principal_a, [row(full_name="Cường")]) == [
        "Row 2, column A (Full name): Enter the full name: family name and given name."
    ]


def test_read_refuses_a_name_with_digits_or_a_formula_start(principal_a):
    assert problems(principal_a, [row(full_name="Lê Văn 2"), row(full_name="+Lê Văn Cường")]) == [
        "Row 2, column A (Full name): “Lê Văn 2” holds “2”: a name has only letters, spaces and the marks . ' -",
        "Row 3, column A (Full name): “+Lê Văn Cường” starts with “+”: a name starts with a letter.",
    ]


def test_read_cleans_control_and_invisible_characters_from_names(principal_a):
    # A control character is written as Excel writes it in a cell (_x0007_).
    result = check(principal_a, [row(full_name="Lê_x0007_ Văn\u200b Cường\u202e", position="Giáo\tviên")])

    assert result.problems == []
    assert (result.valid_records[0].values["full_name"], result.valid_records[0].values["position"]) == (
        "Lê Văn Cường",
        "Giáo viên",
    )


def test_read_reports_a_formula_without_its_value_as_a_formula(principal_a):
    assert problems(principal_a, [row(full_name='=CONCAT("Lê ","Văn")')]) == [
        "Row 2, column A (Full name): The cell holds a formula whose result was not saved: open the file in Excel, "
        "save it again, or type the value instead of the formula."
    ]


def test_read_reports_an_impossible_date(principal_a):
    assert problems(principal_a, [GOOD_ROWS[1], row(date_of_birth="31/02/1985")]) == [
        "Row 3, column C (Date of birth): “31/02/1985” does not exist: month 2 of 1985 has 28 days."
    ]


def test_read_reports_a_year_alone_and_a_future_date(principal_a):
    assert problems(principal_a, [row(date_of_birth=1985, sector_start_date="01/09/2099")]) == [
        "Row 2, column C (Date of birth): “1985” is only a year: write the whole date as dd/mm/yyyy.",
        "Row 2, column G (Date of entering the sector): 01/09/2099 is in the future.",
    ]


def test_read_accepts_iso_dates_and_refuses_dates_before_1900(principal_a):
    result = check(
        principal_a, [row(date_of_birth="1980-04-03"), row(full_name="Lê Văn Dũng", date_of_birth="01/01/1899")]
    )

    assert result.records[0].values["date_of_birth"] == dt.date(1980, 4, 3)
    with translation.override("en"):
        assert [str(problem) for problem in result.problems] == [
            "Row 3, column C (Date of birth): “01/01/1899” is before 01/01/1900: check the year."
        ]


def test_read_reports_an_unknown_unit(principal_a):
    assert problems(principal_a, [row(unit="Trường Tiểu học Không Tên")]) == [
        "Row 2, column D (Unit): “Trường Tiểu học Không Tên” is not a unit whose staff you may import; "
        "see the sheet “Units”."
    ]


def test_read_reports_another_school_as_unknown_unit(principal_a, school_b):
    assert problems(principal_a, [row(unit=MINH_HOA)]) == [
        f"Row 2, column D (Unit): “{MINH_HOA}” is not a unit whose staff you may import; see the sheet “Units”."
    ]


def test_read_finds_units_without_accents_or_case(district_staff, school_a, school_b):
    result = check(district_staff, [row(unit="truong tieu hoc minh hoa"), row(unit="THTT", full_name="Lê Văn Dũng")])

    assert result.problems == []
    assert [r.values["unit"] for r in result.valid_records] == [school_b, school_a]


def test_read_fills_in_the_only_unit_of_a_principal(principal_a, school_a):
    result = check(principal_a, [row(unit=None)])

    assert result.problems == []
    assert result.valid_records[0].values["unit"] == school_a


def test_read_reports_a_missing_unit_when_the_user_has_several(district_staff, school_a):
    assert problems(district_staff, [row(unit=None)]) == ["Row 2, column D (Unit): The unit is missing."]


def test_read_reports_unknown_sex_and_category(principal_a):
    assert problems(principal_a, [row(sex="Khác", category="Giáo sư"), row(full_name="Lê Văn Dũng", sex=None)]) == [
        "Row 2, column B (Sex): “Khác” is not one of Male, Female.",
        "Row 2, column F (Category): “Giáo sư” is not one of Manager, Teacher, Employee.",
        "Row 3, column B (Sex): Missing: write one of Male, Female.",
    ]


def test_read_reports_the_same_person_twice_in_the_file(principal_a):
    assert problems(principal_a, [GOOD_ROWS[0], GOOD_ROWS[1], row(national_id=None, full_name="lê văn cường")]) == [
        "Row 4, column A (Full name): The same person as in row 2 (same full name, date of birth and unit)."
    ]


def test_read_reports_a_person_already_in_the_staff_list(principal_a, person_a):
    assert problems(principal_a, [row(full_name="Nguyễn Thị Hồng", date_of_birth="17/05/1985")]) == [
        "Row 2, column A (Full name): Nguyễn Thị Hồng, born 17/05/1985, is already in the staff list of "
        "Trường Tiểu học Thanh Tuyền."
    ]


def test_read_reports_identity_numbers_of_the_wrong_form(principal_a):
    assert problems(
        principal_a, [row(national_id="07408500099A"), row(full_name="Lê Văn Dũng", national_id=74080)]
    ) == [
        "Row 2, column H (Identity number): “07408500099A” is not an identity number: it has 12 digits "
        "(9 for an old identity card).",
        "Row 3, column H (Identity number): “74080” is not an identity number: it has 12 digits "
        "(9 for an old identity card).",
    ]


def test_read_reports_an_identity_number_used_twice(principal_a, school_a):
    PersonFactory(unit=school_a, national_id="074085000999")

    assert problems(
        principal_a,
        [
            row(national_id="12345"),
            row(full_name="Lê Văn Giang", national_id="074085000999"),
            row(full_name="Lê Văn Hải", national_id="0740 8500 0111"),
            row(full_name="Lê Văn Khoa", national_id="074085000111"),
        ],
    ) == [
        "Row 2, column H (Identity number): “12345” is not an identity number: it has 12 digits "
        "(9 for an old identity card).",
        "Row 3, column H (Identity number): The identity number 074085000999 already belongs to a staff member.",
        "Row 5, column H (Identity number): The identity number 074085000111 is also in row 4.",
    ]


def test_read_accepts_the_identity_number_of_an_inactive_record(principal_a, school_b):
    """Someone who moved from another school, where their record was deactivated."""
    PersonFactory(unit=school_b, national_id="074085000999", is_active=False)

    assert problems(principal_a, [row(national_id="074085000999")]) == []


def test_read_reports_sector_date_before_birth_bad_email_and_phone(principal_a):
    assert problems(principal_a, [row(sector_start_date="01/01/1979", email="cuong@", phone="12")]) == [
        "Row 2, column I (Email): “cuong@” is not an e-mail address.",
        "Row 2, column J (Phone): “12” is not a phone number.",
        "Row 2, column G (Date of entering the sector): "
        "The date of entering the sector must be after the date of birth.",
    ]


def test_read_reports_a_missing_column_and_imports_nothing(district_staff, school_a):
    header = [label for label in HEADER_EN if label != "Sex"]
    result = check(district_staff, [GOOD_ROWS[0][:1] + GOOD_ROWS[0][2:]], header=header)

    with translation.override("en"):
        assert [str(problem) for problem in result.problems] == [
            "Row 1: The column “Sex” is missing: download the template and copy the data into it."
        ]
    assert result.valid_records == []


def test_read_reports_a_workbook_without_rows(principal_a):
    assert problems(principal_a, []) == ["Row 1: The sheet has no rows below the header."]


def test_read_accepts_vietnamese_headers_and_names_the_columns_it_ignores(principal_a, school_a):
    header = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Phân loại", "Ghi chú"]
    lines = [[1, "Lê Văn Cường", "Nam", "03/04/1980", THANH_TUYEN, "Quản lý", "chuyển đến"]]

    result = check(principal_a, lines, header=header)

    assert result.problems == []
    assert result.valid_records[0].values["category"] == "manager"
    with translation.override("en"):
        assert result.ignored == "These columns are not read: A (STT), G (Ghi chú)."


def test_read_finds_the_header_below_title_rows_on_another_sheet(principal_a, school_a):
    above = [["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN DẦU TIẾNG"], ["DANH SÁCH CÁN BỘ NĂM HỌC 2025–2026"], []]

    result = check(principal_a, GOOD_ROWS[:2], above=above, sheet_before="Hướng dẫn")

    assert (result.header.row, [r.number for r in result.valid_records], result.problems) == (4, [5, 6], [])


def test_read_skips_the_example_row(principal_a):
    example = [
        "Nguyễn Thị Mai", "Nữ", dt.datetime(1985, 5, 17), THANH_TUYEN, "Giáo viên", "Giáo viên",
        dt.datetime(2007, 9, 1), "074185000123", "mai.nt@example.edu.vn", "0912345678",
    ]  # fmt: skip

    result = check(principal_a, [example, GOOD_ROWS[0]])

    assert (result.example_row, [r.number for r in result.valid_records], result.problems) == (2, [3], [])


def test_a_workbook_of_the_example_row_alone_has_no_rows(principal_a):
    example = ["Nguyễn Thị Mai", "Nữ", "17/05/1985", THANH_TUYEN, "Giáo viên", "Giáo viên", None, "074185000123"]

    assert problems(principal_a, [example]) == ["Row 1: The sheet has no rows below the header."]


def test_problems_are_in_vietnamese_by_default(principal_a):
    result = read_staff_workbook(
        io.BytesIO(workbook_bytes([row(date_of_birth="31/02/1985", unit=MINH_HOA)])), user=principal_a
    )

    assert [str(problem) for problem in result.problems] == [
        "Dòng 2, cột C (Ngày sinh): Ngày “31/02/1985” không tồn tại: tháng 2 năm 1985 chỉ có 28 ngày.",
        f"Dòng 2, cột D (Đơn vị): “{MINH_HOA}” không phải là đơn vị bạn được nhập danh sách cán bộ; "
        "xem trang “Đơn vị”.",
    ]


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(principal_a):
    with translation.override("en"):
        result = read_staff_workbook(io.BytesIO(b"PK\x03\x04 cut off"), user=principal_a)

    assert (result.refusal, result.problems, result.valid_records) == (
        "“the workbook” is damaged or incomplete (perhaps the upload was cut off): open it in Excel, save it "
        "again and upload it once more.",
        [],
        [],
    )


# --- the template -------------------------------------------------------------------------------------------


def test_template_has_vietnamese_headers_and_lists(client, principal_a, school_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:staff-import-template"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, units = workbook.worksheets
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-danh-sach-can-bo.xlsx"'
    assert workbook.sheetnames == ["Danh sách cán bộ", "Đơn vị"]
    assert [cell.value for cell in sheet[1]] == [
        "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Chức vụ", "Phân loại",
        "Ngày vào ngành", "Số CCCD", "Email", "Điện thoại",
    ]  # fmt: skip
    assert [cell.value for cell in sheet[2]] == [
        "Nguyễn Thị Mai", "Nữ", dt.datetime(1985, 5, 17), THANH_TUYEN, "Giáo viên", "Giáo viên",
        dt.datetime(2007, 9, 1), "074185000123", "mai.nt@example.edu.vn", "0912345678",
    ]  # fmt: skip
    assert rules == {
        "B2:B10001": '"Nam,Nữ"',
        "F2:F10001": '"Quản lý,Giáo viên,Nhân viên"',
        "D2:D10001": "'Đơn vị'!$A$2:$A$2",
    }
    assert [[cell.value for cell in line] for line in units.iter_rows()] == [
        ["Đơn vị", "Ký hiệu văn bản", "Đơn vị quản lý"],
        [THANH_TUYEN, "THTT", "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng"],
    ]


def test_template_lists_every_unit_a_district_user_may_import_into(english, district_staff, school_a, school_b):
    english.force_login(district_staff)

    workbook = load_workbook(io.BytesIO(english.get(reverse("emulation:staff-import-template")).content))
    units = workbook["Units"]

    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADER_EN
    assert [line[0] for line in units.iter_rows(min_row=2, values_only=True)] == [
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng",
        THANH_TUYEN,
        MINH_HOA,
    ]


def test_template_filled_in_imports_only_the_added_row(english, principal_a, school_a):
    english.force_login(principal_a)
    workbook = load_workbook(io.BytesIO(english.get(reverse("emulation:staff-import-template")).content))
    workbook.worksheets[0].append(GOOD_ROWS[0])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with translation.override("en"):
        result = read_staff_workbook(io.BytesIO(buffer.getvalue()), user=principal_a)

    assert (result.example_row, [r.values["full_name"] for r in result.valid_records], result.problems) == (
        2,
        ["Lê Văn Cường"],
        [],
    )


def test_template_denied_for_a_council_member(client, council_member):
    client.force_login(council_member)

    assert client.get(reverse("emulation:staff-import-template")).status_code == 404
