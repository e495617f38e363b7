"""Plan services: a draft's text, its sections, the plan log and what issuing tells the schools."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from emulation.enums import Role
from emulation.models import Notification
from emulation.tests.factories import MembershipFactory, UserFactory
from schedules import services
from schedules.enums import LogAction
from schedules.models import Milestone, PlanSection
from schedules.tests.views.test_plans import SEED, blocks, dau_tieng, period, plan, schools, staff_user  # noqa: F401

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
