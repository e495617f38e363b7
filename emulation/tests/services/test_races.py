"""Concurrent requests on PostgreSQL: of many simultaneous state changes exactly one wins.

Each test starts N threads, each with its own connection, that read the object first (as a request does when it
loads the page's object) and then call the service together behind a barrier. The losers must get the service's
message (a ValidationError), never another error; history and notifications must be written once.
"""

import datetime as dt
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections
from django.utils import timezone

from emulation.enums import CouncilKind, CouncilRole, DeadlineAction, RegistrationState, Role
from emulation.models import (
    Award,
    CollectiveTarget,
    Council,
    CouncilMember,
    DeadlineCompletion,
    DeadlineExtension,
    ExtensionRequest,
    Notification,
    Registration,
    RegistrationLog,
)
from emulation.services import councils
from emulation.services.deadlines import confirm_done, grant_extension, request_extension, upsert_deadline
from emulation.services.registrations import (
    accept_registration,
    accept_registrations,
    add_collective_target,
    get_or_start_registration,
    return_registration,
    submit_registration,
)
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgresql, pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

THREADS = 20


@dataclass
class Race:
    """What the threads of one race did: who won, what the losers were told, anything else that went wrong."""

    won: list[str] = field(default_factory=list)
    refused: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    @property
    def refusals(self) -> Counter:
        return Counter(messages for _name, messages in self.refused)


def race(contenders: list[tuple[str, object, object]]) -> Race:
    """Run every (name, prepare, act) in its own thread: all prepare, wait for each other, then act at once.

    *prepare* reads what the request would have loaded; *act* receives it and calls the service.
    """
    result = Race()
    lock = threading.Lock()
    start = threading.Barrier(len(contenders), timeout=60)

    def run(name, prepare, act):
        try:
            loaded = prepare()
            start.wait()
            act(loaded)
            with lock:
                result.won.append(name)
        except ValidationError as error:
            with lock:
                result.refused.append((name, tuple(error.messages)))
        except BaseException as error:  # reported by the test
            with lock:
                result.errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=contender) for contender in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def interleave(first: list, second: list) -> list:
    """One of each in turn, so that neither kind of request always starts first."""
    return [contender for pair in zip(first, second, strict=True) for contender in pair]


def reload(registration):
    return lambda: Registration.objects.select_related("unit", "period").get(pk=registration.pk)


@pytest.fixture
def scene(db):
    """An office with two reviewers and two schools, each with a principal, a staff member and a complete draft."""
    award_catalogue = {award.code: award for award in Award.objects.all()}
    today = timezone.localdate()
    period = PeriodFactory(
        name="Năm học đua", start_date=today - dt.timedelta(days=60), end_date=today + dt.timedelta(days=300)
    )
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng")
    reviewers = [UserFactory(username=name) for name in ("chuyenvien", "truongphong")]
    MembershipFactory(user=reviewers[0], unit=district, role=Role.DISTRICT_STAFF)
    MembershipFactory(user=reviewers[1], unit=district, role=Role.DISTRICT_HEAD)
    schools, principals, registrations = [], [], []
    for name in ("Trường Tiểu học Thanh Tuyền", "Trường Tiểu học Minh Hòa"):
        school = SchoolFactory(name=name, parent=district)
        principal = UserFactory(username=f"hieutruong{len(schools)}")
        MembershipFactory(user=principal, unit=school, role=Role.PRINCIPAL)
        registration = get_or_start_registration(unit=school, period=period, by=principal)
        registration.lines.create(person=PersonFactory(unit=school), title=award_catalogue["ldtt"])
        registration.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
        registration.council_decision_file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
        registration.save()
        schools.append(school)
        principals.append(principal)
        registrations.append(registration)
    deadline = upsert_deadline(
        source="race:registration", period=period, issuing_unit=district, action=DeadlineAction.REGISTRATION,
        title="Nộp hồ sơ đăng ký thi đua", opens_on=None, due_on=today + dt.timedelta(days=10), units=schools,
    )  # fmt: skip
    return {
        "period": period,
        "district": district,
        "reviewers": reviewers,
        "schools": schools,
        "principals": principals,
        "registrations": registrations,
        "deadline": deadline,
        "catalogue": award_catalogue,
    }


