"""Evaluation by an initiative council: the form, assignment, conflicts, hidden scores, the threshold and the vote."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from emulation.enums import CouncilRole, Role
from emulation.models import Notification
from emulation.tests.factories import MembershipFactory, PeriodFactory, UserFactory
from initiatives.enums import InitiativeState, ScoreAggregate, SheetStatus, Vote, VoteBase
from initiatives.models import Assignment, Initiative, ScoreSheet
from initiatives.selectors.evaluation import candidates_for, council_progress, sheets_visible_to
from initiatives.services.evaluation import (
    CriterionData,
    ScoreData,
    abstain,
    aggregate_scores,
    assign_initiatives,
    ensure_scoring_form,
    hand_in_sheet,
    remind_evaluators,
    update_scoring_form,
)
from initiatives.tests.factories import (
    AuthorFactory,
    CouncilMemberFactory,
    InitiativeCouncilFactory,
    InitiativeFactory,
    complete_initiative,
)

pytestmark = pytest.mark.django_db

S = InitiativeState


@pytest.fixture
def council(district, period):
    return InitiativeCouncilFactory(unit=district, period=period)


@pytest.fixture
def members(council):
    """Six seats, each with an account: chair, secretary and four members."""
    roles = [CouncilRole.CHAIR, CouncilRole.SECRETARY] + [CouncilRole.MEMBER] * 4
    seated = []
    for index, role in enumerate(roles, start=1):
        user = UserFactory(username=f"thanhvien{index}", email=f"thanhvien{index}@example.com")
        MembershipFactory(user=user, unit=council.unit, role=Role.COUNCIL_MEMBER)
        seated.append(CouncilMemberFactory(council=council, role=role, user=user))
    return seated


@pytest.fixture
def submitted(school_a, period):
    return complete_initiative(unit=school_a, period=period, state=S.SUBMITTED)


@pytest.fixture
def assignment(council, members, submitted):
    return assign_initiatives(council=council, initiatives=[submitted], by=members[1].user)[0]


def scores_for(council, *levels):
    """A sheet's scores from the default form: the level at each index, criterion by criterion."""
    form = ensure_scoring_form(council=council)
    criteria = list(form.criteria.order_by("order"))
    result = []
    for criterion, index in zip(criteria, levels, strict=True):
        level = criterion.levels.order_by("order")[index]
        result.append(ScoreData(criterion=criterion, points=level.points, level=level))
    return result


def hand_in(assignment, member, *levels, vote=Vote.FOR):
    return hand_in_sheet(
        assignment=assignment, member=member, by=member.user, scores=scores_for(assignment.council, *levels), vote=vote
    )


def points(council, total):
    """Scores that add up to *total*, given as free points (a criterion without levels)."""
    form = ensure_scoring_form(council=council)
    criteria = list(form.criteria.order_by("order"))
    remaining, result = Decimal(total), []
    for criterion in criteria:
        given = min(criterion.max_points, remaining)
        remaining -= given
        result.append(ScoreData(criterion=criterion, points=given))
    return result


def hand_in_points(assignment, member, total, vote=Vote.FOR):
    form = ensure_scoring_form(council=assignment.council)
    for criterion in form.criteria.all():
        criterion.levels.all().delete()
    return hand_in_sheet(
        assignment=assignment, member=member, by=member.user, scores=points(assignment.council, total), vote=vote
    )


# The scoring form -----------------------------------------------------------------------------------------


def test_a_new_form_takes_the_default_scale_and_the_settings(council, settings):
    settings.INITIATIVE_RECOGNITION_THRESHOLD = 55
    settings.INITIATIVE_SCORE_AGGREGATE = "median"

    form = ensure_scoring_form(council=council)

    assert [(c.name, c.max_points, c.levels.count()) for c in form.criteria.order_by("order")] == [
        ("Tính mới", Decimal("30.00"), 4),
        ("Khả năng áp dụng", Decimal("30.00"), 4),
        ("Hiệu quả", Decimal("40.00"), 4),
    ]
    assert (form.aggregate, form.threshold, form.vote_fraction, form.vote_base) == (
        ScoreAggregate.MEDIAN, Decimal("55.00"), "2/3", VoteBase.ALL_MEMBERS,
    )  # fmt: skip
    assert ensure_scoring_form(council=council).pk == form.pk


