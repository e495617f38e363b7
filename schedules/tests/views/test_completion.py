import datetime as dt
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation.dates import closing_moment
from emulation.enums import DeadlineAction, Role, SchoolLevel
from emulation.models import (
    Award,
    BlockMembership,
    DeadlineCompletion,
    DeadlineExtension,
    EmulationBlock,
    ExtensionRequest,
)
from emulation.services.deadlines import request_extension
from emulation.services.registrations import get_or_start_registration, return_registration, submit_registration
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
from schedules.models import Milestone
from schedules.selectors.completion import completion_matrix, issued_plans_of
from schedules.views.completion import CompletionMatrix

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def moment(year, month, day, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def make_user(username, unit, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


def make_plan(*, office, period, by, units, dues, done_when=None):
    """An issued plan whose milestones (one per due date) concern *units*."""
    plan = services.create_plan(
        issuing_unit=office,
        period=period,
        by=by,
        title="Công tác thi đua, khen thưởng năm học 2023 - 2024",
        signer_authority="TRƯỞNG PHÒNG",
        signer_name="Tạ Tấn Tuấn",
    )
    for order, due in enumerate(dues, start=1):
        milestone = Milestone(
            plan=plan,
            order=order,
            content=f"Nội dung mốc {order}",
            due_on=due,
            done_when=(done_when or {}).get(order, DeadlineAction.REGISTRATION),
        )
        services.save_milestone(milestone=milestone, by=by, units=units)
    return services.issue_plan(plan=plan, by=by, issued_on=dt.date(2023, 11, 3))


@pytest.fixture(autouse=True)
def _english(settings):
    """Exact texts are asserted in English (the msgids); the Vietnamese catalogue is checked elsewhere."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def period(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))


@pytest.fixture
def office(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")


@pytest.fixture
def other_office(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bến Cát", symbol="PGDĐT")


@pytest.fixture
def schools(office):
    return {
        "thanh_tuyen": SchoolFactory(parent=office, level=SchoolLevel.PRIMARY, name="Trường Tiểu học Thanh Tuyền"),
        "an_lap": SchoolFactory(parent=office, level=SchoolLevel.PRIMARY, name="Trường Tiểu học An Lập"),
        "hoa_mi": SchoolFactory(parent=office, level=SchoolLevel.PRESCHOOL, name="Trường Mầm non Họa Mi"),
        "long_hoa": SchoolFactory(parent=office, level=SchoolLevel.LOWER_SECONDARY, name="Trường THCS Long Hòa"),
    }


@pytest.fixture
def block(period, office, schools):
    made = EmulationBlock.objects.create(
        period=period, managing_unit=office, number=1, name="Khối thi đua số 1", level=SchoolLevel.PRIMARY
    )
    for key in ("thanh_tuyen", "an_lap"):
        BlockMembership.objects.create(block=made, unit=schools[key])
    return made


@pytest.fixture
def staff(office):
    return make_user("chuyenvien.dt", office, Role.DISTRICT_STAFF)


@pytest.fixture
def other_staff(other_office):
    return make_user("chuyenvien.bc", other_office, Role.DISTRICT_STAFF)


@pytest.fixture
def principal(schools):
    return make_user("hieutruong.tt", schools["thanh_tuyen"], Role.PRINCIPAL)


@pytest.fixture
def plan(period, office, staff, schools):
    """Milestone 1 due 10/11/2023 (past), 2 due 30/11/2023 (past), 3 due 31/12/2099 (open, manual)."""
    return make_plan(
        office=office,
        period=period,
        by=staff,
        units=list(schools.values()),
        dues=[dt.date(2023, 11, 10), dt.date(2023, 11, 30), dt.date(2099, 12, 31)],
        done_when={3: DeadlineAction.MANUAL},
    )


def deadline_of(plan, order):
    return plan.milestones.get(order=order).deadline


def grid(matrix):
    return [[row.unit.name] + [cell.state if cell else None for cell in row.cells] for row in matrix.rows]


# The selector --------------------------------------------------------------------------------


def test_matrix_states_and_totals(plan, schools, staff):
    first, second = deadline_of(plan, 1), deadline_of(plan, 2)
    DeadlineCompletion.objects.create(deadline=first, unit=schools["thanh_tuyen"], completed_at=moment(2023, 11, 5))
    DeadlineCompletion.objects.create(deadline=first, unit=schools["an_lap"], completed_at=moment(2023, 11, 15))
    DeadlineExtension.objects.create(
        deadline=second,
        unit=schools["hoa_mi"],
        closes_at=closing_moment(dt.date(2023, 12, 20)),
        reason="Ốm",
        granted_by=staff,
    )
    DeadlineExtension.objects.create(
        deadline=first,
        unit=schools["long_hoa"],
        closes_at=closing_moment(dt.date(2023, 11, 20)),
        reason="Lũ",
        granted_by=staff,
    )

    matrix = completion_matrix(plan=plan, at=moment(2023, 12, 1))

    assert grid(matrix) == [
        ["Trường Mầm non Họa Mi", "overdue", "extended", "open"],
        ["Trường Tiểu học An Lập", "late", "overdue", "open"],
        ["Trường Tiểu học Thanh Tuyền", "done", "overdue", "open"],
        ["Trường THCS Long Hòa", "overdue", "overdue", "open"],
    ]
    assert [(c.done, c.overdue, c.concerned) for c in matrix.columns] == [(2, 2, 4), (0, 3, 4), (0, 0, 4)]
    cells = {row.unit.name: row.cells for row in matrix.rows}
    assert cells["Trường Mầm non Họa Mi"][1].text == "Extended to 20/12/2023"
    assert cells["Trường Tiểu học An Lập"][0].text == "Done late 15/11/2023"
    assert cells["Trường Tiểu học Thanh Tuyền"][0].text == "Done 05/11/2023"
    assert cells["Trường THCS Long Hòa"][0].text == "Overdue since 20/11/2023"
    assert cells["Trường THCS Long Hòa"][2].text == "Last day 31/12/2099"


def sendable_registration(school, period, by):
    """A registration of *school* with all it needs to be sent: one line and both attachments."""
    registration = get_or_start_registration(unit=school, period=period, by=by)
    registration.lines.create(person=PersonFactory(unit=school), title=Award.objects.get(code="ldtt"))
    registration.plan_file.save("ke-hoach.pdf", ContentFile(PDF_BYTES), save=False)
    registration.council_decision_file.save("quyet-dinh.pdf", ContentFile(PDF_BYTES), save=False)
    registration.save()
    return registration


def test_matrix_shows_a_returned_registration_as_not_done_until_it_is_sent_again(
    plan, period, schools, staff, principal
):
    school = schools["thanh_tuyen"]
    registration = sendable_registration(school, period, principal)
    submit_registration(registration=registration, by=principal, at=moment(2023, 11, 5))

    def row():
        matrix = completion_matrix(plan=plan, at=moment(2023, 12, 1))
        return next([cell.text for cell in r.cells] for r in matrix.rows if r.unit == school)

    sent = row()
    return_registration(registration=registration, by=staff, comment="Bổ sung minh chứng")
    returned = row()
    submit_registration(registration=registration, by=principal, at=moment(2023, 11, 20))

    assert sent == ["Done 05/11/2023", "Done 05/11/2023", "Last day 31/12/2099"]
    assert returned == ["Overdue since 10/11/2023", "Overdue since 30/11/2023", "Last day 31/12/2099"]
    assert row() == ["Done late 20/11/2023", "Done 20/11/2023", "Last day 31/12/2099"]


def test_matrix_sorts_by_block_then_level_then_name(plan, block):
    matrix = completion_matrix(plan=plan, at=moment(2023, 12, 1))

    assert [row.unit.name for row in matrix.rows] == [
        "Trường Tiểu học An Lập",
        "Trường Tiểu học Thanh Tuyền",
        "Trường Mầm non Họa Mi",
        "Trường THCS Long Hòa",
    ]
    assert [row.block.number if row.block else None for row in matrix.rows] == [1, 1, None, None]


def test_matrix_leaves_units_a_milestone_does_not_concern_empty(period, office, staff, schools):
    plan = make_plan(office=office, period=period, by=staff, units=[schools["an_lap"]], dues=[dt.date(2023, 11, 10)])
    milestone = Milestone(plan=plan, order=2, content="Báo cáo", due_on=dt.date(2023, 11, 30))
    services.save_milestone(milestone=milestone, by=staff, units=[schools["an_lap"], schools["hoa_mi"]])

    matrix = completion_matrix(plan=plan, at=moment(2023, 12, 1))

    assert grid(matrix) == [
        ["Trường Mầm non Họa Mi", None, "overdue"],
        ["Trường Tiểu học An Lập", "overdue", "overdue"],
    ]


def test_issued_plans_of_lists_only_the_users_offices(plan, staff, other_staff, principal):
    assert list(issued_plans_of(staff)) == [plan]
    assert list(issued_plans_of(other_staff)) == []
    assert list(issued_plans_of(principal)) == []


# The matrix page -----------------------------------------------------------------------------


def test_matrix_page_for_office_staff(client, plan, staff, schools):
    client.force_login(staff)

    response = client.get(reverse("schedules:completion-matrix"))

    assert response.status_code == 200
    assert response.context["plan"] == plan
    assert [row.unit.name for row in response.context["matrix"].rows] == [
        "Trường Mầm non Họa Mi",
        "Trường Tiểu học An Lập",
        "Trường Tiểu học Thanh Tuyền",
        "Trường THCS Long Hòa",
    ]
    content = response.content.decode()
    assert 'title="Nội dung mốc 1"' in content
    assert "10/11/2023" in content
    extend = reverse("schedules:completion-extend", args=[deadline_of(plan, 1).pk, schools["an_lap"].pk])
    confirm = reverse("schedules:completion-confirm", args=[deadline_of(plan, 3).pk, schools["an_lap"].pk])
    assert f'href="{extend}" class="ca" data-cell' in content
    assert f'href="{confirm}" class="ca"' in content


def test_matrix_page_denied_for_principal(client, plan, principal):
    client.force_login(principal)

    assert client.get(reverse("schedules:completion-matrix")).status_code == 404


def test_matrix_page_of_another_districts_plan_is_not_found(client, plan, other_staff):
    client.force_login(other_staff)

    response = client.get(reverse("schedules:completion-matrix"), {"plan": plan.pk})

    assert response.status_code == 404


def test_matrix_page_without_a_plan_says_so(client, office, other_staff):
    client.force_login(other_staff)

    response = client.get(reverse("schedules:completion-matrix"))

    assert response.status_code == 200
    assert response.context["matrix"] is None


def test_matrix_filters_by_block_and_level(client, plan, staff, block):
    client.force_login(staff)
    url = reverse("schedules:completion-matrix")

    by_block = client.get(url, {"plan": plan.pk, "block": block.pk})
    by_level = client.get(url, {"plan": plan.pk, "level": SchoolLevel.PRESCHOOL})

    assert [row.unit.name for row in by_block.context["matrix"].rows] == [
        "Trường Tiểu học An Lập",
        "Trường Tiểu học Thanh Tuyền",
    ]
    assert [row.unit.name for row in by_level.context["matrix"].rows] == ["Trường Mầm non Họa Mi"]


def _matrix_page(client, *, units: int, milestones: int) -> dict:
    """A plan over *units* schools with *milestones* milestones, its office user logged in; the page's query."""
    office = DistrictFactory(name=f"Phòng GDĐT {units}", symbol="PGDĐT")
    period = PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))
    staff = make_user(f"chuyenvien{units}", office, Role.DISTRICT_STAFF)
    schools = [
        SchoolFactory(parent=office, level=(SchoolLevel.PRIMARY, SchoolLevel.PRESCHOOL)[i % 2]) for i in range(units)
    ]
    block = EmulationBlock.objects.create(period=period, managing_unit=office, number=1, name="Khối 1")
    BlockMembership.objects.bulk_create(BlockMembership(block=block, unit=school) for school in schools[::2])
    dues = [dt.date(2023, 11, 1) + dt.timedelta(days=10 * i) for i in range(milestones)]
    plan = make_plan(
        office=office, period=period, by=staff, units=schools, dues=dues, done_when={1: DeadlineAction.MANUAL}
    )
    deadlines = [m.deadline for m in plan.milestones.select_related("deadline")]
    DeadlineCompletion.objects.bulk_create(
        DeadlineCompletion(deadline=deadline, unit=school, completed_at=moment(2023, 11, 2), note="Xong")
        for deadline in deadlines
        for school in schools[::3]
    )
    DeadlineExtension.objects.bulk_create(
        DeadlineExtension(
            deadline=deadline, unit=school, closes_at=moment(2030, 1, 1), reason="Gia hạn", granted_by=staff
        )
        for deadline in deadlines
        for school in schools[1::3]
    )
    client.force_login(staff)
    return {"plan": plan.pk, "block": block.pk}


