"""The recognition decision: its draft from the results, the annex rows, the number, and an all-or-nothing issue."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from emulation.enums import CouncilRole, Role
from emulation.models import IssuedNumber, Notification, NumberCounter
from emulation.tests.factories import MembershipFactory, UserFactory
from initiatives.documents import annex_rows, decision_entries
from initiatives.enums import DecisionState, InitiativeState, Vote
from initiatives.models import Assignment, DecisionEntry, Initiative, InitiativeLog
from initiatives.services.decisions import (
    EntryChoice,
    create_decision,
    issue_decision,
    set_entries,
    update_decision,
)
from initiatives.services.evaluation import ScoreData, assign_initiatives, ensure_scoring_form, hand_in_sheet
from initiatives.services.initiatives import forward_initiative
from initiatives.tests.factories import (
    AuthorFactory,
    CouncilMemberFactory,
    InitiativeCouncilFactory,
    complete_initiative,
)

pytestmark = pytest.mark.django_db

S = InitiativeState


@pytest.fixture
def council(school_a, period):
    return InitiativeCouncilFactory(unit=school_a, period=period, decision_number="03/QĐ-THTT",
                                    decision_date=dt.date(2024, 10, 2))  # fmt: skip


@pytest.fixture
def members(council):
    seated = []
    for index, role in enumerate([CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER], start=1):
        user = UserFactory(username=f"hdsk{index}")
        seated.append(CouncilMemberFactory(council=council, role=role, user=user))
    seated[0].person.full_name = "Lê Thị Chủ Tịch"
    seated[0].person.save()
    return seated


def score(assignment, member, levels, vote=Vote.FOR):
    form = ensure_scoring_form(council=assignment.council)
    scores = []
    for criterion, index in zip(form.criteria.order_by("order"), levels, strict=True):
        level = criterion.levels.order_by("order")[index]
        scores.append(ScoreData(criterion=criterion, points=level.points, level=level))
    hand_in_sheet(assignment=assignment, member=member, by=member.user, scores=scores, vote=vote)


@pytest.fixture
def evaluated(council, members, school_a, period, person_a):
    """Two initiatives scored by all three members: "Trò chơi" passes (100 points), "Bảng tin" fails (35)."""
    good = complete_initiative(unit=school_a, period=period, author=person_a, state=S.SUBMITTED,
                               title="Trò chơi học tập trong môn Toán")  # fmt: skip
    weak = complete_initiative(unit=school_a, period=period, state=S.SUBMITTED, title="Bảng tin lớp học")
    assignments = assign_initiatives(council=council, initiatives=[good, weak], by=members[1].user)
    by_initiative = {assignment.initiative_id: assignment for assignment in assignments}
    for member in members:
        score(by_initiative[good.pk], member, (0, 0, 0))
        score(by_initiative[weak.pk], member, (2, 2, 2), vote=Vote.AGAINST)
    return good, weak


@pytest.fixture
def draft(council, members, evaluated):
    return create_decision(council=council, initiatives=list(evaluated), by=members[1].user)


def test_a_draft_starts_from_the_council_and_its_results(draft, evaluated):
    good, weak = evaluated

    assert (draft.summary, draft.authority, draft.signer_authority, draft.signer_name) == (
        "Về việc công nhận sáng kiến năm học 2024 - 2025", "HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC THANH TUYỀN", "HIỆU TRƯỞNG",
        "Lê Thị Chủ Tịch",
    )  # fmt: skip
    assert draft.grounds.splitlines()[-1] == (
        "Căn cứ Quyết định số 03/QĐ-THTT ngày 02/10/2024 về việc thành lập Hội đồng sáng kiến;"
    )
    assert list(draft.entries.values_list("initiative__title", "recognised", "scope")) == [
        ("Bảng tin lớp học", False, ""),
        ("Trò chơi học tập trong môn Toán", True, "base"),
    ]


def test_issue_numbers_freezes_and_moves_every_initiative(
    draft, evaluated, members, principal_a, django_capture_on_commit_callbacks, english
):
    good, weak = evaluated
    (refused,) = draft.entries.filter(recognised=False)
    set_entries(decision=draft, by=members[1].user, choices={refused.pk: EntryChoice(False, reason="Chưa có tính mới")})

    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))

    good.refresh_from_db()
    weak.refresh_from_db()
    assert (issued.state, issued.symbol, issued.issued_on) == (DecisionState.ISSUED, "01/QĐ-THTT", dt.date(2025, 3, 20))
    assert (good.state, good.scope, good.score) == (S.RECOGNISED, "base", Decimal("100.00"))
    assert (weak.state, weak.scope, weak.outcome_reason) == (S.NOT_RECOGNISED, "", "Chưa có tính mới")
    entry = issued.entries.get(initiative=good)
    assert (entry.score, entry.votes_for, entry.vote_base_count, entry.vote_fraction, entry.threshold, entry.passes) == (
        Decimal("100.00"), 3, 3, "2/3", Decimal("50.00"), True,
    )  # fmt: skip
    assert InitiativeLog.objects.get(initiative=good, to_state=S.RECOGNISED).comment == "Decision 01/QĐ-THTT"
    assert list(Assignment.objects.values_list("is_closed", flat=True)) == [True, True]
    assert Notification.objects.filter(recipient=principal_a).count() == 2


def test_the_annex_lists_the_recognised_initiatives_with_their_columns(draft, evaluated, members, person_a):
    good, _weak = evaluated
    AuthorFactory(initiative=good, full_name="Lê Văn Ngoài", person=None, workplace="Trường THCS Minh Tân",
                  position="Giáo viên", contribution=Decimal("30"))  # fmt: skip
    good.authors.filter(person=person_a).update(contribution=Decimal("70"))
    (refused,) = draft.entries.filter(recognised=False)
    set_entries(decision=draft, by=members[1].user, choices={refused.pk: EntryChoice(False, reason="Chưa mới")})
    issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))

    rows = annex_rows(decision_entries(draft))

    assert rows == [
        {
            "number": 1,
            "title": "Trò chơi học tập trong môn Toán",
            "authors": ["Nguyễn Thị Hồng", "Lê Văn Ngoài"],
            "positions": ["Giáo viên, Trường Tiểu học Thanh Tuyền", "Giáo viên, Trường THCS Minh Tân"],
            "field": "Giảng dạy bộ môn",
            "score": "100",
            "scope": "Cơ sở",
        }
    ]


def test_two_decisions_take_consecutive_numbers(council, members, school_a, period, evaluated, draft):
    (refused,) = draft.entries.filter(recognised=False)
    draft.entries.filter(pk=refused.pk).delete()
    issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))
    second = create_decision(council=council, initiatives=[evaluated[1]], by=members[1].user)
    set_entries(decision=second, by=members[1].user,
                choices={second.entries.get().pk: EntryChoice(False, reason="Chưa có tính mới")})  # fmt: skip

    issue_decision(decision=second, by=members[1].user, issued_on=dt.date(2025, 3, 21))

    assert list(IssuedNumber.objects.order_by("number").values_list("symbol", flat=True)) == [
        "01/QĐ-THTT", "02/QĐ-THTT",
    ]  # fmt: skip


def assert_nothing_written(draft, evaluated):
    draft.refresh_from_db()
    assert (draft.state, draft.issued_number) == (DecisionState.DRAFT, None)
    assert IssuedNumber.objects.count() == 0
    assert list(NumberCounter.objects.values_list("last_number", flat=True)) in ([], [0])
    assert sorted(Initiative.objects.values_list("state", flat=True)) == [S.UNDER_EVALUATION, S.UNDER_EVALUATION]
    assert list(Assignment.objects.values_list("is_closed", flat=True)) == [False, False]
    assert DecisionEntry.objects.filter(passes=True).count() == 0


def test_recognising_an_initiative_that_did_not_pass_is_refused_and_writes_nothing(draft, evaluated, members, english):
    set_entries(decision=draft, by=members[1].user,
                choices={entry.pk: EntryChoice(True, scope="base") for entry in draft.entries.all()})  # fmt: skip

    with pytest.raises(ValidationError) as error:
        issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))

    assert error.value.messages == [
        "“Bảng tin lớp học” did not reach the threshold or the council's vote: it cannot be recognised."
    ]
    assert_nothing_written(draft, evaluated)


def test_a_refusal_without_reasons_is_refused(draft, evaluated, members, english):
    with pytest.raises(ValidationError) as error:
        issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))

    assert error.value.messages == ["“Bảng tin lớp học”: give the reasons it is not recognised."]
    assert_nothing_written(draft, evaluated)


def test_an_initiative_decided_meanwhile_makes_the_whole_issue_fail(draft, evaluated, members):
    (refused,) = draft.entries.filter(recognised=False)
    set_entries(decision=draft, by=members[1].user, choices={refused.pk: EntryChoice(False, reason="Chưa mới")})
    Initiative.objects.filter(pk=evaluated[1].pk).update(state=S.NOT_RECOGNISED)

    with pytest.raises(ValidationError) as error:
        issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))

    assert error.value.code == "state"
    assert Initiative.objects.get(pk=evaluated[0].pk).state == S.UNDER_EVALUATION
    assert IssuedNumber.objects.count() == 0


def test_a_failure_after_the_number_is_taken_gives_it_back(draft, evaluated, members, monkeypatch):
    (refused,) = draft.entries.filter(recognised=False)
    set_entries(decision=draft, by=members[1].user, choices={refused.pk: EntryChoice(False, reason="Chưa mới")})
    from initiatives.services import decisions

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(decisions, "_notify_outcomes", broken)
    original = decisions._decide
    calls = []

    def decide_then_fail(**kwargs):
        calls.append(kwargs["entry"].initiative.title)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        original(**kwargs)

    monkeypatch.setattr(decisions, "_decide", decide_then_fail)

    with pytest.raises(RuntimeError):
        issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))

    assert_nothing_written(draft, evaluated)
    assert InitiativeLog.objects.filter(to_state__in=[S.RECOGNISED, S.NOT_RECOGNISED]).count() == 0


def test_an_issued_decision_can_no_longer_change_and_scoring_is_closed(draft, evaluated, members):
    (refused,) = draft.entries.filter(recognised=False)
    set_entries(decision=draft, by=members[1].user, choices={refused.pk: EntryChoice(False, reason="Chưa mới")})
    issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))
    late = CouncilMemberFactory(council=draft.council, user=UserFactory(username="den-muon"))

    with pytest.raises(ValidationError) as changed:
        update_decision(decision=draft, by=members[1].user, summary="Khác")
    with pytest.raises(ValidationError) as again:
        issue_decision(decision=draft, by=members[1].user)
    with pytest.raises(ValidationError) as scored:
        score(Assignment.objects.get(initiative=evaluated[0]), late, (0, 0, 0))

    assert (changed.value.code, again.value.code, scored.value.code) == ("issued", "issued", "closed")


def test_an_initiative_in_another_draft_cannot_enter_a_second_one(draft, council, evaluated, members):
    with pytest.raises(ValidationError) as error:
        create_decision(council=council, initiatives=[evaluated[0]], by=members[1].user)

    assert error.value.code == "state"


# A council above: the wider scope, or the recognition below kept ----------------------------------------


@pytest.fixture
def forwarded(draft, evaluated, members, principal_a):
    (refused,) = draft.entries.filter(recognised=False)
    set_entries(decision=draft, by=members[1].user, choices={refused.pk: EntryChoice(False, reason="Chưa mới")})
    issue_decision(decision=draft, by=members[1].user, issued_on=dt.date(2025, 3, 20))
    return forward_initiative(initiative=evaluated[0], by=principal_a)


@pytest.fixture
def district_council(district, period):
    council = InitiativeCouncilFactory(unit=district, period=period)
    seated = []
    for index in range(3):
        user = UserFactory(username=f"hdsk-huyen{index}")
        MembershipFactory(user=user, unit=district, role=Role.COUNCIL_MEMBER)
        seated.append(CouncilMemberFactory(council=council, user=user))
    return council, seated


def test_a_district_council_widens_the_scope_of_a_forwarded_initiative(forwarded, district_council):
    council, seated = district_council
    (assignment,) = assign_initiatives(council=council, initiatives=[forwarded], by=None)
    for member in seated:
        score(assignment, member, (0, 0, 0))
    decision = create_decision(council=council, initiatives=[forwarded], by=None, signer_name="Phạm Văn Trưởng")

    issue_decision(decision=decision, by=None, issued_on=dt.date(2025, 4, 10))

    forwarded.refresh_from_db()
    assert (decision.authority, decision.symbol) == ("TRƯỞNG PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "01/QĐ-PGDĐT")
    assert (forwarded.state, forwarded.scope) == (S.RECOGNISED, "local")


def test_a_refusal_above_keeps_the_recognition_below(forwarded, district_council):
    council, seated = district_council
    (assignment,) = assign_initiatives(council=council, initiatives=[forwarded], by=None)
    for member in seated:
        score(assignment, member, (3, 3, 3), vote=Vote.AGAINST)
    decision = create_decision(council=council, initiatives=[forwarded], by=None, signer_name="Phạm Văn Trưởng")
    set_entries(decision=decision, by=None,
                choices={decision.entries.get().pk: EntryChoice(False, reason="Chưa nhân rộng được")})  # fmt: skip

    issue_decision(decision=decision, by=None, issued_on=dt.date(2025, 4, 10))

    forwarded.refresh_from_db()
    assert (forwarded.state, forwarded.scope, forwarded.outcome_reason) == (S.RECOGNISED, "base", "")
