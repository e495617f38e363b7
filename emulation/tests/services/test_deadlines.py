import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from emulation.dates import closing_moment
from emulation.enums import DeadlineAction, Role
from emulation.models import DeadlineCompletion, ExtensionRequest
from emulation.selectors.calendar import deadline_entries
from emulation.selectors.deadlines import deadline_window
from emulation.services.deadlines import (
    WindowClosed,
    ensure_window_open,
    grant_extension,
    record_action_done,
    request_extension,
    upsert_deadline,
)
from emulation.tests.factories import MembershipFactory, PeriodFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))


@pytest.fixture
def registration_deadline(period, district, school_a):
    return upsert_deadline(
        source="milestone:2",
        period=period,
        issuing_unit=district,
        action=DeadlineAction.REGISTRATION,
        title="Nộp hồ sơ đăng ký thi đua",
        opens_on=dt.date(2023, 11, 1),
        due_on=dt.date(2023, 11, 10),
        units=[school_a],
    )


def at(*args):
    return dt.datetime(*args, tzinfo=HCM)


def test_deadline_closes_at_the_end_of_its_last_day(registration_deadline):
    assert registration_deadline.closes_at == at(2023, 11, 10, 23, 59, 59)
    assert registration_deadline.last_day == dt.date(2023, 11, 10)


def test_window_open_inside_the_dates(registration_deadline, school_a, period):
    window = ensure_window_open(
        unit=school_a, period=period, action=DeadlineAction.REGISTRATION, at=at(2023, 11, 10, 23, 0)
    )

    assert (window.is_open, window.extended, window.last_day) == (True, False, dt.date(2023, 11, 10))


def test_window_closed_after_the_last_day_names_the_deadline(registration_deadline, school_a, period):
    with pytest.raises(WindowClosed) as error:
        ensure_window_open(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, at=at(2023, 11, 11, 0, 0))

    assert error.value.messages == [
        "Đã quá hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối là ngày 10/11/2023. Hãy đề nghị cơ quan quản lý gia hạn."
    ]


def test_window_not_yet_open(registration_deadline, school_a, period):
    with pytest.raises(WindowClosed) as error:
        ensure_window_open(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, at=at(2023, 10, 31, 12))

    assert error.value.messages == ["“Nộp hồ sơ đăng ký thi đua” mở từ ngày 01/11/2023."]


def test_window_extended_for_one_unit(registration_deadline, school_a, period, district_staff):
    grant_extension(
        deadline=registration_deadline,
        unit=school_a,
        last_day=dt.date(2023, 11, 15),
        reason="Mất điện",
        by=district_staff,
    )

    window = ensure_window_open(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, at=at(2023, 11, 14))

    assert (window.is_open, window.extended, window.last_day) == (True, True, dt.date(2023, 11, 15))


def test_extension_of_one_unit_does_not_open_another(registration_deadline, school_a, school_b, period, district_staff):
    registration_deadline.units.add(school_b)
    grant_extension(
        deadline=registration_deadline,
        unit=school_a,
        last_day=dt.date(2023, 11, 15),
        reason="Mất điện",
        by=district_staff,
    )

    with pytest.raises(WindowClosed):
        ensure_window_open(unit=school_b, period=period, action=DeadlineAction.REGISTRATION, at=at(2023, 11, 14))


def test_extension_must_move_the_day_later(registration_deadline, school_a, district_staff):
    with pytest.raises(Exception) as error:
        grant_extension(
            deadline=registration_deadline, unit=school_a, last_day=dt.date(2023, 11, 9), reason="x", by=district_staff
        )

    assert error.value.message_dict == {"last_day": ["Ngày hạn cuối mới phải sau ngày 10/11/2023."]}


def test_no_deadline_means_no_restriction_by_default(school_b, period):
    assert ensure_window_open(unit=school_b, period=period, action=DeadlineAction.REGISTRATION) is None


def test_no_deadline_refused_when_setting_requires_one(school_b, period, settings):
    settings.DEADLINES_REQUIRED = True

    with pytest.raises(WindowClosed):
        ensure_window_open(unit=school_b, period=period, action=DeadlineAction.REGISTRATION)


def test_open_deadline_wins_over_closed_one(registration_deadline, school_a, district, period):
    upsert_deadline(
        source="milestone:99", period=period, issuing_unit=district, action=DeadlineAction.REGISTRATION,
        title="Đợt bổ sung", opens_on=dt.date(2024, 1, 2), due_on=dt.date(2024, 1, 15), units=[school_a],
    )  # fmt: skip

    window = deadline_window(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, at=at(2024, 1, 5))

    assert (window.deadline.title, window.is_open) == ("Đợt bổ sung", True)


