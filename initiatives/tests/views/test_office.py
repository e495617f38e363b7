"""The office's list of initiatives: reach, filters, the query budget, the Excel export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emulation.tests.factories import DistrictFactory, SchoolFactory
from emulation.tests.queries import stated_queries
from initiatives.enums import InitiativeState
from initiatives.models import Initiative
from initiatives.tests.factories import FieldFactory, complete_initiative
from initiatives.views.office import InitiativeList

pytestmark = pytest.mark.django_db

S = InitiativeState


@pytest.fixture
def initiatives(school_a, school_b, period, person_a):
    management = FieldFactory(code="quan-ly", name="Quản lý giáo dục")
    first = complete_initiative(unit=school_a, period=period, author=person_a, title="Sơ đồ tư duy",
                                state=S.SUBMITTED)  # fmt: skip
    second = complete_initiative(unit=school_b, period=period, title="Quản lý hồ sơ điện tử", field=management,
                                 state=S.RECOGNISED, scope="base")  # fmt: skip
    Initiative.objects.filter(pk=second.pk).update(score=Decimal("82.50"))
    third = complete_initiative(unit=school_b, period=period, title="Góc đọc sách", state=S.UNDER_EVALUATION)
    Initiative.objects.filter(pk=third.pk).update(score=Decimal("48"))
    other = SchoolFactory(name="Trường Tiểu học Lai Uyên", parent=DistrictFactory(name="Phòng GDĐT Bàu Bàng"))
    complete_initiative(unit=other, period=period, title="Sáng kiến huyện khác", state=S.SUBMITTED)
    return first, second, third


def titles(response):
    return [initiative.title for initiative in response.context["initiatives"]]


def test_list_shows_every_initiative_of_the_office_s_schools_only(client, district_staff, initiatives):
    client.force_login(district_staff)

    response = client.get(reverse("initiatives:initiative-list"))

    assert response.status_code == 200
    assert titles(response) == ["Góc đọc sách", "Quản lý hồ sơ điện tử", "Sơ đồ tư duy"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "awaiting"}, ["Sơ đồ tư duy"]),
        ({"state": "recognised"}, ["Quản lý hồ sơ điện tử"]),
        ({"scope": "base"}, ["Quản lý hồ sơ điện tử"]),
        ({"score_min": "50"}, ["Quản lý hồ sơ điện tử"]),
        ({"score_min": "40", "score_max": "50"}, ["Góc đọc sách"]),
        ({"q": "so do"}, ["Sơ đồ tư duy"]),
        ({"score_min": "abc"}, ["Góc đọc sách", "Quản lý hồ sơ điện tử", "Sơ đồ tư duy"]),
    ],
)
def test_list_filters(client, district_staff, initiatives, query, expected):
    client.force_login(district_staff)

    assert titles(client.get(reverse("initiatives:initiative-list"), query)) == expected


def test_list_filters_by_school_and_field(client, district_staff, initiatives, school_b):
    client.force_login(district_staff)
    field = initiatives[1].field

    by_school = titles(client.get(reverse("initiatives:initiative-list"), {"school": school_b.pk}))
    by_field = titles(client.get(reverse("initiatives:initiative-list"), {"field": field.pk}))

    assert (by_school, by_field) == (["Góc đọc sách", "Quản lý hồ sơ điện tử"], ["Quản lý hồ sơ điện tử"])


def test_list_is_not_found_for_a_principal(client, principal_a, initiatives):
    client.force_login(principal_a)

    assert client.get(reverse("initiatives:initiative-list")).status_code == 404


def test_list_keeps_its_query_budget_whatever_the_rows(client, district_staff, school_a, period,
                                                       django_assert_num_queries):  # fmt: skip
    complete_initiative(unit=school_a, period=period)
    client.force_login(district_staff)
    client.get(reverse("initiatives:initiative-list"))
    with django_assert_num_queries(stated_queries(InitiativeList)):
        one = client.get(reverse("initiatives:initiative-list"))
    for _ in range(2):
        complete_initiative(unit=school_a, period=period)

    with django_assert_num_queries(stated_queries(InitiativeList)):
        three = client.get(reverse("initiatives:initiative-list"))

    assert (len(one.context["initiatives"]), len(three.context["initiatives"])) == (1, 3)


def test_export_writes_the_filtered_list(client, district_staff, initiatives):
    client.force_login(district_staff)

    response = client.get(reverse("initiatives:initiative-list-export"), {"state": "recognised"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-sang-kien-2024-2025.xlsx"'
    assert rows[0][:3] == ["STT", "Tên sáng kiến", "Tác giả"]
    assert (rows[1][1], rows[1][3], rows[1][4]) == (
        "Quản lý hồ sơ điện tử",
        "Trường Tiểu học Minh Hòa",
        "Quản lý giáo dục",
    )
    assert rows[1][2].endswith(" (100 %)")
    assert (rows[1][7], len(rows)) == (82.5, 2)


def test_export_is_not_found_for_a_principal(client, principal_a, initiatives):
    client.force_login(principal_a)

    assert client.get(reverse("initiatives:initiative-list-export")).status_code == 404
