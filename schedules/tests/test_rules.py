"""Truth tables of the plan and completion permissions, asked by name as the views ask them.

Rows are (where the role is held, role): "office" is office A, "school" is school A, a school
office A manages; (None, None) is an account with no role. Objects belong to office A,
school A, a second school of office A (school A2), or to office B and its school B, another
district. Superusers are left out: Django's ModelBackend answers True to them for every
permission, whatever the object's state.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from emulation.enums import Role
from emulation.tests.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory
from schedules.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    office_a = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")
    office_b = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng", symbol="PGDBB")
    return {
        "office A": office_a,
        "school A": SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=office_a),
        "school A2": SchoolFactory(name="Trường Tiểu học Minh Hòa", parent=office_a),
        "office B": office_b,
        "school B": SchoolFactory(name="Trường Tiểu học Lai Uyên", parent=office_b),
    }


def user_holding(role, where, units):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, unit=units[f"{where} A"], role=role)
    return user


ROWS = [(where, role) for where in ("office", "school") for role in Role.values] + [(None, None)]


# Plans: view, change, issue, amend, edit the timeline, of a draft then of an issued plan, per issuing unit.
PLAN_TABLE = {
    ("office", Role.PRINCIPAL): {
        "office A": ((True, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("office", Role.DEPUTY_PRINCIPAL): {
        "office A": ((True, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("office", Role.DISTRICT_STAFF): {
        "office A": ((True, True, True, False, True), (True, False, False, True, True)),
        "school A": ((True, True, True, False, True), (True, False, False, True, True)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("office", Role.DISTRICT_HEAD): {
        "office A": ((True, True, True, False, True), (True, False, False, True, True)),
        "school A": ((True, True, True, False, True), (True, False, False, True, True)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("office", Role.ADMINISTRATOR): {
        "office A": ((True, True, True, False, True), (True, False, False, True, True)),
        "school A": ((True, True, True, False, True), (True, False, False, True, True)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("office", Role.COUNCIL_SECRETARY): {
        "office A": ((True, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("office", Role.COUNCIL_MEMBER): {
        "office A": ((True, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.PRINCIPAL): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.DEPUTY_PRINCIPAL): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.DISTRICT_STAFF): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, True, True, False, True), (True, False, False, True, True)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.DISTRICT_HEAD): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, True, True, False, True), (True, False, False, True, True)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.ADMINISTRATOR): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, True, True, False, True), (True, False, False, True, True)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.COUNCIL_SECRETARY): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    ("school", Role.COUNCIL_MEMBER): {
        "office A": ((False, False, False, False, False), (True, False, False, False, False)),
        "school A": ((True, False, False, False, False), (True, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
    (None, None): {
        "office A": ((False, False, False, False, False), (False, False, False, False, False)),
        "school A": ((False, False, False, False, False), (False, False, False, False, False)),
        "office B": ((False, False, False, False, False), (False, False, False, False, False)),
    },
}


PLAN_PERMISSIONS = ("view_plan", "change_plan", "issue_plan", "amend_plan", "edit_timeline")


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_plan_permissions_truth_table(where, role, units):
    user = user_holding(role, where, units)
    result = {}
    for issuer in ("office A", "school A", "office B"):
        draft = PlanFactory(issuing_unit=units[issuer])
        issued = PlanFactory(issuing_unit=units[issuer], issued=True)
        result[issuer] = tuple(
            tuple(user.has_perm(f"schedules.{perm}", plan) for perm in PLAN_PERMISSIONS) for plan in (draft, issued)
        )

    assert result == PLAN_TABLE[(where, role)]


# A plan issued with a later date, not announced yet: its office sees and amends it, the schools do not see it.
WAITING_TABLE = {
    ("office", Role.DISTRICT_STAFF): (True, False, False, True, True),
    ("office", Role.PRINCIPAL): (True, False, False, False, False),
    ("school", Role.PRINCIPAL): (False, False, False, False, False),
    ("school", Role.DEPUTY_PRINCIPAL): (False, False, False, False, False),
    ("school", Role.COUNCIL_MEMBER): (False, False, False, False, False),
    (None, None): (False, False, False, False, False),
}


@pytest.mark.parametrize(("where", "role"), list(WAITING_TABLE))
def test_a_plan_not_announced_yet_is_not_shown_to_the_schools(where, role, units):
    user = user_holding(role, where, units)
    waiting = PlanFactory(issuing_unit=units["office A"], issued=True, announced_at=None)

    result = tuple(user.has_perm(f"schedules.{perm}", waiting) for perm in PLAN_PERMISSIONS)

    assert result == WAITING_TABLE[(where, role)]


# Without an object: create a plan, see the list of plans, see the completion matrix.
PLAN_SITE_TABLE = {
    ("office", Role.PRINCIPAL): (False, True, False),
    ("office", Role.DEPUTY_PRINCIPAL): (False, True, False),
    ("office", Role.DISTRICT_STAFF): (True, True, True),
    ("office", Role.DISTRICT_HEAD): (True, True, True),
    ("office", Role.ADMINISTRATOR): (True, True, True),
    ("office", Role.COUNCIL_SECRETARY): (False, True, True),
    ("office", Role.COUNCIL_MEMBER): (False, True, True),
    ("school", Role.PRINCIPAL): (False, True, False),
    ("school", Role.DEPUTY_PRINCIPAL): (False, True, False),
    ("school", Role.DISTRICT_STAFF): (True, True, True),
    ("school", Role.DISTRICT_HEAD): (True, True, True),
    ("school", Role.ADMINISTRATOR): (True, True, True),
    ("school", Role.COUNCIL_SECRETARY): (False, True, True),
    ("school", Role.COUNCIL_MEMBER): (False, True, True),
    (None, None): (False, True, False),
}


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_plan_site_permissions_truth_table(where, role, units):
    user = user_holding(role, where, units)

    result = tuple(user.has_perm(f"schedules.{perm}") for perm in ("create_plan", "view_plan_list", "view_completion"))

    assert result == PLAN_SITE_TABLE[(where, role)]


def test_anonymous_has_no_plan_permission(units):
    anonymous = AnonymousUser()
    plan = PlanFactory(issuing_unit=units["office A"], issued=True)

    result = [anonymous.has_perm(f"schedules.{perm}", plan) for perm in PLAN_PERMISSIONS]

    assert result == [False, False, False, False, False]
    assert anonymous.has_perm("schedules.view_plan_list") is False


# A cell of the completion matrix (a deadline and one unit it concerns): extend, confirm, ask for more time, for
# office A's deadline × school A, office A's deadline × school A2, office B's deadline × school B.
NONE = (False, False, False)
CELL_TABLE = {
    ("office", Role.PRINCIPAL): ((False, True, True), (False, True, True), NONE),
    ("office", Role.DEPUTY_PRINCIPAL): ((False, True, True), (False, True, True), NONE),
    ("office", Role.DISTRICT_STAFF): ((True, True, False), (True, True, False), NONE),
    ("office", Role.DISTRICT_HEAD): ((True, True, False), (True, True, False), NONE),
    ("office", Role.ADMINISTRATOR): ((True, True, False), (True, True, False), NONE),
    ("office", Role.COUNCIL_SECRETARY): (NONE, NONE, NONE),
    ("office", Role.COUNCIL_MEMBER): (NONE, NONE, NONE),
    ("school", Role.PRINCIPAL): ((False, True, True), NONE, NONE),
    ("school", Role.DEPUTY_PRINCIPAL): ((False, True, True), NONE, NONE),
    ("school", Role.DISTRICT_STAFF): (NONE, NONE, NONE),
    ("school", Role.DISTRICT_HEAD): (NONE, NONE, NONE),
    ("school", Role.ADMINISTRATOR): (NONE, NONE, NONE),
    ("school", Role.COUNCIL_SECRETARY): (NONE, NONE, NONE),
    ("school", Role.COUNCIL_MEMBER): (NONE, NONE, NONE),
    (None, None): (NONE, NONE, NONE),
}

CELLS = [("office A", "school A"), ("office A", "school A2"), ("office B", "school B")]


@pytest.mark.parametrize(("where", "role"), ROWS)
def test_completion_cell_permissions_truth_table(where, role, units):
    user = user_holding(role, where, units)
    cells = [
        SimpleNamespace(deadline=SimpleNamespace(issuing_unit=units[issuer]), unit=units[unit])
        for issuer, unit in CELLS
    ]

    result = tuple(
        tuple(
            user.has_perm(f"schedules.{perm}", c) for perm in ("extend_cell", "confirm_cell", "request_extension_cell")
        )
        for c in cells
    )

    assert result == CELL_TABLE[(where, role)]