def test_upsert_updates_the_same_source(registration_deadline, period, district, school_b):
    again = upsert_deadline(
        source="milestone:2", period=period, issuing_unit=district, action=DeadlineAction.REGISTRATION,
        title="Nộp hồ sơ (sửa)", opens_on=None, due_on=dt.date(2023, 11, 11), units=[school_b],
    )  # fmt: skip

    assert again.pk == registration_deadline.pk
    assert (again.title, again.closes_at, list(again.units.all())) == (
        "Nộp hồ sơ (sửa)",
        closing_moment(dt.date(2023, 11, 11)),
        [school_b],
    )


def test_record_action_done_is_idempotent(registration_deadline, school_a, period, principal_a):
    record_action_done(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, by=principal_a)
    record_action_done(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, by=principal_a)

    assert DeadlineCompletion.objects.filter(unit=school_a).count() == 1


def test_deadline_entries_states(registration_deadline, school_a, period, district, principal_a):
    late = upsert_deadline(
        source="m:3", period=period, issuing_unit=district, action=DeadlineAction.REPORT, title="Báo cáo",
        opens_on=None, due_on=dt.date(2023, 11, 5), units=[school_a],
    )  # fmt: skip
    upsert_deadline(
        source="m:4", period=period, issuing_unit=district, action=DeadlineAction.MANUAL, title="Khác",
        opens_on=None, due_on=dt.date(2023, 12, 5), units=[school_a],
    )  # fmt: skip
    record_action_done(unit=school_a, period=period, action=DeadlineAction.REPORT, by=principal_a, at=at(2023, 11, 6))

    rows = deadline_entries(
        unit_ids=[school_a.pk], start=dt.date(2023, 9, 1), end=dt.date(2024, 8, 31), at=at(2023, 11, 20)
    )

    assert [(row.deadline.title, row.state) for row in rows] == [
        ("Báo cáo", "late"),
        ("Nộp hồ sơ đăng ký thi đua", "overdue"),
        ("Khác", "open"),
    ]
    assert late.pk == rows[0].deadline.pk


# --- More time: the office grants it, the school asks for it -------------------------------------------


@pytest.fixture
def addresses(school_a, principal_a, district_staff):
    """E-mail addresses for the school's principal and a deputy, and for the office's staff and head."""
    principal_a.email = "hieutruong@thanhtuyen.edu.vn"
    principal_a.save(update_fields=["email"])
    district_staff.email = "chuyenvien@pgd-dautieng.edu.vn"
    district_staff.save(update_fields=["email"])
    deputy = UserFactory(username="phohieutruong_a", email="phohieutruong@thanhtuyen.edu.vn")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    head = UserFactory(username="truongphong", email="truongphong@pgd-dautieng.edu.vn")
    MembershipFactory(user=head, unit=school_a.parent, role=Role.DISTRICT_HEAD)
    return {"deputy": deputy, "head": head}


def test_an_extension_reaches_the_school_once_it_commits_and_only_once(
    registration_deadline, school_a, principal_a, district_staff, addresses, django_capture_on_commit_callbacks
):
    def grant(day):
        with django_capture_on_commit_callbacks(execute=True):
            grant_extension(
                deadline=registration_deadline, unit=school_a, last_day=day, reason="Trường bị ngập", by=district_staff
            )

    grant(dt.date(2023, 11, 20))
    grant(dt.date(2023, 11, 20))
    first = [(message.to, message.subject) for message in mail.outbox]
    grant(dt.date(2023, 11, 24))

    subject = "Gia hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối mới là ngày 20/11/2023"
    assert first == [(["hieutruong@thanhtuyen.edu.vn"], subject), (["phohieutruong@thanhtuyen.edu.vn"], subject)]
    assert mail.outbox[0].body == (
        "Kính gửi: Trường Tiểu học Thanh Tuyền\n"
        "\n"
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng đã gia hạn cho đơn vị thực hiện nhiệm vụ:\n"
        "\n"
        "Nộp hồ sơ đăng ký thi đua\n"
        "\n"
        "Hạn cuối: 20/11/2023\n"
        "(Đơn vị được gia hạn; hạn cuối theo kế hoạch là 10/11/2023.)\n"
        "Lý do: Trường bị ngập\n"
        "\n"
        "Xem các hạn của đơn vị tại: http://127.0.0.1:8000/\n"
        "\n"
        "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này.\n"
    )
    assert [message.subject for message in mail.outbox[2:]] == [
        "Gia hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối mới là ngày 24/11/2023"
    ] * 2
    assert list(principal_a.notifications.order_by("pk").values_list("title", "body", "url")) == [
        (subject, "Trường bị ngập", "/"),
        ("Gia hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối mới là ngày 24/11/2023", "Trường bị ngập", "/"),
    ]
    assert district_staff.notifications.count() == 0


