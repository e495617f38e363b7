"""The staff list as an .xlsx file, through the export view."""

import datetime as dt
import io
import zipfile

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from emulation.models import Person
from emulation.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EXPORT_HEADER_EN = [
    "No.", "Full name", "Sex", "Date of birth", "Unit", "Position", "Category",
    "Date of entering the sector", "Identity number", "Email", "Phone", "Status",
]  # fmt: skip


def read_sheet(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


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


@pytest.mark.parametrize("who", ["principal_a", "district_staff"])
def test_staff_export_of_dirty_data_already_in_the_database_still_reads(request, client, person_a, who):
    """A control character saved before names were cleaned, and text a spreadsheet would run as a formula."""
    Person.objects.filter(pk=person_a.pk).update(full_name="Nguyễn\x07 Thị\x1b Hồng", position="=HYPERLINK(1)")
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("emulation:staff-export"))

    assert response.status_code == 200
    assert [row[1:6:4] for row in read_sheet(response)[1:]] == [["Nguyễn Thị Hồng", "=HYPERLINK(1)"]]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


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
