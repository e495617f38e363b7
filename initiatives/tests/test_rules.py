"""Predicate truth tables: who may see, edit, send, return and forward an initiative in each state."""

import pytest

from emulation.enums import CouncilRole, Role
from emulation.tests.factories import MembershipFactory, UserFactory
from initiatives.enums import InitiativeState
from initiatives.models import Assignment
from initiatives.rules import (
    can_edit_initiative,
    can_forward_initiative,
    can_manage_evaluation,
    can_return_initiative,
    can_submit_initiative,
    can_view_initiative,
    seats_of,
)
from initiatives.tests.factories import CouncilMemberFactory, InitiativeCouncilFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

S = InitiativeState


def _user(role, unit):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, unit=unit, role=role)
    return user


# (role, where) -> (view, edit a draft, submit a draft, return a submitted one, forward a recognised one)
TABLE = {
    (None, None): (False, False, False, False, False),
    (Role.PRINCIPAL, "school"): (True, True, True, False, True),
    (Role.DEPUTY_PRINCIPAL, "school"): (True, True, True, False, True),
    (Role.PRINCIPAL, "other school"): (False, False, False, False, False),
    (Role.COUNCIL_SECRETARY, "school"): (True, False, False, True, False),
    (Role.COUNCIL_MEMBER, "school"): (True, False, False, False, False),
    (Role.DISTRICT_STAFF, "district"): (True, False, False, True, False),
    (Role.DISTRICT_HEAD, "district"): (True, False, False, True, False),
    (Role.ADMINISTRATOR, "district"): (True, False, False, False, False),
    (Role.COUNCIL_SECRETARY, "district"): (True, False, False, True, False),
    (Role.DISTRICT_STAFF, "school"): (True, False, False, False, False),
}


@pytest.mark.parametrize(("role", "where"), list(TABLE))
def test_initiative_truth_table(role, where, school_a, school_b, district, period):
    units = {"school": school_a, "other school": school_b, "district": district, None: None}
    user = _user(role, units[where])
    draft = InitiativeFactory(unit=school_a, period=period)
    submitted = InitiativeFactory(unit=school_a, period=period, state=S.SUBMITTED)
    recognised = InitiativeFactory(unit=school_a, period=period, state=S.RECOGNISED)

    result = (
        can_view_initiative(user, draft),
        can_edit_initiative(user, draft),
        can_submit_initiative(user, draft),
        can_return_initiative(user, submitted),
        can_forward_initiative(user, recognised),
    )

    assert result == TABLE[(role, where)]


@pytest.mark.parametrize("state", list(S))
def test_principal_edits_and_submits_only_in_the_states_the_table_lets_out(state, school_a, period, principal_a):
    initiative = InitiativeFactory(unit=school_a, period=period, state=state)

    assert can_edit_initiative(principal_a, initiative) == (state in (S.DRAFT, S.RETURNED))
    assert can_submit_initiative(principal_a, initiative) == (state in (S.DRAFT, S.RETURNED))
    assert can_forward_initiative(principal_a, initiative) == (state == S.RECOGNISED)


def test_a_member_of_a_council_sees_what_is_assigned_to_it_only(district, school_b, period):
    council = InitiativeCouncilFactory(unit=district, period=period)
    user = UserFactory()
    CouncilMemberFactory(council=council, user=user)
    assigned = InitiativeFactory(unit=school_b, period=period, state=S.UNDER_EVALUATION)
    Assignment.objects.create(council=council, initiative=assigned)
    other = InitiativeFactory(unit=school_b, period=period, state=S.SUBMITTED)

    assert (can_view_initiative(user, assigned), can_view_initiative(user, other)) == (True, False)


# (role in the council's unit, or seat) -> may run the council's evaluation
EVALUATION_TABLE = {
    ("role", Role.COUNCIL_SECRETARY): True,
    ("role", Role.DISTRICT_STAFF): True,
    ("role", Role.DISTRICT_HEAD): True,
    ("role", Role.ADMINISTRATOR): False,
    ("role", Role.COUNCIL_MEMBER): False,
    ("seat", CouncilRole.CHAIR): True,
    ("seat", CouncilRole.SECRETARY): True,
    ("seat", CouncilRole.VICE_CHAIR): False,
    ("seat", CouncilRole.MEMBER): False,
}


@pytest.mark.parametrize(("how", "role"), list(EVALUATION_TABLE))
def test_who_runs_a_council_evaluation(how, role, district, period):
    council = InitiativeCouncilFactory(unit=district, period=period)
    user = UserFactory()
    if how == "role":
        MembershipFactory(user=user, unit=district, role=role)
    else:
        CouncilMemberFactory(council=council, user=user, role=role)

    assert can_manage_evaluation(user, council) == EVALUATION_TABLE[(how, role)]


def test_an_emulation_council_is_no_initiative_council(district, period):
    council = InitiativeCouncilFactory(unit=district, period=period, kind="emulation")
    user = UserFactory(is_superuser=True)

    assert can_manage_evaluation(user, council) is False


def test_seats_are_read_once_per_user(district, period, django_assert_num_queries):
    council = InitiativeCouncilFactory(unit=district, period=period)
    user = UserFactory()
    CouncilMemberFactory(council=council, user=user)

    with django_assert_num_queries(1):
        seats_of(user)
        seats_of(user)

    assert [seat.council_id for seat in seats_of(user)] == [council.pk]
