"""Where an office's numbering of the year starts."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from emulation.documents.numbering import allocate_number
from emulation.enums import DocumentType
from emulation.models import NumberCounter
from emulation.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

MARCH = timezone.make_aware(dt.datetime(2025, 3, 10, 9))


def start(client, unit, number, **extra):
    data = {"unit": unit.pk, "doc_type": DocumentType.PLAN, "year": 2025, "next_number": number, **extra}
    return client.post(reverse("emulation:number-start"), data)


def test_office_staff_starts_the_plans_of_march_at_number_15(client, district, district_staff):
    client.force_login(district_staff)

    with time_machine.travel(MARCH, tick=False):
        response = start(client, district, 15, next=reverse("schedules:plan-create"))
        issued = allocate_number(unit=district, doc_type=DocumentType.PLAN, issued_on=MARCH.date(), title="KH")
        page = client.get(reverse("emulation:number-start"))

    assert response["Location"] == reverse("schedules:plan-create")
    assert issued.symbol == "15/KH-PGDĐT"
    assert [(row["counter"].unit, row["next"]) for row in page.context["counters"]] == [(district, "16")]
    assert page.context["form"]["unit"].initial == district.pk


def test_the_numbering_is_not_set_at_or_below_a_number_issued(client, district, district_staff):
    allocate_number(unit=district, doc_type=DocumentType.PLAN, issued_on=dt.date(2025, 3, 3), title="KH 1")
    client.force_login(district_staff)

    response = start(client, district, 1)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "next_number": ["Số 01/KH-PGDĐT đã được cấp ngày 03/03/2025: số tiếp theo phải lớn hơn 1."]
    }
    assert NumberCounter.objects.get().last_number == 1


def test_number_start_denied_for_a_principal_and_for_another_office(client, district, principal_a, district_staff):
    other = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng", symbol="PGDBB")

    client.force_login(principal_a)
    as_principal = start(client, district, 15)
    client.force_login(district_staff)
    other_office = start(client, other, 15)

    assert as_principal.status_code == 404
    assert other_office.status_code == 200
    assert list(other_office.context["form"].errors) == ["unit"]
    assert NumberCounter.objects.count() == 0
