import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from emulation import imports
from emulation.models import Person

from .factories import PersonFactory

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
    keys = [column.key for column in imports.COLUMNS]
    for key, value in {"national_id": None, **changes}.items():
        values[keys.index(key)] = value
    return values


def workbook_bytes(rows, header=HEADER_EN) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    for line in rows:
        workbook.active.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(user, rows, header=HEADER_EN) -> imports.StaffImport:
    with translation.override("en"):
        return imports.read_staff_workbook(io.BytesIO(workbook_bytes(rows, header)), user=user)


def problems(user, rows, header=HEADER_EN) -> list[str]:
    with translation.override("en"):
        return [str(problem) for problem in check(user, rows, header).problems]


def upload(client, rows, name="danh-sach.xlsx", header=HEADER_EN):
    content = workbook_bytes(rows, header)
    return client.post(reverse("emulation:staff-import"), {"file": SimpleUploadedFile(name, content)})


def stored_files() -> list:
    folder = imports.imports_dir()
    return sorted(path.name.split(".", 1)[1] for path in folder.iterdir()) if folder.exists() else []


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- reading and checking -----------------------------------------------------------------------------------


def test_read_good_workbook_gives_every_row(principal_a, school_a):
    result = check(principal_a, GOOD_ROWS)

    assert result.problems == []
    assert [r.number for r in result.valid_rows] == [2, 3, 4]
    assert result.valid_rows[0].values == {
        "full_name": "Lê Văn Cường", "sex": "male", "date_of_birth": dt.date(1980, 4, 3), "unit": school_a,
        "position": "Hiệu trưởng", "category": "manager", "sector_start_date": dt.date(2002, 9, 1),
        "national_id": "074080000111", "email": "cuong.lv@example.edu.vn", "phone": "0912 345 678",
    }  # fmt: skip
    assert result.valid_rows[1].values["national_id"] == "074190000222"  # the zero Excel dropped is back
    assert result.valid_rows[2].values["phone"] == "0912000333"
    assert result.valid_rows[2].values["unit"] == school_a  # found by its symbol


def test_read_reports_a_missing_name(principal_a):
    assert problems(principal_a, [row(full_name=None)]) == ["Row 2, column A (Full name): The full name is missing."]


def test_read_reports_a_name_of_one_word(principal_a):
    assert problems(principal_a, [row(full_name="Cường")]) == [
        "Row 2, column A (Full name): Enter the full name: family name and given name."
    ]


def test_read_reports_an_impossible_date(principal_a):
    assert problems(principal_a, [GOOD_ROWS[1], row(date_of_birth="31/02/1985")]) == [
        "Row 3, column C (Date of birth): “31/02/1985” is not a valid date; write it as dd/mm/yyyy."
    ]


def test_read_reports_a_year_alone_and_a_future_date(principal_a):
    assert problems(principal_a, [row(date_of_birth=1985, sector_start_date="01/09/2099")]) == [
        "Row 2, column C (Date of birth): “1985” is not a valid date; write it as dd/mm/yyyy.",
        "Row 2, column G (Date of entering the sector): 01/09/2099 is in the future.",
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
    assert [r.values["unit"] for r in result.valid_rows] == [school_b, school_a]


def test_read_fills_in_the_only_unit_of_a_principal(principal_a, school_a):
    result = check(principal_a, [row(unit=None)])

    assert result.problems == []
    assert result.valid_rows[0].values["unit"] == school_a


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
    assert result.valid_rows == []


def test_read_refuses_more_rows_than_the_limit(principal_a, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    lines = [row(full_name=name) for name in ("Lê Văn An", "Lê Văn Bảo", "Lê Văn Cao")]

    assert problems(principal_a, lines) == ["Row 4: The workbook has more than 2 rows: split it into several files."]


def test_stored_upload_cells_keep_their_types(principal_a, tmp_path):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(workbook_bytes([GOOD_ROWS[1]]))

    first = imports.uploaded_cells(path)
    again = imports.uploaded_cells(path)

    assert path.with_suffix(".json").exists()
    assert again == first
    assert again[1] == [(2, tuple(GOOD_ROWS[1]))]


def test_read_reports_a_workbook_without_rows(principal_a):
    assert problems(principal_a, []) == ["Row 2: The workbook has no staff rows below the header."]


def test_read_accepts_vietnamese_headers_and_ignores_other_columns(principal_a, school_a):
    header = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Phân loại", "Ghi chú"]
    lines = [[1, "Lê Văn Cường", "Nam", "03/04/1980", THANH_TUYEN, "Quản lý", "chuyển đến"]]

    result = check(principal_a, lines, header=header)

    assert result.problems == []
    assert result.valid_rows[0].values["category"] == "manager"


def test_read_skips_the_example_row(principal_a):
    example = [
        "Nguyễn Thị Mai", "Nữ", dt.datetime(1985, 5, 17), THANH_TUYEN, "Giáo viên", "Giáo viên",
        dt.datetime(2007, 9, 1), "074185000123", "mai.nt@example.edu.vn", "0912345678",
    ]  # fmt: skip

    result = check(principal_a, [example, GOOD_ROWS[0]])

    assert (result.example_row, [r.number for r in result.valid_rows], result.problems) == (2, [3], [])


def test_problems_are_in_vietnamese_by_default(principal_a):
    result = imports.read_staff_workbook(
        io.BytesIO(workbook_bytes([row(date_of_birth="31/02/1985", unit=MINH_HOA)])), user=principal_a
    )

    assert [str(problem) for problem in result.problems] == [
        "Dòng 2, cột C (Ngày sinh): “31/02/1985” không phải là ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy.",
        f"Dòng 2, cột D (Đơn vị): “{MINH_HOA}” không phải là đơn vị bạn được nhập danh sách cán bộ; "
        "xem trang “Đơn vị”.",
    ]


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
        result = imports.read_staff_workbook(io.BytesIO(buffer.getvalue()), user=principal_a)

    assert (result.example_row, [r.values["full_name"] for r in result.valid_rows], result.problems) == (
        2,
        ["Lê Văn Cường"],
        [],
    )


def test_template_denied_for_a_council_member(client, council_member):
    client.force_login(council_member)

    assert client.get(reverse("emulation:staff-import-template")).status_code == 404


# --- upload, preview, commit, cancel ------------------------------------------------------------------------


def test_import_page_allowed_for_a_principal(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:staff-import"))

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "staff-import"),
        ("post", "staff-import"),
        ("get", "staff-import-preview"),
        ("get", "staff-import-problems"),
        ("post", "staff-import-commit"),
        ("post", "staff-import-cancel"),
    ],
)
def test_import_views_denied_for_a_council_member(client, council_member, method, name):
    client.force_login(council_member)

    response = getattr(client, method)(reverse(f"emulation:{name}"))

    assert response.status_code == 404


