import pytest

from emulation.enums import OFFICE_ROLES, Role
from emulation.rules import (
    can_edit_person,
    can_edit_unit_staff,
    can_manage_unit,
    can_view_person,
    can_view_unit,
    units_within_reach,
    within_reach,
)

from .factories import DistrictFactory, MembershipFactory, PersonFactory, UserFactory

ROLES = [None, *Role.values]


def _user(role, unit):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, unit=unit, role=role)
    return user


# (role held, where) -> (view own school, view other school, edit own staff, edit other staff, manage own school)
SCHOOL_TABLE = {
    None: (False, False, False, False, False),
    Role.PRINCIPAL: (True, False, True, False, False),
    Role.DEPUTY_PRINCIPAL: (True, False, True, False, False),
    Role.COUNCIL_SECRETARY: (True, False, False, False, False),
    Role.COUNCIL_MEMBER: (True, False, False, False, False),
    Role.ADMINISTRATOR: (True, False, True, False, True),
    Role.DISTRICT_STAFF: (True, False, True, False, False),
    Role.DISTRICT_HEAD: (True, False, True, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_school_level_role_truth_table(role, school_a, school_b):
    user = _user(role, school_a)
    own, other = PersonFactory(unit=school_a), PersonFactory(unit=school_b)

    result = (
        can_view_unit(user, school_a),
        can_view_unit(user, school_b),
        can_edit_person(user, own),
        can_edit_person(user, other),
        can_manage_unit(user, school_a),
    )

    assert result == SCHOOL_TABLE[role]
    assert can_view_person(user, own) == result[0]


# Roles held in the district office reach every school it manages.
DISTRICT_TABLE = {
    None: (False, False, False),
    Role.PRINCIPAL: (True, True, False),
    Role.DEPUTY_PRINCIPAL: (True, True, False),
    Role.COUNCIL_SECRETARY: (True, False, False),
    Role.COUNCIL_MEMBER: (True, False, False),
    Role.ADMINISTRATOR: (True, True, True),
    Role.DISTRICT_STAFF: (True, True, False),
    Role.DISTRICT_HEAD: (True, True, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_district_level_role_truth_table(role, district, school_a):
    user = _user(role, district)

    result = (can_view_unit(user, school_a), can_edit_unit_staff(user, school_a), can_manage_unit(user, school_a))

    assert result == DISTRICT_TABLE[role]


def test_superuser_may_do_everything(school_a):
    user = UserFactory(is_superuser=True)
    person = PersonFactory(unit=school_a)

    assert (can_view_unit(user, school_a), can_manage_unit(user, school_a), can_edit_person(user, person)) == (
        True,
        True,
        True,
    )


def test_inactive_unit_gives_no_reach(school_a):
    user = _user(Role.PRINCIPAL, school_a)
    school_a.is_active = False
    school_a.save()
    user = type(user).objects.get(pk=user.pk)

    assert can_view_unit(user, school_a) is False


def test_units_within_reach_follow_the_roles_asked_for(district, school_a, school_b):
    user = _user(Role.PRINCIPAL, school_a)
    MembershipFactory(user=user, unit=district, role=Role.COUNCIL_MEMBER)
    other_district = DistrictFactory()

    any_role = set(units_within_reach(user).values_list("name", flat=True))
    as_principal = set(units_within_reach(user, {Role.PRINCIPAL}).values_list("name", flat=True))
    as_office = list(units_within_reach(user, OFFICE_ROLES))

    assert any_role == {district.name, school_a.name, school_b.name}
    assert as_principal == {school_a.name}
    assert as_office == []
    assert (within_reach(user, school_b), within_reach(user, school_b, {Role.PRINCIPAL})) == (True, False)
    assert within_reach(user, other_district) is False
    assert within_reach(user, None) is False


def test_units_within_reach_of_a_superuser_is_every_unit(district, school_a):
    user = UserFactory(is_superuser=True)

    assert set(units_within_reach(user, OFFICE_ROLES)) == {district, school_a}
