"""Concurrent requests on PostgreSQL: of many simultaneous state changes on an initiative exactly one wins.

As in emulation's race tests, each thread reads the object first and calls the service together with the others;
the losers get the service's message (a ValidationError), never another error, and history is written once.
Two members handing in their sheets at once both count: the result is recomputed under the assignment's lock.
"""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from emulation.enums import CouncilRole, DeadlineAction, Role
from emulation.models import Award, IssuedNumber
from emulation.services.deadlines import upsert_deadline
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)
from emulation.tests.services.test_races import race
from initiatives.enums import InitiativeState, Vote
from initiatives.models import Assignment, Initiative, InitiativeLog, InitiativeUse
from initiatives.services.decisions import create_decision, issue_decision
from initiatives.services.evaluation import ScoreData, assign_initiatives, ensure_scoring_form, hand_in_sheet
from initiatives.services.initiatives import submit_initiative
from initiatives.services.uses import mark_initiative_used
from initiatives.tests.factories import CouncilMemberFactory, InitiativeCouncilFactory, complete_initiative

pytestmark = [pytest.mark.postgresql, pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

THREADS = 20


@pytest.fixture
def scene(db):
    today = timezone.localdate()
    period = PeriodFactory(name="Năm học đua", start_date=today - dt.timedelta(days=60),
                           end_date=today + dt.timedelta(days=300))  # fmt: skip
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng")
    school = SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=district)
    principal = UserFactory(username="hieutruong")
    MembershipFactory(user=principal, unit=school, role=Role.PRINCIPAL)
    author = PersonFactory(unit=school)
    initiative = complete_initiative(unit=school, period=period, author=author, first_applied_on=today)
    upsert_deadline(
        source="race:initiative", period=period, issuing_unit=district, action=DeadlineAction.INITIATIVE_APPLICATION,
        title="Nộp sáng kiến", opens_on=None, due_on=today + dt.timedelta(days=10), units=[school],
    )  # fmt: skip
    council = InitiativeCouncilFactory(unit=school, period=period)
    members = [
        CouncilMemberFactory(council=council, role=role, user=UserFactory(username=f"thanhvien{index}"))
        for index, role in enumerate([CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER,
                                      CouncilRole.MEMBER], start=1)
    ]  # fmt: skip
    return {"initiative": initiative, "principal": principal, "council": council, "members": members,
            "author": author, "period": period}  # fmt: skip


def reload(model, pk):
    """What a request loads before acting: the object as it is in the database now."""
    return lambda: model.objects.get(pk=pk)


def full_marks(council):
    form = ensure_scoring_form(council=council)
    return [
        ScoreData(criterion=criterion, points=criterion.levels.order_by("order")[0].points,
                  level=criterion.levels.order_by("order")[0])
        for criterion in form.criteria.order_by("order")
    ]  # fmt: skip


def test_twenty_simultaneous_submits_send_it_once(scene):
    initiative, principal = scene["initiative"], scene["principal"]

    result = race(
        [
            (f"submit-{n}", reload(Initiative, initiative.pk), lambda i: submit_initiative(initiative=i, by=principal))
            for n in range(THREADS)
        ]
    )

    assert result.errors == []
    assert len(result.won) == 1
    assert len(result.refusals) == 1 and sum(result.refusals.values()) == THREADS - 1
    assert InitiativeLog.objects.filter(initiative=initiative, to_state=InitiativeState.SUBMITTED).count() == 1


def test_members_handing_in_at_once_all_count(scene):
    initiative, council, members = scene["initiative"], scene["council"], scene["members"]
    submit_initiative(initiative=initiative, by=scene["principal"])
    (assignment,) = assign_initiatives(council=council, initiatives=[initiative], by=None)
    scores = full_marks(council)

    result = race(
        [
            (f"member-{member.pk}", reload(Assignment, assignment.pk),
             lambda a, member=member: hand_in_sheet(assignment=a, member=member, by=member.user, scores=scores,
                                                   vote=Vote.FOR))
            for member in members
        ]
    )  # fmt: skip

    assert (result.errors, len(result.won)) == ([], len(members))
    assignment.refresh_from_db()
    assert (assignment.votes_for, assignment.vote_base_count, assignment.passes) == (4, 4, True)


def test_twenty_simultaneous_issues_take_one_number(scene):
    initiative, council, members = scene["initiative"], scene["council"], scene["members"]
    submit_initiative(initiative=initiative, by=scene["principal"])
    (assignment,) = assign_initiatives(council=council, initiatives=[initiative], by=None)
    for member in members:
        hand_in_sheet(assignment=assignment, member=member, by=member.user, scores=full_marks(council), vote=Vote.FOR)
    decision = create_decision(council=council, initiatives=[initiative], by=None)

    result = race(
        [
            (f"issue-{n}", lambda: type(decision).objects.get(pk=decision.pk),
             lambda d: issue_decision(decision=d, by=members[1].user))
            for n in range(THREADS)
        ]
    )  # fmt: skip

    assert result.errors == []
    assert len(result.won) == 1
    assert IssuedNumber.objects.count() == 1
    assert InitiativeLog.objects.filter(initiative=initiative, to_state=InitiativeState.RECOGNISED).count() == 1


def test_twenty_titles_racing_for_one_initiative_use_it_once(scene):
    initiative, council, members = scene["initiative"], scene["council"], scene["members"]
    submit_initiative(initiative=initiative, by=scene["principal"])
    (assignment,) = assign_initiatives(council=council, initiatives=[initiative], by=None)
    for member in members:
        hand_in_sheet(assignment=assignment, member=member, by=member.user, scores=full_marks(council), vote=Vote.FOR)
    issue_decision(decision=create_decision(council=council, initiatives=[initiative], by=None), by=None)
    award = Award.objects.get(code="cstdcs")

    result = race(
        [
            (f"use-{n}", reload(Initiative, initiative.pk),
             lambda i: mark_initiative_used(initiative=i, for_award=award, period=scene["period"], by=None))
            for n in range(THREADS)
        ]
    )  # fmt: skip

    assert (result.errors, len(result.won), InitiativeUse.objects.count()) == ([], 1, 1)
    assert Counter(len(messages) for _name, messages in result.refused) == Counter({1: THREADS - 1})
