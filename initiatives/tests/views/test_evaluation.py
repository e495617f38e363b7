"""The member's side of the evaluation: my assignments and the scoring page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from emulation.enums import CouncilRole, Role
from emulation.tests.factories import MembershipFactory, UserFactory
from emulation.tests.queries import stated_queries
from initiatives.enums import InitiativeState, SheetStatus
from initiatives.models import ScoreSheet
from initiatives.services.evaluation import assign_initiatives, ensure_scoring_form
from initiatives.tests.factories import (
    AuthorFactory,
    CouncilMemberFactory,
    InitiativeCouncilFactory,
    complete_initiative,
)
from initiatives.views.evaluation import AssignmentMine

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(district, period):
    return InitiativeCouncilFactory(unit=district, period=period)


@pytest.fixture
def member(council):
    user = UserFactory(username="uyvien_sk")
    MembershipFactory(user=user, unit=council.unit, role=Role.COUNCIL_MEMBER)
    return CouncilMemberFactory(council=council, user=user, role=CouncilRole.MEMBER)


@pytest.fixture
def secretary(council):
    user = UserFactory(username="thuky_sk")
    MembershipFactory(user=user, unit=council.unit, role=Role.COUNCIL_SECRETARY)
    return CouncilMemberFactory(council=council, user=user, role=CouncilRole.SECRETARY)


def make_assignments(council, school, period, count):
    initiatives = [complete_initiative(unit=school, period=period, state=InitiativeState.SUBMITTED)
                   for _ in range(count)]  # fmt: skip
    return assign_initiatives(council=council, initiatives=initiatives, by=None)


def test_my_assignments_lists_what_my_council_was_given(client, member, council, school_a, period):
    make_assignments(council, school_a, period, 2)
    client.force_login(member.user)

    response = client.get(reverse("initiatives:assignment-mine"))

    assert response.status_code == 200
    assert (len(response.context["rows"]), response.context["to_do"]) == (2, 2)


def test_my_assignments_is_not_found_without_a_seat(client, principal_a):
    client.force_login(principal_a)

    assert client.get(reverse("initiatives:assignment-mine")).status_code == 404


def test_my_assignments_keeps_its_query_budget(client, member, council, school_a, period, django_assert_num_queries):
    make_assignments(council, school_a, period, 1)
    client.force_login(member.user)
    client.get(reverse("initiatives:assignment-mine"))
    with django_assert_num_queries(stated_queries(AssignmentMine)):
        one = client.get(reverse("initiatives:assignment-mine"))
    make_assignments(council, school_a, period, 2)

    with django_assert_num_queries(stated_queries(AssignmentMine)):
        three = client.get(reverse("initiatives:assignment-mine"))

    assert (len(one.context["rows"]), len(three.context["rows"])) == (1, 3)


def test_my_assignments_puts_what_is_left_to_score_first(client, member, council, school_a, period):
    first, second = make_assignments(council, school_a, period, 2)
    form = ensure_scoring_form(council=council)
    data = {"vote": "for", "action": "score"}
    for criterion in form.criteria.all():
        data[f"criterion-{criterion.pk}"] = criterion.levels.order_by("order").first().pk
    client.force_login(member.user)
    client.post(reverse("initiatives:score-sheet", args=[first.pk]), data)

    rows = client.get(reverse("initiatives:assignment-mine")).context["rows"]

    assert [(row.assignment.pk, row.to_do) for row in rows] == [(second.pk, True), (first.pk, False)]


def test_score_page_hands_in_a_sheet(client, member, council, school_a, period):
    (assignment,) = make_assignments(council, school_a, period, 1)
    form = ensure_scoring_form(council=council)
    data = {"vote": "for", "comment": "Có tính mới", "action": "score"}
    for criterion in form.criteria.all():
        data[f"criterion-{criterion.pk}"] = criterion.levels.order_by("order").first().pk
    client.force_login(member.user)

    response = client.post(reverse("initiatives:score-sheet", args=[assignment.pk]), data)

    assert response.status_code == 302
    assert list(ScoreSheet.objects.values_list("member_id", "status", "total", "comment")) == [
        (member.pk, SheetStatus.SCORED, Decimal("100.00"), "Có tính mới")
    ]


def test_score_page_hides_the_others_until_ones_own_is_in(client, member, secretary, council, school_a, period):
    (assignment,) = make_assignments(council, school_a, period, 1)
    client.force_login(member.user)

    content = client.get(reverse("initiatives:score-sheet", args=[assignment.pk])).content.decode()

    assert 'id="others-hidden"' in content
    assert 'id="score-form"' in content


def test_score_page_abstains_with_a_reason(client, member, council, school_a, period):
    (assignment,) = make_assignments(council, school_a, period, 1)
    client.force_login(member.user)

    client.post(reverse("initiatives:score-sheet", args=[assignment.pk]), {"action": "abstain", "reason": "Ốm"})

    assert list(ScoreSheet.objects.values_list("status", "abstain_reason")) == [(SheetStatus.ABSTAINED, "Ốm")]


def test_score_page_refuses_a_coauthor_in_words(client, member, council, school_a, period):
    initiative = complete_initiative(unit=school_a, period=period, state=InitiativeState.SUBMITTED)
    AuthorFactory(initiative=initiative, person=member.person, contribution=Decimal("20"))
    (assignment,) = assign_initiatives(council=council, initiatives=[initiative], by=None)
    client.force_login(member.user)

    content = client.get(reverse("initiatives:score-sheet", args=[assignment.pk])).content.decode()

    assert 'id="conflict"' in content
    assert 'id="score-form"' not in content


def test_score_page_is_not_found_for_someone_without_a_seat(client, district_staff, council, member, school_a, period):
    (assignment,) = make_assignments(council, school_a, period, 1)
    client.force_login(district_staff)

    assert client.get(reverse("initiatives:score-sheet", args=[assignment.pk])).status_code == 404


def test_score_page_hides_authors_when_the_setting_says_so(client, member, council, school_b, period, settings):
    settings.INITIATIVE_HIDE_AUTHORS_FROM_EVALUATORS = True
    initiative = complete_initiative(unit=school_b, period=period, state=InitiativeState.SUBMITTED)
    author = initiative.authors.get().full_name
    (assignment,) = assign_initiatives(council=council, initiatives=[initiative], by=None)
    client.force_login(member.user)

    hidden = client.get(reverse("initiatives:score-sheet", args=[assignment.pk])).content.decode()
    settings.INITIATIVE_HIDE_AUTHORS_FROM_EVALUATORS = False
    shown = client.get(reverse("initiatives:score-sheet", args=[assignment.pk])).content.decode()

    assert (author in hidden, author in shown) == (False, True)
