"""The registration workbook round-trip: template, upload, preview with row/column problems, commit or cancel."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from emulation.enums import Role
from emulation.models import Award, RegistrationLine
from emulation.services.registrations import get_or_start_registration
from emulation.tests.factories import MembershipFactory, PeriodFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Đăng ký danh hiệu", "Đăng ký hình thức khen thưởng",
    "Tên sáng kiến", "Lĩnh vực", "Mã cán bộ (không sửa)",
]  # fmt: skip


@pytest.fixture
def period(db):
    return PeriodFactory(name="2026-2027", start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 8, 31))


@pytest.fixture
def registration(school_a, period, principal_a):
    return get_or_start_registration(unit=school_a, period=period, by=principal_a)


@pytest.fixture
def staff(school_a):
    return {
        "binh": PersonFactory(full_name="Trần Văn Bình", unit=school_a, date_of_birth=dt.date(1980, 1, 2)),
        "hoa": PersonFactory(
            full_name="Lê Thị Hoa", unit=school_a, date_of_birth=dt.date(1990, 3, 4), position="Tổ trưởng"
        ),
        "gone": PersonFactory(full_name="Võ Văn Nghỉ", unit=school_a, is_active=False),
    }


def _workbook(rows, header=HEADER, *, above=(), sheet_before: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet_before:
        sheet.title = sheet_before
        sheet.append(["Hướng dẫn điền"])
        sheet = workbook.create_sheet("Đăng ký")
    for row in [*above, header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _url(name, registration, *args):
    return reverse(f"emulation:{name}", args=[registration.pk, *args])


def _upload(client, registration, content, name="dang-ky.xlsx"):
    return client.post(_url("registration-import", registration), {"file": SimpleUploadedFile(name, content)})


def _preview(client, registration, rows):
    response = _upload(client, registration, _workbook(rows))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return client.get(response.url), response.url.rstrip("/").rsplit("/", 1)[1]


def _problems(response) -> list[str]:
    return [str(problem) for problem in response.context["problems"]]


# --- the template ------------------------------------------------------------------------------------------


def test_template_lists_the_active_staff_with_their_lines(client, principal_a, registration, staff):
    registration.lines.create(
        person=staff["hoa"], title=Award.objects.get(code="cstdcs"), initiative_title="Dạy học STEM",
        initiative_field="Khoa học",
    )  # fmt: skip
    client.force_login(principal_a)

    response = client.get(_url("registration-workbook", registration))

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Đăng ký thi đua"
    assert rows[0] == HEADER
    assert rows[1:] == [
        [1, "Trần Văn Bình", dt.datetime(1980, 1, 2), "Giáo viên", None, None, None, None, staff["binh"].pk],
        [2, "Lê Thị Hoa", dt.datetime(1990, 3, 4), "Tổ trưởng", "CSTĐCS", None, "Dạy học STEM", "Khoa học", staff["hoa"].pk],
    ]  # fmt: skip
    assert sheet.column_dimensions["I"].hidden is True
    lists = workbook["Danh mục"]
    assert [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]] == [
        "LĐTT", "CSTĐCS", "CSTĐ cấp tỉnh", "CSTĐ cấp Bộ", "CSTĐ toàn quốc",
    ]  # fmt: skip
    assert sorted(str(rule.sqref) for rule in sheet.data_validations.dataValidation) == ["E2:E53", "F2:F53"]


@pytest.mark.parametrize("who", ["principal_b", "district_staff"])
def test_template_is_404_for_others(request, client, registration, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url("registration-workbook", registration)).status_code == 404


# --- a good file -------------------------------------------------------------------------------------------------


def test_good_file_is_saved_only_on_commit(client, principal_a, registration, staff):
    registration.lines.create(person=staff["binh"], title=Award.objects.get(code="cstdcs"))
    client.force_login(principal_a)
    rows = [
        [1, "Trần Văn Bình", dt.date(1980, 1, 2), "Giáo viên", "lao dong tien tien", "Giấy khen", None, None, staff["binh"].pk],
        [2, "Lê Thị Hoa", "04/03/1990", "Tổ trưởng", "LĐTT, CSTĐCS", None, "Dạy học STEM", "Khoa học", None],
        [3, None, None, None, None, None, None, None, None],
    ]  # fmt: skip

    preview, token = _preview(client, registration, rows)
    before = list(registration.lines.values_list("person__full_name", "title__code"))
    commit = client.post(_url("registration-import-commit", registration, token), follow=True)

    assert _problems(preview) == []
    assert [(line.person.full_name, str(line.title)) for line in preview.context["lines"]] == [
        ("Trần Văn Bình", "LĐTT"),
        ("Lê Thị Hoa", "CSTĐCS"),
    ]
    assert before == [("Trần Văn Bình", "cstdcs")]
    lines = RegistrationLine.objects.order_by("person__full_name")
    assert [
        (line.person.full_name, line.title.code, str(line.form or ""), line.initiative_title) for line in lines
    ] == [
        ("Lê Thị Hoa", "cstdcs", "", "Dạy học STEM"),
        ("Trần Văn Bình", "ldtt", "Giấy khen", ""),
    ]
    assert [str(message) for message in commit.context["messages"]] == ["Đã lưu theo bảng tính: 2 người đăng ký."]
    # the upload is forgotten once committed
    assert client.get(_url("registration-import-preview", registration, token)).status_code == 404


def test_the_downloaded_template_comes_back_unchanged(client, principal_a, registration, staff):
    registration.lines.create(person=staff["hoa"], title=Award.objects.get(code="ldtt"))
    client.force_login(principal_a)
    content = client.get(_url("registration-workbook", registration)).content

    response = _upload(client, registration, content)
    preview = client.get(response.url)

    assert _problems(preview) == []
    assert [(line.person.full_name, str(line.title)) for line in preview.context["lines"]] == [("Lê Thị Hoa", "LĐTT")]


def test_a_second_commit_of_the_same_upload_saves_nothing_and_says_so(client, principal_a, registration, staff):
    client.force_login(principal_a)
    _preview_response, token = _preview(client, registration, [[1, "Lê Thị Hoa", None, None, "LĐTT"]])
    client.post(_url("registration-import-commit", registration, token), follow=True)
    registration.lines.update(initiative_title="Sửa sau khi nhập")

    again = client.post(_url("registration-import-commit", registration, token), follow=True)

    assert [str(message) for message in again.context["messages"]] == [
        "Tệp này đã được nhập, hoặc đang được nhập: không nhập hai lần."
    ]
    assert list(registration.lines.values_list("person__full_name", "initiative_title")) == [
        ("Lê Thị Hoa", "Sửa sau khi nhập")
    ]


def test_the_header_is_found_below_title_rows_on_another_sheet(client, principal_a, registration, staff):
    client.force_login(principal_a)
    above = [["TRƯỜNG TIỂU HỌC THANH TUYỀN"], ["DANH SÁCH ĐĂNG KÝ THI ĐUA"]]
    content = _workbook(
        [[1, "Lê Thị Hoa", None, None, "LĐTT", None, None, None, None, "đã họp tổ"]],
        [*HEADER, "Ghi chú"], above=above, sheet_before="Hướng dẫn",
    )  # fmt: skip

    preview = client.get(_upload(client, registration, content).url)

    assert _problems(preview) == []
    assert [(line.person.full_name, str(line.title)) for line in preview.context["lines"]] == [("Lê Thị Hoa", "LĐTT")]
    assert preview.context["ignored"] == "Các cột sau không được đọc: J (Ghi chú)."


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        ("1990-03-04", []),
        (dt.datetime(1990, 3, 4), []),
        ("04/03/2099", ["Dòng 2, cột C (Ngày sinh): Ngày 04/03/2099 nằm trong tương lai."]),
        ("04/03/1899", ["Dòng 2, cột C (Ngày sinh): “04/03/1899” trước ngày 01/01/1900: hãy kiểm tra lại năm."]),
    ],
)
def test_dates_of_birth_are_read_by_the_one_rule(client, principal_a, registration, staff, born, expected):
    client.force_login(principal_a)

    preview, _token = _preview(client, registration, [[1, "Lê Thị Hoa", born, None, "LĐTT"]])

    assert _problems(preview) == expected


def test_a_formula_without_its_value_is_named_as_a_formula(client, principal_a, registration, staff):
    client.force_login(principal_a)

    preview, _token = _preview(client, registration, [[1, "Lê Thị Hoa", None, None, '=IF(1,"LĐTT","")']])

    assert _problems(preview) == [
        "Dòng 2, cột E (Đăng ký danh hiệu): Ô chứa công thức nhưng chưa lưu kết quả: hãy mở tệp bằng Excel rồi "
        "lưu lại, hoặc gõ giá trị thay cho công thức."
    ]


def test_cancel_forgets_the_upload_and_saves_nothing(client, principal_a, registration, staff):
    client.force_login(principal_a)
    _preview_response, token = _preview(client, registration, [[1, "Lê Thị Hoa", None, None, "LĐTT"]])

    client.post(_url("registration-import-cancel", registration, token))

    assert registration.lines.count() == 0
    assert client.get(_url("registration-import-preview", registration, token)).status_code == 404


# --- each kind of problem -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            [1, "Nguyễn Văn Lạ", None, None, "LĐTT"],
            "Dòng 2, cột B (Họ và tên): “Nguyễn Văn Lạ” không có trong danh sách cán bộ đang công tác của "
            "Trường Tiểu học Thanh Tuyền.",
        ),
        (
            [1, "Võ Văn Nghỉ", None, None, "LĐTT"],
            "Dòng 2, cột B (Họ và tên): “Võ Văn Nghỉ” không có trong danh sách cán bộ đang công tác của "
            "Trường Tiểu học Thanh Tuyền.",
        ),
        (
            [1, "Lê Thị Hoa", "05/03/1990", None, "LĐTT"],
            "Dòng 2, cột B (Họ và tên): “Lê Thị Hoa”, sinh ngày 05/03/1990, không có trong danh sách cán bộ đang "
            "công tác của Trường Tiểu học Thanh Tuyền.",
        ),
        (
            [1, "Lê Thị Hoa", None, None, "Tập thể lao động xuất sắc"],
            "Dòng 2, cột E (Đăng ký danh hiệu): “Tập thể lao động xuất sắc” là danh hiệu tập thể, không dành cho cá nhân.",
        ),
        (
            [1, "Lê Thị Hoa", None, None, "Giấy khen"],
            "Dòng 2, cột E (Đăng ký danh hiệu): “Giấy khen” là hình thức khen thưởng, không phải danh hiệu: "
            "hãy ghi vào cột F.",
        ),
        (
            [1, "Lê Thị Hoa", None, None, "Xuất sắc"],
            "Dòng 2, cột E (Đăng ký danh hiệu): “Xuất sắc” không có trong danh mục danh hiệu thi đua.",
        ),
        (
            [1, "Lê Thị Hoa", None, None, "LĐTT, CSTĐ toàn quốc, CSTĐCS"],
            "Dòng 2, cột E (Đăng ký danh hiệu): Mỗi người chỉ đăng ký một danh hiệu, không ghi "
            "“CSTĐ toàn quốc, CSTĐCS”.",
        ),
        (
            [1, "Lê Thị Hoa", None, None, "LĐTT", "CSTĐCS"],
            "Dòng 2, cột F (Đăng ký hình thức khen thưởng): “CSTĐCS” là danh hiệu thi đua, không phải hình thức "
            "khen thưởng: hãy ghi vào cột E.",
        ),
        (
            [1, "Lê Thị Hoa", None, None, "LĐTT", "Bằng khen"],
            "Dòng 2, cột F (Đăng ký hình thức khen thưởng): “Bằng khen” không có trong danh mục hình thức khen thưởng.",
        ),
        (
            [1, "Lê Thị Hoa", "31/02/1990", None, "LĐTT"],
            "Dòng 2, cột C (Ngày sinh): Ngày “31/02/1990” không tồn tại: tháng 2 năm 1990 chỉ có 28 ngày.",
        ),
        (
            [1, None, None, None, "LĐTT"],
            "Dòng 2, cột B (Họ và tên): Chưa điền họ và tên.",
        ),
    ],
)
def test_each_problem_is_named_by_row_and_column(client, principal_a, registration, staff, row, expected):
    client.force_login(principal_a)

    preview, token = _preview(client, registration, [row])
    commit = client.post(_url("registration-import-commit", registration, token), follow=True)

    assert _problems(preview) == [expected]
    assert 'id="commit-import"' not in preview.content.decode()
    assert [str(message) for message in commit.context["messages"]] == [
        "Bảng tính còn lỗi; chưa có gì được lưu. Hãy sửa và tải tệp lên lại."
    ]
    assert registration.lines.count() == 0


def test_duplicate_lines(client, principal_a, registration, staff):
    client.force_login(principal_a)
    rows = [
        [1, "Lê Thị Hoa", None, None, "LĐTT"],
        [2, "Trần Văn Bình", None, None, "LĐTT"],
        [3, "Lê Thị Hoa", None, None, "CSTĐCS"],
        [4, "Trần Văn Bình", None, None, "LĐTT"],
    ]

    preview, _token = _preview(client, registration, rows)

    assert _problems(preview) == [
        "Dòng 4, cột B (Họ và tên): Lê Thị Hoa đã có ở dòng 2; CSTĐCS đã bao gồm LĐTT: chỉ giữ một dòng, ghi CSTĐCS.",
        "Dòng 5, cột B (Họ và tên): Trần Văn Bình đã có ở dòng 3: mỗi người chỉ một dòng.",
    ]


def test_same_name_twice_needs_the_date_of_birth(client, principal_a, registration, staff, school_a):
    PersonFactory(full_name="Lê Thị Hoa", unit=school_a, date_of_birth=dt.date(1995, 6, 7))
    client.force_login(principal_a)

    preview, _token = _preview(
        client, registration, [[1, "Lê Thị Hoa", None, None, "LĐTT"], [2, "le thi hoa", "07/06/1995", None, "LĐTT"]]
    )

    assert _problems(preview) == [
        "Dòng 2, cột B (Họ và tên): Có nhiều người tên “Lê Thị Hoa”: hãy ghi ngày sinh.",
    ]


def test_a_missing_column_is_named(client, principal_a, registration, staff):
    client.force_login(principal_a)

    response = _upload(client, registration, _workbook([["Lê Thị Hoa"]], header=["Họ và tên"]))
    preview = client.get(response.url)
    assert _problems(preview) == [
        "Dòng 1: Thiếu cột “Đăng ký danh hiệu”: hãy tải tệp mẫu và chép dữ liệu vào đó.",
    ]


def test_a_file_that_is_not_excel_is_refused(client, principal_a, registration):
    client.force_login(principal_a)

    response = _upload(client, registration, b"MZ\x90\x00" + b"\x00" * 200, name="dang-ky.xlsx")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tệp “dang-ky.xlsx” không phải là XLSX: nội dung không khớp với phần mở rộng."
    ]


# --- whose upload --------------------------------------------------------------------------------------------


def test_another_users_upload_token_is_404(client, principal_a, registration, staff, school_a):
    client.force_login(principal_a)
    _preview_response, token = _preview(client, registration, [[1, "Lê Thị Hoa", None, None, "LĐTT"]])
    deputy = UserFactory(username="phohieutruong_a")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    client.force_login(deputy)

    assert client.get(_url("registration-import-preview", registration, token)).status_code == 404
    assert client.post(_url("registration-import-commit", registration, token)).status_code == 404
    assert registration.lines.count() == 0


def test_upload_is_404_for_another_school(client, principal_b, registration):
    client.force_login(principal_b)

    assert _upload(client, registration, _workbook([])).status_code == 404


def test_commit_is_refused_once_the_registration_was_sent(client, principal_a, registration, staff):
    client.force_login(principal_a)
    _preview_response, token = _preview(client, registration, [[1, "Lê Thị Hoa", None, None, "LĐTT"]])
    registration.state = "submitted"
    registration.save(update_fields=["state"])

    assert client.post(_url("registration-import-commit", registration, token)).status_code == 404
    assert registration.lines.count() == 0