def test_upload_keeps_the_file_and_saves_nothing(client, principal_a, person_a):
    client.force_login(principal_a)

    response = upload(client, GOOD_ROWS)

    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:staff-import-preview")
    assert Person.objects.count() == 1
    assert stored_files() == ["xlsx"]
    assert client.session["staff_import"]["name"] == "danh-sach.xlsx"
    assert imports.upload_path(client.session["staff_import"]["token"]).exists()


def test_preview_lists_problems_by_row_and_column_and_the_valid_rows(english, principal_a):
    english.force_login(principal_a)
    upload(english, [GOOD_ROWS[0], row(full_name="Lê Văn Dũng", date_of_birth="31/02/1985")])

    response = english.get(reverse("emulation:staff-import-preview"))
    content = response.content.decode()

    assert response.status_code == 200
    assert [str(problem) for problem in response.context["problems"]] == [
        "Row 3, column C (Date of birth): “31/02/1985” is not a valid date; write it as dd/mm/yyyy."
    ]
    assert "C (Date of birth)" in content
    assert "“31/02/1985” is not a valid date; write it as dd/mm/yyyy." in content
    assert [line["full_name"] for line in response.context["rows"]] == ["Lê Văn Cường"]
    assert 'name="expected" value="1"' in content
    assert Person.objects.count() == 0