def test_the_form_can_be_edited_until_the_first_sheet(council, members, assignment):
    form = ensure_scoring_form(council=council)
    criteria = [CriterionData(name="Tính mới", max_points=Decimal("50"), levels=(("Mới", Decimal("50")),)),
                CriterionData(name="Hiệu quả", max_points=Decimal("50"))]  # fmt: skip
    update_scoring_form(
        form=form, by=members[1].user, aggregate="mean", threshold=Decimal("60"), vote_numerator=3,
        vote_denominator=4, vote_base="participants", criteria=criteria,
    )  # fmt: skip
    hand_in_sheet(
        assignment=assignment, member=members[2], by=members[2].user, vote=Vote.FOR,
        scores=[ScoreData(criterion=c, points=Decimal("40")) for c in form.criteria.order_by("order")
                if not c.levels.exists()]
        + [ScoreData(criterion=c, points=Decimal("50"), level=c.levels.get()) for c in form.criteria.all()
           if c.levels.exists()],
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        update_scoring_form(
            form=form, by=members[1].user, aggregate="mean", threshold=Decimal("50"), vote_numerator=2,
            vote_denominator=3, vote_base="all_members", criteria=criteria,
        )  # fmt: skip

    assert error.value.code == "in_use"
    form.refresh_from_db()
    assert (form.threshold, form.vote_fraction) == (Decimal("60.00"), "3/4")


def test_a_level_above_its_criterion_or_a_threshold_above_the_total_is_refused(council, english):
    form = ensure_scoring_form(council=council)

    with pytest.raises(ValidationError) as error:
        update_scoring_form(
            form=form, by=None, aggregate="mean", threshold=Decimal("101"), vote_numerator=2, vote_denominator=3,
            vote_base="all_members",
            criteria=[CriterionData(name="Tính mới", max_points=Decimal("100"), levels=(("Rất mới", Decimal("120")),))],
        )  # fmt: skip

    assert error.value.messages == [
        "“Tính mới”: a level cannot give more than the criterion's 100 points (Rất mới).",
        "The threshold (101) is above the most points the form gives (100).",
    ]


# Assignment -----------------------------------------------------------------------------------------------


def test_a_district_council_takes_by_default_the_submitted_initiatives_of_its_schools(
    council, school_a, school_b, period
):
    submitted = InitiativeFactory(unit=school_a, period=period, state=S.SUBMITTED)
    resubmitted = InitiativeFactory(unit=school_b, period=period, state=S.RESUBMITTED)
    InitiativeFactory(unit=school_a, period=period, state=S.DRAFT)
    InitiativeFactory(unit=school_a, period=period, state=S.RECOGNISED)
    forwarded = InitiativeFactory(unit=school_b, period=period, state=S.FORWARDED, forwarded_to=council.unit)
    other_year = PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31),
                               is_current=False)  # fmt: skip
    InitiativeFactory(unit=school_a, period=other_year, state=S.SUBMITTED)

    assert set(candidates_for(council)) == {submitted, resubmitted, forwarded}


def test_a_school_council_takes_its_own_school_only(school_a, school_b, period):
    council = InitiativeCouncilFactory(unit=school_a, period=period)
    own = InitiativeFactory(unit=school_a, period=period, state=S.SUBMITTED)
    InitiativeFactory(unit=school_b, period=period, state=S.SUBMITTED)

    assert list(candidates_for(council)) == [own]


def test_assigning_starts_the_evaluation_and_logs_it(council, members, submitted):
    (assignment,) = assign_initiatives(council=council, initiatives=[submitted], by=members[1].user)

    submitted.refresh_from_db()
    assert (submitted.state, assignment.council, assignment.initiative) == (S.UNDER_EVALUATION, council, submitted)
    assert submitted.log.get().from_state == S.SUBMITTED


