"""The organisation's shared reads: the current period, a unit's active staff, the schools a user leads."""

import datetime as dt

import pytest

from emulation.enums import Role
from emulation.models import Period
from emulation.selectors.organisation import active_staff, schools_led_by, unit_head, units_of
from emulation.tests.factories import MembershipFactory, PeriodFactory, PersonFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_current_period_is_the_one_marked_current():
    PeriodFactory(name="2022-2023", start_date=dt.date(2022, 9, 1), end_date=dt.date(2023, 8, 31), is_current=False)
    current = PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))

    assert Period.objects.current() == current


def test_current_period_is_none_before_one_is_marked(db):
    PeriodFactory(is_current=False)

    assert Period.objects.current() is None


def test_active_staff_in_vietnamese_name_order_without_those_who_left(school_a, school_b):
    for name in ("Trần Văn Út", "Nguyễn Thị Ánh", "Lê Văn Đông"):
        PersonFactory(full_name=name, unit=school_a)
    PersonFactory(full_name="Phạm Thị Bình", unit=school_a, is_active=False)
    PersonFactory(full_name="Võ Văn Cường", unit=school_b)

    assert [person.full_name for person in active_staff(school_a)] == ["Nguyễn Thị Ánh", "Lê Văn Đông", "Trần Văn Út"]


def test_schools_led_by_a_principal_and_deputy_of_two_schools_in_tree_order(district, school_a, school_b):
    user = UserFactory(username="hai_truong")
    MembershipFactory(user=user, unit=school_b, role=Role.DEPUTY_PRINCIPAL)
    MembershipFactory(user=user, unit=school_a, role=Role.PRINCIPAL)
    MembershipFactory(user=user, unit=district, role=Role.COUNCIL_MEMBER)
    closed = SchoolFactory(parent=district, is_active=False)
    MembershipFactory(user=user, unit=closed, role=Role.PRINCIPAL)

    assert list(schools_led_by(user)) == [school_a, school_b]
    assert list(units_of(user)) == [district, school_a, school_b]


def test_schools_led_by_office_staff_is_empty(district_staff):
    assert list(schools_led_by(district_staff)) == []


def test_unit_head_is_the_head_of_office_or_the_principal_with_a_staff_record(district, school_a):
    head = PersonFactory(full_name="Tạ Tấn Tuấn", position="Trưởng phòng", unit=district)
    MembershipFactory(unit=district, role=Role.DISTRICT_STAFF, person=PersonFactory(unit=district))
    MembershipFactory(unit=district, role=Role.DISTRICT_HEAD, person=head)
    principal = PersonFactory(full_name="Võ Thị Thúy", position="Hiệu trưởng", unit=school_a)
    MembershipFactory(unit=school_a, role=Role.PRINCIPAL, person=principal)
    MembershipFactory(unit=school_a, role=Role.DEPUTY_PRINCIPAL, person=PersonFactory(unit=school_a))

    assert (unit_head(district), unit_head(school_a)) == (head, principal)


def test_unit_head_is_none_without_a_head_or_without_a_staff_record(district, school_a):
    MembershipFactory(unit=district, role=Role.DISTRICT_HEAD, person=None)
    MembershipFactory(unit=school_a, role=Role.DISTRICT_STAFF, person=PersonFactory(unit=school_a))

    assert (unit_head(district), unit_head(school_a)) == (None, None)
