import pytest
from django.contrib.auth.models import AnonymousUser

from emulation.enums import OFFICE_ROLES, Role
from emulation.models import Council
from emulation.rules import (
    can_edit_person,
    can_edit_unit_staff,
    can_manage_unit,
    can_view_person,
    can_view_unit,
    units_within_reach,
    within_reach,
)

from .factories import DistrictFactory, MembershipFactory, PeriodFactory, PersonFactory, SchoolFactory, UserFactory

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


# Truth tables asked by permission name, as the views ask. Rows are (where the role is held,
# role): "office" is office A, "school" is school A, which office A manages; (None, None) is an
# account with no role. Objects belong to office A, school A, a second school of office A
# (school A2), or to another district: office B and its school B. Superusers are left out:
# Django's ModelBackend answers True to them for every permission.

ROWS = [(where, role) for where in ("office", "school") for role in Role.values] + [(None, None)]


@pytest.fixture
def two_districts(db):
    office_a = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")
    office_b = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng", symbol="PGDBB")
    return {
        "office A": office_a,
        "school A": SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=office_a),
        "school A2": SchoolFactory(name="Trường Tiểu học Minh Hòa", parent=office_a),
        "office B": office_b,
        "school B": SchoolFactory(name="Trường Tiểu học Lai Uyên", parent=office_b),
    }


def _holder(where, role, units):
    return _user(role, units[f"{where} A"] if where else None)


# Units: view, change, manage accounts, manage staff, reset the calendar feed's secret address.
UNIT_TABLE = {
    ("office", Role.PRINCIPAL): {
        "office A": (True, False, False, True, True),
        "school A": (True, False, False, True, False),
        "office B": (False, False, False, False, False),
    },
    ("office", Role.DEPUTY_PRINCIPAL): {
        "office A": (True, False, False, True, True),
        "school A": (True, False, False, True, False),
        "office B": (False, False, False, False, False),
    },
    ("office", Role.DISTRICT_STAFF): {
        "office A": (True, False, False, True, False),
        "school A": (True, False, False, True, False),
        "office B": (False, False, False, False, False),
    },
    ("office", Role.DISTRICT_HEAD): {
        "office A": (True, False, False, True, False),
        "school A": (True, False, False, True, False),
        "office B": (False, False, False, False, False),
    },
    ("office", Role.ADMINISTRATOR): {
        "office A": (True, True, True, True, True),
        "school A": (True, True, True, True, True),
        "office B": (False, False, False, False, False),
    },
    ("office", Role.COUNCIL_SECRETARY): {
        "office A": (True, False, False, False, False),
        "school A": (True, False, False, False, False),
        "office B": (False, False, False, False, False),
    },
    ("office", Role.COUNCIL_MEMBER): {
        "office A": (True, False, False, False, False),
        "school A": (True, False, False, False, False),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.PRINCIPAL): {
        "office A": (False, False, False, False, False),
        "school A": (True, False, False, True, True),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.DEPUTY_PRINCIPAL): {
        "office A": (False, False, False, False, False),
        "school A": (True, False, False, True, True),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.DISTRICT_STAFF): {
        "office A": (False, False, False, False, False),
        "school A": (True, False, False, True, False),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.DISTRICT_HEAD): {
        "office A": (False, False, False, False, False),
        "school A": (True, False, False, True, False),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.ADMINISTRATOR): {
        "office A": (False, False, False, False, False),
        "school A": (True, True, True, True, True),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.COUNCIL_SECRETARY): {
        "office A": (False, False, False, False, False),
        "school A": (True, False, False, False, False),
        "office B": (False, False, False, False, False),
    },
    ("school", Role.COUNCIL_MEMBER): {
        "office A": (False, False, False, False, False),
        "school A": (True, False, False, False, False),
        "office B": (False, False, False, False, False),
    },
    (None, None): {
        "office A": (False, False, False, False, False),
        "school A": (False, False, False, False, False),
        "office B": (False, False, False, False, False),
    },
}

UNIT_PERMISSIONS = ("view", "change", "manage_accounts", "manage_staff", "reset_calendar_feed")


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_unit_permissions_truth_table(where, role, two_districts):
    user = _holder(where, role, two_districts)

    result = {
        name: tuple(user.has_perm(f"emulation.{perm}_unit", two_districts[name]) for perm in UNIT_PERMISSIONS)
        for name in ("office A", "school A", "office B")
    }

    assert result == UNIT_TABLE[(where, role)]


