import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from emulation.enums import DeadlineAction, RegistrationState
from emulation.models import Award, CollectiveTarget, DeadlineCompletion, Notification, Registration
from emulation.rules import (
    can_edit_registration,
    can_review_registration,
    can_submit_registration,
    can_view_registration,
)
from emulation.services.deadlines import upsert_deadline
from emulation.services.registrations import (
    accept_registration,
    accept_registrations,
    get_or_start_registration,
    remove_collective_target,
    return_registration,
    submit_registration,
)
from emulation.tests.factories import PeriodFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))


@pytest.fixture
def registration(school_a, period, principal_a, person_a):
    registration = get_or_start_registration(unit=school_a, period=period, by=principal_a)
    registration.lines.create(person=person_a, title=Award.objects.get(code="ldtt"))
    registration.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.council_decision_file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.save()
    return registration


@pytest.fixture
def deadline(period, district, school_a):
    return upsert_deadline(
        source="milestone:2", period=period, issuing_unit=district, action=DeadlineAction.REGISTRATION,
        title="Nộp hồ sơ đăng ký thi đua", opens_on=None, due_on=dt.date(2023, 11, 10), units=[school_a],
    )  # fmt: skip


def test_submit_inside_the_window_marks_the_milestone_done(registration, deadline, principal_a, district_staff):
    submit_registration(registration=registration, by=principal_a, at=dt.datetime(2023, 11, 9, tzinfo=HCM))

    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED
    assert DeadlineCompletion.objects.filter(deadline=deadline, unit=registration.unit).count() == 1


def test_submit_after_the_window_is_refused_naming_the_deadline(registration, deadline, principal_a):
    with pytest.raises(ValidationError) as error:
        submit_registration(registration=registration, by=principal_a, at=dt.datetime(2023, 11, 11, 8, tzinfo=HCM))

    assert error.value.messages == [
        "Đã quá hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối là ngày 10/11/2023. Hãy đề nghị cơ quan quản lý gia hạn."
    ]
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT


def test_submit_without_attachments_lists_what_is_missing(school_b, period, principal_b, person_b):
    registration = get_or_start_registration(unit=school_b, period=period, by=principal_b)

    with pytest.raises(ValidationError) as error:
        submit_registration(registration=registration, by=principal_b)

    assert error.value.messages == [
        "Hãy đăng ký ít nhất một danh hiệu tập thể hoặc một cá nhân.",
        "Hãy đính kèm kế hoạch thi đua của nhà trường.",
        "Hãy đính kèm quyết định thành lập Hội đồng Thi đua - Khen thưởng của nhà trường.",
    ]


def test_return_then_resubmit_keeps_the_history(
    registration, principal_a, district_staff, person_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(registration=registration, by=principal_a)
        line = registration.lines.get()
        return_registration(
            registration=registration, by=district_staff, comment="Bổ sung sáng kiến",
            line_comments={line.pk: "Ghi rõ tên sáng kiến"},
        )  # fmt: skip
        submit_registration(registration=registration, by=principal_a)
        accept_registration(registration=registration, by=district_staff)

    log = list(registration.log.order_by("pk").values_list("from_state", "to_state", "comment", "by__username"))
    assert log == [
        ("", "draft", "", "hieutruong_a"),
        ("draft", "submitted", "", "hieutruong_a"),
        ("submitted", "returned", "Bổ sung sáng kiến", "chuyenvien"),
        ("returned", "resubmitted", "", "hieutruong_a"),
        ("resubmitted", "accepted", "", "chuyenvien"),
    ]
    assert Notification.objects.filter(recipient=district_staff).count() == 2
    assert list(Notification.objects.filter(recipient=principal_a).values_list("title", flat=True).order_by("pk")) == [
        "Phòng đã trả lại bản đăng ký thi đua năm học 2023-2024: đề nghị bổ sung",
        "Phòng đã chấp nhận bản đăng ký thi đua năm học 2023-2024",
    ]


def test_return_needs_a_comment(registration, principal_a, district_staff):
    submit_registration(registration=registration, by=principal_a)

    with pytest.raises(ValidationError):
        return_registration(registration=registration, by=district_staff, comment=" ")

    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED


def test_bulk_accept_is_all_or_nothing(registration, school_b, period, principal_a, principal_b, district_staff):
    submit_registration(registration=registration, by=principal_a)
    draft = get_or_start_registration(unit=school_b, period=period, by=principal_b)

    with pytest.raises(ValidationError):
        accept_registrations(registrations=[registration, draft], by=district_staff)

    assert list(Registration.objects.order_by("pk").values_list("state", flat=True)) == ["submitted", "draft"]


# Predicates: state x role.
ROLES = ["principal_a", "principal_b", "district_staff", "district_admin", "council_member", "outsider"]
# (view, edit, submit, review) per state for each role
TABLE = {
    "draft": {
        "principal_a": (True, True, True, False),
        "principal_b": (False, False, False, False),
        "district_staff": (True, False, False, False),
        "district_admin": (True, False, False, False),
        "council_member": (True, False, False, False),
        "outsider": (False, False, False, False),
    },
    "submitted": {
        "principal_a": (True, False, False, False),
        "principal_b": (False, False, False, False),
        "district_staff": (True, False, False, True),
        "district_admin": (True, False, False, False),
        "council_member": (True, False, False, False),
        "outsider": (False, False, False, False),
    },
}
TABLE["resubmitted"] = TABLE["submitted"]
TABLE["returned"] = TABLE["draft"]
TABLE["accepted"] = {role: (row[0], False, False, False) for role, row in TABLE["draft"].items()}


@pytest.mark.parametrize("state", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_registration_predicates_truth_table(request, state, role, school_a, period):
    user = request.getfixturevalue(role)
    registration = Registration.objects.create(unit=school_a, period=period, state=state)

    result = (
        can_view_registration(user, registration),
        can_edit_registration(user, registration),
        can_submit_registration(user, registration),
        can_review_registration(user, registration),
    )

    assert result == TABLE[state][role]


def test_remove_collective_target_only_while_editable(registration, principal_a):
    kept = CollectiveTarget.objects.create(registration=registration, award=Award.objects.get(code="ttldtt"))
    removed = CollectiveTarget.objects.create(registration=registration, award=Award.objects.get(code="ttldxs"))

    remove_collective_target(target=removed, by=principal_a)
    Registration.objects.filter(pk=registration.pk).update(state=RegistrationState.SUBMITTED)
    kept.registration.refresh_from_db()
    with pytest.raises(ValidationError):
        remove_collective_target(target=kept, by=principal_a)

    assert list(CollectiveTarget.objects.all()) == [kept]
