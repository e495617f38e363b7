import importlib

import pytest
from django.apps import apps

from emulation.models import Person
from emulation.selectors.history import FieldChange, person_history
from emulation.services.staff import update_person

pytestmark = pytest.mark.django_db

baseline = importlib.import_module("emulation.migrations.0008_history").record_baseline


def shown(history) -> list[tuple]:
    return [(c.who, c.action, c.fields, c.earlier_unknown) for c in history.changes]


def test_a_row_from_before_the_history_compares_with_its_baseline(principal_a, person_a):
    Person.history.all().delete()
    baseline(apps, None)
    update_person(person=person_a, by=principal_a, position="Tổ trưởng")

    assert shown(person_history(person_a)) == [
        ("hieutruong_a", "Đã sửa", [FieldChange("Chức vụ", "Giáo viên", "Tổ trưởng")], False),
        ("", "Ghi nhận khi bắt đầu lưu lịch sử", [], False),
    ]


def test_a_change_without_earlier_record_says_the_earlier_values_are_unknown(principal_a, person_a):
    Person.history.all().delete()
    update_person(person=person_a, by=principal_a, position="Tổ trưởng")

    assert shown(person_history(person_a)) == [("hieutruong_a", "Đã sửa", [], True)]


def test_a_save_that_changes_no_tracked_field_is_not_listed(principal_a, person_a):
    person_a._history_user = principal_a
    person_a.save()

    assert shown(person_history(person_a)) == [("hệ thống", "Tạo mới", [], False)]