def test_preview_without_an_upload_goes_back_to_the_upload_page(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:staff-import-preview"))

    assert response["Location"] == reverse("emulation:staff-import")


def test_preview_query_count_does_not_grow(client, principal_a):
    client.force_login(principal_a)
    counts = []
    for size in (1, 3):
        upload(client, GOOD_ROWS[:size])
        client.get(reverse("emulation:staff-import-preview"))  # reads the workbook's cells once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("emulation:staff-import-preview"))
        assert len(response.context["rows"]) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_commit_writes_the_valid_rows_and_skips_the_others(english, principal_a, school_a):
    english.force_login(principal_a)
    upload(english, [*GOOD_ROWS, row(full_name="Lê Văn Dũng", sex="Khác")])

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    people = Person.objects.order_by("full_name")
    assert response.redirect_chain == [(reverse("emulation:person-list"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "3 staff members were imported. 1 row with problems was skipped."
    ]
    assert [(p.full_name, p.sex, p.date_of_birth, p.unit, p.category, p.national_id) for p in people] == [
        ("Lê Văn Cường", "male", dt.date(1980, 4, 3), school_a, "manager", "074080000111"),
        ("Phạm Thị Dung", "female", dt.date(1990, 12, 1), school_a, "teacher", "074190000222"),
        ("Võ Minh Em", "male", None, school_a, "employee", ""),
    ]
    assert [(p.sort_name, p.search_name) for p in people][0] == ("Cường Lê Văn", "le van cuong")
    assert stored_files() == []
    assert "staff_import" not in english.session


def test_commit_records_every_imported_row_in_the_history_with_the_user(principal_a, school_a):
    """Outside a request too (the history's user comes from the call, not from the request)."""
    imports.commit_staff_import(source=io.BytesIO(workbook_bytes(GOOD_ROWS)), user=principal_a)

    people = list(Person.objects.order_by("full_name"))
    records = Person.history.order_by("full_name")
    assert [(r.id, r.full_name, r.history_type, r.history_user) for r in records] == [
        (p.pk, p.full_name, "+", principal_a) for p in people
    ]
    assert len(people) == 3


def test_commit_is_all_or_nothing(english, principal_a, person_b, monkeypatch):
    """A database error on the last row (here an identity number taken meanwhile) saves no row at all."""
    person_b.national_id = "074080000555"
    person_b.save()
    english.force_login(principal_a)
    upload(english, [*GOOD_ROWS, row(full_name="Lê Văn Dũng", national_id="074080000555")])
    monkeypatch.setattr(imports, "BATCH_SIZE", 1)
    monkeypatch.setattr(imports, "_check_duplicates", lambda result, positions: None)

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "4"}, follow=True)

    assert response.redirect_chain == [(reverse("emulation:staff-import-preview"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "The staff list or your units changed since the preview; nothing was saved. Check the preview again."
    ]
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Trần Văn Bình"]
    assert stored_files() == ["json", "xlsx"]


def test_commit_checks_again_and_refuses_when_the_list_changed(english, principal_a, school_a):
    english.force_login(principal_a)
    upload(english, GOOD_ROWS)
    PersonFactory(full_name="Lê Văn Cường", date_of_birth=dt.date(1980, 4, 3), unit=school_a)

    english.post(reverse("emulation:staff-import-commit"), {"expected": "3"})

    assert list(Person.objects.values_list("full_name", flat=True)) == ["Lê Văn Cường"]
    assert stored_files() == ["json", "xlsx"]


def test_commit_with_no_valid_row_saves_nothing(english, principal_a, school_b):
    english.force_login(principal_a)
    upload(english, [row(unit=MINH_HOA)])

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "0"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["No row can be imported; nothing was saved."]
    assert Person.objects.count() == 0


def test_principal_of_school_a_cannot_import_into_school_b(english, principal_a, school_b):
    english.force_login(principal_a)
    upload(english, [row(unit=MINH_HOA)])

    preview = english.get(reverse("emulation:staff-import-preview"))

    assert [str(problem) for problem in preview.context["problems"]] == [
        f"Row 2, column D (Unit): “{MINH_HOA}” is not a unit whose staff you may import; see the sheet “Units”."
    ]
    assert preview.context["valid_count"] == 0
    assert 'id="commit-import"' not in preview.content.decode()


def test_cancel_discards_the_file_and_saves_nothing(client, principal_a):
    client.force_login(principal_a)
    upload(client, GOOD_ROWS)
    client.get(reverse("emulation:staff-import-preview"))
    assert stored_files() == ["json", "xlsx"]  # the cells, read once for the preview and the commit

    response = client.post(reverse("emulation:staff-import-cancel"))

    assert response["Location"] == reverse("emulation:staff-import")
    assert stored_files() == []
    assert "staff_import" not in client.session
    assert Person.objects.count() == 0


def test_rows_to_fix_download_has_the_rows_and_what_to_fix(english, principal_a):
    english.force_login(principal_a)
    upload(english, [GOOD_ROWS[0], row(full_name="Lê Văn Dũng", date_of_birth="31/02/1985")])

    response = english.get(reverse("emulation:staff-import-problems"))
    lines = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))

    assert lines[0] == (*HEADER_EN, "Problems to fix")
    assert lines[1:] == [
        (
            "Lê Văn Dũng", "Nam", "31/02/1985", THANH_TUYEN, "Hiệu trưởng", "Quản lý", "01/09/2002",
            None, "Cuong.LV@example.edu.vn", "0912 345 678",
            "Row 3, column C (Date of birth): “31/02/1985” is not a valid date; write it as dd/mm/yyyy.",
        )
    ]  # fmt: skip


def test_upload_of_a_text_file_renamed_xlsx_is_refused(english, principal_a):
    english.force_login(principal_a)
    fake = SimpleUploadedFile("danh-sach.xlsx", "Họ và tên,Ngày sinh\nNguyễn Văn An,01/01/1980\n".encode())

    response = english.post(reverse("emulation:staff-import"), {"file": fake})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            "“danh-sach.xlsx” is not an Excel workbook (.xlsx): "
            "open it in Excel and save it as “Excel Workbook (.xlsx)”."
        ]
    }
    assert stored_files() == []


def test_upload_of_20_mb_is_refused_before_it_is_read(english, principal_a, settings):
    settings.EXCEL_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    english.force_login(principal_a)
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024 - 4))

    response = english.post(reverse("emulation:staff-import"), {"file": big})

    assert response.status_code == 200
    assert response.context["upload_error"] == "The file is too large (20,0 MB); the limit is 5,0 MB."
    assert "The file is too large (20,0 MB); the limit is 5,0 MB." in response.content.decode()
    assert stored_files() == []
