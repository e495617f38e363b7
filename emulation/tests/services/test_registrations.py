import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils import translation

from emulation.enums import DeadlineAction, RegistrationAction, RegistrationState, Role
from emulation.models import Award, CollectiveTarget, DeadlineCompletion, Notification, Registration
from emulation.rules import (
    can_decide_registration,
    can_edit_registration,
    can_review_registration,
    can_send_registration,
    can_submit_registration,
    can_view_registration,
)
from emulation.services.deadlines import upsert_deadline
from emulation.services.registrations import (
    accept_registration,
    accept_registrations,
    add_collective_target,
    get_or_start_registration,
    refusal,
    remove_collective_target,
    return_registration,
    submit_registration,
)
from emulation.tests.factories import MembershipFactory, PeriodFactory, UserFactory

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


def test_a_returned_registration_leaves_its_deadline_undone_until_it_is_sent_again(
    registration, deadline, principal_a, district_staff
):
    submit_registration(registration=registration, by=principal_a, at=dt.datetime(2023, 11, 6, 8, tzinfo=HCM))

    return_registration(registration=registration, by=district_staff, comment="Bổ sung minh chứng")
    after_return = list(DeadlineCompletion.objects.filter(deadline=deadline).values_list("unit", "completed_at"))
    submit_registration(registration=registration, by=principal_a, at=dt.datetime(2023, 11, 9, 15, tzinfo=HCM))

    assert after_return == []
    assert list(DeadlineCompletion.objects.filter(deadline=deadline).values_list("unit", "completed_at")) == [
        (registration.unit_id, dt.datetime(2023, 11, 9, 15, tzinfo=HCM))
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


def stale(registration):
    """Another request's copy of the same registration, read before the first one changed it."""
    return Registration.objects.select_related("unit", "period").get(pk=registration.pk)


def test_second_submit_of_a_stale_copy_is_refused_and_nothing_is_written_twice(
    registration, deadline, principal_a, district_staff, django_capture_on_commit_callbacks
):
    first, second = stale(registration), stale(registration)
    when = dt.datetime(2023, 11, 9, 8, tzinfo=HCM)
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(registration=first, by=principal_a, at=when)

    with pytest.raises(ValidationError) as error, django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_registration(registration=second, by=principal_a, at=when + dt.timedelta(minutes=1))

    assert error.value.messages == ["Bản đăng ký này đã được gửi lên cơ quan quản lý (Đã gửi): không gửi lại được nữa."]
    assert callbacks == []
    registration.refresh_from_db()
    assert (registration.state, registration.submitted_at) == (RegistrationState.SUBMITTED, when)
    assert list(registration.log.order_by("pk").values_list("to_state", flat=True)) == ["draft", "submitted"]
    assert Notification.objects.filter(recipient=district_staff).count() == 1
    assert DeadlineCompletion.objects.filter(deadline=deadline, unit=registration.unit).count() == 1


def test_submit_hands_the_new_state_back_to_the_callers_copy(registration, principal_a):
    when = dt.datetime(2023, 11, 9, 8, tzinfo=HCM)

    returned = submit_registration(registration=registration, by=principal_a, at=when)

    assert returned is registration
    assert (registration.state, registration.submitted_at) == (RegistrationState.SUBMITTED, when)


def test_return_of_a_registration_accepted_meanwhile_is_refused(registration, principal_a, district_staff):
    submit_registration(registration=registration, by=principal_a)
    reviewing = stale(registration)
    accept_registration(registration=registration, by=district_staff)

    with pytest.raises(ValidationError) as error:
        return_registration(registration=reviewing, by=district_staff, comment="Bổ sung")

    assert error.value.messages == [
        "Chỉ trả lại được bản đăng ký đang chờ xem xét; bản này hiện ở trạng thái “Đã chấp nhận”."
    ]
    registration.refresh_from_db()
    assert (registration.state, registration.review_comment) == (RegistrationState.ACCEPTED, "")
    assert registration.log.filter(to_state=RegistrationState.RETURNED).count() == 0


def test_accept_of_a_registration_returned_meanwhile_is_refused_and_leaves_no_acceptance_date(
    registration, principal_a, district_staff
):
    submit_registration(registration=registration, by=principal_a)
    reviewing = stale(registration)
    return_registration(registration=registration, by=district_staff, comment="Bổ sung")

    with pytest.raises(ValidationError) as error:
        accept_registration(registration=reviewing, by=district_staff)

    assert error.value.messages == [
        "Chỉ chấp nhận được bản đăng ký đang chờ xem xét; bản này hiện ở trạng thái “Trả lại để bổ sung”."
    ]
    registration.refresh_from_db()
    assert (registration.state, registration.accepted_at) == (RegistrationState.RETURNED, None)


def test_bulk_accept_reads_the_states_again_and_names_the_school_returned_meanwhile(
    registration, school_b, period, principal_a, principal_b, person_b, district_staff
):
    other = get_or_start_registration(unit=school_b, period=period, by=principal_b)
    other.lines.create(person=person_b, title=Award.objects.get(code="ldtt"))
    other.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    other.council_decision_file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
    other.save()
    submit_registration(registration=registration, by=principal_a)
    submit_registration(registration=other, by=principal_b)
    ticked = [stale(registration), stale(other)]
    return_registration(registration=other, by=district_staff, comment="Bổ sung")

    with pytest.raises(ValidationError) as error:
        accept_registrations(registrations=ticked, by=district_staff)

    assert error.value.messages == [
        "Chưa chấp nhận bản nào: các bản đăng ký sau không ở trạng thái chờ xem xét: Trường Tiểu học Minh Hòa."
    ]
    assert list(Registration.objects.order_by("pk").values_list("state", "accepted_at")) == [
        ("submitted", None),
        ("returned", None),
    ]


def test_content_change_of_a_registration_sent_meanwhile_is_refused(registration, principal_a):
    editing = stale(registration)
    submit_registration(registration=registration, by=principal_a)

    with pytest.raises(ValidationError) as error:
        add_collective_target(
            registration=editing, award=Award.objects.get(code="ttldtt"), commitment="", by=principal_a
        )

    assert error.value.messages == ["Bản đăng ký này đã được gửi, không thể sửa nữa."]
    assert registration.targets.count() == 0


def test_second_add_of_the_same_target_is_refused(registration, principal_a):
    award = Award.objects.get(code="ttldtt")
    add_collective_target(registration=registration, award=award, commitment="", by=principal_a)

    with pytest.raises(ValidationError) as error:
        add_collective_target(registration=stale(registration), award=award, commitment="", by=principal_a)

    assert error.value.messages == [f"“{award.name}” đã được đăng ký."]
    assert registration.targets.count() == 1


def test_target_added_by_a_request_that_did_not_wait_gives_the_same_message(registration, principal_a, monkeypatch):
    award = Award.objects.get(code="ttldtt")
    registration.targets.create(award=award)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the check ran before the other insert

    with pytest.raises(ValidationError) as error:
        add_collective_target(registration=registration, award=award, commitment="", by=principal_a)

    assert error.value.messages == [f"“{award.name}” đã được đăng ký."]
    assert registration.targets.count() == 1


def test_refusal_names_the_action_and_the_state_in_english():
    with translation.override("en"):
        texts = [
            refusal(action=RegistrationAction.SUBMIT, state=RegistrationState.ACCEPTED),
            refusal(action=RegistrationAction.RETURN, state=RegistrationState.DRAFT),
            refusal(action=RegistrationAction.ACCEPT, state=RegistrationState.RETURNED),
        ]

    assert texts == [
        "This registration has already been sent to the office (Accepted): it cannot be sent again.",
        "Only a registration waiting for review can be returned; this one is now “Draft”.",
        "Only a registration waiting for review can be accepted; this one is now “Returned for supplement”.",
    ]


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


# (send, decide) per role, in every state: who acts, the transition table says when.
WHO = {
    "principal_a": (True, False),
    "principal_b": (False, False),
    "district_staff": (False, True),
    "district_admin": (False, False),
    "council_member": (False, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize("state", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_who_sends_and_decides_whatever_the_state(request, state, role, school_a, period):
    user = request.getfixturevalue(role)
    registration = Registration.objects.create(unit=school_a, period=period, state=state)

    result = (can_send_registration(user, registration), can_decide_registration(user, registration))

    assert result == WHO[role]


# --- what the school and the office are told -----------------------------------------------------------


@pytest.fixture
def mailboxes(school_a, principal_a, district_staff):
    """Addresses for the school's principal and a deputy, and for the office staff."""
    principal_a.email = "hieutruong@thanhtuyen.edu.vn"
    principal_a.save(update_fields=["email"])
    district_staff.email = "chuyenvien@pgd-dautieng.edu.vn"
    district_staff.save(update_fields=["email"])
    deputy = UserFactory(username="phohieutruong_a", email="phohieutruong@thanhtuyen.edu.vn")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    return deputy


def test_return_emails_the_principal_and_the_deputy_once(
    registration, deadline, principal_a, district_staff, mailboxes, django_capture_on_commit_callbacks
):
    submit_registration(registration=registration, by=principal_a, at=dt.datetime(2023, 11, 9, tzinfo=HCM))
    line = registration.lines.get()
    copy = stale(registration)
    with time_machine.travel(dt.datetime(2023, 11, 12, 9, tzinfo=HCM), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return_registration(
                registration=registration, by=district_staff, comment="Bổ sung minh chứng",
                line_comments={line.pk: "Ghi rõ tên sáng kiến"},
            )  # fmt: skip
        with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
            return_registration(registration=copy, by=district_staff, comment="Bổ sung lần nữa")

    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["hieutruong@thanhtuyen.edu.vn"], "Phòng đã trả lại bản đăng ký thi đua năm học 2023-2024: đề nghị bổ sung"),
        (
            ["phohieutruong@thanhtuyen.edu.vn"],
            "Phòng đã trả lại bản đăng ký thi đua năm học 2023-2024: đề nghị bổ sung",
        ),
    ]
    assert mail.outbox[0].body == (
        "Kính gửi: Trường Tiểu học Thanh Tuyền\n"
        "\n"
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng đã trả lại bản đăng ký thi đua năm học 2023-2024 của đơn vị"
        " và đề nghị bổ sung.\n"
        "\n"
        "Ý kiến của cơ quan quản lý:\n"
        "Bổ sung minh chứng\n"
        "\n"
        "Nhận xét theo từng dòng:\n"
        "  - Nguyễn Thị Hồng: Ghi rõ tên sáng kiến\n"
        "\n"
        "Đề nghị đơn vị chỉnh sửa bản đăng ký rồi gửi lại cơ quan quản lý.\n"
        "Đã quá hạn cuối (10/11/2023): hãy đề nghị cơ quan quản lý gia hạn ngay trên trang đăng ký.\n"
        "\n"
        f"Xem bản đăng ký tại: http://127.0.0.1:8000/registrations/{registration.pk}/\n"
        "\n"
        "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này.\n"
    )
    assert mail.outbox[1].body == mail.outbox[0].body
    assert Notification.objects.filter(recipient=mailboxes).count() == 1


def test_accept_emails_the_school_once_even_when_clicked_twice(
    registration, principal_a, district_staff, mailboxes, django_capture_on_commit_callbacks
):
    submit_registration(registration=registration, by=principal_a)
    copy = stale(registration)
    with django_capture_on_commit_callbacks(execute=True):
        accept_registration(registration=registration, by=district_staff, comment="Đủ hồ sơ")
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        accept_registration(registration=copy, by=district_staff)

    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["hieutruong@thanhtuyen.edu.vn"], "Phòng đã chấp nhận bản đăng ký thi đua năm học 2023-2024"),
        (["phohieutruong@thanhtuyen.edu.vn"], "Phòng đã chấp nhận bản đăng ký thi đua năm học 2023-2024"),
    ]
    assert mail.outbox[0].body == (
        "Kính gửi: Trường Tiểu học Thanh Tuyền\n"
        "\n"
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng đã chấp nhận bản đăng ký thi đua năm học 2023-2024 của đơn vị.\n"
        "\n"
        "Ý kiến của cơ quan quản lý:\n"
        "Đủ hồ sơ\n"
        "\n"
        f"Xem bản đăng ký tại: http://127.0.0.1:8000/registrations/{registration.pk}/\n"
        "\n"
        "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này.\n"
    )
    assert list(Notification.objects.filter(recipient=principal_a).values_list("title", "body")) == [
        ("Phòng đã chấp nhận bản đăng ký thi đua năm học 2023-2024", "Đủ hồ sơ")
    ]


def test_bulk_accept_emails_each_school_once(
    registration, school_b, period, principal_a, principal_b, person_b, district_staff, mailboxes,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    principal_b.email = "hieutruong@minhhoa.edu.vn"
    principal_b.save(update_fields=["email"])
    other = get_or_start_registration(unit=school_b, period=period, by=principal_b)
    other.lines.create(person=person_b, title=Award.objects.get(code="ldtt"))
    other.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    other.council_decision_file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
    other.save()
    submit_registration(registration=registration, by=principal_a)
    submit_registration(registration=other, by=principal_b)

    with django_capture_on_commit_callbacks(execute=True):
        accept_registrations(registrations=[registration, other], by=district_staff)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "hieutruong@minhhoa.edu.vn",
        "hieutruong@thanhtuyen.edu.vn",
        "phohieutruong@thanhtuyen.edu.vn",
    ]


def test_a_resubmission_is_announced_to_the_office_as_sent_again(
    registration, principal_a, district_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(registration=registration, by=principal_a)
        return_registration(registration=registration, by=district_staff, comment="Bổ sung")
        submit_registration(registration=registration, by=principal_a)

    assert list(
        Notification.objects.filter(recipient=district_staff).order_by("pk").values_list("title", flat=True)
    ) == [
        "Trường Tiểu học Thanh Tuyền đã gửi bản đăng ký thi đua năm học 2023-2024",
        "Trường Tiểu học Thanh Tuyền đã gửi lại bản đăng ký thi đua năm học 2023-2024",
    ]
    assert mail.outbox == []