def test_assigning_one_initiative_that_cannot_be_given_assigns_none(council, members, submitted, school_a, period):
    draft = InitiativeFactory(unit=school_a, period=period, title="Bản nháp chưa gửi")

    with pytest.raises(ValidationError) as error:
        assign_initiatives(council=council, initiatives=[submitted, draft], by=members[1].user)

    assert error.value.code == "state"
    assert "Bản nháp chưa gửi" in error.value.messages[0]
    assert (Assignment.objects.count(), Initiative.objects.get(pk=submitted.pk).state) == (0, S.SUBMITTED)


# Conflicts ------------------------------------------------------------------------------------------------


def test_a_member_never_scores_an_initiative_they_coauthored(council, members, submitted):
    AuthorFactory(initiative=submitted, person=members[3].person, contribution=Decimal("50"))
    (assignment,) = assign_initiatives(council=council, initiatives=[submitted], by=members[1].user)

    with pytest.raises(ValidationError) as error:
        hand_in(assignment, members[3], 0, 0, 0)

    assert error.value.code == "conflict"
    assert ScoreSheet.objects.count() == 0


def test_on_a_district_council_a_member_never_scores_their_own_school(council, members, submitted, school_a):
    MembershipFactory(user=members[4].user, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    (assignment,) = assign_initiatives(council=council, initiatives=[submitted], by=members[1].user)

    with pytest.raises(ValidationError) as error:
        abstain(assignment=assignment, member=members[4], by=members[4].user, reason="Bận")

    assert error.value.code == "conflict"


def test_on_a_school_council_its_own_staff_score_its_initiatives(school_a, period):
    council = InitiativeCouncilFactory(unit=school_a, period=period)
    member = CouncilMemberFactory(council=council, user=UserFactory())
    initiative = complete_initiative(unit=school_a, period=period, state=S.SUBMITTED)
    (assignment,) = assign_initiatives(council=council, initiatives=[initiative], by=None)

    sheet = hand_in(assignment, member, 0, 1, 1)

    assert (sheet.status, sheet.total) == (SheetStatus.SCORED, Decimal("75.00"))


def test_a_member_scores_only_with_their_own_account(assignment, members):
    with pytest.raises(ValidationError) as error:
        hand_in_sheet(assignment=assignment, member=members[2], by=members[3].user,
                      scores=scores_for(assignment.council, 0, 0, 0), vote=Vote.FOR)  # fmt: skip

    assert error.value.code == "not_member"


# Sheets ---------------------------------------------------------------------------------------------------


def test_a_sheet_is_final_once_handed_in(assignment, members):
    hand_in(assignment, members[2], 0, 0, 0)

    with pytest.raises(ValidationError) as error:
        hand_in(assignment, members[2], 3, 3, 3)

    assert error.value.code == "exists"
    assert list(ScoreSheet.objects.values_list("total", flat=True)) == [Decimal("100.00")]


def test_points_over_a_criterion_maximum_or_a_missing_criterion_are_refused(assignment, members, english):
    form = ensure_scoring_form(council=assignment.council)
    novelty, applicability, effect = form.criteria.order_by("order")

    with pytest.raises(ValidationError) as over:
        hand_in_sheet(assignment=assignment, member=members[2], by=members[2].user, vote=Vote.FOR, scores=[
            ScoreData(criterion=novelty, points=Decimal("31")), ScoreData(criterion=applicability, points=Decimal("1")),
            ScoreData(criterion=effect, points=Decimal("1"))])  # fmt: skip
    with pytest.raises(ValidationError) as missing:
        hand_in_sheet(assignment=assignment, member=members[2], by=members[2].user, vote=Vote.FOR,
                      scores=[ScoreData(criterion=novelty, points=Decimal("3"))])  # fmt: skip

    assert over.value.messages == ["“Tính mới”: give from 0 to 30 points."]
    assert missing.value.messages == ["Score every criterion: Khả năng áp dụng, Hiệu quả."]


def test_a_level_of_another_criterion_is_refused(assignment, members):
    form = ensure_scoring_form(council=assignment.council)
    novelty, applicability, effect = form.criteria.order_by("order")
    wrong = effect.levels.first()

    with pytest.raises(ValidationError) as error:
        hand_in_sheet(assignment=assignment, member=members[2], by=members[2].user, vote=Vote.FOR, scores=[
            ScoreData(criterion=novelty, points=wrong.points, level=wrong),
            ScoreData(criterion=applicability, points=Decimal("1")), ScoreData(criterion=effect, points=Decimal("1"))])  # fmt: skip

    assert error.value.code == "form"


def test_abstaining_needs_a_reason_and_is_no_vote_for(assignment, members):
    with pytest.raises(ValidationError):
        abstain(assignment=assignment, member=members[2], by=members[2].user, reason=" ")

    abstain(assignment=assignment, member=members[2], by=members[2].user, reason="Không đủ chuyên môn về môn Toán")

    assignment.refresh_from_db()
    assert (assignment.abstentions, assignment.votes_for, assignment.vote_base_count) == (1, 0, 6)


def test_scoring_is_closed_once_the_decision_is_made(assignment, members):
    Initiative.objects.filter(pk=assignment.initiative_id).update(state=S.RECOGNISED)

    with pytest.raises(ValidationError) as error:
        hand_in(assignment, members[2], 0, 0, 0)

    assert error.value.code == "closed"


# Others' scores -------------------------------------------------------------------------------------------


def test_others_scores_are_hidden_until_ones_own_is_in(assignment, members):
    hand_in(assignment, members[2], 0, 0, 0)
    before = sheets_visible_to(user=members[3].user, assignment=assignment)

    hand_in(assignment, members[3], 1, 1, 1, vote=Vote.AGAINST)
    after = sheets_visible_to(user=members[3].user, assignment=assignment)

    assert before is None
    assert [(sheet.member_name, sheet.total) for sheet in after] == [
        (members[2].person.full_name, Decimal("100.00")),
        (members[3].person.full_name, Decimal("65.00")),
    ]


def test_an_abstention_also_opens_the_others_scores(assignment, members):
    hand_in(assignment, members[2], 0, 0, 0)
    abstain(assignment=assignment, member=members[3], by=members[3].user, reason="Vắng mặt buổi họp")

    assert len(sheets_visible_to(user=members[3].user, assignment=assignment)) == 2


def test_the_secretary_sees_the_scores_as_they_come(assignment, members):
    hand_in(assignment, members[2], 0, 0, 0)

    assert len(sheets_visible_to(user=members[1].user, assignment=assignment)) == 1


# The result: threshold and vote ---------------------------------------------------------------------------


def test_mean_and_median():
    totals = [Decimal("40"), Decimal("60"), Decimal("90")]

    assert (aggregate_scores(totals, "mean"), aggregate_scores(totals, "median")) == (Decimal("63.33"),
                                                                                      Decimal("60.00"))  # fmt: skip
    assert aggregate_scores([Decimal("40"), Decimal("61")], "median") == Decimal("50.50")
    assert aggregate_scores([], "mean") is None


def test_a_mean_exactly_at_the_threshold_passes(assignment, members):
    for member in members[:4]:
        hand_in_points(assignment, member, "50")

    assignment.refresh_from_db()
    assert (assignment.score, assignment.votes_for, assignment.vote_base_count, assignment.passes) == (
        Decimal("50.00"), 4, 6, True,
    )  # fmt: skip


def test_a_mean_just_below_the_threshold_fails(assignment, members):
    for member, total in zip(members[:4], ["50", "50", "50", "49.99"], strict=True):
        hand_in_points(assignment, member, total)

    assignment.refresh_from_db()
    # 49.9975 is cut, never rounded up, to the cent: no initiative is rounded into recognition.
    assert (assignment.score, assignment.votes_for, assignment.passes) == (Decimal("49.99"), 4, False)


def test_four_votes_of_six_members_reach_two_thirds_three_do_not(assignment, members):
    for member in members[:3]:
        hand_in(assignment, member, 0, 0, 0)
    assignment.refresh_from_db()
    three = (assignment.votes_for, assignment.vote_base_count, assignment.passes)

    hand_in(assignment, members[3], 0, 0, 0)
    assignment.refresh_from_db()

    assert three == (3, 6, False)
    assert (assignment.votes_for, assignment.vote_base_count, assignment.passes) == (4, 6, True)


def test_absent_members_count_against_the_vote_but_a_conflicted_one_does_not(council, members, submitted):
    AuthorFactory(initiative=submitted, person=members[5].person, contribution=Decimal("10"))
    submitted.authors.exclude(person=members[5].person).update(contribution=Decimal("90"))
    (assignment,) = assign_initiatives(council=council, initiatives=[submitted], by=members[1].user)

    for member in members[:3]:
        hand_in(assignment, member, 0, 0, 0)
    assignment.refresh_from_db()
    three_of_five = (assignment.votes_for, assignment.vote_base_count, assignment.passes)
    hand_in(assignment, members[3], 0, 0, 0)
    assignment.refresh_from_db()

    assert three_of_five == (3, 5, False)
    assert (assignment.votes_for, assignment.vote_base_count, assignment.passes) == (4, 5, True)


def test_with_the_participants_base_absent_members_do_not_count(assignment, members):
    form = ensure_scoring_form(council=assignment.council)
    form.vote_base = VoteBase.PARTICIPANTS
    form.save()

    hand_in(assignment, members[0], 0, 0, 0)
    hand_in(assignment, members[1], 0, 0, 0)
    hand_in(assignment, members[2], 3, 3, 3, vote=Vote.AGAINST)

    assignment.refresh_from_db()
    assert (assignment.votes_for, assignment.vote_base_count, assignment.passes) == (2, 3, True)


def test_a_high_score_without_the_vote_does_not_pass(assignment, members):
    for member in members[:4]:
        hand_in(assignment, member, 0, 0, 0, vote=Vote.AGAINST)

    assignment.refresh_from_db()
    assert (assignment.score, assignment.votes_for, assignment.passes) == (Decimal("100.00"), 0, False)
    assert Initiative.objects.get(pk=assignment.initiative_id).score == Decimal("100.00")


# Progress and reminders -----------------------------------------------------------------------------------


def test_progress_says_who_has_not_scored_what(assignment, members, council):
    MembershipFactory(user=members[5].user, unit=assignment.initiative.unit, role=Role.DEPUTY_PRINCIPAL)
    hand_in(assignment, members[0], 0, 0, 0)
    abstain(assignment=assignment, member=members[1], by=members[1].user, reason="Vắng")

    seated, rows = council_progress(council)

    assert [standing for _member, standing, _reason in rows[0].cells] == [
        "scored", "abstained", "pending", "pending", "pending", "conflict",
    ]  # fmt: skip
    assert (rows[0].done, rows[0].expected) == (2, 5)


def test_reminders_go_once_a_day_to_members_with_something_to_score(
    assignment, members, council, django_capture_on_commit_callbacks
):
    for member in members[:4]:
        hand_in(assignment, member, 0, 0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        first = remind_evaluators(council=council, by=members[1].user, today=dt.date(2025, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        again = remind_evaluators(council=council, by=members[1].user, today=dt.date(2025, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        next_day = remind_evaluators(council=council, by=members[1].user, today=dt.date(2025, 3, 11))

    assert (first, again, next_day) == (2, 0, 2)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "thanhvien5@example.com", "thanhvien5@example.com", "thanhvien6@example.com", "thanhvien6@example.com",
    ]  # fmt: skip
    assert Notification.objects.filter(recipient=members[4].user).count() == 2
