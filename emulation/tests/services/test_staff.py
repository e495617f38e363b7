import datetime as dt

import pytest

from emulation.enums import Sex, StaffCategory
from emulation.models import Person
from emulation.services.staff import create_person, set_person_active, update_person
from emulation.tests.history import last_change

pytestmark = pytest.mark.django_db


def test_create_person_records_who_created_it(principal_a, school_a):
    person = create_person(
        by=principal_a, full_name="Lê Thị Mai", sex=Sex.FEMALE, unit=school_a, category=StaffCategory.TEACHER,
        date_of_birth=dt.date(1990, 3, 8),
    )  # fmt: skip

    assert last_change(person) == (principal_a, "+", [])


def test_update_person_records_the_user_and_the_fields_changed(principal_a, person_a):
    update_person(person=person_a, by=principal_a, position="Tổ trưởng", phone="0912345678")

    assert last_change(person_a) == (
        principal_a,
        "~",
        [("phone", "", "0912345678"), ("position", "Giáo viên", "Tổ trưởng")],
    )


def test_update_person_without_a_change_records_nothing(principal_a, person_a):
    before = Person.history.filter(id=person_a.pk).count()

    update_person(person=person_a, by=principal_a, position=person_a.position)

    assert Person.history.filter(id=person_a.pk).count() == before


def test_deactivating_a_person_records_the_user(district_staff, person_a):
    set_person_active(person=person_a, active=False, by=district_staff)

    assert last_change(person_a) == (district_staff, "~", [("is_active", True, False)])
