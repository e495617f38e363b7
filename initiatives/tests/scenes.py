"""Whole scenes the tests of several modules start from: a school council that scored and decided."""

import datetime as dt

from emulation.enums import CouncilRole
from emulation.tests.factories import UserFactory
from initiatives.enums import InitiativeState, Vote
from initiatives.services.decisions import EntryChoice, create_decision, issue_decision, set_entries
from initiatives.services.evaluation import ScoreData, assign_initiatives, ensure_scoring_form, hand_in_sheet
from initiatives.tests.factories import CouncilMemberFactory, InitiativeCouncilFactory, complete_initiative


def seat_members(council, count=3, prefix="hdsk"):
    """A chair, a secretary and members, each with an account."""
    roles = [CouncilRole.CHAIR, CouncilRole.SECRETARY] + [CouncilRole.MEMBER] * (count - 2)
    return [
        CouncilMemberFactory(council=council, role=role, user=UserFactory(username=f"{prefix}{index}"))
        for index, role in enumerate(roles, start=1)
    ]


def score(assignment, member, levels, vote=Vote.FOR):
    """*member* hands in the default form's levels at these indexes (0 is the highest)."""
    form = ensure_scoring_form(council=assignment.council)
    scores = []
    for criterion, index in zip(form.criteria.order_by("order"), levels, strict=True):
        level = criterion.levels.order_by("order")[index]
        scores.append(ScoreData(criterion=criterion, points=level.points, level=level))
    return hand_in_sheet(assignment=assignment, member=member, by=member.user, scores=scores, vote=vote)


def decided_school(*, school, period, titles, issued_on=dt.date(2025, 3, 20), issue=True, author=None):
    """A school council that scored every one of *titles* with full marks, drafted (and issued) its decision."""
    council = InitiativeCouncilFactory(unit=school, period=period)
    members = seat_members(council)
    initiatives = [
        complete_initiative(unit=school, period=period, state=InitiativeState.SUBMITTED, title=title,
                            **({"author": author} if author and index == 0 else {}))
        for index, title in enumerate(titles)
    ]  # fmt: skip
    for assignment in assign_initiatives(council=council, initiatives=initiatives, by=members[1].user):
        for member in members:
            score(assignment, member, (0, 0, 0))
    decision = create_decision(council=council, initiatives=initiatives, by=members[1].user)
    set_entries(decision=decision, by=members[1].user,
                choices={entry.pk: EntryChoice(True, scope="base") for entry in decision.entries.all()})  # fmt: skip
    if issue:
        issue_decision(decision=decision, by=members[1].user, issued_on=issued_on)
    return decision