def test_a_request_for_more_time_reaches_the_office_once_however_often_it_is_sent(
    registration_deadline, school_a, principal_a, district_staff, addresses, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = request_extension(
            deadline=registration_deadline, unit=school_a, reason="  Hiệu trưởng đi tập huấn  ", by=principal_a,
            url="/completion/7/8/extend/",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as again:
        second, created_again = request_extension(
            deadline=registration_deadline, unit=school_a, reason="Bấm lần nữa", by=principal_a
        )

    assert (created, created_again, second, again) == (True, False, first, [])
    assert list(ExtensionRequest.objects.values_list("unit", "reason", "requested_by", "answered_at")) == [
        (school_a.pk, "Hiệu trưởng đi tập huấn", principal_a.pk, None)
    ]
    subject = "Trường Tiểu học Thanh Tuyền đề nghị gia hạn “Nộp hồ sơ đăng ký thi đua”"
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["chuyenvien@pgd-dautieng.edu.vn"], subject),
        (["truongphong@pgd-dautieng.edu.vn"], subject),
    ]
    assert mail.outbox[0].body == (
        "Trường Tiểu học Thanh Tuyền đề nghị gia hạn thực hiện nhiệm vụ:\n"
        "\n"
        "Nộp hồ sơ đăng ký thi đua\n"
        "\n"
        "Hạn cuối: 10/11/2023\n"
        "Lý do: Hiệu trưởng đi tập huấn\n"
        "Người đề nghị: hieutruong_a\n"
        "\n"
        "Gia hạn cho đơn vị tại: http://127.0.0.1:8000/completion/7/8/extend/\n"
        "\n"
        "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này.\n"
    )
    assert list(district_staff.notifications.values_list("title", "body", "url")) == [
        (subject, "Hiệu trưởng đi tập huấn", "/completion/7/8/extend/")
    ]
    assert principal_a.notifications.count() == 0


def test_granting_the_extension_answers_the_request_and_the_school_may_ask_again(
    registration_deadline, school_a, principal_a, district_staff
):
    asked, _created = request_extension(
        deadline=registration_deadline, unit=school_a, reason="Mất điện", by=principal_a
    )
    grant_extension(
        deadline=registration_deadline, unit=school_a, last_day=dt.date(2023, 11, 20), reason="Mất điện",
        by=district_staff,
    )  # fmt: skip
    asked.refresh_from_db()

    again, created = request_extension(
        deadline=registration_deadline, unit=school_a, reason="Vẫn chưa có điện", by=principal_a
    )

    assert (asked.answered_by, asked.answered_at is not None) == (district_staff, True)
    assert (created, again.answered_at) == (True, None)
    assert ExtensionRequest.objects.count() == 2


def test_a_request_needs_a_reason(registration_deadline, school_a, principal_a):
    with pytest.raises(ValidationError) as error:
        request_extension(deadline=registration_deadline, unit=school_a, reason="  ", by=principal_a)

    assert error.value.message_dict == {"reason": ["Hãy ghi lý do đơn vị cần thêm thời gian."]}
    assert ExtensionRequest.objects.count() == 0


def test_a_unit_that_is_done_needs_no_more_time(registration_deadline, school_a, period, principal_a):
    record_action_done(unit=school_a, period=period, action=DeadlineAction.REGISTRATION, by=principal_a)

    with pytest.raises(ValidationError) as error:
        request_extension(deadline=registration_deadline, unit=school_a, reason="Xin thêm", by=principal_a)

    assert error.value.messages == ["Đơn vị đã hoàn thành “Nộp hồ sơ đăng ký thi đua”: không cần gia hạn."]


def test_the_database_holds_one_open_request_per_deadline_and_unit(registration_deadline, school_a, principal_a):
    ExtensionRequest.objects.create(
        deadline=registration_deadline, unit=school_a, reason="Một", requested_by=principal_a
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequest.objects.create(
            deadline=registration_deadline, unit=school_a, reason="Hai", requested_by=principal_a
        )


def test_a_request_that_did_not_wait_on_the_lock_finds_the_first(
    registration_deadline, school_a, principal_a, monkeypatch, django_capture_on_commit_callbacks
):
    first = ExtensionRequest.objects.create(
        deadline=registration_deadline, unit=school_a, reason="Một", requested_by=principal_a
    )
    monkeypatch.setattr(QuerySet, "first", lambda self: None)  # as if the first request had not committed yet

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        found, created = request_extension(deadline=registration_deadline, unit=school_a, reason="Hai", by=principal_a)

    assert (found, created, callbacks) == (first, False, [])