# Staff: (view, change) of a person of office A, of school A, of school B.
PERSON_TABLE = {
    ("office", Role.PRINCIPAL): ((True, True), (True, True), (False, False)),
    ("office", Role.DEPUTY_PRINCIPAL): ((True, True), (True, True), (False, False)),
    ("office", Role.DISTRICT_STAFF): ((True, True), (True, True), (False, False)),
    ("office", Role.DISTRICT_HEAD): ((True, True), (True, True), (False, False)),
    ("office", Role.ADMINISTRATOR): ((True, True), (True, True), (False, False)),
    ("office", Role.COUNCIL_SECRETARY): ((True, False), (True, False), (False, False)),
    ("office", Role.COUNCIL_MEMBER): ((True, False), (True, False), (False, False)),
    ("school", Role.PRINCIPAL): ((False, False), (True, True), (False, False)),
    ("school", Role.DEPUTY_PRINCIPAL): ((False, False), (True, True), (False, False)),
    ("school", Role.DISTRICT_STAFF): ((False, False), (True, True), (False, False)),
    ("school", Role.DISTRICT_HEAD): ((False, False), (True, True), (False, False)),
    ("school", Role.ADMINISTRATOR): ((False, False), (True, True), (False, False)),
    ("school", Role.COUNCIL_SECRETARY): ((False, False), (True, False), (False, False)),
    ("school", Role.COUNCIL_MEMBER): ((False, False), (True, False), (False, False)),
    (None, None): ((False, False), (False, False), (False, False)),
}


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_person_permissions_truth_table(where, role, two_districts):
    user = _holder(where, role, two_districts)
    people = [PersonFactory(unit=two_districts[name]) for name in ("office A", "school A", "school B")]

    result = tuple(
        (user.has_perm("emulation.view_person", p), user.has_perm("emulation.change_person", p)) for p in people
    )

    assert result == PERSON_TABLE[(where, role)]


# Councils: (view, change) of the council of office A, of school A, of office B.
COUNCIL_TABLE = {
    ("office", Role.PRINCIPAL): ((True, True), (True, True), (False, False)),
    ("office", Role.DEPUTY_PRINCIPAL): ((True, True), (True, True), (False, False)),
    ("office", Role.DISTRICT_STAFF): ((True, True), (True, True), (False, False)),
    ("office", Role.DISTRICT_HEAD): ((True, True), (True, True), (False, False)),
    ("office", Role.ADMINISTRATOR): ((True, True), (True, True), (False, False)),
    ("office", Role.COUNCIL_SECRETARY): ((True, False), (True, False), (False, False)),
    ("office", Role.COUNCIL_MEMBER): ((True, False), (True, False), (False, False)),
    ("school", Role.PRINCIPAL): ((False, False), (True, True), (False, False)),
    ("school", Role.DEPUTY_PRINCIPAL): ((False, False), (True, True), (False, False)),
    ("school", Role.DISTRICT_STAFF): ((False, False), (True, True), (False, False)),
    ("school", Role.DISTRICT_HEAD): ((False, False), (True, True), (False, False)),
    ("school", Role.ADMINISTRATOR): ((False, False), (True, True), (False, False)),
    ("school", Role.COUNCIL_SECRETARY): ((False, False), (True, False), (False, False)),
    ("school", Role.COUNCIL_MEMBER): ((False, False), (True, False), (False, False)),
    (None, None): ((False, False), (False, False), (False, False)),
}


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_council_permissions_truth_table(where, role, two_districts):
    user = _holder(where, role, two_districts)
    period = PeriodFactory()
    councils = [
        Council.objects.create(unit=two_districts[name], period=period) for name in ("office A", "school A", "office B")
    ]

    result = tuple(
        (user.has_perm("emulation.view_council", c), user.has_perm("emulation.change_council", c)) for c in councils
    )

    assert result == COUNCIL_TABLE[(where, role)]


# Without an object: use the site, see the staff list, edit staff, see the unit list, manage
# accounts, see the registration list, register one's own school, open a calendar year, start
# the numbering of a register. Where the role is held does not matter for these; both places are checked.
SITE_TABLE = {
    None: (False, False, False, False, False, False, False, False, False),
    Role.PRINCIPAL: (True, True, True, True, False, False, True, False, False),
    Role.DEPUTY_PRINCIPAL: (True, True, True, True, False, False, True, False, False),
    Role.DISTRICT_STAFF: (True, True, True, True, False, True, False, True, True),
    Role.DISTRICT_HEAD: (True, True, True, True, False, True, False, True, True),
    Role.ADMINISTRATOR: (True, True, True, True, True, True, False, True, True),
    Role.COUNCIL_SECRETARY: (True, True, False, True, False, True, False, False, False),
    Role.COUNCIL_MEMBER: (True, True, False, True, False, True, False, False, False),
}

SITE_PERMISSIONS = (
    "use_site",
    "view_staff_list",
    "edit_staff",
    "view_unit_list",
    "manage_accounts",
    "view_registration_list",
    "register_own_school",
    "create_calendar_year",
    "start_numbering",
)


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_site_permissions_truth_table(where, role, two_districts):
    user = _holder(where, role, two_districts)

    result = tuple(user.has_perm(f"emulation.{perm}") for perm in SITE_PERMISSIONS)

    assert result == SITE_TABLE[role]


def test_anonymous_has_no_emulation_permission(two_districts):
    anonymous = AnonymousUser()

    result = [anonymous.has_perm(f"emulation.{perm}_unit", two_districts["school A"]) for perm in UNIT_PERMISSIONS]

    assert result == [False, False, False, False, False]
    assert [anonymous.has_perm(f"emulation.{perm}") for perm in SITE_PERMISSIONS] == [False] * 9


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
