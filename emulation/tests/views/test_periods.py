"""An office opens a calendar-year period without the administrator."""

import datetime as dt

import pytest
from django.urls import reverse

from emulation.enums import PeriodKind
from emulation.models import Period
from emulation.tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db


def open_year(client, **data):
    return client.post(reverse("emulation:calendar-year-create"), data)


def test_office_staff_opens_the_year_2021_and_goes_back_to_the_plan(client, district_staff):
    client.force_login(district_staff)

    response = open_year(client, year="2021", next=reverse("schedules:plan-create"))

    assert response["Location"] == reverse("schedules:plan-create")
    period = Period.objects.get()
    assert (period.kind, period.name, period.start_date, period.end_date, period.is_current) == (
        PeriodKind.CALENDAR_YEAR,
        "2021",
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
        False,
    )


def test_a_calendar_year_may_run_from_mid_december_to_mid_december(client, district_staff):
    client.force_login(district_staff)

    response = open_year(
        client, year="2021", start_date="15/12/2020", end_date="14/12/2021", next="https://evil.example/"
    )

    assert response["Location"] == reverse("emulation:dashboard")
    assert Period.objects.values_list("start_date", "end_date").get() == (dt.date(2020, 12, 15), dt.date(2021, 12, 14))


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"year": "2021", "start_date": "01/06/2021", "end_date": "31/05/2021"},
         {"end_date": ["Ngày cuối phải sau ngày đầu."]}),
        ({"year": "2021", "start_date": "01/01/2021", "end_date": "15/01/2022"},
         {"end_date": ["Một năm dài tối đa 366 ngày: bắt đầu từ 01/01/2021 thì ngày cuối chậm nhất là 01/01/2022."]}),
        ({"year": "2021", "start_date": "01/01/2019"},
         {"start_date": ["Ngày đầu phải thuộc năm 2021 hoặc cuối năm 2020."]}),
        ({"year": "2021", "end_date": "31/12/2023"},
         {"end_date": ["Ngày cuối phải thuộc năm 2021 hoặc đầu năm 2022."]}),
        ({"year": "2024"}, {"year": ["Kỳ 2024 đã có."]}),
    ],
)  # fmt: skip
def test_a_calendar_year_with_wrong_days_is_refused_in_vietnamese(client, district_staff, data, errors):
    PeriodFactory(name="2024", kind=PeriodKind.CALENDAR_YEAR, start_date=dt.date(2024, 1, 1),
                  end_date=dt.date(2024, 12, 31), is_current=False)  # fmt: skip
    client.force_login(district_staff)

    response = open_year(client, **data)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert list(Period.objects.values_list("name", flat=True)) == ["2024"]


def test_calendar_year_create_denied_for_a_principal(client, principal_a):
    client.force_login(principal_a)

    response = open_year(client, year="2021")

    assert response.status_code == 404
    assert Period.objects.count() == 0
