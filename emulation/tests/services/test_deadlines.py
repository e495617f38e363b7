import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from emulation.dates import closing_moment
from emulation.enums import DeadlineAction
from emulation.models import DeadlineCompletion
from emulation.selectors.calendar import deadline_entries
from emulation.selectors.deadlines import deadline_window
from emulation.services.deadlines import (
    WindowClosed,
    ensure_window_open,
    grant_extension,
    record_action_done,
    upsert_deadline,
)
from emulation.tests.factories import PeriodFactory

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
