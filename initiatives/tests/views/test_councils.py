"""A council's evaluation pages (results, assignment, scoring form, progress, reminder) and its decisions."""

import pytest
from django.core import mail
from django.urls import reverse

from emulation.enums import CouncilRole, Role
from emulation.models import DocumentJob
from emulation.tests.factories import MembershipFactory, UserFactory
from initiatives.enums import DecisionState, InitiativeState, Vote
from initiatives.models import Assignment, RecognitionDecision
from initiatives.services.evaluation import assign_initiatives, ensure_scoring_form
from initiatives.tests.factories import CouncilMemberFactory, InitiativeCouncilFactory, complete_initiative
from initiatives.tests.scenes import score

pytestmark = pytest.mark.django_db

S = InitiativeState


@pytest.fixture
def council(district, period):
    return InitiativeCouncilFactory(unit=district, period=period)


@pytest.fixture
def secretary(council):
    user = UserFactory(username="thuky_sk")
    MembershipFactory(user=user, unit=council.unit, role=Role.COUNCIL_SECRETARY)
    CouncilMemberFactory(council=council, user=user, role=CouncilRole.SECRETARY)
    return user


@pytest.fixture
def members(council):
    seated = []
    for index in range(2):
        user = UserFactory(username=f"uyvien{index}", email=f"uyvien{index}@example.com")
        MembershipFactory(user=user, unit=council.unit, role=Role.COUNCIL_MEMBER)
        seated.append(CouncilMemberFactory(council=council, user=user))
    return seated


@pytest.fixture
def submitted(school_a, school_b, period):
    return [complete_initiative(unit=school_a, period=period, state=S.SUBMITTED, title="Sơ đồ tư duy"),
            complete_initiative(unit=school_b, period=period, state=S.SUBMITTED, title="Góc đọc sách")]  # fmt: skip


def url(name, council):
    return reverse(f"initiatives:{name}", args=[council.pk])


def test_council_list_shows_the_councils_the_user_runs(client, secretary, council, principal_a):
    client.force_login(secretary)
    mine = client.get(reverse("initiatives:evaluation-councils")).context["councils"]
    client.force_login(principal_a)
    theirs = client.get(reverse("initiatives:evaluation-councils")).context["councils"]

    assert ([c.pk for c in mine], [c.can_manage for c in mine], theirs) == ([council.pk], [True], [])


def test_council_list_is_not_found_without_a_council_role(client, district_staff, outsider):
    client.force_login(outsider)

    assert client.get(reverse("initiatives:evaluation-councils")).status_code == 404


def test_assign_page_ticks_every_candidate_and_assigns_them(client, secretary, council, submitted):
    client.force_login(secretary)
    page = client.get(url("evaluation-assign", council))

    response = client.post(url("evaluation-assign", council), {"ids": [i.pk for i in submitted]})

    assert [i.title for i in page.context["candidates"]] == ["Góc đọc sách", "Sơ đồ tư duy"]
    assert response["Location"] == url("evaluation-council", council)
    assert Assignment.objects.filter(council=council).count() == 2


def test_assign_page_is_not_found_for_a_member(client, members, council, submitted):
    client.force_login(members[0].user)

    assert client.get(url("evaluation-assign", council)).status_code == 404


def test_results_page_shows_the_live_results(client, secretary, members, council, submitted):
    assignments = assign_initiatives(council=council, initiatives=submitted, by=secretary)
    for member in members:
        score(assignments[0], member, (0, 0, 0))
    client.force_login(secretary)

    response = client.get(url("evaluation-council", council))

    rows = {row.initiative.title: (row.score, row.votes_for, row.vote_base_count, row.passes)
            for row in response.context["rows"]}  # fmt: skip
    assert rows == {"Sơ đồ tư duy": (100, 2, 3, True), "Góc đọc sách": (None, 0, 0, False)}


def test_results_page_is_not_found_for_the_office_of_another_district(client, council):
    from emulation.tests.factories import DistrictFactory

    other = UserFactory(username="chuyenvien-khac")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(other)

    assert client.get(url("evaluation-council", council)).status_code == 404