def _matrix_queries(client, *, units: int, milestones: int) -> int:
    query = _matrix_page(client, units=units, milestones=milestones)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("schedules:completion-matrix"), query)
    assert response.status_code == 200
    assert len(response.context["matrix"].rows) == (units + 1) // 2
    return len(queries)


def test_matrix_query_count_does_not_grow_with_units_or_milestones(client):
    small = _matrix_queries(client, units=5, milestones=3)
    client.logout()
    large = _matrix_queries(client, units=40, milestones=8)

    assert small == large


def test_matrix_keeps_its_query_budget(client, django_assert_num_queries):
    query = _matrix_page(client, units=6, milestones=3)

    with django_assert_num_queries(stated_queries(CompletionMatrix)):
        response = client.get(reverse("schedules:completion-matrix"), query)

    assert len(response.context["matrix"].rows) == 3


# Excel ---------------------------------------------------------------------------------------


def _sheet_rows(response):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_export_has_exact_headers_rows_and_legend(client, plan, staff, schools, block):
    DeadlineCompletion.objects.create(
        deadline=deadline_of(plan, 1), unit=schools["an_lap"], completed_at=moment(2023, 11, 5)
    )
    client.force_login(staff)

    response = client.get(reverse("schedules:completion-export"), {"plan": plan.pk, "block": block.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    rows = _sheet_rows(response)
    assert rows[0][0] == f"Completion of plan {plan.symbol}: Công tác thi đua, khen thưởng năm học 2023 - 2024"
    assert rows[1][0] == "Block: Khối thi đua số 1"
    assert rows[2] == [
        "No.",
        "Unit",
        "Emulation block",
        "School level",
        "1. Nội dung mốc 1 (last day 10/11/2023)",
        "2. Nội dung mốc 2 (last day 30/11/2023)",
        "3. Nội dung mốc 3 (last day 31/12/2099)",
    ]
    assert rows[3] == [
        1,
        "Trường Tiểu học An Lập",
        "Khối thi đua số 1",
        "Primary",
        "Done 05/11/2023",
        "Overdue since 30/11/2023",
        "Last day 31/12/2099",
    ]
    assert rows[4][:2] == [2, "Trường Tiểu học Thanh Tuyền"]
    assert rows[5] == [None, "Done (of the units concerned)", None, None, "1/2", "0/2", "0/2"]
    assert rows[6] == [None, "Overdue", None, None, 1, 2, 0]
    assert rows[7:] == [
        [],
        ["Legend"],
        ["Done", "done on or before the last day"],
        ["Done late", "done after the last day"],
        ["Overdue", "not done, the last day (extension included) has passed"],
        ["Extended", "not done yet, the office gave more time: the new last day is shown"],
        ["Not due yet", "not done yet, the last day has not come"],
        ["—", "the milestone does not concern this unit"],
    ]


def test_export_denied_for_principal(client, plan, principal):
    client.force_login(principal)

    assert client.get(reverse("schedules:completion-export"), {"plan": plan.pk}).status_code == 404


def test_export_of_another_districts_plan_is_not_found(client, plan, other_staff):
    client.force_login(other_staff)

    assert client.get(reverse("schedules:completion-export"), {"plan": plan.pk}).status_code == 404


# Extensions from a cell ----------------------------------------------------------------------


def extend_url(plan, order, unit):
    return reverse("schedules:completion-extend", args=[deadline_of(plan, order).pk, unit.pk])


def test_extension_form_loads_into_the_cell(client, plan, staff, schools):
    client.force_login(staff)

    response = client.get(extend_url(plan, 1, schools["an_lap"]), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "schedules/includes/completion_extend_form.html"
    assert response.content.decode().startswith(f'<td id="c{deadline_of(plan, 1).pk}-{schools["an_lap"].pk}"')


def test_extension_granted_with_htmx_rerenders_the_cell(client, plan, staff, schools):
    client.force_login(staff)
    deadline = deadline_of(plan, 1)

    response = client.post(
        extend_url(plan, 1, schools["an_lap"]),
        {"last_day": "25/11/2023", "reason": "Trường bị ngập"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["schedules/includes/completion_cell.html"]
    extension = DeadlineExtension.objects.get(deadline=deadline, unit=schools["an_lap"])
    assert (extension.last_day, extension.reason, extension.granted_by) == (
        dt.date(2023, 11, 25),
        "Trường bị ngập",
        staff,
    )
    assert response.context["cell"].state == "overdue"
    assert response.context["cell"].last_day == dt.date(2023, 11, 25)


def test_extension_without_javascript_redirects_to_the_matrix(client, plan, staff, schools):
    """On 1/5/2024, within the plan's year, so that the new last day is still to come."""
    client.force_login(staff)
    deadline = deadline_of(plan, 1)
    unit = schools["hoa_mi"]

    with time_machine.travel(moment(2024, 5, 1), tick=False):
        page = client.get(extend_url(plan, 1, unit))
        response = client.post(extend_url(plan, 1, unit), {"last_day": "31/12/2024", "reason": "Chờ ý kiến Sở"})
        matrix = completion_matrix(plan=plan)

    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "schedules/completion_extend.html"
    assert response.status_code == 302
    assert response["Location"] == (f"{reverse('schedules:completion-matrix')}?plan={plan.pk}#c{deadline.pk}-{unit.pk}")
    cells = {row.unit.pk: row.cells for row in matrix.rows}
    assert (cells[unit.pk][0].state, cells[unit.pk][0].last_day) == ("extended", dt.date(2024, 12, 31))


def test_extension_far_from_the_plan_s_year_is_refused(client, plan, staff, schools):
    client.force_login(staff)

    response = client.post(
        extend_url(plan, 1, schools["hoa_mi"]), {"last_day": "31/12/9999", "reason": "Lý do"},
        headers={"HX-Request": "true"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "last_day": ["Choose a date from 01/09/2022 to 31/08/2025: 31/12/9999 is too far from the period 2023-2024."]
    }
    assert DeadlineExtension.objects.count() == 0


def test_extension_needs_a_reason_and_a_later_day(client, plan, staff, schools):
    client.force_login(staff)
    url = extend_url(plan, 1, schools["an_lap"])

    no_reason = client.post(url, {"last_day": "25/11/2023", "reason": " "}, headers={"HX-Request": "true"})
    too_early = client.post(url, {"last_day": "09/11/2023", "reason": "Lý do"}, headers={"HX-Request": "true"})
    bad_date = client.post(url, {"last_day": "31/02/2024", "reason": "Lý do"}, headers={"HX-Request": "true"})

    assert no_reason.status_code == too_early.status_code == bad_date.status_code == 200
    assert list(no_reason.context["form"].errors) == ["reason"]
    assert too_early.context["form"].errors == {"last_day": ["The new last day must be after 10/11/2023."]}
    assert list(bad_date.context["form"].errors) == ["last_day"]
    assert DeadlineExtension.objects.count() == 0


def test_extension_denied_for_principal(client, plan, principal, schools):
    client.force_login(principal)

    response = client.post(
        extend_url(plan, 1, schools["thanh_tuyen"]), {"last_day": "25/11/2023", "reason": "Xin gia hạn"}
    )

    assert response.status_code == 404
    assert DeadlineExtension.objects.count() == 0


def test_extension_denied_for_another_districts_office(client, plan, other_staff, schools):
    client.force_login(other_staff)

    get = client.get(extend_url(plan, 1, schools["an_lap"]))
    post = client.post(extend_url(plan, 1, schools["an_lap"]), {"last_day": "25/11/2023", "reason": "x"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert DeadlineExtension.objects.count() == 0


def test_extension_for_a_unit_the_milestone_does_not_concern_is_not_found(client, plan, staff, office):
    stranger = SchoolFactory(parent=office, name="Trường Tiểu học Minh Hòa")
    client.force_login(staff)

    assert client.get(extend_url(plan, 1, stranger)).status_code == 404


def test_cell_view_for_office_and_not_for_principal(client, plan, staff, principal, schools):
    url = reverse("schedules:completion-cell", args=[deadline_of(plan, 1).pk, schools["thanh_tuyen"].pk])
    client.force_login(staff)
    allowed = client.get(url, headers={"HX-Request": "true"})
    client.force_login(principal)
    denied = client.get(url, headers={"HX-Request": "true"})

    assert allowed.status_code == 200
    assert allowed.context["cell"].state == "overdue"
    assert denied.status_code == 404


# Manual confirmation ---------------------------------------------------------------------------


def confirm_url(plan, order, unit):
    return reverse("schedules:completion-confirm", args=[deadline_of(plan, order).pk, unit.pk])


def test_principal_confirms_a_manual_milestone_with_a_file(client, plan, principal, schools):
    client.force_login(principal)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")

    page = client.get(confirm_url(plan, 3, schools["thanh_tuyen"]))
    response = client.post(confirm_url(plan, 3, schools["thanh_tuyen"]), {"note": "Đã họp", "file": upload})

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:dashboard")
    completion = DeadlineCompletion.objects.get(deadline=deadline_of(plan, 3), unit=schools["thanh_tuyen"])
    assert (completion.note, completion.completed_by) == ("Đã họp", principal)
    assert completion.file.name.endswith(".pdf")
    file_response = client.get(
        reverse("schedules:completion-file", args=[deadline_of(plan, 3).pk, schools["thanh_tuyen"].pk])
    )
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content) == PDF_BYTES
    file_response.close()


def test_principal_cannot_confirm_for_another_school(client, plan, principal, schools):
    client.force_login(principal)

    response = client.post(confirm_url(plan, 3, schools["an_lap"]), {"note": "x"})

    assert response.status_code == 404
    assert DeadlineCompletion.objects.count() == 0


def test_milestone_tracked_automatically_cannot_be_confirmed_by_hand(client, plan, principal, schools):
    client.force_login(principal)

    assert client.get(confirm_url(plan, 1, schools["thanh_tuyen"])).status_code == 404


def test_office_confirms_on_a_schools_behalf(client, plan, staff, schools):
    client.force_login(staff)

    response = client.post(confirm_url(plan, 3, schools["long_hoa"]), {"note": ""})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('schedules:completion-matrix')}?plan={plan.pk}")
    completion = DeadlineCompletion.objects.get(unit=schools["long_hoa"])
    assert (completion.deadline, completion.completed_by, completion.note) == (deadline_of(plan, 3), staff, "")


def test_confirm_denied_for_another_districts_office(client, plan, other_staff, schools):
    client.force_login(other_staff)

    assert client.post(confirm_url(plan, 3, schools["long_hoa"]), {"note": ""}).status_code == 404
    assert DeadlineCompletion.objects.count() == 0


def test_confirm_refuses_a_file_whose_content_does_not_match(client, plan, principal, schools):
    client.force_login(principal)
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(confirm_url(plan, 3, schools["thanh_tuyen"]), {"file": fake})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["“bien-ban.pdf” is not really a PDF file: its content does not match its name."]
    }
    assert DeadlineCompletion.objects.count() == 0


def test_confirm_refuses_other_types_and_big_files(client, plan, principal, schools):
    client.force_login(principal)
    script = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    big = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024), content_type="image/png")

    wrong_type = client.post(confirm_url(plan, 3, schools["thanh_tuyen"]), {"file": script})
    too_big = client.post(confirm_url(plan, 3, schools["thanh_tuyen"]), {"file": big})

    assert wrong_type.context["form"].errors == {
        "file": ["“virus.exe”: only PDF, Word (doc, docx), Excel (xls, xlsx), JPG and PNG files are accepted."]
    }
    assert too_big.context["form"].errors == {"file": ["“scan.png” is 10.0 MB; the limit is 10 MB."]}
    assert DeadlineCompletion.objects.count() == 0


def test_confirm_accepts_a_real_xlsx(client, plan, principal, schools):
    from openpyxl import Workbook

    stream = io.BytesIO()
    Workbook().save(stream)
    client.force_login(principal)
    upload = SimpleUploadedFile("bao-cao.xlsx", stream.getvalue(), content_type=XLSX)

    response = client.post(confirm_url(plan, 3, schools["thanh_tuyen"]), {"file": upload})

    assert response.status_code == 302
    assert DeadlineCompletion.objects.get().file.name.endswith(".xlsx")


def test_completion_file_denied_for_another_school(client, plan, principal, schools, staff):
    DeadlineCompletion.objects.create(
        deadline=deadline_of(plan, 3),
        unit=schools["an_lap"],
        completed_at=moment(2023, 11, 5),
        file=SimpleUploadedFile("bb.pdf", PDF_BYTES),
    )
    url = reverse("schedules:completion-file", args=[deadline_of(plan, 3).pk, schools["an_lap"].pk])
    client.force_login(principal)
    denied = client.get(url)
    client.force_login(staff)
    allowed = client.get(url)

    assert denied.status_code == 404
    assert allowed.status_code == 200
    allowed.close()


# Asking for more time, and the office's answer -------------------------------------------------


def request_url(plan, order, unit):
    return reverse("schedules:completion-request", args=[deadline_of(plan, order).pk, unit.pk])


def test_a_school_past_its_last_day_asks_for_more_time_from_its_registration_page(
    client, plan, period, staff, principal, schools, django_capture_on_commit_callbacks
):
    school = schools["thanh_tuyen"]
    registration = get_or_start_registration(unit=school, period=period, by=principal)
    page_url = reverse("emulation:registration-detail", args=[registration.pk])
    client.force_login(principal)

    before = client.get(page_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url(plan, 2, school), {"reason": "Trường bị ngập", "next": page_url}, follow=True
        )
        again = client.post(request_url(plan, 2, school), {"reason": "Bấm lần nữa", "next": page_url}, follow=True)

    assert 'id="window-closed"' in before
    assert (
        "The deadline for “Nội dung mốc 2” has passed: the last day was 30/11/2023. Ask the office for an extension."
        in before
    )
    assert f'action="{request_url(plan, 2, school)}"' in before
    assert [marker in before for marker in ('id="edit-lines"', 'id="target-form"', 'id="submit-registration"')] == [
        False,
        False,
        False,
    ]
    assert response.redirect_chain == [(page_url, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Your request was sent to the office. You will be told when it answers."
    ]
    assert 'id="extension-request-form"' not in response.content.decode()
    assert "Trường bị ngập" in response.content.decode()
    assert [str(message) for message in again.context["messages"]] == [
        f"Your unit asked for more time on {timezone.localdate():%d/%m/%Y}; the office has not answered yet."
    ]
    assert list(ExtensionRequest.objects.values_list("deadline", "unit", "reason", "requested_by")) == [
        (deadline_of(plan, 2).pk, school.pk, "Trường bị ngập", principal.pk)
    ]
    assert list(staff.notifications.values_list("title", "body", "url")) == [
        (
            "Trường Tiểu học Thanh Tuyền asks for more time for “Nội dung mốc 2”",
            "Trường bị ngập",
            extend_url(plan, 2, school),
        )
    ]


def test_the_office_sees_the_request_in_its_cell_and_granting_answers_it(
    client, plan, staff, principal, schools, django_capture_on_commit_callbacks
):
    school = schools["thanh_tuyen"]
    deadline = deadline_of(plan, 2)
    request_extension(deadline=deadline, unit=school, reason="Trường bị ngập", by=principal)
    client.force_login(staff)
    matrix_url = reverse("schedules:completion-matrix")

    matrix = client.get(matrix_url, {"plan": plan.pk}).content.decode()
    page = client.get(extend_url(plan, 2, school))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(extend_url(plan, 2, school), {"last_day": "15/12/2023", "reason": "Trường bị ngập"})
    after = client.get(matrix_url, {"plan": plan.pk}).content.decode()

    cell = f'<td id="c{deadline.pk}-{school.pk}" class="cc cc-overdue" title="Asked for more time: Trường bị ngập">'
    assert cell in matrix
    assert matrix.count("bi-envelope-exclamation-fill cr") == 2  # the cell and the legend
    assert after.count("bi-envelope-exclamation-fill cr") == 1
    assert f"Asked for more time on {timezone.localdate():%d/%m/%Y} by hieutruong.tt:" in page.content.decode()
    assert page.context["form"].initial == {"reason": "Trường bị ngập"}
    assert list(ExtensionRequest.objects.values_list("answered_by", flat=True)) == [staff.pk]
    assert list(principal.notifications.values_list("title", flat=True)) == [
        "More time for “Nội dung mốc 2”: the last day is now 15/12/2023"
    ]


def test_the_request_page_is_for_the_school_itself(client, plan, principal, schools):
    client.force_login(principal)

    page = client.get(request_url(plan, 2, schools["thanh_tuyen"]))
    other_school = client.post(request_url(plan, 2, schools["an_lap"]), {"reason": "Xin thêm"})

    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert other_school.status_code == 404
    assert ExtensionRequest.objects.count() == 0


@pytest.mark.parametrize("who", ["staff", "other_staff"])
def test_the_office_does_not_ask_itself_for_more_time(request, client, plan, schools, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(request_url(plan, 2, schools["thanh_tuyen"]), {"reason": "Xin thêm"})

    assert response.status_code == 404
    assert ExtensionRequest.objects.count() == 0


def test_a_request_without_a_reason_stays_on_its_page_with_the_message(client, plan, principal, schools):
    client.force_login(principal)

    response = client.post(request_url(plan, 2, schools["thanh_tuyen"]), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert ExtensionRequest.objects.count() == 0


def test_the_dashboard_shows_the_new_last_day_as_soon_as_the_office_extends(client, plan, staff, principal, schools):
    school = schools["thanh_tuyen"]
    with time_machine.travel(moment(2023, 11, 12), tick=False):
        client.force_login(staff)
        client.post(extend_url(plan, 1, school), {"last_day": "20/11/2023", "reason": "Trường bị ngập"})
        client.force_login(principal)
        response = client.get(reverse("emulation:dashboard"))

    entry = next(entry for entry in response.context["my_deadlines"] if entry.deadline == deadline_of(plan, 1))
    content = response.content.decode()
    assert (entry.state, entry.last_day, entry.original_last_day) == (
        "extended",
        dt.date(2023, 11, 20),
        dt.date(2023, 11, 10),
    )
    assert "Last day: 20/11/2023" in content
    assert "Extended (was 10/11/2023)" in content


# A school reports its own manual milestone done: the dashboard, the calendar, the plan page ---------


@pytest.fixture
def soon(period, office, staff, schools):
    """On 05/11/2023: milestone 1, confirmed by the unit, due 10/11; milestone 2, the registration, due 20/11."""
    with time_machine.travel(moment(2023, 11, 5), tick=False):
        return make_plan(
            office=office, period=period, by=staff, units=[schools["thanh_tuyen"], schools["an_lap"]],
            dues=[dt.date(2023, 11, 10), dt.date(2023, 11, 20)], done_when={1: DeadlineAction.MANUAL},
        )  # fmt: skip


def test_a_principal_reports_a_manual_milestone_done_from_the_dashboard(client, settings, soon, schools, principal):
    settings.LANGUAGE_CODE = "vi"
    report = confirm_url(soon, 1, schools["thanh_tuyen"])
    client.force_login(principal)
    with time_machine.travel(moment(2023, 11, 5), tick=False):
        before = client.get(reverse("emulation:dashboard")).content.decode()
        page = client.get(f"{report}?next=/")
        response = client.post(report, {"note": "", "next": "/"}, follow=True)

    assert before.count("Báo cáo hoàn thành") == 1
    assert f'href="{report}?next=/"' in before
    assert (page.status_code, page.context["back"]) == (200, "/")
    assert response.redirect_chain == [("/", 302)]
    entry = next(e for e in response.context["my_deadlines"] if e.deadline == deadline_of(soon, 1))
    assert (entry.state, entry.state_label, entry.done_on) == ("done", "Đã hoàn thành", dt.date(2023, 11, 5))
    assert "Báo cáo hoàn thành" not in response.content.decode()


def test_the_calendar_offers_the_report_to_the_schools_principal_only(client, soon, schools, principal):
    member = make_user("uyvien.tt", schools["thanh_tuyen"], Role.COUNCIL_MEMBER)
    report = confirm_url(soon, 1, schools["thanh_tuyen"])
    calendar = reverse("emulation:deadline-calendar")

    with time_machine.travel(moment(2023, 11, 5), tick=False):
        client.force_login(principal)
        offered = client.get(calendar)
        client.force_login(member)
        not_offered = client.get(calendar)

    assert [e.deadline for e in not_offered.context["month_entries"]] == [deadline_of(soon, 1), deadline_of(soon, 2)]
    assert offered.content.decode().count(f'href="{report}?next={calendar}"') == 1
    assert offered.content.decode().count("Report as done") == 1
    assert "Report as done" not in not_offered.content.decode()


def test_the_plan_page_offers_the_report_on_the_manual_rows_of_the_schools_it_concerns(
    client, soon, schools, principal, staff
):
    elsewhere = make_user("hieutruong.hm", schools["hoa_mi"], Role.PRINCIPAL)
    plan_page = reverse("schedules:plan-detail", args=[soon.pk])
    manual, registration = soon.milestones.get(order=1), soon.milestones.get(order=2)

    def row(content, milestone):
        start = content.index(f'id="milestone-{milestone.pk}"')
        return content[start : content.index("</tr>", start)]

    pages = {}
    for user in (principal, staff, elsewhere):
        client.force_login(user)
        pages[user.username] = client.get(plan_page).content.decode()
    client.force_login(principal)
    client.post(confirm_url(soon, 1, schools["thanh_tuyen"]), {"note": "Đã nộp bản giấy", "next": plan_page})
    after = client.get(plan_page).content.decode()

    report = f'href="{confirm_url(soon, 1, schools["thanh_tuyen"])}?next={plan_page}"'
    assert report in row(pages["hieutruong.tt"], manual)
    assert "Report as done" not in row(pages["hieutruong.tt"], registration)
    assert "Report as done" not in pages["chuyenvien.dt"]
    assert "Report as done" not in pages["hieutruong.hm"]
    assert "Report as done" not in after
    assert f"Done late {timezone.localdate():%d/%m/%Y}" in row(after, manual)


def test_the_plan_pages_report_buttons_cost_the_same_for_one_manual_row_as_for_three(
    client, period, office, staff, schools, principal
):
    units = [schools["thanh_tuyen"]]
    one = make_plan(office=office, period=period, by=staff, units=units, dues=[dt.date(2023, 11, 10)],
                    done_when={1: DeadlineAction.MANUAL})  # fmt: skip
    three = make_plan(office=office, period=period, by=staff, units=units, dues=[dt.date(2023, 11, 10)] * 3,
                      done_when=dict.fromkeys((1, 2, 3), DeadlineAction.MANUAL))  # fmt: skip
    client.force_login(principal)

    def count(plan):
        with CaptureQueriesContext(connection) as queries:
            content = client.get(reverse("schedules:plan-detail", args=[plan.pk])).content.decode()
        return len(queries), content.count("Report as done")

    assert count(one)[1] == 1
    assert count(three) == (count(one)[0], 3)
