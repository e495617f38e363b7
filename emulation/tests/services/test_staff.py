import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from emulation.enums import Sex, StaffCategory
from emulation.models import Person
from emulation.services.staff import commit_staff_import, create_person, set_person_active, update_person
from emulation.tests.history import last_change
from emulation.tests.staff_workbooks import GOOD_ROWS, workbook_bytes

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


def test_commit_staff_import_records_every_imported_row_in_the_history_with_the_user(principal_a, school_a):
    """Outside a request too (the history's user comes from the call, not from the request)."""
    result = commit_staff_import(source=io.BytesIO(workbook_bytes(GOOD_ROWS)), user=principal_a)

    people = list(Person.objects.order_by("full_name"))
    records = Person.history.order_by("full_name")
    assert [(r.id, r.full_name, r.history_type, r.history_user) for r in records] == [
        (p.pk, p.full_name, "+", principal_a) for p in people
    ]
    assert (result.created, len(people)) == (3, 3)


def test_commit_staff_import_refuses_a_count_other_than_the_preview_s(principal_a, school_a):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        commit_staff_import(source=io.BytesIO(workbook_bytes(GOOD_ROWS)), user=principal_a, expected_rows=2)

    assert (caught.value.code, caught.value.messages) == (
        "changed",
        ["The staff list or your units changed since the preview; nothing was saved. Check the preview again."],
    )
    assert Person.objects.count() == 0


def test_commit_staff_import_of_an_unreadable_file_says_why(principal_a):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        commit_staff_import(source=io.BytesIO(b"not a workbook"), user=principal_a)

    assert caught.value.messages == [
        "“the workbook” is not an Excel workbook (.xlsx): open it in Excel and save it as “Excel Workbook (.xlsx)”."
    ]