def test_scoring_form_page_saves_a_new_scale(client, secretary, council):
    client.force_login(secretary)
    data = {
        "aggregate": "median", "threshold": "60", "vote_numerator": "2", "vote_denominator": "3",
        "vote_base": "all_members", "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "Tính mới", "criteria-0-max_points": "50", "criteria-0-levels": "Mới | 50\nCũ | 0",
        "criteria-1-name": "Hiệu quả", "criteria-1-max_points": "50",
    }  # fmt: skip

    response = client.post(url("evaluation-form", council), data)

    form = ensure_scoring_form(council=council)
    assert response.status_code == 302
    assert (form.aggregate, form.threshold) == ("median", 60)
    assert [(c.name, c.levels.count()) for c in form.criteria.order_by("order")] == [("Tính mới", 2), ("Hiệu quả", 0)]


def test_scoring_form_page_refuses_a_level_line_it_cannot_read(client, secretary, council):
    client.force_login(secretary)
    data = {
        "aggregate": "mean", "threshold": "50", "vote_numerator": "2", "vote_denominator": "3",
        "vote_base": "all_members", "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "Tính mới", "criteria-0-max_points": "100", "criteria-0-levels": "Mới: 50",
    }  # fmt: skip

    response = client.post(url("evaluation-form", council), data)

    assert response.status_code == 200
    assert list(response.context["criteria_formset"].errors[0]) == ["levels"]


def test_scoring_form_page_is_not_found_for_a_member(client, members, council):
    client.force_login(members[0].user)

    assert client.get(url("evaluation-form", council)).status_code == 404


def test_progress_and_reminder(client, secretary, members, council, submitted, django_capture_on_commit_callbacks):
    (assignment,) = assign_initiatives(council=council, initiatives=submitted[:1], by=secretary)
    score(assignment, members[0], (0, 0, 0))
    client.force_login(secretary)

    progress = client.get(url("evaluation-progress", council))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("evaluation-remind", council))

    assert progress.context["pending"] == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["uyvien1@example.com"]


def test_progress_and_reminder_are_not_found_for_a_member(client, members, council):
    client.force_login(members[0].user)

    assert client.get(url("evaluation-progress", council)).status_code == 404
    assert client.post(url("evaluation-remind", council)).status_code == 404


# Decisions --------------------------------------------------------------------------------------------------


@pytest.fixture
def scored(secretary, members, council, submitted):
    assignments = assign_initiatives(council=council, initiatives=submitted, by=secretary)
    for member in members:
        score(assignments[0], member, (0, 0, 0))
        score(assignments[1], member, (3, 3, 3), vote=Vote.AGAINST)
    secretary_seat = council.members.get(user=secretary)
    score(assignments[0], secretary_seat, (0, 0, 0))
    score(assignments[1], secretary_seat, (3, 3, 3), vote=Vote.AGAINST)
    return assignments


def test_draft_a_decision_on_all_that_pass(client, secretary, council, scored):
    client.force_login(secretary)

    response = client.post(url("decision-create", council), {"all_passing": "1"})

    decision = RecognitionDecision.objects.get()
    assert response["Location"] == reverse("initiatives:decision-detail", args=[decision.pk])
    assert list(decision.entries.values_list("initiative__title", "recognised")) == [("Sơ đồ tư duy", True)]


def test_drafting_is_not_found_for_a_member(client, members, council, scored):
    client.force_login(members[0].user)

    assert client.post(url("decision-create", council), {"all_passing": "1"}).status_code == 404


@pytest.fixture
def draft(client, secretary, council, scored):
    client.force_login(secretary)
    client.post(url("decision-create", council), {"ids": [a.initiative_id for a in scored]})
    decision = RecognitionDecision.objects.get()
    RecognitionDecision.objects.filter(pk=decision.pk).update(signer_name="Phạm Văn Trưởng")
    decision.refresh_from_db()
    return decision


def test_decision_page_sets_outcomes_then_issues(client, secretary, draft, scored):
    refused = draft.entries.get(recognised=False)
    kept = draft.entries.get(recognised=True)
    data = {"action": "entries", f"entry-{kept.pk}-recognised": "on", f"entry-{kept.pk}-scope": "local",
            f"entry-{refused.pk}-reason": "Chưa có tính mới"}  # fmt: skip

    client.post(reverse("initiatives:decision-detail", args=[draft.pk]), data)
    client.post(reverse("initiatives:decision-issue", args=[draft.pk]), {"issued_on": "20/03/2025"})

    draft.refresh_from_db()
    assert (draft.state, draft.symbol) == (DecisionState.ISSUED, "01/QĐ-PGDĐT")
    assert list(draft.entries.order_by("order").values_list("initiative__state", "scope")) == [
        (S.NOT_RECOGNISED, ""), (S.RECOGNISED, "local"),
    ]  # fmt: skip


