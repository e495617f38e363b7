"""The dashboard's initiatives panel: what each role is told."""

from decimal import Decimal

import pytest
from django.urls import reverse

from emulation.enums import Role
from emulation.tests.factories import MembershipFactory, UserFactory
from initiatives.enums import InitiativeState
from initiatives.selectors.dashboard import dashboard_panel
from initiatives.services.evaluation import assign_initiatives
from initiatives.tests.factories import (
    AuthorFactory,
    CouncilMemberFactory,
    InitiativeCouncilFactory,
    InitiativeFactory,
    complete_initiative,
)
from initiatives.tests.scenes import score

pytestmark = pytest.mark.django_db

S = InitiativeState


def test_a_principal_sees_the_school_s_initiatives_by_state(principal_a, school_a, period):
    InitiativeFactory(unit=school_a, period=period)
    InitiativeFactory(unit=school_a, period=period, state=S.SUBMITTED)
    InitiativeFactory(unit=school_a, period=period, state=S.SUBMITTED)

    panel = dashboard_panel(principal_a)

    assert panel["school"] == [(S.DRAFT, 1), (S.SUBMITTED, 2)]


def test_the_office_sees_what_waits_for_a_council(district_staff, school_a, school_b, period):
    InitiativeFactory(unit=school_a, period=period, state=S.SUBMITTED)
    InitiativeFactory(unit=school_b, period=period, state=S.RESUBMITTED)
    InitiativeFactory(unit=school_b, period=period, state=S.DRAFT)

    assert dashboard_panel(district_staff) == {"awaiting": 2, "to_score": 0, "evaluates": True}


def test_a_member_sees_what_waits_for_their_scores_without_conflicts(district, school_a, period):
    council = InitiativeCouncilFactory(unit=district, period=period)
    user = UserFactory(username="uyvien")
    MembershipFactory(user=user, unit=district, role=Role.COUNCIL_MEMBER)
    member = CouncilMemberFactory(council=council, user=user)
    mine = complete_initiative(unit=school_a, period=period, state=S.SUBMITTED)
    AuthorFactory(initiative=mine, person=member.person, contribution=Decimal("10"))
    scored = complete_initiative(unit=school_a, period=period, state=S.SUBMITTED)
    waiting = complete_initiative(unit=school_a, period=period, state=S.SUBMITTED)
    assignments = assign_initiatives(council=council, initiatives=[mine, scored, waiting], by=None)
    score(next(a for a in assignments if a.initiative == scored), member, (0, 0, 0))

    panel = dashboard_panel(user)

    assert (panel["to_score"], panel["evaluates"]) == (1, True)


def test_someone_without_a_role_gets_no_panel(outsider):
    assert dashboard_panel(outsider) is None


def test_the_dashboard_shows_the_panel(client, principal_a, school_a, period):
    client.force_login(principal_a)

    content = client.get(reverse("emulation:dashboard")).content.decode()

    assert 'id="panel-initiatives"' in content
    assert reverse("initiatives:initiative-school") in content
