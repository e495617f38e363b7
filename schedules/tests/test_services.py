"""Plan services: a draft's text, its sections, the plan log and what issuing tells the schools."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from emulation.enums import PeriodKind, Role
from emulation.models import Deadline, Notification
from emulation.tests.factories import MembershipFactory, PeriodFactory, UserFactory
from schedules import services
from schedules.enums import LogAction, PlanState
from schedules.models import Milestone, PlanSection
from schedules.tests.views.test_plans import (  # noqa: F401
    SEED,
    blocks,
    dau_tieng,
    period,
    plan,
    principal,
    schools,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _log(of):
    return list(of.log.order_by("pk").values_list("action", "comment"))


def test_update_plan_saves_what_changed_and_logs_it(plan, staff_user):  # noqa: F811
    services.update_plan(plan=plan, by=staff_user, title="Kế hoạch mới", signer_name="Tạ Tấn Tuấn")

    plan.refresh_from_db()
    assert (plan.title, plan.signer_name) == ("Kế hoạch mới", "Tạ Tấn Tuấn")
    assert _log(plan) == [(LogAction.CREATED, ""), (LogAction.EDITED, "")]


def test_update_plan_without_a_change_logs_nothing(plan, staff_user):  # noqa: F811
    services.update_plan(plan=plan, by=staff_user, title=plan.title)

    assert _log(plan) == [(LogAction.CREATED, "")]


def test_an_issued_plan_is_not_edited(plan, staff_user, blocks):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    issued = services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))
    section = PlanSection(plan=issued, order=1, heading="I. MỤC ĐÍCH")

    with pytest.raises(ValidationError):
        services.update_plan(plan=issued, by=staff_user, title="Đổi tên")
    with pytest.raises(ValidationError):
        services.save_plan_section(section=section, by=staff_user)

    issued.refresh_from_db()
    assert issued.title == "Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024"
    assert issued.sections.count() == 0


def test_sections_are_added_changed_and_removed_with_the_log(plan, staff_user):  # noqa: F811
    section = services.save_plan_section(
        section=PlanSection(plan=plan, order=1, heading="I. MỤC ĐÍCH, YÊU CẦU", body="Động viên"), by=staff_user
    )
    section.body = "Động viên viên chức"
    services.save_plan_section(section=section, by=staff_user)
    services.delete_plan_section(section=section, by=staff_user)

    assert plan.sections.count() == 0
    assert _log(plan) == [
        (LogAction.CREATED, ""),
        (LogAction.EDITED, "Thêm mục “I. MỤC ĐÍCH, YÊU CẦU”"),
        (LogAction.EDITED, "Điều chỉnh mục “I. MỤC ĐÍCH, YÊU CẦU”"),
        (LogAction.EDITED, "Bỏ mục “I. MỤC ĐÍCH, YÊU CẦU”"),
    ]


def test_a_section_needs_a_heading(plan, staff_user):  # noqa: F811
    with pytest.raises(ValidationError):
        services.save_plan_section(section=PlanSection(plan=plan, order=1, heading=""), by=staff_user)

    assert (plan.sections.count(), _log(plan)) == (0, [(LogAction.CREATED, "")])


def test_a_calendar_year_plan_s_annex_says_nam_not_nam_hoc(dau_tieng, staff_user):  # noqa: F811
    year = PeriodFactory(
        name="2021",
        kind=PeriodKind.CALENDAR_YEAR,
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2021, 12, 31),
        is_current=False,
    )

    created = services.create_plan(
        issuing_unit=dau_tieng, period=year, by=staff_user, title="Công tác thi đua năm 2021",
        signer_authority="TRƯỞNG PHÒNG", signer_name="Tạ Tấn Tuấn",
    )  # fmt: skip

    assert created.annex_title == "KHUNG KẾ HOẠCH THỜI GIAN CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2021"


def test_a_school_year_plan_s_annex_says_nam_hoc(plan):  # noqa: F811
    assert plan.annex_title == "KHUNG KẾ HOẠCH THỜI GIAN CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM HỌC 2023 - 2024"


def _sections(of):
    return list(of.sections.order_by("order", "pk").values_list("order", "heading"))


def test_moving_a_section_swaps_it_with_its_neighbour_and_logs_it(plan, staff_user):  # noqa: F811
    first = plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    plan.sections.create(order=4, heading="NỘI DUNG THỰC HIỆN")
    third = plan.sections.create(order=9, heading="TỔ CHỨC THỰC HIỆN")

    services.move_plan_section(section=third, up=True, by=staff_user)
    services.move_plan_section(section=first, up=False, by=staff_user)

    assert _sections(plan) == [(1, "TỔ CHỨC THỰC HIỆN"), (2, "MỤC ĐÍCH, YÊU CẦU"), (3, "NỘI DUNG THỰC HIỆN")]
    assert _log(plan)[1:] == [
        (LogAction.EDITED, "Chuyển mục “TỔ CHỨC THỰC HIỆN” lên trên"),
        (LogAction.EDITED, "Chuyển mục “MỤC ĐÍCH, YÊU CẦU” xuống dưới"),
    ]


def test_moving_the_first_section_up_changes_nothing(plan, staff_user):  # noqa: F811
    first = plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    plan.sections.create(order=2, heading="NỘI DUNG THỰC HIỆN")

    services.move_plan_section(section=first, up=True, by=staff_user)

    assert _sections(plan) == [(1, "MỤC ĐÍCH, YÊU CẦU"), (2, "NỘI DUNG THỰC HIỆN")]
    assert _log(plan) == [(LogAction.CREATED, "")]


def test_sections_of_an_issued_plan_do_not_move(plan, staff_user, blocks):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    second = plan.sections.create(order=2, heading="NỘI DUNG THỰC HIỆN")
    issued = services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))

    with pytest.raises(ValidationError):
        services.move_plan_section(section=second, up=True, by=staff_user)

    assert _sections(issued) == [(1, "MỤC ĐÍCH, YÊU CẦU"), (2, "NỘI DUNG THỰC HIỆN")]


def test_a_plan_dated_today_is_announced_at_once(plan, staff_user, blocks, django_capture_on_commit_callbacks):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        issued = services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))

    assert (issued.is_announced, len(callbacks)) == (True, 1)
    assert Deadline.objects.filter(milestone__plan=plan, is_active=True).count() == 17


@pytest.mark.usefixtures("blocks")
def test_a_plan_dated_later_waits(plan, staff_user, principal, client, django_capture_on_commit_callbacks):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    plan.period.end_date = tomorrow + dt.timedelta(days=300)
    plan.period.save()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        issued = services.issue_plan(plan=plan, by=staff_user, issued_on=tomorrow)
    client.force_login(principal)

    assert (issued.state, issued.is_announced, issued.announced_at, len(callbacks)) == (
        PlanState.ISSUED,
        False,
        None,
        0,
    )
    assert Notification.objects.count() == 0
    assert Deadline.objects.filter(milestone__plan=plan).count() == 17
    assert Deadline.objects.filter(milestone__plan=plan, is_active=True).count() == 0
    assert client.get(reverse("schedules:plan-detail", args=[plan.pk])).status_code == 404
    assert list(client.get(reverse("schedules:plan-list")).context["plans"]) == []


def test_issuing_emails_the_principals_of_the_schools_concerned_once(
    plan, staff_user, schools, django_capture_on_commit_callbacks,  # noqa: F811
):  # fmt: skip
    concerned, other = schools[0], schools[1]
    people = {}
    for username, unit, role in (
        ("hieutruong.0", concerned, Role.PRINCIPAL),
        ("phohieutruong.0", concerned, Role.DEPUTY_PRINCIPAL),
        ("hieutruong.1", other, Role.PRINCIPAL),
    ):
        people[username] = UserFactory(username=username, email=f"{username}@dautieng.edu.vn")
        MembershipFactory(user=people[username], unit=unit, role=role)
    for order, content in ((1, "Nộp báo cáo sơ kết"), (2, "Nộp báo cáo tổng kết")):
        milestone = Milestone(plan=plan, order=order, content=content, due_on=dt.date(2024, 1, 10 * order))
        services.save_milestone(milestone=milestone, by=staff_user, units=[concerned])

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))

    subject = "Kế hoạch mới 01/KH-PGDĐT: Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024"
    assert [(message.to, message.subject) for message in mail.outbox] == [(["hieutruong.0@dautieng.edu.vn"], subject)]
    assert mail.outbox[0].body == (
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng đã ban hành kế hoạch có liên quan đến đơn vị:\n"
        "\n"
        "Kế hoạch số 01/KH-PGDĐT: Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024\n"
        "Ban hành ngày 03/11/2023\n"
        "Khung thời gian của kế hoạch có 2 mốc; các hạn của đơn vị có trên trang tổng quan.\n"
        "\n"
        f"Xem kế hoạch và khung thời gian tại: http://127.0.0.1:8000/plans/{plan.pk}/\n"
        "Xem các hạn của đơn vị tại: http://127.0.0.1:8000/\n"
        "\n"
        "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này.\n"
    )
    bells = Notification.objects.filter(title=subject).order_by("recipient_id")
    assert [bell.recipient.username for bell in bells] == ["hieutruong.0", "phohieutruong.0"]