def test_issuing_twice_gets_the_message(client, secretary, draft):
    refused = draft.entries.get(recognised=False)
    client.post(reverse("initiatives:decision-detail", args=[draft.pk]),
                {"action": "entries", f"entry-{draft.entries.get(recognised=True).pk}-recognised": "on",
                 f"entry-{refused.pk}-reason": "Chưa mới"})  # fmt: skip
    client.post(reverse("initiatives:decision-issue", args=[draft.pk]), {"issued_on": "20/03/2025"})

    again = client.post(reverse("initiatives:decision-issue", args=[draft.pk]), {"issued_on": "21/03/2025"})

    assert again.status_code == 302
    assert RecognitionDecision.objects.get().symbol == "01/QĐ-PGDĐT"


def test_decision_page_is_read_only_for_the_school_and_not_found_elsewhere(client, principal_a, draft):
    from emulation.tests.factories import DistrictFactory

    client.force_login(principal_a)
    school = client.get(reverse("initiatives:decision-detail", args=[draft.pk]))
    stranger = UserFactory(username="nguoi-la")
    MembershipFactory(user=stranger, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(stranger)
    elsewhere = client.get(reverse("initiatives:decision-detail", args=[draft.pk]))

    assert (school.status_code, school.context["can_edit"], elsewhere.status_code) == (200, False, 404)


def test_issue_is_not_found_for_a_member(client, members, draft):
    client.force_login(members[0].user)

    assert (
        client.post(reverse("initiatives:decision-issue", args=[draft.pk]), {"issued_on": "20/03/2025"}).status_code
        == 404
    )


def test_decision_pdf_starts_a_job(client, secretary, draft, django_capture_on_commit_callbacks):
    response = client.post(reverse("initiatives:decision-pdf", args=[draft.pk]))

    job = DocumentJob.objects.get()
    assert (job.kind, job.object_id) == ("initiative_decision", draft.pk)
    assert response["Location"] == reverse("emulation:document-job", args=[job.pk])


def test_decision_pdf_is_not_found_for_another_district(client, draft):
    from emulation.tests.factories import DistrictFactory

    stranger = UserFactory(username="nguoi-la")
    MembershipFactory(user=stranger, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(stranger)

    assert client.post(reverse("initiatives:decision-pdf", args=[draft.pk])).status_code == 404


def test_delete_throws_a_draft_away(client, secretary, draft, council):
    response = client.post(reverse("initiatives:decision-delete", args=[draft.pk]))

    assert response["Location"] == url("evaluation-council", council)
    assert RecognitionDecision.objects.count() == 0


def test_delete_is_not_found_for_the_school(client, principal_a, draft):
    client.force_login(principal_a)

    assert client.post(reverse("initiatives:decision-delete", args=[draft.pk])).status_code == 404


def test_issued_on_far_from_the_period_is_refused(client, secretary, draft):
    refused = draft.entries.get(recognised=False)
    client.post(reverse("initiatives:decision-detail", args=[draft.pk]),
                {"action": "entries", f"entry-{draft.entries.get(recognised=True).pk}-recognised": "on",
                 f"entry-{refused.pk}-reason": "Chưa mới"})  # fmt: skip

    client.post(reverse("initiatives:decision-issue", args=[draft.pk]), {"issued_on": "20/03/2031"})

    assert (RecognitionDecision.objects.get().state, RecognitionDecision.objects.get().issued_number) == (
        DecisionState.DRAFT, None,
    )  # fmt: skip


def test_decision_wording_is_saved(client, secretary, draft):
    data = {name: getattr(draft, name) for name in ("summary", "authority", "grounds", "proposal", "article_2",
                                                     "article_3", "signer_prefix", "signer_authority",
                                                     "signer_position", "signer_name", "recipients")}  # fmt: skip
    data.update(action="text", signer_prefix="KT.", signer_position="PHÓ TRƯỞNG PHÒNG", signer_name="Lê Văn Phó")

    client.post(reverse("initiatives:decision-detail", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert (draft.signer_prefix, draft.signer_position, draft.signer_name) == ("KT.", "PHÓ TRƯỞNG PHÒNG", "Lê Văn Phó")