def notices(user) -> int:
    return Notification.objects.filter(recipient=user).count()


def log_of(registration) -> list[tuple[str, str]]:
    return list(registration.log.order_by("pk").values_list("from_state", "to_state"))


def test_twenty_simultaneous_submits_make_one_submission_one_history_entry_and_one_notice(scene):
    registration, principal = scene["registrations"][0], scene["principals"][0]

    result = race(
        [
            (f"submit-{n}", reload(registration), lambda r: submit_registration(registration=r, by=principal))
            for n in range(THREADS)
        ]
    )

    assert result.errors == []
    assert len(result.won) == 1
    assert result.refusals == {
        ("Bản đăng ký này đã được gửi lên cơ quan quản lý (Đã gửi): không gửi lại được nữa.",): THREADS - 1
    }
    assert log_of(registration) == [("", "draft"), ("draft", "submitted")]
    assert [notices(reviewer) for reviewer in scene["reviewers"]] == [1, 1]
    assert DeadlineCompletion.objects.filter(deadline=scene["deadline"], unit=registration.unit).count() == 1
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED


def test_accept_and_return_at_once_decide_once_and_never_leave_a_returned_registration_accepted(scene):
    registration, principal = scene["registrations"][0], scene["principals"][0]
    submit_registration(registration=registration, by=principal)
    reviewer = scene["reviewers"][0]

    def accept(r):
        accept_registration(registration=r, by=reviewer)

    def give_back(r):
        return_registration(registration=r, by=reviewer, comment="Bổ sung minh chứng")

    result = race(
        interleave(
            [(f"accept-{n}", reload(registration), accept) for n in range(THREADS // 2)],
            [(f"return-{n}", reload(registration), give_back) for n in range(THREADS // 2)],
        )
    )

    assert result.errors == []
    assert len(result.won) == 1
    assert len(result.refused) == THREADS - 1
    registration.refresh_from_db()
    decisions = log_of(registration)[2:]
    assert notices(principal) == 1
    if result.won[0].startswith("accept"):
        assert (registration.state, registration.review_comment) == (RegistrationState.ACCEPTED, "")
        assert registration.accepted_at is not None
        assert decisions == [("submitted", "accepted")]
    else:
        assert (registration.state, registration.accepted_at) == (RegistrationState.RETURNED, None)
        assert decisions == [("submitted", "returned")]


def test_bulk_accept_and_return_at_once_decide_once(scene):
    first, second = scene["registrations"]
    for registration, principal in zip(scene["registrations"], scene["principals"], strict=True):
        submit_registration(registration=registration, by=principal)
    reviewer = scene["reviewers"][0]

    def both():
        return [reload(first)(), reload(second)()]

    def bulk(loaded):
        accept_registrations(registrations=loaded, by=reviewer)

    def give_back(r):
        return_registration(registration=r, by=reviewer, comment="Bổ sung minh chứng")

    result = race(
        interleave(
            [(f"bulk-{n}", both, bulk) for n in range(THREADS // 2)],
            [(f"return-{n}", reload(second), give_back) for n in range(THREADS // 2)],
        )
    )

    assert result.errors == []
    assert len(result.won) == 1
    assert len(result.refused) == THREADS - 1
    first.refresh_from_db()
    second.refresh_from_db()
    if result.won[0].startswith("bulk"):
        assert (first.state, second.state) == (RegistrationState.ACCEPTED, RegistrationState.ACCEPTED)
        assert (log_of(first)[2:], log_of(second)[2:]) == ([("submitted", "accepted")], [("submitted", "accepted")])
    else:
        assert (first.state, second.state) == (RegistrationState.SUBMITTED, RegistrationState.RETURNED)
        assert second.accepted_at is None
        assert (log_of(first)[2:], log_of(second)[2:]) == ([], [("submitted", "returned")])
    assert [notices(principal) for principal in scene["principals"]] == (
        [1, 1] if result.won[0].startswith("bulk") else [0, 1]
    )


def test_twenty_simultaneous_adds_of_the_same_target_keep_one(scene):
    registration, principal = scene["registrations"][0], scene["principals"][0]
    award = scene["catalogue"]["ttldtt"]

    result = race(
        [
            (
                f"add-{n}",
                reload(registration),
                lambda r: add_collective_target(registration=r, award=award, commitment="", by=principal),
            )
            for n in range(THREADS)
        ]
    )

    assert result.errors == []
    assert len(result.won) == 1
    assert result.refusals == {(f"“{award.name}” đã được đăng ký.",): THREADS - 1}
    assert CollectiveTarget.objects.filter(registration=registration).count() == 1


def test_twenty_first_visits_start_one_registration_with_one_history_entry(scene):
    school, principal, period = SchoolFactory(parent=scene["district"]), scene["principals"][0], scene["period"]

    result = race(
        [
            (f"start-{n}", lambda: None, lambda _: get_or_start_registration(unit=school, period=period, by=principal))
            for n in range(THREADS)
        ]
    )

    assert (result.errors, len(result.won)) == ([], THREADS)
    assert Registration.objects.filter(unit=school, period=period).count() == 1
    assert RegistrationLog.objects.filter(registration__unit=school).count() == 1


def test_council_members_added_at_once_take_one_seat_and_one_chair(scene):
    school, principal = scene["schools"][0], scene["principals"][0]
    council = Council.objects.create(unit=school, period=scene["period"], kind=CouncilKind.EMULATION)
    same = PersonFactory(unit=school, full_name="Nguyễn Thị Hồng")
    candidates = [PersonFactory(unit=school) for _ in range(THREADS // 2)]

    def load():
        return Council.objects.get(pk=council.pk)

    def seat(person, role):
        return lambda c: councils.add_council_member(council=c, person=person, role=role, by=principal)

    result = race(
        [(f"same-{n}", load, seat(same, CouncilRole.MEMBER)) for n in range(THREADS // 2)]
        + [(f"chair-{n}", load, seat(person, CouncilRole.CHAIR)) for n, person in enumerate(candidates)]
    )

    assert result.errors == []
    assert Counter(name.split("-")[0] for name in result.won) == {"same": 1, "chair": 1}
    assert len(result.refused) == THREADS - 2
    assert CouncilMember.objects.filter(council=council, person=same).count() == 1
    assert CouncilMember.objects.filter(council=council, role=CouncilRole.CHAIR).count() == 1
    assert sorted(council.members.values_list("order", flat=True)) == [1, 2]


def test_double_clicks_on_extend_and_confirm_write_one_row_each(scene):
    school, reviewer, principal = scene["schools"][0], scene["reviewers"][0], scene["principals"][0]
    deadline = scene["deadline"]
    last_day = timezone.localdate() + dt.timedelta(days=20)

    result = race(
        [
            (
                f"extend-{n}",
                lambda: None,
                lambda _: grant_extension(deadline=deadline, unit=school, last_day=last_day, reason="Lũ", by=reviewer),
            )
            for n in range(THREADS // 2)
        ]
        + [
            (f"confirm-{n}", lambda: None, lambda _: confirm_done(deadline=deadline, unit=school, by=principal))
            for n in range(THREADS // 2)
        ]
    )

    assert (result.errors, len(result.won)) == ([], THREADS)
    assert DeadlineExtension.objects.filter(deadline=deadline, unit=school).count() == 1
    assert DeadlineCompletion.objects.filter(deadline=deadline, unit=school).count() == 1


def test_twenty_clicks_on_ask_for_more_time_make_one_request_and_one_notice_each(scene):
    school, principal, deadline = scene["schools"][0], scene["principals"][0], scene["deadline"]

    result = race(
        [
            (
                f"ask-{n}",
                lambda: None,
                lambda _: request_extension(deadline=deadline, unit=school, reason="Lũ", by=principal),
            )
            for n in range(THREADS)
        ]
    )

    assert (result.errors, len(result.won)) == ([], THREADS)
    assert ExtensionRequest.objects.filter(deadline=deadline, unit=school).count() == 1
    assert [notices(reviewer) for reviewer in scene["reviewers"]] == [1, 1]
