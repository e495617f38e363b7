import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from emulation.enums import DeadlineAction, Role
from emulation.models import DeadlineCompletion, Notification
from emulation.services.deadlines import grant_extension
from emulation.tests.factories import DistrictFactory, SchoolFactory
from schedules.enums import OVERDUE_OFFSET
from schedules.models import Digest, Reminder
from schedules.reminders import sending
from schedules.reminders.digests import send_overdue_digests
from schedules.reminders.due import applicable_offset, clean_offsets
from schedules.reminders.sending import ReminderResult, send_due_reminders
from schedules.services import sync_milestone_deadline
from schedules.tasks import task_send_overdue_digests, task_send_reminders
from schedules.tests.conftest import user_with_role
from schedules.tests.factories import MilestoneFactory, PlanFactory

LAST_DAY = dt.date(2023, 11, 10)
CONTENT = "Nộp bản đăng ký thi đua năm học 2023 - 2024"
FOOTER = "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này."


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    """A moment of *day* in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def nov(day: int, hour: int = 8) -> dt.datetime:
    return at(dt.date(2023, 11, day), hour)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://thidua.dautieng.edu.vn"


@pytest.fixture
def principal_tt(thanh_tuyen):
    return user_with_role(
        username="hieutruong.tt", unit=thanh_tuyen, role=Role.PRINCIPAL, email="hieutruong@thtt.edu.vn"
    )


@pytest.fixture
def deputy_tt(thanh_tuyen):
    return user_with_role(
        username="phohieutruong.tt", unit=thanh_tuyen, role=Role.DEPUTY_PRINCIPAL, email="phohieutruong@thtt.edu.vn"
    )


@pytest.fixture
def principal_mh(minh_hoa):
    return user_with_role(username="hieutruong.mh", unit=minh_hoa, role=Role.PRINCIPAL, email="hieutruong@thmh.edu.vn")


@pytest.fixture
def plan(office):
    return PlanFactory(issued=True, issuing_unit=office)


@pytest.fixture
def milestone(plan, thanh_tuyen, minh_hoa, principal_tt, deputy_tt, principal_mh):
    return MilestoneFactory(
        plan=plan,
        order=1,
        content=CONTENT,
        due_text="Trước ngày 11/11/2023",
        due_on=LAST_DAY,
        done_when=DeadlineAction.REGISTRATION,
        units=[thanh_tuyen, minh_hoa],
    )


def sent(milestone=None) -> list[tuple[str, int]]:
    """(unit name, offset) of every reminder recorded, in the order claimed."""
    rows = Reminder.objects.order_by("pk")
    if milestone is not None:
        rows = rows.filter(milestone=milestone)
    return [(row.unit.name, row.offset) for row in rows]


# The offset chosen ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "offset"),
    [(9, None), (8, None), (7, 7), (6, 7), (4, 7), (3, 3), (2, 3), (1, 1), (0, 1), (-1, OVERDUE_OFFSET), (-30, -1)],
)
def test_applicable_offset_is_the_smallest_offset_not_below_the_days_left(days_left, offset):
    assert applicable_offset(days_left=days_left, offsets=[1, 3, 7], remind_overdue=True) == offset


def test_applicable_offset_after_the_last_day_without_overdue_reminder_is_none():
    assert applicable_offset(days_left=-1, offsets=[1, 3, 7], remind_overdue=False) is None


def test_applicable_offset_with_a_same_day_offset():
    assert [applicable_offset(days_left=d, offsets=[0, 2], remind_overdue=False) for d in (3, 2, 1, 0)] == [
        None,
        2,
        2,
        0,
    ]


def test_clean_offsets_ignores_what_is_not_a_whole_day_ahead():
    assert clean_offsets([7, "3", 1, -2, "x", None, 3]) == [1, 3, 7]


def test_ticks_on_each_day_send_7_3_1_days_before_and_once_overdue(milestone):
    claimed_per_day = {day: send_due_reminders(now=nov(day)).claimed for day in range(1, 16)}

    assert claimed_per_day == {
        1: 0, 2: 0, 3: 2, 4: 0, 5: 0, 6: 0, 7: 2, 8: 0, 9: 2, 10: 0, 11: 2, 12: 0, 13: 0, 14: 0, 15: 0,
    }  # fmt: skip
    assert sent() == [
        ("Trường Tiểu học Thanh Tuyền", 7),
        ("Trường Tiểu học Minh Hòa", 7),
        ("Trường Tiểu học Thanh Tuyền", 3),
        ("Trường Tiểu học Minh Hòa", 3),
        ("Trường Tiểu học Thanh Tuyền", 1),
        ("Trường Tiểu học Minh Hòa", 1),
        ("Trường Tiểu học Thanh Tuyền", -1),
        ("Trường Tiểu học Minh Hòa", -1),
    ]
    assert len(mail.outbox) == 8
    assert list(Reminder.objects.order_by("pk").values_list("sent_at", flat=True)) == [
        nov(3), nov(3), nov(7), nov(7), nov(9), nov(9), nov(11), nov(11)
    ]  # fmt: skip


def test_tick_that_missed_days_sends_one_reminder_not_each_missed_one(milestone):
    result = send_due_reminders(now=nov(8))

    assert result == ReminderResult(claimed=2, emails=2, notifications=3, skipped_done=0)
    assert sent() == [("Trường Tiểu học Thanh Tuyền", 3), ("Trường Tiểu học Minh Hòa", 3)]
    assert [m.subject for m in mail.outbox] == [
        f"[58/KH-PGDĐT] Còn 2 ngày: “{CONTENT}” – hạn cuối 10/11/2023",
        f"[58/KH-PGDĐT] Còn 2 ngày: “{CONTENT}” – hạn cuối 10/11/2023",
    ]


def test_tick_on_the_last_day_sends_the_last_reminder(milestone):
    send_due_reminders(now=nov(10, hour=6))

    assert sent() == [("Trường Tiểu học Thanh Tuyền", 1), ("Trường Tiểu học Minh Hòa", 1)]
    assert mail.outbox[0].subject == f"[58/KH-PGDĐT] Hôm nay là hạn cuối: “{CONTENT}” (10/11/2023)"
    assert mail.outbox[0].body.splitlines()[2] == "Hôm nay là hạn cuối để đơn vị hoàn thành công việc sau:"


def test_overdue_reminder_is_sent_once(milestone):
    first = send_due_reminders(now=nov(11))
    later = [send_due_reminders(now=nov(day)).claimed for day in (12, 20, 30)]

    assert first.claimed == 2
    assert later == [0, 0, 0]
    assert sent() == [("Trường Tiểu học Thanh Tuyền", -1), ("Trường Tiểu học Minh Hòa", -1)]
    assert mail.outbox[0].subject == f"[58/KH-PGDĐT] Quá hạn: “{CONTENT}” – hạn cuối là 10/11/2023"
    assert mail.outbox[0].body.splitlines()[2] == "Đã quá hạn cuối của công việc sau mà đơn vị chưa hoàn thành:"


def test_no_overdue_reminder_when_the_milestone_does_not_ask_for_one(milestone):
    milestone.remind_overdue = False
    milestone.save(update_fields=["remind_overdue"])

    assert send_due_reminders(now=nov(11)).claimed == 0
    assert Reminder.objects.count() == 0


def test_milestone_offsets_of_its_own_are_used(milestone):
    milestone.reminder_offsets = [5]
    milestone.save(update_fields=["reminder_offsets"])

    claimed = [send_due_reminders(now=nov(day)).claimed for day in range(3, 11)]

    assert claimed == [0, 0, 2, 0, 0, 0, 0, 0]
    assert sent() == [("Trường Tiểu học Thanh Tuyền", 5), ("Trường Tiểu học Minh Hòa", 5)]


def test_draft_plan_sends_no_reminder(office, thanh_tuyen, principal_tt):
    MilestoneFactory(plan=PlanFactory(issuing_unit=office), due_on=LAST_DAY, units=[thanh_tuyen])

    assert send_due_reminders(now=nov(9)) == ReminderResult()
    assert mail.outbox == []


# Who gets what ----------------------------------------------------------------------------------


def test_completed_unit_gets_no_reminder(milestone, thanh_tuyen, principal_mh):
    DeadlineCompletion.objects.create(deadline=milestone.deadline, unit=thanh_tuyen, completed_at=nov(2))

    result = send_due_reminders(now=nov(3))
    overdue = send_due_reminders(now=nov(11))

    assert result == ReminderResult(claimed=1, emails=1, notifications=1, skipped_done=1)
    assert overdue.skipped_done == 1
    assert sent() == [("Trường Tiểu học Minh Hòa", 7), ("Trường Tiểu học Minh Hòa", -1)]
    assert [m.to for m in mail.outbox] == [["hieutruong@thmh.edu.vn"], ["hieutruong@thmh.edu.vn"]]


def test_extension_moves_the_reminders_of_that_unit(milestone, thanh_tuyen, office_staff):
    grant_extension(
        deadline=milestone.deadline, unit=thanh_tuyen, last_day=dt.date(2023, 11, 17), reason="Lũ lụt", by=office_staff
    )

    claimed = {day: [(r.unit.name, r.offset) for r in reminders_sent_on(day)] for day in (9, 10, 11, 14, 16, 18)}

    assert claimed == {
        9: [("Trường Tiểu học Minh Hòa", 1)],
        10: [("Trường Tiểu học Thanh Tuyền", 7)],
        11: [("Trường Tiểu học Minh Hòa", -1)],
        14: [("Trường Tiểu học Thanh Tuyền", 3)],
        16: [("Trường Tiểu học Thanh Tuyền", 1)],
        18: [("Trường Tiểu học Thanh Tuyền", -1)],
    }
    extended = [m for m in mail.outbox if m.to[0] == "hieutruong@thtt.edu.vn"][0]
    assert extended.subject == f"[58/KH-PGDĐT] Còn 7 ngày: “{CONTENT}” – hạn cuối 17/11/2023"
    assert extended.body.splitlines()[6:8] == [
        "Hạn cuối: 17/11/2023",
        "(Đơn vị được gia hạn; hạn cuối theo kế hoạch là 10/11/2023.)",
    ]


def reminders_sent_on(day: int) -> list[Reminder]:
    before = set(Reminder.objects.values_list("pk", flat=True))
    send_due_reminders(now=nov(day))
    return list(Reminder.objects.exclude(pk__in=before).order_by("pk").select_related("unit"))


def test_reminder_email_subject_body_and_recipients(milestone):
    send_due_reminders(now=nov(7))

    first = mail.outbox[0]
    assert first.subject == f"[58/KH-PGDĐT] Còn 3 ngày: “{CONTENT}” – hạn cuối 10/11/2023"
    assert first.to == ["hieutruong@thtt.edu.vn", "phohieutruong@thtt.edu.vn"]
    assert first.from_email == "thidua@localhost"
    assert first.body == (
        "Kính gửi: Trường Tiểu học Thanh Tuyền\n"
        "\n"
        "Đơn vị còn 3 ngày để hoàn thành công việc sau:\n"
        "\n"
        f"{CONTENT}\n"
        "\n"
        "Hạn cuối: 10/11/2023\n"
        "Thời gian theo kế hoạch: Trước ngày 11/11/2023\n"
        "Được tính là hoàn thành khi: đơn vị nộp bản đăng ký thi đua trên hệ thống.\n"
        "Kế hoạch số 58/KH-PGDĐT: Công tác thi đua, khen thưởng năm học 2023 - 2024\n"
        "Đơn vị ban hành: Phòng Giáo dục và Đào tạo huyện Dầu Tiếng\n"
        "\n"
        "Xem các hạn của đơn vị tại: https://thidua.dautieng.edu.vn/\n"
        "\n"
        f"{FOOTER}\n"
    )
    assert [m.to for m in mail.outbox] == [
        ["hieutruong@thtt.edu.vn", "phohieutruong@thtt.edu.vn"],
        ["hieutruong@thmh.edu.vn"],
    ]
    assert mail.outbox[1].subject == first.subject
    assert mail.outbox[1].body == first.body.replace("Thanh Tuyền", "Minh Hòa")
    assert mail.outbox[1].body.splitlines()[0] == "Kính gửi: Trường Tiểu học Minh Hòa"


def test_reminder_email_keeps_special_characters_unescaped(plan, thanh_tuyen, principal_tt):
    MilestoneFactory(plan=plan, content='Nộp "Báo cáo" sơ kết & <tổng hợp>', due_on=LAST_DAY, units=[thanh_tuyen])

    send_due_reminders(now=nov(9))

    assert mail.outbox[0].body.splitlines()[4] == 'Nộp "Báo cáo" sơ kết & <tổng hợp>'
    assert mail.outbox[0].body.splitlines()[7] == (
        "Được tính là hoàn thành khi: đơn vị xác nhận đã hoàn thành trên hệ thống (kèm tệp nếu cần)."
    )


def test_reminder_notifications_go_to_principal_and_deputy_only(milestone, thanh_tuyen):
    user_with_role(username="uyvien.tt", unit=thanh_tuyen, role=Role.COUNCIL_MEMBER, email="uyvien@thtt.edu.vn")

    send_due_reminders(now=nov(3))

    title_of = f"[58/KH-PGDĐT] Còn 7 ngày: “{CONTENT}” – hạn cuối 10/11/2023"
    assert list(Notification.objects.order_by("pk").values_list("recipient__username", "title", "url")) == [
        ("hieutruong.tt", title_of, "/"),
        ("phohieutruong.tt", title_of, "/"),
        ("hieutruong.mh", title_of, "/"),
    ]
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
    assert Notification.objects.order_by("pk").first().body == mail.outbox[0].body


def test_office_unit_that_must_act_reminds_its_office_staff(plan, office, office_staff):
    user_with_role(username="hieutruong.lac", unit=office, role=Role.PRINCIPAL, email="nham@pgd.edu.vn")
    MilestoneFactory(plan=plan, content="Hội đồng đánh giá sáng kiến làm việc", due_on=LAST_DAY, units=[office])

    result = send_due_reminders(now=nov(9))

    assert result == ReminderResult(claimed=1, emails=1, notifications=1)
    assert mail.outbox[0].to == ["chuyenvien@pgd-dautieng.edu.vn"]


def test_unit_without_accounts_is_counted_and_not_retried(plan, thanh_tuyen):
    MilestoneFactory(plan=plan, due_on=LAST_DAY, units=[thanh_tuyen])

    first = send_due_reminders(now=nov(9))
    again = send_due_reminders(now=nov(9, hour=10))

    assert first == ReminderResult(claimed=1, emails=0, notifications=0, without_recipients=1)
    assert again.claimed == 0
    assert Reminder.objects.get().sent_at == nov(9)


def test_user_without_email_gets_the_notification_only(plan, thanh_tuyen):
    user_with_role(username="hieutruong.khongmail", unit=thanh_tuyen, role=Role.PRINCIPAL)
    MilestoneFactory(plan=plan, due_on=LAST_DAY, units=[thanh_tuyen])

    result = send_due_reminders(now=nov(9))

    assert result == ReminderResult(claimed=1, emails=0, notifications=1)
    assert mail.outbox == []


# Sent once --------------------------------------------------------------------------------------


def test_running_the_tick_twice_sends_once(milestone):
    first = send_due_reminders(now=nov(7, hour=8))
    second = send_due_reminders(now=nov(7, hour=8))

    assert (first.claimed, second) == (2, ReminderResult())
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 3


def test_tick_rerun_after_a_crash_does_not_send_what_the_crashed_tick_claimed(milestone, thanh_tuyen, minh_hoa):
    # The crashed tick had claimed both reminders, then died before sending.
    for unit in (thanh_tuyen, minh_hoa):
        Reminder.objects.create(milestone=milestone, unit=unit, offset=3, tick="00000000-0000-4000-8000-000000000001")

    result = send_due_reminders(now=nov(7))

    assert result == ReminderResult()
    assert mail.outbox == []


def test_tick_that_loses_the_claim_to_a_rival_sends_nothing(monkeypatch, milestone):
    real_claim = sending._claim
    rival_results = []

    def claim_after_a_rival_tick(**kwargs):
        monkeypatch.setattr(sending, "_claim", real_claim)
        rival_results.append(send_due_reminders(now=nov(7)))  # runs whole between our look-up and our claim
        return real_claim(**kwargs)

    monkeypatch.setattr(sending, "_claim", claim_after_a_rival_tick)
    late = send_due_reminders(now=nov(7))

    assert rival_results[0].claimed == 2
    assert late.claimed == 0
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2


class BrokenMailServer(EmailBackend):
    """The outside world: a mail server that accepts one message, then goes away."""

    accepted = 0

    def send_messages(self, messages):
        if BrokenMailServer.accepted >= 1:
            raise ConnectionResetError("mail server went away")
        BrokenMailServer.accepted += len(messages)
        return super().send_messages(messages)


def test_mail_failure_releases_the_unsent_reminders_for_the_next_tick(settings, milestone):
    settings.EMAIL_BACKEND = "schedules.tests.reminders.test_reminders.BrokenMailServer"
    BrokenMailServer.accepted = 0

    with pytest.raises(ConnectionResetError):
        send_due_reminders(now=nov(7, hour=8))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = send_due_reminders(now=nov(7, hour=9))

    assert [m.to for m in mail.outbox] == [
        ["hieutruong@thtt.edu.vn", "phohieutruong@thtt.edu.vn"],
        ["hieutruong@thmh.edu.vn"],
    ]
    assert retry == ReminderResult(claimed=1, emails=1, notifications=1)
    assert list(Reminder.objects.order_by("unit__name").values_list("unit__name", "sent_at")) == [
        ("Trường Tiểu học Minh Hòa", nov(7, hour=9)),
        ("Trường Tiểu học Thanh Tuyền", nov(7, hour=8)),
    ]
    assert Notification.objects.count() == 3


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_ticks_on_postgresql_send_each_reminder_exactly_once(office):
    schools = [SchoolFactory(parent=office, name=f"Trường Tiểu học Số {n:02d}") for n in range(30)]
    for number, school in enumerate(schools):
        user_with_role(username=f"ht{number}", unit=school, role=Role.PRINCIPAL, email=f"ht{number}@truong.edu.vn")
    plan = PlanFactory(issued=True, issuing_unit=office)
    for order in range(1, 4):
        MilestoneFactory(plan=plan, order=order, due_on=LAST_DAY, units=schools)

    real_claim = sending._claim
    both_looked_up = threading.Barrier(2, timeout=30)

    def claim_together(**kwargs):
        both_looked_up.wait()  # both ticks have computed the same 90 reminders before either claims
        return real_claim(**kwargs)

    sending._claim = claim_together
    results, errors = [], []

    def tick():
        try:
            results.append(send_due_reminders(now=nov(9)))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=tick) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sending._claim = real_claim

    assert errors == []
    assert sum(result.claimed for result in results) == 90
    assert sum(result.emails for result in results) == 90
    assert len(mail.outbox) == 90
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 90
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 90
    assert Notification.objects.count() == 90


# Query count ------------------------------------------------------------------------------------


def province(office, count: int):
    schools = [SchoolFactory(parent=office) for _ in range(count)]
    for number, school in enumerate(schools):
        user_with_role(username=f"ht{number}", unit=school, role=Role.PRINCIPAL, email=f"ht{number}@truong.edu.vn")
    plan = PlanFactory(issued=True, issuing_unit=office)
    milestones = [
        MilestoneFactory(plan=plan, order=1, due_on=dt.date(2023, 11, 12), units=schools),
        MilestoneFactory(plan=plan, order=2, due_on=dt.date(2023, 11, 5), units=schools),
    ]
    DeadlineCompletion.objects.create(deadline=milestones[0].deadline, unit=schools[0], completed_at=nov(1))
    grant_extension(
        deadline=milestones[1].deadline, unit=schools[1], last_day=dt.date(2023, 11, 20), reason="x", by=plan.created_by
    )
    return schools


@pytest.mark.parametrize("count", [5, 40])
def test_query_count_of_a_tick_does_not_grow_with_units(office, count):
    province(office, count)

    with CaptureQueriesContext(connection) as queries:
        result = send_due_reminders(now=nov(9))

    assert result.claimed == 2 * count - 2
    assert result.emails == 2 * count - 2
    assert len(queries) == 13


# The office's digest ----------------------------------------------------------------------------


@pytest.fixture
def overdue_setup(plan, milestone, office_staff, thanh_tuyen, minh_hoa):
    second = MilestoneFactory(
        plan=plan, order=2, content="Nộp hồ sơ sáng kiến", due_on=dt.date(2023, 11, 12), units=[thanh_tuyen, minh_hoa]
    )
    MilestoneFactory(plan=plan, order=3, content="Chưa đến hạn", due_on=dt.date(2023, 12, 1), units=[thanh_tuyen])
    DeadlineCompletion.objects.create(deadline=second.deadline, unit=minh_hoa, completed_at=nov(12))
    grant_extension(
        deadline=milestone.deadline,
        unit=minh_hoa,
        last_day=dt.date(2023, 11, 11),
        reason="Đổi hiệu trưởng",
        by=office_staff,
    )
    return second


def test_digest_lists_overdue_units_per_milestone(overdue_setup, office_staff):
    result = send_overdue_digests(now=nov(13, hour=7))

    assert (result.claimed, result.emails, result.notifications) == (1, 1, 1)
    message = mail.outbox[0]
    assert message.to == ["chuyenvien@pgd-dautieng.edu.vn"]
    assert message.subject == "Đơn vị quá hạn ngày 13/11/2023: 2 đơn vị, 2 mốc"
    assert message.body == (
        "Các đơn vị đã quá hạn cuối mà chưa hoàn thành, tính đến ngày 13/11/2023:\n"
        "\n"
        "Kế hoạch số 58/KH-PGDĐT: Công tác thi đua, khen thưởng năm học 2023 - 2024\n"
        "\n"
        f"1. {CONTENT}\n"
        "Hạn cuối: 10/11/2023 – quá hạn: 2 đơn vị\n"
        "  - Trường Tiểu học Minh Hòa (gia hạn đến 11/11/2023)\n"
        "  - Trường Tiểu học Thanh Tuyền\n"
        "\n"
        "2. Nộp hồ sơ sáng kiến\n"
        "Hạn cuối: 12/11/2023 – quá hạn: 1 đơn vị\n"
        "  - Trường Tiểu học Thanh Tuyền\n"
        "\n"
        "Bảng theo dõi hoàn thành: https://thidua.dautieng.edu.vn/completion/\n"
        "\n"
        f"{FOOTER}\n"
    )
    assert list(Notification.objects.values_list("recipient__username", "title", "url")) == [
        ("chuyenvien.dt", "Đơn vị quá hạn ngày 13/11/2023: 2 đơn vị, 2 mốc", "/completion/")
    ]


def test_digest_is_sent_once_a_day(overdue_setup, office_staff):
    runs = [send_overdue_digests(now=nov(13, hour=hour)).claimed for hour in (7, 8, 11)]
    next_day = send_overdue_digests(now=nov(14, hour=7))

    assert runs == [1, 0, 0]
    assert next_day.claimed == 1
    assert list(Digest.objects.order_by("day").values_list("user__username", "day")) == [
        ("chuyenvien.dt", dt.date(2023, 11, 13)),
        ("chuyenvien.dt", dt.date(2023, 11, 14)),
    ]
    assert len(mail.outbox) == 2


def test_digest_leaves_out_units_still_within_their_extension(milestone, minh_hoa, thanh_tuyen, office_staff):
    grant_extension(
        deadline=milestone.deadline, unit=minh_hoa, last_day=dt.date(2023, 11, 30), reason="x", by=office_staff
    )
    DeadlineCompletion.objects.create(deadline=milestone.deadline, unit=thanh_tuyen, completed_at=nov(12))

    result = send_overdue_digests(now=nov(13))

    assert result.claimed == 0
    assert mail.outbox == []
    assert Digest.objects.count() == 0


def test_digest_goes_only_to_staff_of_the_issuing_office(overdue_setup, office_staff, principal_tt):
    other_office = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bến Cát")
    user_with_role(username="chuyenvien.khac", unit=other_office, role=Role.DISTRICT_STAFF, email="cv@khac.edu.vn")

    send_overdue_digests(now=nov(13))

    assert [m.to for m in mail.outbox] == [["chuyenvien@pgd-dautieng.edu.vn"]]
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["chuyenvien.dt"]


def test_digest_claimed_by_another_run_is_not_sent_again(overdue_setup, office_staff):
    Digest.objects.create(user=office_staff, day=dt.date(2023, 11, 13))

    assert send_overdue_digests(now=nov(13)).claimed == 0
    assert mail.outbox == []


# Tasks and beat ---------------------------------------------------------------------------------


def test_task_send_reminders_runs_the_tick(milestone):
    milestone.due_on = timezone.localdate() + dt.timedelta(days=3)
    milestone.save(update_fields=["due_on"])
    sync_milestone_deadline(milestone=milestone)

    outcome = task_send_reminders.apply().get()

    assert outcome == {"claimed": 2, "emails": 2, "notifications": 3, "skipped_done": 0, "without_recipients": 0}


def test_task_send_overdue_digests_runs_once_a_day(overdue_setup, office_staff):
    first = task_send_overdue_digests.apply().get()
    second = task_send_overdue_digests.apply().get()

    assert first == {"claimed": 1, "emails": 1, "notifications": 1}
    assert second == {"claimed": 0, "emails": 0, "notifications": 0}


def test_beat_schedule_runs_reminders_and_digests(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["reminders"]["task"] == task_send_reminders.name == "schedules.send_reminders"
    assert schedule["overdue-digests"]["task"] == task_send_overdue_digests.name == "schedules.send_overdue_digests"
    assert sorted(schedule["reminders"]["schedule"].minute) == [0, 15, 30, 45]
    assert sorted(schedule["reminders"]["schedule"].hour) == list(range(6, 22))
    assert sorted(schedule["overdue-digests"]["schedule"].hour) == [7, 8, 9, 10, 11]
